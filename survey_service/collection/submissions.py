"""A citizen's submission: limits, stuffing flags, attribution, and storing it once.

Anonymous by design: no name, phone or raw IP address is stored. The address
and the device cookie are kept only as keyed hashes that change every day, so
they can group one day's submissions without identifying anyone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from survey_service import results as rollups
from survey_service.collection.responses import response_row
from survey_service.collection.tickets import TicketUsedError, redemption_flags
from survey_service.core import periods, skm
from survey_service.core.db import begin_write, insert_values
from survey_service.core.errors import DomainError
from survey_service.core.models import (
    Alert,
    Channel,
    Counter,
    Response,
    ResponseAnswer,
    ResponseStatus,
    Ticket,
)
from survey_service.core.queries import closed_period_covering
from survey_service.core.skm import N_
from survey_service.followup.service import alert_values, check_ended_week
from survey_service.questionnaires import service as questionnaires
from survey_service.units.roster import ON_DUTY, duty_params, employee_on_duty
from survey_service.web.ratelimit import Limiter

HOUR = 3600

# A response attributed, in the statement that stores it, to the employee on
# duty at its counter at its time (built once).
_INSERT_ON_DUTY = insert(Response).values(employee_id=ON_DUTY)
_INSERT = insert(Response)
_INSERT_ALERT = insert(Alert)


class RateLimitedError(DomainError):
    """Refused for now; ``retry_after`` seconds until it may be tried again."""

    def __init__(self, message: str, retry_after: int, **params: object) -> None:
        super().__init__(message, **params)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limits:
    submit_interval: int  # per device and counter: one response (0: off)
    burst_limit: int  # per device per hour (all counters), above which: flagged
    kiosk_interval: int  # per kiosk: one response
    address_hourly_limit: int  # per address (or kiosk) and counter, per hour
    pattern_repeat_limit: int  # identical answers per address (or kiosk)...
    pattern_window: int  # ...within this many seconds, above which: flagged
    ticket_min_seconds: int = 20  # a ticket redeemed sooner: flagged


@dataclass(frozen=True)
class Client:
    """Who submits, as far as the service may know: daily keyed hashes only."""

    address_hash: str
    device_hash: str
    signed_in_user_id: int | None = None  # a staff browser, if one is signed in


@dataclass(frozen=True)
class Submission:
    counter: Counter
    channel: Channel
    scores: Mapping[str, int]
    submission_key: str
    service_type_id: int | None = None
    comment: str | None = None
    age_band: str | None = None  # or given as years, from which it is banded
    age_years: int | None = None
    sex: str | None = None
    education: str | None = None
    occupation: str | None = None
    ticket: Ticket | None = None
    questionnaire_id: int | None = None  # the version the form showed
    # When a kiosk kept the answer while offline: the time the citizen gave it
    # on the device (signed by the device). It is the response's time.
    answered_at: dt.datetime | None = None
    # ...and when, as the server saw it, that kiosk went offline.
    offline_since: dt.datetime | None = None
    # Answers to the unit's own questions: (question id, value, text).
    answers: tuple[tuple[int, int | None, str | None], ...] = ()


def offline_answer_time(
    answered_at: dt.datetime,
    now: dt.datetime,
    max_days: int,
    kiosk_since: dt.datetime | None = None,
    offline_since: dt.datetime | None = None,
) -> dt.datetime:
    """The time an answer kept on a kiosk counts at: the device's time, or now
    when the device's clock runs ahead. Refused when older than ``max_days``,
    dated before the kiosk's credential was made (``kiosk_since``), or before
    the tablet's last contact with the server before it went offline
    (``offline_since``): the server, not the device, bounds how far back an
    answer reaches, and so which roster it lands on."""
    if kiosk_since is not None and answered_at < kiosk_since:
        raise DomainError(
            N_(
                "Jawaban ini bertanggal sebelum perangkat ini dijadikan kiosk "
                "dan tidak dapat dihitung."
            )
        )
    if offline_since is not None and answered_at < offline_since:
        raise DomainError(
            N_(
                "Jawaban ini bertanggal sebelum kontak terakhir kiosk dengan "
                "server sebelum terputus, jadi tidak diberikan saat offline, "
                "dan tidak dapat dihitung."
            )
        )
    if answered_at < now - dt.timedelta(days=max_days):
        raise DomainError(
            N_(
                "Jawaban ini diberikan lebih dari %(days)s hari lalu dan tidak "
                "dapat dihitung lagi."
            ),
            days=max_days,
        )
    return min(answered_at, now)


def too_close_to_another(
    session: Session, counter_id: int, at: dt.datetime, interval: int
) -> bool:
    """Whether the kiosk of ``counter_id`` already has an answer stored within
    ``interval`` seconds of ``at``: a queue of answers kept offline obeys the
    kiosk interval as live answers do (a tablet cannot be rated 70 times in a
    second while offline either)."""
    if interval <= 0:
        return False
    window = dt.timedelta(seconds=interval)
    found = session.scalar(
        select(Response.id)
        .where(
            Response.counter_id == counter_id,
            Response.channel == Channel.KIOSK,
            Response.submitted_at > at - window,
            Response.submitted_at < at + window,
        )
        .limit(1)
    )
    return found is not None


def existing(session: Session, submission_key: str) -> Response | None:
    return session.scalar(
        select(Response).where(Response.submission_key == submission_key)
    )


def is_stored(session: Session, submission_key: str) -> bool:
    found = session.connection().scalar(
        select(Response.id).where(Response.submission_key == submission_key)
    )
    return found is not None


def _limit(
    store: Limiter, key: str, window: int, message: str, **params: object
) -> None:
    if window > 0 and not store.allow(key, 1, window):
        raise RateLimitedError(message, window, **params)


def _flags(
    store: Limiter,
    sub: Submission,
    client: Client,
    limits: Limits,
    now: dt.datetime,
) -> str | None:
    """Why this submission looks like stuffing, or None (docs in README, "Abuse").

    A network address is never held against one honest phone: many share one
    address. It counts only for volumes no counter can serve in an hour, and
    for the same nine answers repeated from it within minutes. A kiosk is one
    device for everyone, so it stands where the address would.
    """
    kiosk = sub.channel is Channel.KIOSK
    origin = f"kiosk:{sub.counter.id}" if kiosk else f"addr:{client.address_hash}"
    volume = sub.counter.address_hourly_limit or limits.address_hourly_limit
    pattern = "".join(str(sub.scores[c]) for c in skm.ELEMENT_CODES)
    reasons = []
    if not kiosk and not store.allow(
        f"burst:dev:{client.device_hash}", limits.burst_limit, HOUR
    ):
        reasons.append("banyak respons dari perangkat yang sama dalam satu jam")
    source = "kiosk ini" if kiosk else "alamat jaringan yang sama"
    if not store.allow(f"volume:{origin}:{sub.counter.id}", volume, HOUR):
        reasons.append(f"lebih dari {volume} respons dalam satu jam dari {source}")
    repeats = (limits.pattern_repeat_limit, limits.pattern_window)
    if not store.allow(f"pattern:{origin}:{pattern}", *repeats):
        reasons.append(
            f"pola jawaban identik berulang dari {source} dalam waktu singkat"
        )
    if sub.ticket is not None:
        reasons += redemption_flags(
            sub.ticket,
            address_hash=client.address_hash,
            signed_in_user_id=client.signed_in_user_id,
            now=now,
            min_seconds=limits.ticket_min_seconds,
        )
    return "; ".join(reasons) or None


TOO_SOON_FROM_DEVICE = N_(
    "Anda baru saja mengisi survei untuk loket ini. Terima kasih! "
    "Satu perangkat dapat mengisi sekali setiap %(minutes)s menit."
)


def _device_key(counter: Counter, client: Client) -> str:
    return f"submit:dev:{counter.id}:{client.device_hash}"


def too_soon_for_device(
    store: Limiter, counter: Counter, client: Client, limits: Limits
) -> RateLimitedError | None:
    """The refusal a phone's answer to ``counter`` would meet now (it rated
    this counter moments ago), or None; counts nothing. Asked when the form
    opens, so nobody answers nine questions only to be refused."""
    interval = limits.submit_interval
    if interval <= 0 or store.within(_device_key(counter, client), 1, interval):
        return None
    return RateLimitedError(
        TOO_SOON_FROM_DEVICE, interval, minutes=max(1, interval // 60)
    )


def _refuse_too_soon(
    store: Limiter, sub: Submission, client: Client, limits: Limits
) -> None:
    """RateLimitedError for a live kiosk answer or a phone's answer that
    comes too soon after the last from the same kiosk or phone."""
    counter = sub.counter
    if sub.channel is Channel.KIOSK and sub.answered_at is None:
        _limit(
            store,
            f"kiosk:{counter.id}",
            limits.kiosk_interval,
            N_("Mohon tunggu sebentar sebelum mengisi survei berikutnya."),
        )
    elif sub.channel is Channel.POSTER:
        _limit(
            store,
            _device_key(counter, client),
            limits.submit_interval,
            TOO_SOON_FROM_DEVICE,
            minutes=max(1, limits.submit_interval // 60),
        )


def _late_reason(
    session: Session, unit_id: int, day: dt.date, today: dt.date
) -> str | None:
    """Why an answer of ``day`` cannot count: its appraisal period is closed
    for the unit (only a day before today can be; a period closes once ended)."""
    if day >= today:
        return None
    closed = closed_period_covering(session, unit_id, day)
    if closed is None:
        return None
    period = periods.parse_period(closed.key)
    return f"tiba setelah periode {periods.label(period)} ditutup"


def _shift_reason(session: Session, sub: Submission, at: dt.datetime) -> str | None:
    """An answer kept offline that lands on another employee's shift than the
    one on duty when the kiosk went offline: held for the head, since the
    device, not the server, chose its time (and so whom it credits)."""
    if sub.offline_since is None or sub.ticket is not None:
        return None
    counter_id = sub.counter.id
    before = employee_on_duty(session, counter_id, sub.offline_since)
    if before == employee_on_duty(session, counter_id, at):
        return None
    return (
        "jawaban offline jatuh pada giliran petugas lain daripada saat kiosk terputus"
    )


def submit_response(
    session: Session,
    sub: Submission,
    client: Client,
    *,
    store: Limiter,
    limits: Limits,
    tz: ZoneInfo,
    now: dt.datetime,
) -> ResponseStatus | None:
    """Store one response for ``sub`` and commit; returns its status, or None
    when its key was stored before (nothing is stored again).

    Raises RateLimitedError (too soon from this device, address or kiosk) and
    TicketUsedError (the ticket was redeemed by another submission). An answer
    a kiosk kept offline (``sub.answered_at``) counts at its own time, with the
    duty roster of that time, and is not refused for arriving with others: the
    stuffing flags still hold it for review. One that lands in an appraisal
    period already closed for its unit is stored ``LATE``: counted nowhere, so
    what was frozen stays as it was frozen.
    """
    counter = sub.counter
    at = sub.answered_at or now
    today = periods.local_date(now, tz)
    day = periods.local_date(at, tz)  # the day it counts for
    # Everything is prepared first. The write transaction below holds, on
    # SQLite, the database's one write lock, for which every other citizen's
    # submission waits: it inserts (the unique indexes refuse a repeated key
    # or a used ticket), counts the limits and flags, and commits.
    questionnaire_id = sub.questionnaire_id or _current_questionnaire_id(
        session, counter.unit_id
    )
    late = _late_reason(session, counter.unit_id, day, today)
    shift = None if late else _shift_reason(session, sub, at)
    # A ticket names the employee who served; otherwise the INSERT itself
    # attributes the response to whoever was on duty at its counter and time.
    attribution = {} if sub.ticket is None else {"employee_id": sub.ticket.employee_id}
    response = response_row(
        scores=sub.scores,
        submitted_at=at,
        received_at=now,
        tz=tz,
        unit_id=counter.unit_id,
        counter_id=counter.id,
        service_type_id=sub.service_type_id,
        questionnaire_id=questionnaire_id,
        channel=sub.channel,
        comment=sub.comment or None,
        age_band=sub.age_band or skm.age_band(sub.age_years),
        age_years=sub.age_years,
        sex=sub.sex or None,
        education=sub.education or None,
        occupation=sub.occupation or None,
        status=ResponseStatus.LATE if late else ResponseStatus.VALID,
        status_reason=late,
        submission_key=sub.submission_key,
        ticket_id=sub.ticket.id if sub.ticket else None,
        client_hash=client.address_hash,
        device_hash=client.device_hash,
        **attribution,
    )
    alert = None if late else alert_values(sub.scores, sub.comment, day, counter)

    connection = begin_write(session)
    try:
        if attribution:
            response_id = insert_values(connection, _INSERT, **response)
        else:
            response_id = insert_values(
                connection, _INSERT_ON_DUTY, **response, **duty_params(counter.id, at)
            )
    except IntegrityError:
        # The submission key or the ticket is taken. The unique indexes decide,
        # also between two requests at once (the second waits for the first).
        session.rollback()
        if is_stored(session, sub.submission_key):
            return None  # a double tap or a re-sent POST: the same thank-you
        if sub.ticket is not None:
            raise TicketUsedError(
                "Tiket ini sudah dipakai untuk mengisi survei"
            ) from None
        raise
    if sub.answers:  # the unit's own questions, in the same transaction
        connection.execute(
            insert(ResponseAnswer),
            [
                {"response_id": response_id, "question_id": q, "value": v, "text": t}
                for q, v, t in sub.answers
            ],
        )
    if late:  # counted nowhere: no limits, flags, alert or sums to touch
        session.commit()
        return ResponseStatus.LATE
    # Only a response stored now is counted by the limits and flags.
    try:
        _refuse_too_soon(store, sub, client, limits)
    except RateLimitedError:
        session.rollback()
        raise
    reason = "; ".join(r for r in (_flags(store, sub, client, limits, now), shift) if r)
    if reason:  # held for a head's review: it raises no alert until included
        connection.execute(
            update(Response)
            .where(Response.id == response_id)
            .values(status=ResponseStatus.FLAGGED, status_reason=reason)
        )
    elif alert is not None:
        insert_values(connection, _INSERT_ALERT, **alert, response_id=response_id)
    # What the flush hook does for ORM changes: a day already summed (a
    # kiosk's offline answer) gets its sums rewritten.
    rollups.rewrite_days(session, [(counter.unit_id, day)])
    session.commit()
    # The first response of a new week to this unit (per process) checks the
    # week that just ended against the target; the response is already stored.
    check_ended_week(session, counter.unit_id, today)
    rollups.advance_after_commit(session, today)
    return ResponseStatus.FLAGGED if reason else ResponseStatus.VALID


def _current_questionnaire_id(session: Session, unit_id: int) -> int:
    questionnaire = questionnaires.current_version(session, unit_id=unit_id)
    if questionnaire is None:
        raise DomainError(N_("Kuesioner belum tersedia; jalankan 'flask db upgrade'"))
    return questionnaire.id
