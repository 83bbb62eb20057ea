"""Appraisal periods and the frozen per-employee indicator snapshots (SKP evidence)."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from survey_service.core.clock import now_utc
from survey_service.core.db import Base
from survey_service.core.models._types import pk, str_enum


class PeriodStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class AppraisalPeriod(Base):
    """A month, quarter, semester or year of appraisal, open or closed."""

    __tablename__ = "appraisal_periods"

    id: Mapped[pk]
    key: Mapped[str] = mapped_column(String(10), unique=True)  # 2026-Q4, 2026, ...
    kind: Mapped[str] = mapped_column(String(10))
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[PeriodStatus] = mapped_column(
        str_enum(PeriodStatus, "status"), default=PeriodStatus.OPEN
    )
    closed_at: Mapped[dt.datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


class PeriodClosure(Base):
    """One unit's appraisal period frozen by an evaluator (or admin) in scope.

    Closing is per unit: an evaluator scoped to three units freezes those three.
    Only an admin reopens, with a reason; the closure row keeps who, when and
    why, and the unit's snapshots of that closure stay readable (superseded).
    """

    __tablename__ = "period_closures"
    __table_args__ = (Index("ix_period_closures_period_unit", "period_id", "unit_id"),)

    id: Mapped[pk]
    period_id: Mapped[int] = mapped_column(
        ForeignKey("appraisal_periods.id", ondelete="RESTRICT")
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    closed_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    closed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    reopened_at: Mapped[dt.datetime | None]
    reopened_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    reopen_reason: Mapped[str | None] = mapped_column(String(300))


class IndicatorSnapshot(Base):
    """One employee's indicator as frozen when a period closed. Never updated:
    reopening marks it superseded and a later close writes new rows."""

    __tablename__ = "indicator_snapshots"
    __table_args__ = (
        Index("ix_indicator_snapshots_period_unit", "period_id", "unit_code"),
    )

    id: Mapped[pk]
    period_id: Mapped[int] = mapped_column(
        ForeignKey("appraisal_periods.id", ondelete="RESTRICT")
    )
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="RESTRICT")
    )
    # Copied, so the snapshot reads the same after a transfer or a rename.
    nip: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200))
    unit_code: Mapped[str] = mapped_column(String(32))
    responses: Mapped[int] = mapped_column(Integer)
    indicator: Mapped[float | None] = mapped_column(Float)
    interval_low: Mapped[float | None] = mapped_column(Float)
    interval_high: Mapped[float | None] = mapped_column(Float)
    raw_mean: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float] = mapped_column(Float)
    position_against_target: Mapped[str] = mapped_column(String(30))
    method_version: Mapped[str] = mapped_column(String(120))
    checksum: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    superseded_at: Mapped[dt.datetime | None]
