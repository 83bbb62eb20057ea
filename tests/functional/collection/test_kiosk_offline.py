"""Answers a kiosk kept while offline, sent later over HTTP: stored once, at the
time the citizen gave them, signed by the device, refused when too old."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from http import HTTPStatus

import pytest
from sqlalchemy import select

from survey_service import results as rollups
from survey_service.core import periods
from survey_service.core.clock import now_utc
from survey_service.core.models import (
    Channel,
    DutyAssignment,
    KioskDevice,
    ResponseStatus,
)
from survey_service.results.aggregates import GroupBy, group_sums
from tests.factories import CounterFactory, EmployeeFactory
from tests.support.answers import stored
from tests.support.kiosk import KEY_ATTRIBUTE, kept_answer, send
from tests.support.review_data import JAKARTA
from tests.support.web import AuthActions


def test_kept_answers_count_once_at_the_time_and_duty_they_were_given(
    client, db_session, counter, kiosk
):
    """Three answers from yesterday arrive together: none is refused for
    arriving at once, each counts on its own day and for whoever was on duty
    then, and sending one again stores nothing more."""
    yesterday_morning = now_utc() - dt.timedelta(days=1, hours=2)
    then_on_duty = EmployeeFactory(unit=counter.unit, name="Pagi Kemarin")
    now_on_duty = EmployeeFactory(unit=counter.unit, name="Sekarang")
    db_session.add_all(
        [
            DutyAssignment(
                employee_id=then_on_duty.id,
                counter_id=counter.id,
                starts_at=yesterday_morning - dt.timedelta(hours=1),
                ends_at=yesterday_morning + dt.timedelta(hours=1),
            ),
            DutyAssignment(
                employee_id=now_on_duty.id,
                counter_id=counter.id,
                starts_at=now_utc() - dt.timedelta(hours=1),
                ends_at=now_utc() + dt.timedelta(hours=1),
            ),
        ]
    )
    # The tablet's last contact before it went offline: in the morning shift.
    device = db_session.scalar(select(KioskDevice))
    device.last_contact_at = yesterday_morning - dt.timedelta(minutes=10)
    db_session.commit()
    bodies = [
        kept_answer(
            counter,
            yesterday_morning + dt.timedelta(minutes=k),
            f"kept-answer-{k:02d}-xxxxxxxx",
            u1=str(1 + k),
        )
        for k in range(3)
    ]

    sent = [send(client, counter, body, kiosk) for body in bodies]
    again = send(client, counter, bodies[0], kiosk)

    assert [r.status_code for r in sent] == [HTTPStatus.CREATED] * 3
    assert again.status_code == HTTPStatus.OK
    rows = stored(db_session)
    assert len(rows) == 3
    tz = client.application.config["TIMEZONE"]
    for k, row in enumerate(rows):
        given = yesterday_morning + dt.timedelta(minutes=k)
        assert row.submitted_at.replace(tzinfo=dt.UTC) == given.replace(tzinfo=dt.UTC)
        assert row.local_date == periods.local_date(given, tz)
        assert row.channel is Channel.KIOSK
        assert row.employee_id == then_on_duty.id
        assert row.u1 == 1 + k
        assert row.status is ResponseStatus.VALID
    device = db_session.scalar(db_session.query(KioskDevice).statement)
    assert device.last_used_at is not None


def test_an_answer_older_than_the_limit_is_refused_with_a_message(
    client, db_session, counter, kiosk
):
    old = now_utc() - dt.timedelta(days=7, minutes=5)
    recent = now_utc() - dt.timedelta(days=6, hours=23)

    refused = send(
        client, counter, kept_answer(counter, old, "old-answer-xxxxxxxx"), kiosk
    )
    kept = send(
        client, counter, kept_answer(counter, recent, "recent-answer-xxxxxx"), kiosk
    )
    client.application.config["SURVEY_KIOSK_OFFLINE_MAX_DAYS"] = 3
    try:
        shorter = send(
            client,
            counter,
            kept_answer(
                counter, now_utc() - dt.timedelta(days=4), "four-days-xxxxxxxx"
            ),
            kiosk,
        )
    finally:
        client.application.config["SURVEY_KIOSK_OFFLINE_MAX_DAYS"] = 7

    assert refused.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "lebih dari 7 hari" in refused.get_json()["error"]["message"]
    assert kept.status_code == HTTPStatus.CREATED
    assert shorter.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "lebih dari 3 hari" in shorter.get_json()["error"]["message"]
    assert [r.submission_key for r in stored(db_session)] == ["recent-answer-xxxxxx"]


def test_a_device_clock_running_ahead_counts_at_the_server_s_time(
    client, db_session, counter, kiosk
):
    before = now_utc()
    ahead = before + dt.timedelta(days=2)

    sent = send(
        client, counter, kept_answer(counter, ahead, "clock-ahead-xxxxxxxx"), kiosk
    )

    assert sent.status_code == HTTPStatus.CREATED
    [row] = stored(db_session)
    assert before <= row.submitted_at.replace(tzinfo=dt.UTC) <= now_utc()


def test_only_the_kiosk_s_own_signature_is_taken(
    app, client, db_session, counter, kiosk
):
    body = kept_answer(counter, now_utc(), "signed-answer-xxxxxx")
    forged_time = body.replace(b'"answered_at": "', b'"answered_at": "2026-01-0')
    stranger = app.test_client()  # no kiosk credential at all
    other = app.test_client()  # the kiosk of another counter
    other_counter = CounterFactory(unit=counter.unit)
    db_session.commit()
    enable_kiosk_of(other, other_counter)
    other_key = KEY_ATTRIBUTE.search(
        other.get(f"/k/{other_counter.public_key}").get_data(as_text=True)
    ).group(1)

    unsigned = send(client, counter, body, kiosk, signature="")
    altered = send(
        client,
        counter,
        forged_time,
        kiosk,
        signature=hmac.new(bytes.fromhex(kiosk), body, hashlib.sha256).hexdigest(),
    )
    by_stranger = send(stranger, counter, body, kiosk)
    other_device = send(other, counter, body, other_key)

    for refused in (unsigned, altered, by_stranger, other_device):
        assert refused.status_code == HTTPStatus.FORBIDDEN
        assert refused.get_json()["error"]["message"]
    assert stored(db_session) == []
    assert send(client, counter, body, kiosk).status_code == HTTPStatus.CREATED


def enable_kiosk_of(client, counter):
    from survey_service.core.models import Role
    from tests.factories import UserFactory

    UserFactory(username="kepala.lain", role=Role.HEAD, units=[counter.unit])
    AuthActions(client).login("kepala.lain")
    page = client.get(f"/counters/{counter.code}/kiosk").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    client.post(f"/counters/{counter.code}/kiosk", data={"csrf_token": token.group(1)})


def test_a_revoked_kiosk_can_send_nothing_more(client, db_session, counter, kiosk):
    device = db_session.scalar(db_session.query(KioskDevice).statement)
    device.revoked_at = now_utc()
    db_session.commit()

    sent = send(
        client, counter, kept_answer(counter, now_utc(), "after-revoke-xxxxxx"), kiosk
    )

    assert sent.status_code == HTTPStatus.FORBIDDEN
    assert stored(db_session) == []


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"fields": "u1=3", "answered_at": "2026-12-01T08:00:00+07:00"}',
        b'{"fields": [["u1", 3]], "answered_at": "2026-12-01T08:00:00+07:00"}',
        b'{"fields": [], "answered_at": "2026-12-01T08:00:00"}',
        b'{"fields": [], "answered_at": "yesterday"}',
        b'{"fields": [], "answered_at": "2026-12-01T08:00:00Z", "version": "1"}',
        b'{"fields": [], "answered_at": "2026-12-01T08:00:00Z", "version": 1e40}',
        b'{"fields": [], "answered_at": "2026-12-01T08:00Z", "version": 9999999999}',
        b"\xff\xfe not even text",
    ],
)
def test_a_body_that_is_not_an_answer_is_a_400(
    client, db_session, counter, kiosk, body
):
    sent = send(client, counter, body, kiosk)

    assert sent.status_code == HTTPStatus.BAD_REQUEST
    assert sent.get_json()["error"]["message"] == "Jawaban dari kiosk tidak terbaca."
    assert stored(db_session) == []


def test_an_incomplete_answer_is_refused_naming_what_is_missing(
    client, db_session, counter, kiosk
):
    body = kept_answer(counter, now_utc(), "incomplete-xxxxxxxxx", u3="", u7="5")

    sent = send(client, counter, body, kiosk)

    assert sent.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    message = sent.get_json()["error"]["message"]
    assert "u3" in message
    assert "u7" in message
    assert stored(db_session) == []


def test_the_kiosk_page_is_an_installable_app_and_the_phone_form_is_not(
    client, db_session, counter, kiosk
):
    page = client.get(f"/k/{counter.public_key}").get_data(as_text=True)
    manifest = client.get(f"/k/{counter.public_key}/manifest.webmanifest")
    worker = client.get("/k/sw.js")
    phone = client.get(f"/s/{counter.public_key}").get_data(as_text=True)

    assert f'href="/k/{counter.public_key}/manifest.webmanifest"' in page
    assert manifest.mimetype == "application/manifest+json"
    app_info = manifest.get_json(force=True)
    assert app_info["start_url"] == f"/k/{counter.public_key}?lang=id&teks=biasa"
    assert app_info["scope"] == "/k/"
    assert app_info["display"] == "fullscreen"
    assert worker.mimetype == "text/javascript"
    assert worker.headers["Cache-Control"] == "no-cache"
    body = worker.get_data(as_text=True)
    assert "var KioskQueue" in body
    assert 'addEventListener("fetch"' in body
    for kiosk_only in ("manifest", "kiosk-queue.js", "data-key"):
        assert kiosk_only not in phone


def test_each_kiosk_gets_its_own_answer_key(app, client, db_session, counter, kiosk):
    second = app.test_client()
    enable_kiosk_of(second, counter)
    page = second.get(f"/k/{counter.public_key}").get_data(as_text=True)

    assert KEY_ATTRIBUTE.search(page).group(1) != kiosk
    assert kiosk not in page


def test_a_kept_answer_for_a_day_already_rolled_up_updates_its_sums(
    client, db_session, counter, kiosk
):
    """Days are summed once they are over; an answer from such a day that
    arrives late rewrites that day's sums in the transaction that stores it."""
    three_days_ago = now_utc() - dt.timedelta(days=3)
    rollups.rebuild(db_session, periods.local_date(now_utc(), JAKARTA))
    db_session.commit()
    day = periods.local_date(three_days_ago, JAKARTA)
    assert rollups.rolled_through(db_session) >= day

    body = kept_answer(counter, three_days_ago, "kept-answer-rolled-xxxxxxx", u1="1")
    sent = send(client, counter, body, kiosk)

    assert sent.status_code == HTTPStatus.CREATED
    db_session.expire_all()
    sums = group_sums(db_session, (day, day), [GroupBy.UNIT])
    assert (int(sums.n[0]), int(sums.total_sum[0])) == (1, 1 + 3 * 8)
    assert rollups.check(db_session) == []


def test_a_queue_obeys_the_kiosk_interval_as_live_answers_do(
    app, client, db_session, counter, kiosk
):
    """Seventy answers 'given' within one second: the first counts, the rest
    are refused for good (422, so the tablet drops them) with a message."""
    given = now_utc() - dt.timedelta(hours=3)
    bodies = [
        kept_answer(
            counter,
            given + dt.timedelta(milliseconds=14 * k),
            f"burst-{k:03d}-xxxxxxxxxxxx",
        )
        for k in range(70)
    ]

    sent = [send(client, counter, body, kiosk).status_code for body in bodies]
    later = send(
        client,
        counter,
        kept_answer(
            counter,
            given
            + dt.timedelta(seconds=app.config["SURVEY_KIOSK_INTERVAL_SECONDS"] + 1),
            "after-the-interval-xxxxxxxxxx",
        ),
        kiosk,
    )

    assert sent[0] == HTTPStatus.CREATED
    assert set(sent[1:]) == {HTTPStatus.UNPROCESSABLE_ENTITY}
    assert later.status_code == HTTPStatus.CREATED
    assert len(stored(db_session)) == 2


def test_an_answer_dated_before_the_kiosk_existed_is_refused(
    client, db_session, counter, kiosk
):
    device = db_session.scalar(select(KioskDevice))
    before = device.created_at - dt.timedelta(hours=1)

    refused = send(
        client,
        counter,
        kept_answer(counter, before, "before-kiosk-xxxxxxxxxxxx"),
        kiosk,
    )

    assert refused.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "sebelum perangkat ini dijadikan kiosk" in refused.get_data(as_text=True)
    assert stored(db_session) == []


def test_the_server_keeps_when_each_answer_arrived(client, db_session, counter, kiosk):
    given = now_utc() - dt.timedelta(hours=5)
    send(
        client, counter, kept_answer(counter, given, "arrived-later-xxxxxxxxxxx"), kiosk
    )

    (row,) = stored(db_session)
    assert abs(row.submitted_at.replace(tzinfo=dt.UTC) - given) < dt.timedelta(
        seconds=1
    )
    assert row.received_at.replace(tzinfo=dt.UTC) > given + dt.timedelta(hours=4)
    assert row.arrived_late
    from survey_service.core.models import AuditEntry

    (sync,) = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "kiosk.sync")
    ).all()
    assert sync.details["submission_key"] == "arrived-later-xxxxxxxxxxx"
