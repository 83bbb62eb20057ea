"""Duty rosters: who staffed a counter at a given moment."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from survey_service.core.models import DutyAssignment

# Built once: every citizen's submission asks it, and building the statement
# cost as much as running it. Where shifts overlap (a hand-over), the shift
# that started last wins.
_ON_DUTY = (
    select(DutyAssignment.employee_id)
    .where(
        DutyAssignment.counter_id == bindparam("duty_counter_id"),
        DutyAssignment.starts_at <= bindparam("duty_at"),
        or_(
            DutyAssignment.ends_at.is_(None),
            DutyAssignment.ends_at > bindparam("duty_at"),
        ),
    )
    .order_by(DutyAssignment.starts_at.desc())
    .limit(1)
)

# The same question inside another statement (a response's INSERT attributes
# the response with it), given ``duty_params``.
ON_DUTY = _ON_DUTY.scalar_subquery()


def duty_params(counter_id: int, at: dt.datetime) -> dict[str, object]:
    """The values ``ON_DUTY`` asks for: a counter and a moment."""
    return {"duty_counter_id": counter_id, "duty_at": at}


def employee_on_duty(session: Session, counter_id: int, at: dt.datetime) -> int | None:
    """The employee on duty at ``counter_id`` at ``at``, or None if nobody was.

    Where shifts overlap (a hand-over), the shift that started last wins.
    """
    found = session.connection().scalar(_ON_DUTY, duty_params(counter_id, at))
    return None if found is None else int(found)
