"""Staff accounts, API tokens and the audit log."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_service.core.clock import now_utc
from survey_service.core.db import Base
from survey_service.core.models._types import pk, str_enum
from survey_service.core.skm import N_

if TYPE_CHECKING:
    from survey_service.core.models.staff import Employee
    from survey_service.core.models.unit import Unit


class Role(enum.StrEnum):
    ADMIN = "admin"  # the whole city: units, users, rosters
    HEAD = "head"  # kepala unit: reviews and acts for their unit(s)
    EVALUATOR = "evaluator"  # penilai kinerja: appraisal indicators of their unit(s)
    STAFF = "staff"  # petugas: own results, issues tickets at their counter
    LEADER = "leader"  # pimpinan daerah: the city overview, read only


ROLE_LABELS = {
    Role.ADMIN: N_("Administrator"),
    Role.HEAD: N_("Kepala Unit"),
    Role.EVALUATOR: N_("Penilai Kinerja"),
    Role.STAFF: N_("Petugas Layanan"),
    Role.LEADER: N_("Pimpinan"),
}

# What each role may do, as the staff home page tells it.
ROLE_CAPABILITIES = {
    Role.ADMIN: (
        N_(
            "Mengelola semua unit, loket, jenis layanan, pegawai, jadwal tugas dan akun"
        ),
        N_("Melihat dasbor, komentar dan laporan SKM seluruh unit"),
    ),
    Role.HEAD: (
        N_(
            "Meninjau hasil survei mingguan unit Anda: indeks, interval, unsur terlemah"
        ),
        N_("Meninjau respons yang ditandai dan mencatat rencana tindak lanjut"),
        N_("Mencetak laporan SKM, poster QR dan tiket survei untuk unit Anda"),
    ),
    Role.EVALUATOR: (
        N_("Melihat indikator kepuasan per pegawai (ASN) per periode penilaian"),
        N_("Menutup periode untuk membekukan indikator, dan mengunduh CSV, XLSX, JSON"),
    ),
    Role.STAFF: (
        N_("Melihat hasil pelayanan Anda sendiri: indikator, unsur, tren dan komentar"),
        N_("Mencetak tiket survei sekali pakai untuk warga yang Anda layani"),
        N_("Mengaktifkan mode kiosk dan mencetak poster QR loket unit Anda"),
    ),
    Role.LEADER: (
        N_(
            "Melihat ikhtisar kota: semua unit berdampingan dengan interval, "
            "tindak lanjut dan peringatan"
        ),
        N_("Mengunduh rekap tahunan untuk evaluasi pelayanan publik (PEKPPP)"),
    ),
}

user_units = Table(
    "user_units",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("units.id", ondelete="CASCADE"), primary_key=True),
)


class User(Base):
    """A staff account. Admins see every unit; others only the units listed."""

    __tablename__ = "users"

    id: Mapped[pk]
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    employee_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), unique=True
    )
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    last_login_at: Mapped[dt.datetime | None]
    # Part of every session's user id: changing it (sign-out, deactivation,
    # a new password) ends every session of the account at once, on the server.
    session_nonce: Mapped[str | None] = mapped_column(String(32))
    # Set when an admin resets the password: the user must choose a new one
    # before any other page opens.
    password_must_change: Mapped[bool] = mapped_column(
        default=False, server_default=false()
    )
    # Where the weekly digest goes, in which language, and whether it is wanted.
    email: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8), default="id")
    digest_enabled: Mapped[bool] = mapped_column(default=True)

    units: Mapped[list[Unit]] = relationship(secondary=user_units, order_by="Unit.code")
    employee: Mapped[Employee | None] = relationship()

    # The interface Flask-Login expects, without importing Flask into the models.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_nonce or ''}"

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"


class ApiToken(Base):
    """A bearer token for /api/v1, stored as its SHA-256; carries its user's scope."""

    __tablename__ = "api_tokens"

    id: Mapped[pk]
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    # First characters of the token, shown so a user can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship()


class AuditEntry(Base):
    """Who did what, when. ``actor`` keeps the name if the user is later removed."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[pk]
    at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str | None] = mapped_column(String(200))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
