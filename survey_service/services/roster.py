"""Duty rosters: who staffed a counter at a given moment."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from survey_service.models import DutyAssignment

# Built once: every citizen's submission asks it, and building the statement
# cost as much as running it.
_ON_DUTY = (
    select(DutyAssignment.employee_id)
    .where(
        DutyAssignment.counter_id == bindparam("counter_id"),
        DutyAssignment.starts_at <= bindparam("at"),
        or_(DutyAssignment.ends_at.is_(None), DutyAssignment.ends_at > bindparam("at")),
    )
    .order_by(DutyAssignment.starts_at.desc())
    .limit(1)
)


def employee_on_duty(session: Session, counter_id: int, at: dt.datetime) -> int | None:
    """The employee on duty at ``counter_id`` at ``at``, or None if nobody was.

    Where shifts overlap (a hand-over), the shift that started last wins.
    """
    found = session.connection().scalar(_ON_DUTY, {"counter_id": counter_id, "at": at})
    return None if found is None else int(found)
