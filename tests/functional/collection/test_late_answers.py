"""Answers that arrive late: a closed period stays as it was frozen, and the
time a kiosk gives an answer is bounded by what the server saw of the tablet."""

from __future__ import annotations

import datetime as dt
from http import HTTPStatus

import pytest
from sqlalchemy import select

from survey_service.core import periods
from survey_service.core.clock import now_utc
from survey_service.core.models import (
    AuditEntry,
    DutyAssignment,
    IndicatorSnapshot,
    KioskDevice,
    ResponseStatus,
    Role,
)
from survey_service.results.aggregates import GroupBy, group_sums
from tests.factories import EmployeeFactory, UserFactory
from tests.support.answers import fill, poster_path, stored, with_service
from tests.support.appraisal import close
from tests.support.kiosk import kept_answer, kiosk_key, send
from tests.support.web import AuthActions, token_in


@pytest.fixture
def last_month(app):
    """The month before the city's current one (ended, so it may be closed)."""
    today = periods.local_date(now_utc(), app.config["TIMEZONE"])
    return periods.period_containing("month", today.replace(day=1) - dt.timedelta(1))


@pytest.fixture
def old_kiosk(app, client, auth, counter, db_session, monkeypatch):
    """A kiosk made 45 days ago whose kept answers may be 40 days old, so an
    answer of last month's last day is within reach whatever today is."""
    monkeypatch.setitem(app.config, "SURVEY_KIOSK_OFFLINE_MAX_DAYS", 40)
    return kiosk_key(client, auth, counter, db_session, age=dt.timedelta(days=45))


def at_local(app, day: dt.date, hour: int) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(hour), app.config["TIMEZONE"])
    return local.astimezone(dt.UTC)


def staff(app, db_session, username: str, role: Role, units):
    """Another browser, signed in as a new user of ``role``."""
    browser = app.test_client()
    UserFactory(username=username, role=role, units=units)
    AuthActions(browser).login(username)
    return browser


def counted(db_session, period) -> int:
    db_session.expire_all()
    sums = group_sums(db_session, period, [GroupBy.UNIT])
    return int(sums.n.sum())


def test_an_answer_into_a_closed_period_is_kept_for_the_head_and_counted_nowhere(
    app, client, db_session, counter, old_kiosk, last_month
):
    """The security review's case: a kiosk sends an answer dated inside a month
    already closed for its unit. It is stored and listed, the frozen figures and
    the month's count stay; once an admin reopens the month and includes it
    with a reason, it counts."""
    employee = EmployeeFactory(unit=counter.unit, name="Petugas Bulan Lalu")
    db_session.add(
        DutyAssignment(
            employee_id=employee.id,
            counter_id=counter.id,
            starts_at=at_local(app, last_month.end, 7),
            ends_at=at_local(app, last_month.end, 17),
        )
    )
    # The tablet's last contact before it went offline: that morning.
    device = db_session.scalar(select(KioskDevice))
    device.last_contact_at = at_local(app, last_month.end, 8)
    db_session.commit()
    before_close = send(
        client,
        counter,
        kept_answer(counter, at_local(app, last_month.end, 9), "in-time-xxxxxxxxxxxxx"),
        old_kiosk,
    )
    assert before_close.status_code == HTTPStatus.CREATED
    evaluator = staff(app, db_session, "penilai", Role.EVALUATOR, [counter.unit])
    assert close(evaluator, last_month.key).status_code == HTTPStatus.FOUND
    frozen = [
        (s.nip, s.responses) for s in db_session.scalars(select(IndicatorSnapshot))
    ]
    assert frozen == [(employee.nip, 1)]

    late = send(
        client,
        counter,
        kept_answer(
            counter, at_local(app, last_month.end, 10), "too-late-xxxxxxxxxxxx"
        ),
        old_kiosk,
    )
    today = fill(client, poster_path(counter), with_service(counter))[0]

    assert late.status_code == HTTPStatus.CREATED
    assert "setelah periodenya ditutup" in late.get_json()["message"]
    assert today.status_code == HTTPStatus.FOUND
    by_key = {r.submission_key: r for r in stored(db_session)}
    kept = by_key["too-late-xxxxxxxxxxxx"]
    assert kept.status is ResponseStatus.LATE
    assert periods.label(last_month) in kept.status_reason
    assert kept.employee_id == employee.id  # attributed as any other, not counted
    assert by_key["in-time-xxxxxxxxxxxxx"].status is ResponseStatus.VALID
    assert [r.status for r in by_key.values()].count(ResponseStatus.VALID) == 2
    assert counted(db_session, last_month) == 1
    assert [
        (s.nip, s.responses) for s in db_session.scalars(select(IndicatorSnapshot))
    ] == frozen
    (sync,) = db_session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "kiosk.sync",
            AuditEntry.details["submission_key"].as_string() == "too-late-xxxxxxxxxxxx",
        )
    ).all()
    assert sync.details["late"] is True

    head = staff(app, db_session, "kepala", Role.HEAD, [counter.unit])
    listed = head.get(f"/units/{counter.unit.code}/flagged").get_data(as_text=True)
    assert "Tiba setelah periode ditutup" in listed
    assert kept.status_reason in listed

    admin = staff(app, db_session, "admin.kota", Role.ADMIN, [])
    page = admin.get(f"/appraisal/?period={last_month.key}")
    assert "1 jawaban tiba setelah periode ditutup" in page.get_data(as_text=True)
    too_soon = admin.post(
        f"/appraisal/late?period={last_month.key}",
        data={"csrf_token": token_in(page), "reason": "tablet rusak"},
        follow_redirects=True,
    )
    assert "masih ditutup" in too_soon.get_data(as_text=True)
    assert counted(db_session, last_month) == 1

    reopened = admin.post(
        f"/appraisal/reopen?period={last_month.key}",
        data={
            "csrf_token": token_in(page),
            "reason": "kiosk offline karena listrik padam",
            "include_late": "y",
        },
        follow_redirects=True,
    )

    assert "1 jawaban yang tiba terlambat kini dihitung" in reopened.get_data(
        as_text=True
    )
    assert counted(db_session, last_month) == 2
    db_session.refresh(kept)
    assert kept.status is ResponseStatus.VALID
    assert "disertakan: kiosk offline karena listrik padam" in kept.status_reason
    (entry,) = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "period.include_late")
    ).all()
    assert entry.details["responses"] == 1


def test_a_reopened_period_counts_late_answers_only_when_an_admin_says_so(
    app, client, db_session, counter, old_kiosk, last_month
):
    evaluator = staff(app, db_session, "penilai", Role.EVALUATOR, [counter.unit])
    close(evaluator, last_month.key)
    send(
        client,
        counter,
        kept_answer(
            counter, at_local(app, last_month.end, 11), "late-one-xxxxxxxxxxxx"
        ),
        old_kiosk,
    )
    admin = staff(app, db_session, "admin.kota", Role.ADMIN, [])
    page = admin.get(f"/appraisal/?period={last_month.key}")

    admin.post(
        f"/appraisal/reopen?period={last_month.key}",
        data={"csrf_token": token_in(page), "reason": "salah tutup"},
    )
    waiting = admin.get(f"/appraisal/?period={last_month.key}")
    assert counted(db_session, last_month) == 0
    assert "Sertakan 1 jawaban yang tiba terlambat" in waiting.get_data(as_text=True)
    no_reason = admin.post(
        f"/appraisal/late?period={last_month.key}",
        data={"csrf_token": token_in(waiting), "reason": " "},
    )
    assert no_reason.status_code == HTTPStatus.FOUND
    assert counted(db_session, last_month) == 0
    evaluator_try = evaluator.post(
        f"/appraisal/late?period={last_month.key}",
        data={
            "csrf_token": token_in(evaluator.get("/appraisal/")),
            "reason": "saya penilai",
        },
    )
    assert evaluator_try.status_code == HTTPStatus.FORBIDDEN

    admin.post(
        f"/appraisal/late?period={last_month.key}",
        data={"csrf_token": token_in(waiting), "reason": "kiosk tanpa jaringan"},
    )

    assert counted(db_session, last_month) == 1
    (row,) = stored(db_session)
    assert row.status is ResponseStatus.VALID


def test_a_kept_answer_dated_before_the_tablet_went_offline_is_refused(
    client, db_session, counter, kiosk
):
    """The server saw the tablet three hours ago, then nothing until now: an
    answer it kept offline can be from those three hours, not from before."""
    device = db_session.scalar(select(KioskDevice))
    device.last_contact_at = now_utc() - dt.timedelta(hours=3)
    db_session.commit()
    client.get(f"/k/{counter.public_key}")  # back online: the page reloads

    before = send(
        client,
        counter,
        kept_answer(
            counter, now_utc() - dt.timedelta(hours=4), "before-xxxxxxxxxxxxxx"
        ),
        kiosk,
    )
    during = send(
        client,
        counter,
        kept_answer(
            counter, now_utc() - dt.timedelta(hours=2), "during-xxxxxxxxxxxxxx"
        ),
        kiosk,
    )

    assert before.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "sebelum kontak terakhir kiosk" in before.get_json()["error"]["message"]
    assert during.status_code == HTTPStatus.CREATED
    assert [r.submission_key for r in stored(db_session)] == ["during-xxxxxxxxxxxxxx"]
    db_session.refresh(device)
    assert device.offline_since is not None


def test_a_kept_answer_on_another_employee_s_shift_is_held_for_the_head(
    client, db_session, counter, kiosk
):
    """The tablet went offline on Ani's shift; an answer dated on Budi's later
    shift is stored but held: the device chose whom it credits."""
    now = now_utc()
    ani = EmployeeFactory(unit=counter.unit, name="Ani")
    budi = EmployeeFactory(unit=counter.unit, name="Budi")
    db_session.add_all(
        [
            DutyAssignment(
                employee_id=ani.id,
                counter_id=counter.id,
                starts_at=now - dt.timedelta(hours=5),
                ends_at=now - dt.timedelta(hours=2),
            ),
            DutyAssignment(
                employee_id=budi.id,
                counter_id=counter.id,
                starts_at=now - dt.timedelta(hours=2),
                ends_at=now + dt.timedelta(hours=1),
            ),
        ]
    )
    device = db_session.scalar(select(KioskDevice))
    device.last_contact_at = now - dt.timedelta(hours=3)
    db_session.commit()
    client.get(f"/k/{counter.public_key}")

    for key, hours_ago in (
        ("same-shift-xxxxxxxxxx", 2.5),
        ("other-shift-xxxxxxxxx", 1),
    ):
        answered = now - dt.timedelta(hours=hours_ago)
        sent = send(client, counter, kept_answer(counter, answered, key), kiosk)
        assert sent.status_code == HTTPStatus.CREATED

    same, other = stored(db_session)
    assert (same.employee_id, same.status) == (ani.id, ResponseStatus.VALID)
    assert (other.employee_id, other.status) == (budi.id, ResponseStatus.FLAGGED)
    assert "giliran petugas lain" in other.status_reason
