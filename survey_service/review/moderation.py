"""Moderation of what citizens sent: comments (masked) and flagged responses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from survey_service import results as rollups
from survey_service.core import audit, periods
from survey_service.core.clock import now_utc
from survey_service.core.errors import DomainError, NotFoundError
from survey_service.core.masking import mask_personal_numbers
from survey_service.core.models import Counter, Response, ResponseStatus, Unit, User
from survey_service.core.models.rollups import TOTAL_MAX
from survey_service.core.periods import Period
from survey_service.core.skm import N_
from survey_service.core.statistics import index_of_totals
from survey_service.core.statistics.intervals import TOTAL_MIN
from survey_service.followup import callbacks
from survey_service.followup.service import alert_for_response, raise_week_alerts

EVER = dt.date(periods.FIRST_YEAR, 1, 1)  # before any response
FOREVER = dt.date(periods.LAST_YEAR, 12, 31)  # after any response
LOW_RESPONSE_INDEX = 65.0  # a response below grade C counts as low-scoring


@dataclass(frozen=True)
class CommentRow:
    response_id: int
    submitted_at: dt.datetime
    counter: str
    index: float | None  # the response's own index, 25-100
    text: str  # masked


def comments(
    session: Session,
    unit: Unit,
    period: Period,
    *,
    low_only: bool = False,
    limit: int = 100,
) -> list[CommentRow]:
    """The period's comments, newest first, personal numbers masked."""
    query = (
        select(
            Response.id,
            Response.submitted_at,
            Counter.name,
            Response.total,
            Response.comment,
        )
        .join(Counter, Counter.id == Response.counter_id)
        .where(
            Response.unit_id == unit.id,
            Response.comment.is_not(None),
            Response.local_date >= period.start,
            Response.local_date <= period.end,
            Response.status.in_([ResponseStatus.VALID, ResponseStatus.FLAGGED]),
        )
        .order_by(Response.submitted_at.desc(), Response.id.desc())
        .limit(limit)
    )
    if low_only:
        # index = 25 t / 9 < 65  <=>  t < 65 * 9 / 25 = 23.4
        query = query.where(Response.total * 25 < LOW_RESPONSE_INDEX * 9)
    return [
        CommentRow(
            rid,
            at,
            counter,
            index_of_totals(1, total),
            mask_personal_numbers(text or ""),
        )
        for rid, at, counter, total, text in session.execute(query)
    ]


@dataclass(frozen=True)
class FlagSummary:
    """Responses of a period that were held for review, in numbers."""

    held: int  # flagged (waiting) and excluded together: not counted
    held_index: float | None  # their official index, were they counted
    held_low: int  # of them, below LOW_RESPONSE_INDEX
    counted_low: int  # low responses that do count
    reasons: list[tuple[str, int]]  # each reason and how many carry it

    @property
    def hides_low_ratings(self) -> bool:
        """Most low ratings of the period are held back (and at least three):
        flagging may be hiding a real problem, so the head is told."""
        low = self.held_low + self.counted_low
        return self.held_low >= 3 and self.held_low * 2 > low


def flag_summary(session: Session, unit: Unit, period: Period) -> FlagSummary:
    """How many responses of ``period`` were held back, why, and what they said.

    The held-back responses are read themselves (they are few, and their
    reasons are free text); the low-scoring counted ones come from the daily
    sums' histogram of totals, so the cost does not grow with the period's size.
    """
    low = Response.total * 25 < LOW_RESPONSE_INDEX * 9
    rows = session.execute(
        select(
            Response.status_reason,
            func.count(),
            func.sum(Response.total),
            func.sum(case((low, 1), else_=0)),
        )
        .where(
            Response.unit_id == unit.id,
            Response.status.in_([ResponseStatus.FLAGGED, ResponseStatus.EXCLUDED]),
            Response.local_date >= period.start,
            Response.local_date <= period.end,
        )
        .group_by(Response.status_reason)
    ).all()
    low_totals = [
        f"t{t}"
        for t in range(TOTAL_MIN, TOTAL_MAX + 1)
        if t * 25 < LOW_RESPONSE_INDEX * 9
    ]
    counted = session.execute(
        rollups.source(
            session,
            period.start,
            period.end,
            ["unit_id"],
            low_totals,
            unit_ids=[unit.id],
        )
    ).first()
    counted_low = sum(int(v or 0) for v in counted[1:]) if counted else 0
    n = total = held_low = 0
    reasons: dict[str, int] = {}
    for reason, count, total_sum, low_count in rows:
        n += count
        total += int(total_sum or 0)
        held_low += int(low_count or 0)
        for part in (reason or "").split("|")[0].split(";"):
            if part.strip():
                reasons[part.strip()] = reasons.get(part.strip(), 0) + count
    return FlagSummary(
        held=n,
        held_index=index_of_totals(n, total),
        held_low=held_low,
        counted_low=counted_low,
        reasons=sorted(reasons.items(), key=lambda item: -item[1]),
    )


def flagged_responses(
    session: Session,
    unit: Unit,
    limit: int = 200,
    status: ResponseStatus = ResponseStatus.FLAGGED,
) -> list[Response]:
    """Responses of the unit awaiting review (suspected stuffing), oldest
    first; or, with ``status=LATE``, those that arrived after their period was
    closed (only an admin's reopening can count them)."""
    return list(
        session.scalars(
            select(Response)
            .where(Response.unit_id == unit.id, Response.status == status)
            .order_by(Response.submitted_at)
            .limit(limit)
        )
    )


def count_flagged(session: Session, unit: Unit) -> int:
    """Responses of the unit awaiting a decision, since ever."""
    return flagged_waiting(session, [unit.id]).get(unit.id, 0)


def flagged_waiting(session: Session, unit_ids: list[int]) -> dict[int, int]:
    """Per unit, the responses awaiting a decision since ever, from the daily
    sums (a few rows a month), so the count costs the same at any size."""
    query = rollups.source(
        session, EVER, FOREVER, ["unit_id"], ["flagged"], unit_ids=unit_ids
    )
    return {unit_id: int(n or 0) for unit_id, n in session.execute(query)}


def decide_flagged(
    session: Session,
    unit: Unit,
    response_id: int,
    *,
    include: bool,
    reason: str,
    actor: User,
    today: dt.date,
) -> Response:
    """Include (valid) or exclude a flagged response, with a reason; audited."""
    response = session.get(Response, response_id)
    if response is None or response.unit_id != unit.id:
        raise NotFoundError(N_("Respons tidak ditemukan di unit ini"))
    if response.status is not ResponseStatus.FLAGGED:
        raise DomainError(N_("Respons ini sudah ditinjau"))
    reason = reason.strip()
    if not reason:
        raise DomainError(N_("Tuliskan alasan keputusan"))
    response.status = ResponseStatus.VALID if include else ResponseStatus.EXCLUDED
    response.status_reason = f"{response.status_reason or ''} | ditinjau: {reason}"[
        :300
    ]
    response.status_decided_by_id = actor.id
    response.status_decided_at = now_utc()
    if not include:
        callbacks.forget(session, response.id)
    if include:  # now it counts, it may call for attention like any other
        alert = alert_for_response(response, response.counter)
        if alert is not None:
            session.add(alert)
        week = periods.period_containing("week", response.local_date)
        if week.end < today:  # an ended week may now lie below target
            raise_week_alerts(session, [unit], week)
    audit.record(
        session,
        actor,
        "response.include" if include else "response.exclude",
        f"response:{response.id}",
        unit=unit.code,
        reason=reason,
    )
    session.commit()
    return response
