"""The waiting-room screen: a head makes a signed link, a TV opens it without
signing in, and a revoked or made-up link shows nothing."""

from __future__ import annotations

import datetime as dt
import re
from http import HTTPStatus

from survey_service.core.models import ActionStatus, FollowUpAction, Role
from tests.factories import CounterFactory, UnitFactory, UserFactory
from tests.support.web import token_in


def _screen_url(page) -> str:
    found = re.search(r'href="(http://localhost/units/[^"]+/layar\?kunci=[^"]+)"', page)
    assert found, "no screen link on the page"
    return found[1].replace("http://localhost", "")


def test_a_head_makes_a_screen_link_a_tv_shows_it_and_a_revoked_one_stops(
    app, client, auth, db_session
):
    counter = CounterFactory(name="Loket Akta")
    unit = counter.unit
    db_session.add(
        FollowUpAction(
            unit_id=unit.id,
            period_start=dt.date(2026, 11, 1),
            period_end=dt.date(2026, 11, 30),
            action="Menambah kursi ruang tunggu",
            owner="Kepala Seksi",
            status=ActionStatus.DONE,
            completed_on=dt.date(2026, 11, 20),
        )
    )
    UserFactory(username="kepala", role=Role.HEAD, units=[unit])
    db_session.commit()
    auth.login("kepala")
    page = client.get(f"/units/{unit.code}/layar/kelola")
    client.post(
        f"/units/{unit.code}/layar/kelola",
        data={"csrf_token": token_in(page), "name": "TV lobi"},
    )
    managed = client.get(f"/units/{unit.code}/layar/kelola").get_data(as_text=True)
    url = _screen_url(managed)
    auth.logout()
    tv = app.test_client()

    shown = tv.get(url)
    forged = tv.get(f"/units/{unit.code}/layar?kunci=palsu")
    bare = tv.get(f"/units/{unit.code}/layar")
    other = UnitFactory(code="LAIN")
    db_session.commit()
    elsewhere = tv.get(url.replace(f"/units/{unit.code}/", "/units/LAIN/"))

    body = shown.get_data(as_text=True)
    assert shown.status_code == HTTPStatus.OK
    assert unit.name in body
    assert "Anda bicara, kami bertindak" in body
    assert "Menambah kursi ruang tunggu" in body
    assert "<svg" in body  # the QR code to rate
    assert "Loket Akta" in body
    assert 'data-refresh-seconds="300"' in body  # it reloads itself
    assert forged.status_code == bare.status_code == HTTPStatus.FORBIDDEN
    assert elsewhere.status_code == HTTPStatus.FORBIDDEN
    assert other.code == "LAIN"

    auth.login("kepala")
    page = client.get(f"/units/{unit.code}/layar/kelola")
    assert "TV lobi" in page.get_data(as_text=True)
    link_id = re.search(r"/layar/(\d+)/cabut", page.get_data(as_text=True))[1]
    client.post(
        f"/units/{unit.code}/layar/{link_id}/cabut",
        data={"csrf_token": token_in(page)},
    )

    assert tv.get(url).status_code == HTTPStatus.FORBIDDEN


def test_only_the_unit_s_head_manages_its_screens(client, auth, db_session):
    counter = CounterFactory()
    UserFactory(username="petugas", role=Role.STAFF, units=[counter.unit])
    UserFactory(username="kepala.lain", role=Role.HEAD, units=[UnitFactory()])
    db_session.commit()

    auth.login("petugas")
    staff = client.get(f"/units/{counter.unit.code}/layar/kelola")
    auth.logout()
    auth.login("kepala.lain")
    other_head = client.get(f"/units/{counter.unit.code}/layar/kelola")

    assert staff.status_code == HTTPStatus.FORBIDDEN
    assert other_head.status_code == HTTPStatus.FORBIDDEN


def test_a_screen_without_a_name_is_refused_with_a_message(client, auth, db_session):
    counter = CounterFactory()
    UserFactory(username="kepala", role=Role.HEAD, units=[counter.unit])
    db_session.commit()
    auth.login("kepala")
    page = client.get(f"/units/{counter.unit.code}/layar/kelola")

    refused = client.post(
        f"/units/{counter.unit.code}/layar/kelola",
        data={"csrf_token": token_in(page), "name": "x" * 101},
    )

    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert "layar?kunci=" not in refused.get_data(as_text=True)
