"""Messages the service sends (digests, alerts, gateway texts), through an outbox."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from survey_service.core.clock import now_utc
from survey_service.core.db import Base
from survey_service.core.models._types import pk, str_enum


class OutboxChannel(enum.StrEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"  # the city's SMS / WhatsApp gateway


class OutboxMessage(Base):
    """One message to send. Written in the same transaction as what caused it;
    a drain sends it, retrying with backoff, so an outage loses nothing."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "sent_at", "next_attempt_at"),)

    id: Mapped[pk]
    channel: Mapped[OutboxChannel] = mapped_column(str_enum(OutboxChannel, "channel"))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    # Sent once: a digest is "digest:<user id>:<period key>".
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    sent_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))


class CallbackRequest(Base):
    """A citizen's voluntary request to be contacted after a low rating.

    Shown only to the heads of the unit; deleted when the response's alert is
    closed or after CALLBACK_KEEP_DAYS, whichever comes first."""

    __tablename__ = "callback_requests"

    id: Mapped[pk]
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), unique=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str | None] = mapped_column(String(120))
    contact: Mapped[str] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    delete_after: Mapped[dt.datetime] = mapped_column(index=True)
