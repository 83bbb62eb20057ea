"""Administration: units, counters, service types, employees, duty rosters, imports.

Imports validate every row first and write nothing if any row is wrong, so a
half-imported roster never attributes ratings to the wrong person.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from survey_service.accounts import service as accounts
from survey_service.core import audit
from survey_service.core.clock import now_utc
from survey_service.core.errors import DomainError, NotFoundError
from survey_service.core.models import (
    Counter,
    DutyAssignment,
    Employee,
    ServiceType,
    Unit,
    User,
)
from survey_service.core.skm import N_, Term, nip_problem
from survey_service.units import kiosks

CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,31}$")


def _code(value: str, what: Term) -> str:
    value = value.strip().upper()
    if not CODE.match(value):
        raise DomainError(
            N_("Kode %(what)s 1–32 karakter: huruf besar, angka, . _ -"), what=what
        )
    return value


def _text(value: str, what: Term, limit: int = 200) -> str:
    value = value.strip()
    if not value or len(value) > limit:
        raise DomainError(
            N_("%(what)s wajib diisi, paling banyak %(limit)s karakter"),
            what=what,
            limit=limit,
        )
    return value


def create_unit(
    session: Session,
    *,
    code: str,
    name: str,
    address: str | None,
    target_index: float,
    actor: User,
) -> Unit:
    code = _code(code, Term(N_("unit")))
    if session.scalar(select(exists().where(Unit.code == code))):
        raise DomainError(N_("Kode unit %(code)s sudah dipakai"), code=code)
    if not 25 <= target_index <= 100:
        raise DomainError(N_("Target indeks harus antara 25 dan 100"))
    unit = Unit(
        code=code,
        name=_text(name, Term(N_("Nama unit"))),
        address=(address or "").strip() or None,
        target_index=target_index,
    )
    session.add(unit)
    session.flush()
    audit.record(session, actor, "unit.create", f"unit:{code}")
    session.commit()
    return unit


def update_unit(
    session: Session,
    unit: Unit,
    *,
    name: str,
    address: str | None,
    target_index: float,
    active: bool,
    actor: User,
    alert_due_working_days: int | None = None,
    head_name: str = "",
    head_nip: str = "",
) -> Unit:
    if not 25 <= target_index <= 100:
        raise DomainError(N_("Target indeks harus antara 25 dan 100"))
    head_nip = head_nip.strip()
    if head_nip and (problem := nip_problem(head_nip)):
        raise DomainError(N_("NIP kepala unit: %(problem)s"), problem=problem)
    if alert_due_working_days is not None and not 1 <= alert_due_working_days <= 30:
        raise DomainError(N_("Tenggat peringatan harus antara 1 dan 30 hari kerja"))
    unit.name = _text(name, Term(N_("Nama unit")))
    unit.address = (address or "").strip() or None
    unit.target_index = target_index
    unit.active = active
    unit.alert_due_working_days = alert_due_working_days
    unit.head_name = head_name.strip() or None
    unit.head_nip = head_nip or None
    audit.record(session, actor, "unit.update", f"unit:{unit.code}")
    session.commit()
    return unit


def create_counter(
    session: Session,
    unit: Unit,
    *,
    code: str,
    name: str,
    location: str | None,
    actor: User,
) -> Counter:
    code = _code(code, Term(N_("loket")))
    if session.scalar(select(exists().where(Counter.code == code))):
        raise DomainError(
            N_("Kode loket %(code)s sudah dipakai (kode loket unik se-kota)"), code=code
        )
    counter = Counter(
        unit_id=unit.id,
        code=code,
        name=_text(name, Term(N_("Nama loket"))),
        location=(location or "").strip() or None,
    )
    session.add(counter)
    session.flush()
    audit.record(session, actor, "counter.create", f"counter:{code}", unit=unit.code)
    session.commit()
    return counter


def update_counter(
    session: Session,
    counter: Counter,
    *,
    name: str,
    location: str | None,
    address_hourly_limit: int | None,
    active: bool,
    actor: User,
) -> Counter:
    """Edit a counter; ``active=False`` retires it. A retired counter keeps its
    code and its responses (history stays attributed to it); its poster stops
    taking ratings, its kiosks are revoked, its running shifts end now and
    shifts that have not started are removed (nothing was attributed to them)."""
    if address_hourly_limit is not None and address_hourly_limit < 1:
        raise DomainError(N_("Batas per alamat per jam harus 1 atau lebih"))
    counter.name = _text(name, Term(N_("Nama loket")))
    counter.location = (location or "").strip() or None
    counter.address_hourly_limit = address_hourly_limit
    retiring = counter.active and not active
    counter.active = active
    if retiring:
        now = now_utc()
        for shift in list(counter.duty_assignments):
            if aware(shift.starts_at) > now:
                session.delete(shift)
            elif shift.ends_at is None or aware(shift.ends_at) > now:
                shift.ends_at = now
        kiosks.revoke_all(session, counter, actor)
    action = "counter.retire" if retiring else "counter.update"
    audit.record(session, actor, action, f"counter:{counter.code}", active=active)
    session.commit()
    return counter


def update_service_type(
    session: Session, service: ServiceType, *, name: str, active: bool, actor: User
) -> ServiceType:
    """Rename a service type or retire it (``active=False``): the form stops
    offering it, its past responses keep it."""
    service.name = _text(name, Term(N_("Nama layanan")))
    service.active = active
    audit.record(
        session,
        actor,
        "service_type.update",
        f"service:{service.code}",
        unit=service.unit.code,
        active=active,
    )
    session.commit()
    return service


def shift_state(shift: DutyAssignment, now: dt.datetime) -> str:
    """ "past" (history, read-only), "running" (can be ended) or "coming"
    (can be ended earlier or removed)."""
    if aware(shift.starts_at) > now:
        return "coming"
    if shift.ends_at is not None and aware(shift.ends_at) <= now:
        return "past"
    return "running"


def shift_by_id(session: Session, shift_id: int) -> DutyAssignment:
    shift = session.get(DutyAssignment, shift_id)
    if shift is None:
        raise NotFoundError(N_("Jadwal tugas tidak ditemukan"))
    return shift


def end_shift(
    session: Session, shift: DutyAssignment, ends_at: dt.datetime, actor: User
) -> None:
    """End a shift at ``ends_at`` (not before now: what already happened is
    history, and ratings were attributed by it). Ending earlier never makes an
    overlap, so no other shift is checked."""
    now = now_utc()
    current_end = aware(shift.ends_at) if shift.ends_at else FAR
    if current_end <= now:
        raise DomainError(N_("Jadwal yang sudah berakhir tidak dapat diubah"))
    if ends_at < now - dt.timedelta(minutes=1):
        raise DomainError(N_("Waktu selesai tidak boleh sebelum sekarang"))
    if ends_at <= aware(shift.starts_at):
        raise DomainError(N_("Waktu selesai harus setelah waktu mulai"))
    if ends_at >= current_end:
        raise DomainError(
            N_(
                "Jadwal hanya dapat dipersingkat; untuk memperpanjang, "
                "tambahkan jadwal baru"
            )
        )
    shift.ends_at = max(ends_at, now)
    audit.record(
        session,
        actor,
        "shift.end",
        f"shift:{shift.id}",
        counter=shift.counter.code,
        nip=shift.employee.nip,
    )
    session.commit()


def delete_shift(session: Session, shift: DutyAssignment, actor: User) -> None:
    """Remove a shift that has not started (a started one is history: end it)."""
    if aware(shift.starts_at) <= now_utc():
        raise DomainError(
            N_("Jadwal yang sudah dimulai tidak dapat dihapus; akhiri saja")
        )
    audit.record(
        session,
        actor,
        "shift.delete",
        f"shift:{shift.id}",
        counter=shift.counter.code,
        nip=shift.employee.nip,
    )
    session.delete(shift)
    session.commit()


def parse_local_time(value: str, tz: ZoneInfo) -> dt.datetime:
    """A roster time as typed (YYYY-MM-DD HH:MM, local), or a DomainError."""
    try:
        return roster_time(value.strip(), tz)
    except ValueError:
        raise DomainError(
            N_("Waktu harus berformat YYYY-MM-DD HH:MM (waktu setempat)")
        ) from None


def create_service_type(
    session: Session, unit: Unit, *, code: str, name: str, actor: User
) -> ServiceType:
    code = _code(code, Term(N_("layanan")))
    if session.scalar(
        select(exists().where(ServiceType.unit_id == unit.id, ServiceType.code == code))
    ):
        raise DomainError(N_("Jenis layanan %(code)s sudah ada di unit ini"), code=code)
    service = ServiceType(
        unit_id=unit.id, code=code, name=_text(name, Term(N_("Nama layanan")))
    )
    session.add(service)
    session.flush()
    audit.record(
        session, actor, "service_type.create", f"service:{code}", unit=unit.code
    )
    session.commit()
    return service


Interval = tuple[
    dt.datetime, dt.datetime, int | None
]  # start, end, line (None: stored)


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite returns naive UTC datetimes; PostgreSQL aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def set_employee_active(
    session: Session, nip: str, active: bool, actor: User
) -> Employee:
    """Deactivate (left the unit, retired) or reactivate an employee; history stays."""
    employee = employee_by_nip(session, nip)
    employee.active = active
    if not active:  # someone who left the unit keeps no account and no token
        for user in session.scalars(
            select(User).where(User.employee_id == employee.id)
        ):
            accounts.deactivate(session, user)
    audit.record(
        session,
        actor,
        "employee.activate" if active else "employee.deactivate",
        f"employee:{nip}",
    )
    session.commit()
    return employee


def employee_by_nip(session: Session, nip: str) -> Employee:
    employee = session.scalar(select(Employee).where(Employee.nip == nip))
    if employee is None:
        raise NotFoundError(N_("Pegawai dengan NIP %(nip)s tidak ditemukan"), nip=nip)
    return employee


ROSTER_TIME = "%Y-%m-%d %H:%M"  # local time, as a roster is written


def roster_time(value: str, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.strptime(value, ROSTER_TIME).replace(tzinfo=tz)


FAR = dt.datetime.max.replace(tzinfo=dt.UTC)
