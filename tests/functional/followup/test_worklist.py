"""Alerts as a worklist: filtered, ordered, counted, city-wide for admins and
leaders, each closed on its own page, a refused close keeping what was chosen."""

from __future__ import annotations

import datetime as dt
import re
from http import HTTPStatus

import pytest
from sqlalchemy import select

from survey_service.core.models import Alert, AlertKind, FollowUpAction, Role
from survey_service.followup import worklist
from tests.factories import CounterFactory, UserFactory
from tests.support.clock import city_today
from tests.support.web import token_in

LINK = re.compile(r'href="/alerts/(\d+)"')


@pytest.fixture
def three_alerts(db_session):
    """A unit with an overdue, an open and a closed alert, and another unit's."""
    counter = CounterFactory(code="W-L1", name="Loket W")
    other = CounterFactory(code="X-L1", name="Loket X")
    today = city_today()

    def alert(unit, days_due, elements, closed=False):
        row = Alert(
            unit_id=unit.id,
            kind=AlertKind.LOW_SCORE,
            message=f"Nilai 1 pada {elements}",
            params={"elements": elements, "counter": "Loket W"},
            due_on=today + dt.timedelta(days=days_due),
        )
        if closed:
            row.acknowledged_at = dt.datetime(2026, 11, 2, 3, 0, tzinfo=dt.UTC)
            row.root_cause = "waiting"
            row.no_action_reason = "sudah"
        db_session.add(row)
        return row

    overdue = alert(counter.unit, -2, "U3")
    soon = alert(counter.unit, 1, "U5")
    closed = alert(counter.unit, -9, "U7", closed=True)
    elsewhere = alert(other.unit, -5, "U9")
    db_session.commit()
    return counter.unit, other.unit, overdue, soon, closed, elsewhere


def listed(page) -> list[int]:
    return [int(i) for i in LINK.findall(page.get_data(as_text=True))]


def test_the_service_filters_orders_and_counts(db_session, three_alerts):
    unit, _, overdue, soon, closed, _ = three_alerts
    today = city_today()
    ids = [unit.id]
    open_, urgent = worklist.AlertState.OPEN, worklist.AlertOrder.URGENT

    assert worklist.alert_list(db_session, ids, open_, urgent, today) == [
        overdue,
        soon,
    ]
    assert worklist.alert_list(
        db_session, ids, worklist.AlertState.OVERDUE, urgent, today
    ) == [overdue]
    assert worklist.alert_list(
        db_session, ids, worklist.AlertState.CLOSED, urgent, today
    ) == [closed]
    assert worklist.alert_counts(db_session, ids, today) == worklist.AlertCounts(
        open=2, overdue=1, closed=1
    )
    everything = worklist.alert_list(
        db_session, None, worklist.AlertState.ALL, urgent, today
    )
    assert everything[-1] == closed  # open ones first, the nearest deadline first


def test_a_head_works_through_the_unit_s_alerts(client, auth, db_session, three_alerts):
    unit, _, overdue, soon, closed, elsewhere = three_alerts
    UserFactory(username="kepala.w", role=Role.HEAD, units=[unit])
    auth.login("kepala.w")

    default = client.get(f"/units/{unit.code}/alerts")
    newest = client.get(f"/units/{unit.code}/alerts?status=semua&urutan=terbaru")
    late = client.get(f"/units/{unit.code}/alerts?status=lewat-tenggat")
    nonsense = client.get(f"/units/{unit.code}/alerts?status=x&urutan=y")

    assert listed(default) == [overdue.id, soon.id]
    assert "2 terbuka, 1 di antaranya lewat tenggat; 1 sudah ditutup" in (
        default.get_data(as_text=True)
    )
    assert set(listed(newest)) == {overdue.id, soon.id, closed.id}
    assert listed(late) == [overdue.id]
    assert listed(nonsense) == [overdue.id, soon.id]  # the defaults, not a 500
    assert elsewhere.id not in listed(newest)
    assert client.get("/alerts").status_code == HTTPStatus.FORBIDDEN
    home = client.get("/")
    assert listed(home)[:2] == [overdue.id, soon.id]  # the most urgent, one click


def test_admins_and_leaders_see_every_unit_s_alerts(client, auth, three_alerts):
    _, other, overdue, soon, _, elsewhere = three_alerts
    UserFactory(username="pimpinan", role=Role.LEADER)
    auth.login("pimpinan")

    city = client.get("/alerts")
    one_unit = client.get(f"/alerts?unit={other.code}")

    assert set(listed(city)) == {overdue.id, soon.id, elsewhere.id}
    assert listed(one_unit) == [elsewhere.id]
    assert client.get("/alerts?unit=NOPE").status_code == HTTPStatus.NOT_FOUND
    page = client.get(f"/alerts/{overdue.id}")
    assert page.status_code == HTTPStatus.OK
    assert "Tutup peringatan" not in page.get_data(as_text=True)  # read only


def test_a_refused_close_keeps_the_choices_and_says_what_is_missing_at_the_field(
    client, auth, db_session, three_alerts
):
    unit, _, overdue, _, _, _ = three_alerts
    action = FollowUpAction(
        unit_id=unit.id,
        period_start=city_today(),
        period_end=city_today(),
        action="Menambah kursi ruang tunggu",
        owner="Kasubag Umum",
    )
    db_session.add(action)
    db_session.commit()
    UserFactory(username="kepala.w", role=Role.HEAD, units=[unit])
    auth.login("kepala.w")
    page = client.get(f"/alerts/{overdue.id}")

    refused = client.post(
        f"/alerts/{overdue.id}",
        data={"csrf_token": token_in(page), "root_cause": "other"},
    )

    assert refused.status_code == HTTPStatus.BAD_REQUEST
    body = refused.get_data(as_text=True)
    assert '<option selected value="other">' in body or (
        'value="other" selected' in body
    )
    note = body.split('name="root_cause_note"', 1)[1][:400]
    assert "Jelaskan akar masalah" in note
    reason = body.split('name="no_action_reason"', 1)[1][:400]
    assert "Tautkan tindak lanjut, atau tulis mengapa" in reason
    db_session.refresh(overdue)
    assert overdue.acknowledged_at is None

    closed = client.post(
        f"/alerts/{overdue.id}",
        data={
            "csrf_token": token_in(page),
            "root_cause": "facilities",
            "action": str(action.id),
        },
    )

    assert closed.status_code == HTTPStatus.FOUND
    db_session.refresh(overdue)
    assert overdue.acknowledged_at is not None
    assert overdue.follow_up_action_id == action.id
    shown = client.get(f"/alerts/{overdue.id}").get_data(as_text=True)
    assert "Menambah kursi ruang tunggu" in shown
    again = client.post(
        f"/alerts/{overdue.id}",
        data={"csrf_token": token_in(page), "root_cause": "facilities"},
    )
    assert again.status_code == HTTPStatus.CONFLICT
    assert db_session.scalars(select(Alert)).all()
