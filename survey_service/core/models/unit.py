"""Service units, their service types and counters, and service volumes."""

from __future__ import annotations

import datetime as dt
import enum
import secrets
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_service.core.clock import now_utc
from survey_service.core.db import Base
from survey_service.core.models._types import code, name, pk, str_enum

if TYPE_CHECKING:
    from survey_service.core.models.staff import DutyAssignment, Employee


class Unit(Base):
    """A public-service unit (unit penyelenggara pelayanan), e.g. Disdukcapil."""

    __tablename__ = "units"
    __table_args__ = (
        CheckConstraint("target_index >= 25 AND target_index <= 100", name="target"),
        CheckConstraint("length(code) > 0", name="code_not_empty"),
    )

    id: Mapped[pk]
    code: Mapped[code] = mapped_column(unique=True)
    name: Mapped[name]
    address: Mapped[str | None] = mapped_column(String(300))
    # The index (25-100) the unit aims for; grade B starts at 76.61.
    target_index: Mapped[float] = mapped_column(
        Numeric(5, 2, asdecimal=False), default=76.61
    )
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    # Working days a head has to close an alert (None: 3).
    alert_due_working_days: Mapped[int | None]
    # Who signs the unit's SKM report (kepala unit): name and 18-digit NIP.
    head_name: Mapped[str | None] = mapped_column(String(200))
    head_nip: Mapped[str | None] = mapped_column(String(18))

    counters: Mapped[list[Counter]] = relationship(
        back_populates="unit", order_by="Counter.code"
    )
    service_types: Mapped[list[ServiceType]] = relationship(
        back_populates="unit", order_by="ServiceType.code"
    )
    employees: Mapped[list[Employee]] = relationship(
        back_populates="unit", order_by="Employee.name"
    )

    def __repr__(self) -> str:
        return f"<Unit {self.code}>"


class ServiceType(Base):
    """A kind of service a unit provides (jenis layanan), e.g. KTP-el."""

    __tablename__ = "service_types"
    __table_args__ = (UniqueConstraint("unit_id", "code"),)

    id: Mapped[pk]
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    code: Mapped[code]
    name: Mapped[name]
    active: Mapped[bool] = mapped_column(default=True)

    unit: Mapped[Unit] = relationship(back_populates="service_types")


# Letters and digits that cannot be misread for one another on a printed poster.
PUBLIC_KEY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
PUBLIC_KEY_LENGTH = 10  # 31^10, about 2^49.5: not guessable, still typeable


def new_public_key() -> str:
    """A random key for a counter's survey URL, short enough to type from a poster."""
    return "".join(
        secrets.choice(PUBLIC_KEY_ALPHABET) for _ in range(PUBLIC_KEY_LENGTH)
    )


class Counter(Base):
    """A service counter (loket). Its poster URL uses ``public_key``, not the id."""

    __tablename__ = "counters"
    __table_args__ = (
        CheckConstraint("length(public_key) >= 10", name="public_key"),
        CheckConstraint(
            "address_hourly_limit IS NULL OR address_hourly_limit > 0",
            name="address_hourly_limit",
        ),
    )

    id: Mapped[pk]
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True
    )
    # Counter codes are unique city-wide so that CLI commands can name one alone.
    code: Mapped[code] = mapped_column(unique=True)
    name: Mapped[name]
    location: Mapped[str | None] = mapped_column(String(200))
    # Random, unguessable key of the counter's survey URL.
    public_key: Mapped[str] = mapped_column(
        String(40), unique=True, default=lambda: new_public_key()
    )
    active: Mapped[bool] = mapped_column(default=True)
    # Responses from one network address to this counter in an hour above which
    # the next ones are flagged for review. None: SURVEY_ADDRESS_HOURLY_LIMIT.
    # Offices, schools and carriers put many honest phones behind one address,
    # so this is a volume no counter can serve, not a per-person limit.
    address_hourly_limit: Mapped[int | None] = mapped_column()

    unit: Mapped[Unit] = relationship(back_populates="counters")
    duty_assignments: Mapped[list[DutyAssignment]] = relationship(
        back_populates="counter", order_by="DutyAssignment.starts_at"
    )


class VolumeSource(enum.StrEnum):
    MANUAL = "manual"
    TICKETS = "tickets"


class ServiceVolume(Base):
    """Transactions a unit served in a period: the population N of the sample size."""

    __tablename__ = "service_volumes"
    __table_args__ = (
        UniqueConstraint("unit_id", "period_start", "period_end"),
        CheckConstraint("transactions >= 0", name="transactions"),
        CheckConstraint("period_end >= period_start", name="period"),
    )

    id: Mapped[pk]
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    transactions: Mapped[int] = mapped_column(Integer)
    source: Mapped[VolumeSource] = mapped_column(
        str_enum(VolumeSource, "source"), default=VolumeSource.MANUAL
    )
    entered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    entered_at: Mapped[dt.datetime] = mapped_column(default=now_utc)


class _Revocable:
    """A credential a head makes, sees in use, and revokes: who made it and
    when, when it was last used, and who revoked it and when."""

    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


class KioskDevice(_Revocable, Base):
    """A tablet enabled as one counter's kiosk: its credential, never a staff
    session. The device keeps a random token in a cookie; only its hash is
    stored. A head revokes it here; ``last_used_at`` shows it is still in use."""

    __tablename__ = "kiosk_devices"

    id: Mapped[pk]
    counter_id: Mapped[int] = mapped_column(
        ForeignKey("counters.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # What the server saw of the tablet: its latest request, and the request
    # before its latest silence (when it went offline). An answer it kept
    # offline cannot be dated before that (units.kiosks.offline_since).
    last_contact_at: Mapped[dt.datetime | None]
    offline_since: Mapped[dt.datetime | None]


class DisplayLink(_Revocable, Base):
    """A waiting-room screen's link to a unit's results: no sign-in, signed
    with the app's secret so only this service can make one, and revocable
    here by a head. ``last_used_at`` shows that a screen still shows it."""

    __tablename__ = "display_links"

    id: Mapped[pk]
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))  # where it hangs, e.g. "TV lobi"
