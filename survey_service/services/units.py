"""Reading units and their counters, service types and staff."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from survey_service.models import Counter, Employee, Response, Unit, User
from survey_service.services.accounts import visible_unit_ids


def units_for(session: Session, user: User) -> list[Unit]:
    """The units ``user`` may see, by code."""
    query = select(Unit).order_by(Unit.code)
    ids = visible_unit_ids(user)
    if ids is not None:
        query = query.where(Unit.id.in_(ids))
    return list(session.scalars(query))


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


def counter_by_public_key(session: Session, public_key: str) -> Counter | None:
    """The counter of a poster or kiosk URL with its unit and the unit's
    service types, in one query (the citizen's form needs all three)."""
    if len(public_key) > 40:
        return None
    return (
        session.execute(
            select(Counter)
            .where(Counter.public_key == public_key)
            .options(joinedload(Counter.unit).joinedload(Unit.service_types))
        )
        .unique()
        .scalar_one_or_none()
    )


def counter_by_code(session: Session, code: str) -> Counter | None:
    return session.scalar(select(Counter).where(Counter.code == code))


def active_units(session: Session) -> list[Unit]:
    return list(
        session.scalars(select(Unit).where(Unit.active.is_(True)).order_by(Unit.name))
    )
