"""Look-ups every layer above core makes the same way."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from survey_service.core.models import (
    Counter,
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
