"""Alerts on the head's home page and follow-up actions against elements."""

from __future__ import annotations

import datetime as dt
import io
import re
from http import HTTPStatus
from zoneinfo import ZoneInfo

from pypdf import PdfReader
from sqlalchemy import select

from survey_service.core import periods
from survey_service.core.models import (
    ActionStatus,
    Alert,
    AlertKind,
    AuditEntry,
    FollowUpAction,
    Response,
    ResponseStatus,
    Role,
)
from survey_service.followup import service as followup
from tests.factories import CounterFactory, ServiceTypeFactory, UserFactory
from tests.support.answers import ANSWERS, fill, with_service
from tests.support.clock import city_today
from tests.support.review_data import add
from tests.support.web import token_in


def head_of(auth, unit, username="kepala.a"):
    UserFactory(username=username, role=Role.HEAD, units=[unit])
    auth.login(username)


def test_a_held_low_rating_raises_its_alert_only_when_a_head_includes_it(
    app, client, auth, db_session, monkeypatch
):
    monkeypatch.setitem(app.config, "SURVEY_ADDRESS_HOURLY_LIMIT", 1)
    counter = CounterFactory(code="A-L1")
    ServiceTypeFactory(unit=counter.unit)
    low = {**ANSWERS, "u3": "1", "service_type": str(counter.unit.service_types[0].id)}
    for u1 in ("2", "4"):  # two phones behind one address: the second is held
        fill(app.test_client(), f"/s/{counter.public_key}", {**low, "u1": u1})
    first, held = db_session.scalars(select(Response).order_by(Response.id))
    assert held.status is ResponseStatus.FLAGGED
    alerts = db_session.scalars(select(Alert.response_id)).all()
    assert alerts == [first.id]

    head_of(auth, counter.unit)
    page = client.get(f"/units/{counter.unit.code}/flagged")
    client.post(
        f"/units/{counter.unit.code}/flagged/{held.id}",
        data={"csrf_token": token_in(page), "decision": "include", "reason": "wajar"},
    )

    db_session.expire_all()
    alerts = db_session.scalars(select(Alert.response_id).order_by(Alert.id)).all()
    assert alerts == [first.id, held.id]


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

    assert "Nilai 1 pada U3" in client.get("/").get_data(as_text=True)
    alert = db_session.scalar(select(Alert))
    home = client.get(f"/alerts/{alert.id}")  # the alert's own page
    body = home.get_data(as_text=True)
    assert "Nilai 1 pada U3" in body
    assert "[nomor telepon disamarkan]" in body
    assert "081266123345" not in body
    assert alert.kind is AlertKind.LOW_SCORE_COMMENT

    # Closing needs a root cause and an action or a reason why none is needed.
    refused = client.post(
        f"/alerts/{alert.id}",
        data={"csrf_token": token_in(home), "no_action_reason": "Sudah dijelaskan"},
        follow_redirects=True,
    )
    assert "Pilih akar masalah" in refused.get_data(as_text=True)
    refused = client.post(
        f"/alerts/{alert.id}",
        data={"csrf_token": token_in(home), "root_cause": "waiting"},
        follow_redirects=True,
    )
    assert "mengapa tidak perlu tindak lanjut" in refused.get_data(as_text=True)
    refused = client.post(
        f"/alerts/{alert.id}",
        data={
            "csrf_token": token_in(home),
            "root_cause": "other",
            "no_action_reason": "x",
        },
        follow_redirects=True,
    )
    assert "Jelaskan akar masalah" in refused.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(Alert, alert.id).acknowledged_at is None

    client.post(
        f"/alerts/{alert.id}",
        data={
            "csrf_token": token_in(home),
            "root_cause": "waiting",
            "no_action_reason": "Antrean pagi itu karena server pusat mati",
        },
    )

    assert "Nilai 1 pada U3" not in client.get("/").get_data(as_text=True)
    db_session.expire_all()
    closed = db_session.get(Alert, alert.id)
    assert closed.acknowledged_at is not None
    assert closed.root_cause == "waiting"
    assert closed.no_action_reason == "Antrean pagi itu karena server pusat mati"
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
    last_week = periods.last_complete_week(city_today())
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

    english = client.get("/?lang=en").get_data(as_text=True)

    assert [a.week_start for a in week_alerts(db_session)] == [last_week.start]
    said = f"{periods.label(last_week)}: indeks 75,00 dengan interval"
    assert said in body
    assert "seluruhnya di bawah target 90,00" in body
    assert f"{periods.label(last_week, 'en')}: index 75.00 with its interval" in english
    assert "wholly below the target 90.00" in english


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
    from survey_service.collection.responses import new_response
    from survey_service.core import skm

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
    from survey_service.core.models import FollowUpAction

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
    assert "Periode tidak dikenal" in response.get_data(as_text=True)


def test_head_of_another_unit_cannot_see_or_add_actions(client, auth, db_session):
    counter = CounterFactory(code="A-L1")
    head_of(auth, CounterFactory().unit, username="kepala.b")

    assert client.get(f"/units/{counter.unit.code}/actions").status_code == 403
    assert client.post(
        f"/units/{counter.unit.code}/actions/1", data={}
    ).status_code in (400, 403)


def test_working_day_deadlines_skip_the_weekend():
    friday = dt.date(2026, 11, 27)
    assert followup.due_date(friday, 3) == dt.date(2026, 12, 2)  # Mon, Tue, Wed
    assert followup.due_date(dt.date(2026, 11, 23), 3) == dt.date(2026, 11, 26)
    assert followup.due_date(dt.date(2026, 11, 28), 1) == dt.date(2026, 11, 30)
    assert followup.due_date(friday, 0) == friday


def test_an_overdue_alert_comes_first_for_the_head_and_every_admin(
    app, client, auth, db_session
):
    counter = CounterFactory(code="A-L1")
    ServiceTypeFactory(unit=counter.unit)
    for comment in ("pertama", "kedua"):
        fill(
            app.test_client(),
            f"/s/{counter.public_key}",
            {
                **ANSWERS,
                "u5": "1",
                "service_type": str(counter.unit.service_types[0].id),
            },
            comment=comment,
        )
    older, newer = db_session.scalars(select(Alert).order_by(Alert.id)).all()
    today = city_today()
    assert newer.due_on > today  # three working days after the rating
    older.due_on = today - dt.timedelta(days=1)  # as if the head let it lie
    db_session.commit()

    for username, role in (("kepala.a", Role.HEAD), ("admin.kota", Role.ADMIN)):
        UserFactory(username=username, role=role, units=[counter.unit])
        auth.login(username)
        body = client.get("/").get_data(as_text=True)
        assert "Lewat tenggat" in body
        assert body.index(f"/alerts/{older.id}") < body.index(f"/alerts/{newer.id}")
        assert body.count("Lewat tenggat") == 1
        auth.logout()


def test_an_admin_gives_a_unit_more_days_to_close_its_alerts(
    app, client, auth, db_session
):
    counter = CounterFactory(code="A-L1")
    ServiceTypeFactory(unit=counter.unit)
    UserFactory(username="admin.kota", role=Role.ADMIN)
    auth.login("admin.kota")
    page = client.get(f"/admin/units/{counter.unit.code}")
    form = {
        "csrf_token": token_in(page),
        "name": counter.unit.name,
        "target_index": "80",
        "active": "y",
    }
    bad = client.post(
        f"/admin/units/{counter.unit.code}",
        data={**form, "alert_due_working_days": "0"},
    )
    assert bad.status_code == HTTPStatus.BAD_REQUEST  # the form again, its message
    client.post(
        f"/admin/units/{counter.unit.code}",
        data={**form, "alert_due_working_days": "10"},
    )
    fill(
        app.test_client(),
        f"/s/{counter.public_key}",
        {**ANSWERS, "u5": "1", "service_type": str(counter.unit.service_types[0].id)},
    )
    alert = db_session.scalar(select(Alert))
    rated_on = db_session.get(Response, alert.response_id).local_date
    assert alert.due_on == followup.due_date(rated_on, 10)


def test_an_action_answers_a_lapor_complaint_and_keeps_the_day_it_was_done(
    client, auth, db_session
):
    counter = CounterFactory(code="A-L1")
    add(db_session, counter, 17, [3, 3, 2, 4, 3, 3, 3, 3, 3])
    db_session.commit()
    head_of(auth, counter.unit)
    url = f"/units/{counter.unit.code}/actions?period=2026-W47"
    page = client.get(url)
    form = {
        "csrf_token": token_in(page),
        "element": "U3",
        "counter": "",
        "period": "2026-W47",
        "action": "Tambah petugas loket pada jam sibuk",
        "owner": "Kasi Pelayanan",
        "due_date": "2026-12-15",
    }

    refused = client.post(url, data={**form, "lapor_id": "12 34; DROP"})
    assert "Nomor pelacakan SP4N-LAPOR!" in client.get(url).get_data(as_text=True)
    assert refused.status_code in (HTTPStatus.OK, HTTPStatus.FOUND)
    assert db_session.scalars(select(FollowUpAction)).all() == []

    client.post(url, data={**form, "lapor_id": " #2411983 "})
    action = db_session.scalar(select(FollowUpAction))
    assert action.lapor_tracking_id == "2411983"
    assert "SP4N-LAPOR! #2411983" in client.get(url).get_data(as_text=True)
    report = client.get(f"/units/{counter.unit.code}/report?period=2026-W47")
    assert "SP4N-LAPOR! #2411983" in report.get_data(as_text=True)
    pdf = client.get(f"/units/{counter.unit.code}/report.pdf?period=2026-W47")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "2411983" in text

    update = f"/units/{counter.unit.code}/actions/{action.id}"
    client.post(update, data={"csrf_token": token_in(page), "status": "done"})
    db_session.expire_all()
    today = city_today()
    assert db_session.get(FollowUpAction, action.id).completed_on == today
    assert db_session.get(FollowUpAction, action.id).lapor_tracking_id == "2411983"
    client.post(update, data={"csrf_token": token_in(page), "status": "in_progress"})
    db_session.expire_all()
    assert db_session.get(FollowUpAction, action.id).completed_on is None


def test_the_head_s_home_opens_with_last_week_of_each_unit_every_item_a_link(
    client, auth, db_session
):
    from tests.support.review_data import JAKARTA, add_at

    today = city_today()
    week = periods.last_complete_week(today)
    counter = CounterFactory(code="HOME-L1")
    unit = counter.unit
    for k in range(12):
        when = dt.datetime.combine(week.start, dt.time(9 + k % 6), JAKARTA)
        add_at(db_session, counter, when, [3, 3, 2, 3, 4, 3, 3, 3, 3])
    add_at(
        db_session,
        counter,
        dt.datetime.combine(week.start, dt.time(15), JAKARTA),
        [3] * 9,
        status=ResponseStatus.FLAGGED,
        status_reason="pola berulang",
    )
    db_session.add_all(
        [
            Alert(
                unit_id=unit.id,
                kind=AlertKind.LOW_SCORE,
                message="Nilai 1",
                due_on=today - dt.timedelta(days=1),
            ),
            Alert(unit_id=unit.id, kind=AlertKind.LOW_SCORE, message="Nilai 1 lagi"),
            FollowUpAction(
                unit_id=unit.id,
                element_code="U3",
                period_start=week.start,
                period_end=week.end,
                action="Menambah petugas",
                owner="Kasi",
                status=ActionStatus.PLANNED,
            ),
        ]
    )
    db_session.commit()
    head_of(auth, unit)

    page = client.get("/").get_data(as_text=True)
    dashboard = f'href="/units/{unit.code}/dashboard?period={week.key}'

    summary = page[page.index("Minggu lalu") : page.index("Peringatan yang belum")]
    assert periods.label(week, "id") in summary
    assert f'{dashboard}#unsur">Unsur terlemah: U1, U2, U3' in summary
    assert "n = 12" in summary
    assert "2 peringatan terbuka · 1 lewat tenggat" in summary
    assert f'href="/units/{unit.code}/actions">1 tindak lanjut belum selesai' in summary
    assert f'href="/units/{unit.code}/flagged">1 respons ditandai' in summary
    assert page.index("Minggu lalu") < page.index("Peringatan yang belum")
