"""Follow-up actions (rencana tindak lanjut) a head records after a review."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from survey_service.core.clock import now_utc
from survey_service.core.db import Base
from survey_service.core.models._types import pk, str_enum
from survey_service.core.skm import ELEMENT_CODES


class ActionStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class FollowUpAction(Base):
    """An action against an element or a counter, for a period of a unit."""

    __tablename__ = "follow_up_actions"
    __table_args__ = (
        CheckConstraint(
            "element_code IS NULL OR element_code IN ("
            + ", ".join(f"'{c}'" for c in ELEMENT_CODES)
            + ")",
            name="element_code",
        ),
        CheckConstraint("period_end >= period_start", name="period"),
        Index("ix_follow_up_actions_unit_period", "unit_id", "period_start"),
    )

    id: Mapped[pk]
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    element_code: Mapped[str | None] = mapped_column(String(2))
    counter_id: Mapped[int | None] = mapped_column(
        ForeignKey("counters.id", ondelete="SET NULL")
    )
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    action: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        str_enum(ActionStatus, "status"), default=ActionStatus.PLANNED
    )
    outcome_note: Mapped[str | None] = mapped_column(Text)
    # The citizen's complaint on SP4N-LAPOR! this action answers, if any.
    lapor_tracking_id: Mapped[str | None] = mapped_column(String(40))
    # The day it was marked done (for "done on time" against due_date).
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[dt.datetime] = mapped_column(default=now_utc, onupdate=now_utc)


class AlertKind(enum.StrEnum):
    LOW_SCORE = "low_score"  # a response with a 1 on some element
    LOW_SCORE_COMMENT = "low_score_comment"  # ...that also left a comment
    WEEK_BELOW_TARGET = "week_below_target"  # the week's interval wholly below target


class Alert(Base):
    """Something a head should see on Monday; stays until acknowledged."""

    __tablename__ = "alerts"
    __table_args__ = (
        # One alert per response, and one per unit and week for the weekly check.
        UniqueConstraint("kind", "response_id"),
        UniqueConstraint("unit_id", "kind", "week_start"),
        Index("ix_alerts_unit_open", "unit_id", "acknowledged_at"),
    )

    id: Mapped[pk]
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    kind: Mapped[AlertKind] = mapped_column(str_enum(AlertKind, "kind"))
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE")
    )
    week_start: Mapped[dt.date | None] = mapped_column(Date)
    message: Mapped[str] = mapped_column(String(300))  # Indonesian, as raised
    # The message's parts (elements, counter, week figures), so pages can say
    # it in the reader's language; None on alerts raised before they were kept.
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    acknowledged_at: Mapped[dt.datetime | None]
    acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    follow_up_action_id: Mapped[int | None] = mapped_column(
        ForeignKey("follow_up_actions.id", ondelete="SET NULL")
    )
    # The deadline (unit's working days after it opened; None before 0012),
    # and why it happened, recorded when a head closes it.
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    root_cause: Mapped[str | None] = mapped_column(String(40))
    root_cause_note: Mapped[str | None] = mapped_column(Text)
    no_action_reason: Mapped[str | None] = mapped_column(Text)


class Publication(Base):
    """A unit's results for a period as published to the public, frozen.

    A correction is a new, dated publication; the old one stays visible,
    marked superseded (Permenpan RB 14/2017 asks units to publish results).
    """

    __tablename__ = "publications"
    __table_args__ = (Index("ix_publications_unit_period", "unit_id", "period_key"),)

    id: Mapped[pk]
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    period_key: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    published_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    superseded_at: Mapped[dt.datetime | None]
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("publications.id", ondelete="SET NULL")
    )
    note: Mapped[str | None] = mapped_column(String(300))
    # A head can withdraw a publication; the reason is shown publicly.
    withdrawn_at: Mapped[dt.datetime | None]
    withdrawn_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    withdraw_reason: Mapped[str | None] = mapped_column(String(300))
    # The published numbers (index, interval, grade, n, elements, actions).
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class ReportDetail(Base):
    """What a head records about a unit's period for its SKM report: the
    public consultation forum (forum konsultasi publik), if one was held."""

    __tablename__ = "report_details"
    __table_args__ = (UniqueConstraint("unit_id", "period_key"),)

    id: Mapped[pk]
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    period_key: Mapped[str] = mapped_column(String(10))
    forum_date: Mapped[dt.date | None] = mapped_column(Date)
    forum_note: Mapped[str | None] = mapped_column(String(300))
    updated_at: Mapped[dt.datetime] = mapped_column(default=now_utc, onupdate=now_utc)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
