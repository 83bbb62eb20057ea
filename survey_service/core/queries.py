"""Look-ups every layer above core makes the same way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from survey_service.core.models import (
    AppraisalPeriod,
    Counter,
    PeriodClosure,
    Unit,
)


def unit_by_code(session: Session, code: str) -> Unit | None:
    return session.scalar(
        select(Unit)
        .where(Unit.code == code)
        .options(
            selectinload(Unit.counters).selectinload(Counter.duty_assignments),
            selectinload(Unit.service_types),
            selectinload(Unit.employees),
        )
    )


def units_in(session: Session, ids: Collection[int] | None) -> list[Unit]:
    """The units with ``ids`` (every unit when None), by code."""
    query = select(Unit).order_by(Unit.code)
    if ids is not None:
        query = query.where(Unit.id.in_(ids))
    return list(session.scalars(query))


def closed_period_covering(
    session: Session, unit_id: int, day: dt.date
) -> AppraisalPeriod | None:
    """The appraisal period containing ``day`` that is closed for the unit
    (the shortest, where they nest), or None: what was frozen there stays frozen."""
    return session.scalar(
        select(AppraisalPeriod)
        .join(PeriodClosure, PeriodClosure.period_id == AppraisalPeriod.id)
        .where(
            PeriodClosure.unit_id == unit_id,
            PeriodClosure.reopened_at.is_(None),
            AppraisalPeriod.start <= day,
            AppraisalPeriod.end >= day,
        )
        .order_by(AppraisalPeriod.start.desc(), AppraisalPeriod.end)
        .limit(1)
    )
