"""Reading units and their counters, service types and staff."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from survey_service.models import Counter, Employee, Response, Unit, User
from survey_service.services import questionnaires
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


def counter_for_form(
    session: Session, public_key: str
) -> tuple[Counter | None, int | None]:
    """The counter of a poster or kiosk URL with its unit and the unit's
    service types, and the newest questionnaire version's id: everything the
    citizen's form needs, in one query."""
    if len(public_key) > 40:
        return None, None
    row = (
        session.execute(
            select(Counter, questionnaires.NEWEST_ID)
            .where(Counter.public_key == public_key)
            .options(joinedload(Counter.unit).joinedload(Unit.service_types))
        )
        .unique()
        .one_or_none()
    )
    return (row[0], row[1]) if row is not None else (None, None)


def counter_by_code(session: Session, code: str) -> Counter | None:
    return session.scalar(select(Counter).where(Counter.code == code))


def active_units(session: Session) -> list[Unit]:
    return list(
        session.scalars(select(Unit).where(Unit.active.is_(True)).order_by(Unit.name))
    )
