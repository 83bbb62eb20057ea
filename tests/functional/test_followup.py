"""Alerts on the head's home page and follow-up actions against elements."""

from __future__ import annotations

import datetime as dt
import re
from http import HTTPStatus

from sqlalchemy import select

from survey_service import periods
from survey_service.models import ActionStatus, Alert, AlertKind, AuditEntry, Role
from survey_service.services import followup
from tests.conftest import token_in
from tests.factories import CounterFactory, ServiceTypeFactory, UserFactory
from tests.functional.test_citizen import ANSWERS, fill, with_service
from tests.review_data import add


def head_of(auth, unit, username="kepala.a"):
    UserFactory(username=username, role=Role.HEAD, units=[unit])
    auth.login(username)


def test_a_1_with_a_comment_raises_an_alert_the_head_acknowledges(
    app, client, auth, db_session
):
    counter = CounterFactory(code="A-L1")
    ServiceTypeFactory(unit=counter.unit)
    citizen = app.test_client()
    answers = {
        **ANSWERS,
        "u3": "1",
        "service_type": str(counter.unit.service_types[0].id),
    }
    fill(
        citizen,
        f"/s/{counter.public_key}",
        answers,
        comment="Lama sekali, telp 081266123345",
    )
    head_of(auth, counter.unit)

    home = client.get("/")
    body = home.get_data(as_text=True)
    assert "Nilai 1 pada U3" in body
    assert "[nomor telepon disamarkan]" in body
    assert "081266123345" not in body
    alert = db_session.scalar(select(Alert))
    assert alert.kind is AlertKind.LOW_SCORE_COMMENT

    client.post(f"/alerts/{alert.id}/acknowledge", data={"csrf_token": token_in(home)})

    assert "Nilai 1 pada U3" not in client.get("/").get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(Alert, alert.id).acknowledged_at is not None
    assert (
        db_session.scalar(
            select(AuditEntry.action).where(AuditEntry.action == "alert.acknowledge")
        )
        == "alert.acknowledge"
    )


def _week_below_target(db_session):
    """A unit with target 90 and last week's 30 responses all at index 75."""
    counter = CounterFactory(code="A-L1")
    ServiceTypeFactory(unit=counter.unit, code="KTP", name="KTP elektronik")
    counter.unit.target_index = 90.0
    last_week = periods.last_complete_week(dt.datetime.now(dt.UTC).date())
    for k in range(30):
        add_on(db_session, counter, last_week.start + dt.timedelta(days=k % 5))
    db_session.commit()
    return counter, last_week


def week_alerts(db_session):
    db_session.expire_all()
    return db_session.scalars(
        select(Alert).where(Alert.kind == AlertKind.WEEK_BELOW_TARGET)
    ).all()


def test_viewing_the_home_page_writes_nothing(client, auth, db_session):
    counter, _ = _week_below_target(db_session)
    head_of(auth, counter.unit)

    assert client.get("/").status_code == HTTPStatus.OK
    assert week_alerts(db_session) == []


def test_the_first_response_of_a_new_week_raises_last_week_s_alert(
    client, auth, db_session
):
    counter, last_week = _week_below_target(db_session)
    followup._checked_weeks.clear()

    response, _data = fill(client, f"/s/{counter.public_key}", with_service(counter))
    assert response.status_code == HTTPStatus.FOUND
    head_of(auth, counter.unit)
    body = client.get("/").get_data(as_text=True)

    assert [a.week_start for a in week_alerts(db_session)] == [last_week.start]
    assert f"Minggu {last_week.key}" in body


def test_the_cron_command_raises_the_alert_once_however_often_it_runs(
    runner, db_session
):
    _, last_week = _week_below_target(db_session)

    first = runner.invoke(args=["alerts", "check"])
    second = runner.invoke(args=["alerts", "check", "--week", last_week.key])
    bad = runner.invoke(args=["alerts", "check", "--week", "2026-11"])

    assert first.exit_code == 0, first.output
    assert "1 new alerts" in first.output
    assert "0 new alerts" in second.output
    assert bad.exit_code == 1
    assert "ISO week" in bad.output
    assert len(week_alerts(db_session)) == 1


def add_on(db_session, counter, day):
    from zoneinfo import ZoneInfo

    from survey_service import skm
    from survey_service.services.responses import new_response

    db_session.add(
        new_response(
            scores=dict.fromkeys(skm.ELEMENT_CODES, 3),
            submitted_at=dt.datetime.combine(
                day, dt.time(10), ZoneInfo("Asia/Jakarta")
            ),
            tz=ZoneInfo("Asia/Jakarta"),
            unit_id=counter.unit_id,
            counter_id=counter.id,
            questionnaire_id=1,
            channel="poster",
        )
    )


def test_a_follow_up_action_shows_next_to_its_element(client, auth, db_session):
    counter = CounterFactory(code="A-L1")
    add(db_session, counter, 17, [3, 3, 2, 4, 3, 3, 3, 3, 3])
    db_session.commit()
    head_of(auth, counter.unit)
    page = client.get(f"/units/{counter.unit.code}/actions?period=2026-W47")

    created = client.post(
        f"/units/{counter.unit.code}/actions?period=2026-W47",
        data={
            "csrf_token": token_in(page),
            "element": "U3",
            "counter": "",
            "period": "2026-W47",
            "action": "Tambah petugas loket pada jam sibuk",
            "owner": "Kasi Pelayanan",
            "due_date": "2026-12-15",
        },
    )

    assert created.status_code == HTTPStatus.FOUND
    dashboard = client.get(f"/units/{counter.unit.code}/dashboard?period=2026-W47")
    row = re.search(
        r"<th scope=\"row\">U3 .*?</tr>", dashboard.get_data(as_text=True), re.S
    ).group(0)
    assert "Tambah petugas loket" in row
    assert "Direncanakan" in row


def test_updating_an_action_records_its_outcome(client, auth, db_session):
    from survey_service.models import FollowUpAction

    counter = CounterFactory(code="A-L1")
    head_of(auth, counter.unit)
    page = client.get(f"/units/{counter.unit.code}/actions?period=2026-W47")
    client.post(
        f"/units/{counter.unit.code}/actions",
        data={
            "csrf_token": token_in(page),
            "element": "U9",
            "counter": "",
            "period": "2026-11",
            "action": "Kotak saran digital",
            "owner": "Sekretariat",
        },
    )
    action = db_session.scalar(select(FollowUpAction))

    client.post(
        f"/units/{counter.unit.code}/actions/{action.id}",
        data={
            "csrf_token": token_in(page),
            "status": "done",
            "outcome_note": "Terpasang 20 November",
        },
    )

    db_session.expire_all()
    assert db_session.get(FollowUpAction, action.id).status is ActionStatus.DONE
    assert db_session.get(FollowUpAction, action.id).outcome_note == (
        "Terpasang 20 November"
    )


def test_a_malformed_action_period_is_explained(client, auth, db_session):
    counter = CounterFactory(code="A-L1")
    head_of(auth, counter.unit)
    page = client.get(f"/units/{counter.unit.code}/actions")

    response = client.post(
        f"/units/{counter.unit.code}/actions",
        data={
            "csrf_token": token_in(page),
            "period": "kemarin",
            "action": "x",
            "owner": "y",
        },
    )

    assert response.status_code == HTTPStatus.OK
    assert "periode tidak dikenal" in response.get_data(as_text=True)


def test_head_of_another_unit_cannot_see_or_add_actions(client, auth, db_session):
    counter = CounterFactory(code="A-L1")
    head_of(auth, CounterFactory().unit, username="kepala.b")

    assert client.get(f"/units/{counter.unit.code}/actions").status_code == 403
    assert client.post(
        f"/units/{counter.unit.code}/actions/1", data={}
    ).status_code in (400, 403)
