"""Reading units and their counters, service types and staff."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, UOWTransaction, joinedload

from survey_service.core import scope
from survey_service.core.models import (
    Counter,
    Employee,
    Questionnaire,
    Response,
    ServiceType,
    Unit,
    User,
)
from survey_service.core.queries import unit_by_code as unit_by_code
from survey_service.core.queries import units_in
from survey_service.questionnaires import service as questionnaires


def units_for(
    session: Session, user: User, action: scope.Action = scope.Action.VIEW
) -> list[Unit]:
    """The units ``user`` may ``action`` (core.scope), by code."""
    return units_in(session, scope.unit_ids(user, action))


def response_count(session: Session, unit: Unit) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Response)
            .where(Response.unit_id == unit.id)
        )
        or 0
    )


def active_employee_count(session: Session, unit: Unit) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Employee)
            .where(Employee.unit_id == unit.id, Employee.active.is_(True))
        )
        or 0
    )


# The citizen's form reads its counter on every GET and POST. A process keeps
# what it read, detached and read-only, for FORM_COUNTER_SECONDS: an edit of a
# counter, unit, service type or questionnaire flushed by this process forgets
# it at once, and every other process sees the edit within those seconds (a
# retired counter may take one more answer in that time, still attributed).
FORM_COUNTER_SECONDS = 5.0
_form_counters: dict[tuple[str, str], tuple[float, Counter, int | None]] = {}
_FORM_COUNTERS_MAX = 1024
_SHAPES_OF_THE_FORM = (Counter, Unit, ServiceType, Questionnaire)


def counter_for_form(
    session: Session, public_key: str
) -> tuple[Counter | None, int | None]:
    """The counter of a poster or kiosk URL with its unit and the unit's
    service types, and the id of the questionnaire version the unit's citizens
    answer now: everything the
    citizen's form needs, in one query at most every FORM_COUNTER_SECONDS.
    The counter is detached: read it, never add it to a session."""
    if len(public_key) > 40:
        return None, None
    key = (str(session.get_bind().engine.url), public_key)
    now = time.monotonic()
    kept = _form_counters.get(key)
    if kept is not None and now - kept[0] < FORM_COUNTER_SECONDS:
        return kept[1], kept[2]
    row = (
        session.execute(
            select(Counter, questionnaires.newest_id_for(Counter.unit_id))
            .where(Counter.public_key == public_key)
            .options(joinedload(Counter.unit).joinedload(Unit.service_types))
        )
        .unique()
        .one_or_none()
    )
    if row is None:
        return None, None
    counter, newest = row[0], row[1]
    for loaded in (counter, counter.unit, *counter.unit.service_types):
        session.expunge(loaded)  # a commit later must not expire them
    if len(_form_counters) >= _FORM_COUNTERS_MAX:
        _form_counters.clear()
    _form_counters[key] = (now, counter, newest)
    return counter, newest


def _forget_form_counters(
    session: Session, _context: UOWTransaction, *_args: Any
) -> None:
    if any(
        isinstance(obj, _SHAPES_OF_THE_FORM)
        for obj in (*session.new, *session.dirty, *session.deleted)
    ):
        _form_counters.clear()


def track_form_edits(target: Any = Session) -> None:
    """Forget the form's counters whenever a flush writes what they hold."""
    if not event.contains(target, "before_flush", _forget_form_counters):
        event.listen(target, "before_flush", _forget_form_counters)


def counter_by_code(session: Session, code: str) -> Counter | None:
    return session.scalar(select(Counter).where(Counter.code == code))


def active_units(session: Session) -> list[Unit]:
    return list(
        session.scalars(select(Unit).where(Unit.active.is_(True)).order_by(Unit.name))
    )
