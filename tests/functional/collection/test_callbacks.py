"""A citizen who rated low is shown SP4N-LAPOR! and may ask to be contacted;
the contact reaches only the unit's heads and is deleted when the alert closes
or after 90 days."""

from __future__ import annotations

import datetime as dt
from http import HTTPStatus

from sqlalchemy import select

from survey_service.core import clock
from survey_service.core.models import Alert, CallbackRequest, Role
from tests.factories import UserFactory
from tests.support.answers import fill, poster_path, with_service
from tests.support.web import csrf_token, token_in

CONTACT = "0812-6612-3345"  # as typed
STORED = "+6281266123345"  # as kept and shown to the head


def rate(app, counter, *, low: bool):
    citizen = app.test_client()
    answers = {**with_service(counter), **({"u4": "1"} if low else {})}
    done, _ = fill(citizen, poster_path(counter), answers)
    assert done.status_code == HTTPStatus.FOUND
    return citizen, done.headers["Location"]


def ask(citizen, thanks_url, token=None, **fields):
    token = token or token_in(citizen.get(thanks_url))
    data = {"csrf_token": token, "contact": CONTACT, "consent": "y", **fields}
    return citizen.post(f"{thanks_url}/dihubungi", data=data)


def callbacks(db_session):
    db_session.expire_all()
    return list(db_session.scalars(select(CallbackRequest)))


def test_after_a_low_rating_the_citizen_sees_lapor_and_may_ask_for_a_call(
    app, counter, db_session
):
    citizen, thanks_url = rate(app, counter, low=True)
    page = citizen.get(thanks_url)
    body = page.get_data(as_text=True)
    assert "SP4N-LAPOR!" in body
    assert 'href="https://www.lapor.go.id"' in body
    assert "Minta dihubungi" in body

    done = ask(citizen, thanks_url, name="Rina", note="Berkas saya hilang")

    assert done.status_code == HTTPStatus.FOUND
    after = citizen.get(thanks_url).get_data(as_text=True)
    assert "Kepala unit akan menghubungi Anda" in after
    assert "Minta dihubungi" not in after  # once per rating
    [stored] = callbacks(db_session)
    assert (stored.contact, stored.name, stored.note) == (
        STORED,
        "Rina",
        "Berkas saya hilang",
    )
    assert stored.delete_after - stored.created_at == dt.timedelta(days=90)
    again = ask(citizen, thanks_url, token=token_in(page))
    assert again.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert len(callbacks(db_session)) == 1


def test_a_good_rating_is_not_offered_a_complaint(app, counter):
    citizen, thanks_url = rate(app, counter, low=False)
    body = citizen.get(thanks_url).get_data(as_text=True)
    assert "SP4N-LAPOR!" not in body
    assert "Minta dihubungi" not in body
    token = csrf_token(citizen, "/login")
    refused = ask(citizen, thanks_url, token=token)
    assert refused.status_code == HTTPStatus.UNPROCESSABLE_ENTITY


def test_a_bad_contact_or_no_consent_is_explained_and_nothing_is_kept(
    app, counter, db_session
):
    citizen, thanks_url = rate(app, counter, low=True)
    bad = ask(citizen, thanks_url, contact="besok saja")
    assert bad.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "nomor ponsel Indonesia" in bad.get_data(as_text=True)
    dated = ask(citizen, thanks_url, contact="2026-02-30")  # once taken as a phone
    assert dated.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    unconsented = ask(citizen, thanks_url, consent="")
    assert unconsented.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "Centang persetujuan" in unconsented.get_data(as_text=True)
    assert callbacks(db_session) == []
    assert citizen.post("/terima-kasih/tidak-ada/dihubungi").status_code in (
        HTTPStatus.BAD_REQUEST,
        HTTPStatus.NOT_FOUND,
    )


def test_only_the_unit_s_head_sees_the_contact_and_closing_deletes_it(
    app, client, auth, counter, db_session
):
    citizen, thanks_url = rate(app, counter, low=True)
    ask(citizen, thanks_url, name="Rina")
    UserFactory(username="admin.kota", role=Role.ADMIN)
    UserFactory(username="kepala", role=Role.HEAD, units=[counter.unit])

    alert = db_session.scalar(select(Alert))
    page = f"/alerts/{alert.id}"
    auth.login("admin.kota")
    assert "Nilai 1 pada U4" in client.get("/").get_data(as_text=True)
    admin_view = client.get(page).get_data(as_text=True)
    assert "Nilai 1 pada U4" in admin_view
    assert STORED not in admin_view
    auth.logout()

    auth.login("kepala")
    shown = client.get(page)
    assert STORED in shown.get_data(as_text=True)
    assert "Warga minta dihubungi" in shown.get_data(as_text=True)
    client.post(
        page,
        data={
            "csrf_token": token_in(shown),
            "root_cause": "requirements",
            "no_action_reason": "Sudah ditelepon, berkas ditemukan",
        },
    )
    assert callbacks(db_session) == []


def test_the_daily_purge_deletes_contacts_after_90_days(
    app, runner, client, auth, counter, db_session
):
    citizen, thanks_url = rate(app, counter, low=True)
    ask(citizen, thanks_url)
    [kept] = callbacks(db_session)
    kept.delete_after = clock.now_utc() - dt.timedelta(minutes=1)
    db_session.commit()
    UserFactory(username="kepala", role=Role.HEAD, units=[counter.unit])
    auth.login("kepala")
    alert = db_session.scalar(select(Alert))
    shown = client.get(f"/alerts/{alert.id}").get_data(as_text=True)
    assert STORED not in shown  # even before the purge runs

    result = runner.invoke(args=["callbacks", "purge"])

    assert result.exit_code == 0, result.output
    assert "Deleted 1" in result.output
    assert callbacks(db_session) == []


def test_a_callback_on_a_held_response_is_shown_with_it_and_deleted_on_exclusion(
    app, client, auth, counter, db_session
):
    from survey_service.core.models import Response, ResponseStatus

    citizen, thanks_url = rate(app, counter, low=True)
    held = db_session.scalar(select(Response))
    held.status, held.status_reason = ResponseStatus.FLAGGED, "perangkat sama"
    for alert in db_session.scalars(select(Alert)):
        db_session.delete(alert)  # a held rating raises no alert
    db_session.commit()
    assert ask(citizen, thanks_url, name="Rina").status_code == HTTPStatus.FOUND
    UserFactory(username="admin.kota", role=Role.ADMIN)
    UserFactory(username="kepala", role=Role.HEAD, units=[counter.unit])
    flagged_page = f"/units/{counter.unit.code}/flagged"

    auth.login("admin.kota")  # no unit assigned: no citizen's contact
    assert STORED not in client.get(flagged_page).get_data(as_text=True)
    auth.logout()
    auth.login("kepala")
    page = client.get(flagged_page)
    body = page.get_data(as_text=True)
    assert STORED in body
    assert "Rina" in body
    client.post(
        f"{flagged_page}/{held.id}",
        data={"csrf_token": token_in(page), "decision": "exclude", "reason": "ganda"},
    )

    db_session.expire_all()
    assert db_session.get(Response, held.id).status is ResponseStatus.EXCLUDED
    assert callbacks(db_session) == []
