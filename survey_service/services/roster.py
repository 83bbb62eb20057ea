"""Duty rosters: who staffed a counter at a given moment."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from survey_service.models import DutyAssignment


def employee_on_duty(session: Session, counter_id: int, at: dt.datetime) -> int | None:
    """The employee on duty at ``counter_id`` at ``at``, or None if nobody was.

    Where shifts overlap (a hand-over), the shift that started last wins.
    """
    return session.scalar(
        select(DutyAssignment.employee_id)
        .where(
            DutyAssignment.counter_id == counter_id,
            DutyAssignment.starts_at <= at,
            or_(DutyAssignment.ends_at.is_(None), DutyAssignment.ends_at > at),
        )
        .order_by(DutyAssignment.starts_at.desc())
        .limit(1)
    )
