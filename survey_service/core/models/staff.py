"""Employees (ASN) and their duty at counters."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_service.core.db import Base
from survey_service.core.models._types import name, pk

if TYPE_CHECKING:
    from survey_service.core.models.unit import Counter, Unit


class Employee(Base):
    """A civil servant (ASN) who serves citizens, identified by NIP."""

    __tablename__ = "employees"
    __table_args__ = (
        # 18 digits; ltrim(x, chars) means the same on SQLite and PostgreSQL.
        CheckConstraint(
            "length(nip) = 18 AND ltrim(nip, '0123456789') = ''", name="nip_digits"
        ),
    )

    id: Mapped[pk]
    nip: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[name]
    position: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)

    unit: Mapped[Unit] = relationship(back_populates="employees")

    def __repr__(self) -> str:
        return f"<Employee {self.nip}>"


class DutyAssignment(Base):
    """Who staffed a counter from ``starts_at`` until ``ends_at`` (open if None).

    A poster rating given at a counter is attributed to the employee on duty at
    that moment.
    """

    __tablename__ = "duty_assignments"
    __table_args__ = (
        CheckConstraint("ends_at IS NULL OR ends_at > starts_at", name="interval"),
        Index("ix_duty_assignments_counter_starts", "counter_id", "starts_at"),
    )

    id: Mapped[pk]
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
    counter_id: Mapped[int] = mapped_column(
        ForeignKey("counters.id", ondelete="CASCADE")
    )
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime | None]

    employee: Mapped[Employee] = relationship()
    counter: Mapped[Counter] = relationship(back_populates="duty_assignments")
