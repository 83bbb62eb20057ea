"""Alerts as a worklist: open, overdue and closed ones, filtered and ordered,
counted, and one alert with everything its page shows."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from survey_service.core.masking import mask_personal_numbers
from survey_service.core.models import (
    Alert,
    CallbackRequest,
    Counter,
    FollowUpAction,
    Response,
    Unit,
)
from survey_service.followup import callbacks
from survey_service.followup.service import actions_for, is_overdue

LIMIT = 200  # a page lists at most this many; the counts say how many there are
MOST_URGENT = 5  # what the home page shows of the worklist


class AlertState(enum.StrEnum):
    """Which alerts a worklist shows (the values are the page's ?status=)."""

    OPEN = "terbuka"
    OVERDUE = "lewat-tenggat"
    CLOSED = "ditutup"
    ALL = "semua"


class AlertOrder(enum.StrEnum):
    URGENT = "mendesak"  # the nearest deadline first (overdue ones lead)
    NEWEST = "terbaru"


@dataclass(frozen=True)
class AlertCounts:
    open: int
    overdue: int
    closed: int


def _in_units(unit_ids: Collection[int] | None) -> ColumnElement[bool]:
    return Alert.unit_id.in_(list(unit_ids)) if unit_ids is not None else and_(True)


def _state(state: AlertState, today: dt.date) -> ColumnElement[bool]:
    is_open = Alert.acknowledged_at.is_(None)
    if state is AlertState.OPEN:
        return is_open
    if state is AlertState.OVERDUE:
        return and_(is_open, Alert.due_on < today)
    if state is AlertState.CLOSED:
        return Alert.acknowledged_at.is_not(None)
    return and_(True)


def alert_counts(
    session: Session, unit_ids: Collection[int] | None, today: dt.date
) -> AlertCounts:
    """How many alerts of ``unit_ids`` (None: every unit) are open, overdue
    and closed, in one statement."""
    is_open = Alert.acknowledged_at.is_(None)
    row = session.execute(
        select(
            func.sum(case((is_open, 1), else_=0)),
            func.sum(case((and_(is_open, Alert.due_on < today), 1), else_=0)),
            func.sum(case((is_open, 0), else_=1)),
        ).where(_in_units(unit_ids))
    ).one()
    return AlertCounts(*(int(n or 0) for n in row))


def alert_list(
    session: Session,
    unit_ids: Collection[int] | None,
    state: AlertState,
    order: AlertOrder,
    today: dt.date,
    limit: int = LIMIT,
) -> list[Alert]:
    """The alerts of ``unit_ids`` in ``state``, most urgent (nearest deadline,
    then oldest) or newest first."""
    if order is AlertOrder.URGENT:
        # Open before closed; then the nearest deadline (none last), the oldest.
        ordering = [
            Alert.acknowledged_at.is_not(None),
            Alert.due_on.is_(None),
            Alert.due_on,
            Alert.created_at,
        ]
    else:
        ordering = [Alert.created_at.desc()]
    return list(
        session.scalars(
            select(Alert)
            .where(_in_units(unit_ids), _state(state, today))
            .order_by(*ordering, Alert.id)
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class AlertDetail:
    """What one alert's page shows."""

    alert: Alert
    overdue: bool
    counter: str | None  # the counter of the rating that raised it
    scores: dict[str, int] | None  # its nine answers
    comment: str | None  # masked
    callback: CallbackRequest | None  # only for those who may read contacts
    actions: list[FollowUpAction]  # the unit's actions it may be linked to
    linked: FollowUpAction | None  # the action it was closed with


def alert_detail(
    session: Session, alert: Alert, today: dt.date, may_contact: bool
) -> AlertDetail:
    response = session.get(Response, alert.response_id) if alert.response_id else None
    counter = session.get(Counter, response.counter_id) if response else None
    asked = (
        callbacks.for_responses(session, [response.id])
        if response is not None and may_contact
        else {}
    )
    return AlertDetail(
        alert=alert,
        overdue=is_overdue(alert, today),
        counter=counter.name if counter else None,
        scores=response.scores if response else None,
        comment=mask_personal_numbers(response.comment)
        if response and response.comment
        else None,
        callback=asked.get(response.id) if response is not None else None,
        actions=actions_for(session, session.get_one(Unit, alert.unit_id), today),
        linked=session.get(FollowUpAction, alert.follow_up_action_id)
        if alert.follow_up_action_id
        else None,
    )
