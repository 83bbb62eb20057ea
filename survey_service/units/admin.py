"""Administration: units, counters, service types, employees, duty rosters, imports.

Imports validate every row first and write nothing if any row is wrong, so a
half-imported roster never attributes ratings to the wrong person.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from survey_service.accounts import service as accounts
from survey_service.core import audit, writers
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
from survey_service.core.writers import FORMULA_STARTS
from survey_service.units import kiosks

CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,31}$")
EMPLOYEE_COLUMNS = ("nip", "name", "position", "unit_code")
ROSTER_COLUMNS = ("nip", "counter_code", "starts_at", "ends_at")
ROSTER_TIME = "%Y-%m-%d %H:%M"  # local time, as a roster is written


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
            if _aware(shift.starts_at) > now:
                session.delete(shift)
            elif shift.ends_at is None or _aware(shift.ends_at) > now:
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
    if _aware(shift.starts_at) > now:
        return "coming"
    if shift.ends_at is not None and _aware(shift.ends_at) <= now:
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
    current_end = _aware(shift.ends_at) if shift.ends_at else FAR
    if current_end <= now:
        raise DomainError(N_("Jadwal yang sudah berakhir tidak dapat diubah"))
    if ends_at < now - dt.timedelta(minutes=1):
        raise DomainError(N_("Waktu selesai tidak boleh sebelum sekarang"))
    if ends_at <= _aware(shift.starts_at):
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
    if _aware(shift.starts_at) <= now_utc():
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
        return _local(value.strip(), tz)
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


@dataclass(frozen=True)
class RowError:
    """What is wrong with one line of an import, said like a DomainError:
    an N_-marked message and its parameters, translated where it is shown."""

    line: int  # line in the file, header = 1
    message: str
    params: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message % self.params if self.params else self.message


@dataclass(frozen=True)
class ImportResult:
    imported: int
    errors: list[RowError]


def _given(row: dict[str, str], column: str) -> dict[str, object]:
    """A row's value as a message parameter; an empty cell reads "(kosong)"."""
    name = {"nip": "nip", "unit_code": "unit", "counter_code": "counter"}[column]
    return {name: row[column] or Term(N_("(kosong)"))}


def _read_csv(
    data: bytes, columns: tuple[str, ...]
) -> list[tuple[int, dict[str, str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(N_("Berkas harus CSV ber-encoding UTF-8")) from None
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in columns if c not in header]
    if missing:
        raise DomainError(
            N_("Kolom wajib tidak ada: %(columns)s. Unduh templat."),
            columns=", ".join(missing),
        )
    reader.fieldnames = header
    rows = [
        (i + 2, {k: (v or "").strip() for k, v in row.items() if k})
        for i, row in enumerate(reader)
    ]
    if not rows:
        raise DomainError(N_("Berkas tidak berisi baris data"))
    if len(rows) > 20_000:
        raise DomainError(N_("Paling banyak 20.000 baris sekali impor"))
    return rows


def import_employees(
    session: Session, data: bytes, actor: User, allowed_units: set[int] | None = None
) -> ImportResult:
    """Create or update employees from CSV (nip, name, position, unit_code)."""
    rows = _read_csv(data, EMPLOYEE_COLUMNS)
    units = {u.code: u for u in session.scalars(select(Unit))}
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        problem = nip_problem(row["nip"])
        unit = units.get(row["unit_code"].upper())
        if problem:
            errors.append(
                RowError(
                    line,
                    N_("NIP %(nip)s: %(problem)s"),
                    {**_given(row, "nip"), "problem": problem},
                )
            )
        elif row["nip"] in seen:
            errors.append(
                RowError(
                    line,
                    N_("NIP %(nip)s sudah ada di baris %(other)s"),
                    {"nip": row["nip"], "other": seen[row["nip"]]},
                )
            )
        for column in ("name", "position"):
            if row[column].startswith(FORMULA_STARTS):
                errors.append(
                    RowError(
                        line,
                        N_(
                            "Kolom %(column)s tidak boleh diawali = + - @ atau tab "
                            "(dibaca sebagai rumus oleh spreadsheet)"
                        ),
                        {"column": column},
                    )
                )
        if not row["name"] or len(row["name"]) > 200:
            errors.append(
                RowError(line, N_("Nama wajib diisi (paling banyak 200 karakter)"))
            )
        if not row["position"] or len(row["position"]) > 200:
            errors.append(
                RowError(line, N_("Jabatan wajib diisi (paling banyak 200 karakter)"))
            )
        if unit is None:
            errors.append(
                RowError(
                    line, N_("Unit %(unit)s tidak dikenal"), _given(row, "unit_code")
                )
            )
        elif allowed_units is not None and unit.id not in allowed_units:
            errors.append(
                RowError(
                    line, N_("Unit %(unit)s di luar wewenang Anda"), {"unit": unit.code}
                )
            )
        seen.setdefault(row["nip"], line)
    if errors:
        return ImportResult(0, errors)
    existing = {
        e.nip: e
        for e in session.scalars(
            select(Employee).where(Employee.nip.in_([r["nip"] for _, r in rows]))
        )
    }
    for _, row in rows:
        unit = units[row["unit_code"].upper()]
        employee = existing.get(row["nip"])
        if employee is None:
            session.add(
                Employee(
                    nip=row["nip"],
                    name=row["name"],
                    position=row["position"],
                    unit_id=unit.id,
                )
            )
        else:
            employee.name, employee.position = row["name"], row["position"]
            employee.unit_id, employee.active = unit.id, True
    audit.record(session, actor, "employees.import", None, rows=len(rows))
    session.commit()
    return ImportResult(len(rows), [])


def _local(value: str, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.strptime(value, ROSTER_TIME).replace(tzinfo=tz)


def import_rosters(
    session: Session,
    data: bytes,
    tz: ZoneInfo,
    actor: User,
    allowed_units: set[int] | None = None,
) -> ImportResult:
    """Add duty shifts from CSV (nip, counter_code, starts_at, ends_at; local time)."""
    return add_shifts(
        session, _read_csv(data, ROSTER_COLUMNS), tz, actor, allowed_units
    )


def add_shifts(
    session: Session,
    rows: list[tuple[int, dict[str, str]]],
    tz: ZoneInfo,
    actor: User,
    allowed_units: set[int] | None = None,
) -> ImportResult:
    """Validate every (line, row) of a roster and add them all, or none."""
    employees = {
        e.nip: e
        for e in session.scalars(
            select(Employee).where(Employee.nip.in_([r["nip"] for _, r in rows]))
        )
    }
    counters = {c.code: c for c in session.scalars(select(Counter))}
    errors: list[RowError] = []
    shifts: list[tuple[int, DutyAssignment]] = []
    for line, row in rows:
        employee = employees.get(row["nip"])
        counter = counters.get(row["counter_code"].upper())
        if employee is None:
            errors.append(
                RowError(
                    line,
                    N_("Pegawai dengan NIP %(nip)s tidak ditemukan"),
                    _given(row, "nip"),
                )
            )
        if counter is None:
            errors.append(
                RowError(
                    line,
                    N_("Loket %(counter)s tidak ditemukan"),
                    _given(row, "counter_code"),
                )
            )
        elif allowed_units is not None and counter.unit_id not in allowed_units:
            errors.append(
                RowError(
                    line,
                    N_("Loket %(counter)s di luar wewenang Anda"),
                    {"counter": counter.code},
                )
            )
        if employee and counter and employee.unit_id != counter.unit_id:
            errors.append(
                RowError(line, N_("Pegawai dan loket berasal dari unit berbeda"))
            )
        try:
            starts = _local(row["starts_at"], tz)
            ends = _local(row["ends_at"], tz) if row["ends_at"] else None
        except ValueError:
            errors.append(
                RowError(
                    line, N_("Waktu harus berformat YYYY-MM-DD HH:MM (waktu setempat)")
                )
            )
            continue
        if ends is not None and ends <= starts:
            errors.append(RowError(line, N_("Waktu selesai harus setelah waktu mulai")))
        if employee and counter:
            shifts.append(
                (
                    line,
                    DutyAssignment(
                        employee_id=employee.id,
                        counter_id=counter.id,
                        starts_at=starts,
                        ends_at=ends,
                    ),
                )
            )
    errors += _overlaps(session, shifts)
    if errors:
        return ImportResult(0, sorted(errors, key=lambda e: e.line))
    session.add_all(shift for _, shift in shifts)
    audit.record(session, actor, "rosters.import", None, rows=len(rows))
    session.commit()
    return ImportResult(len(shifts), [])


Interval = tuple[
    dt.datetime, dt.datetime, int | None
]  # start, end, line (None: stored)
FAR = dt.datetime.max.replace(tzinfo=dt.UTC)


def _sweep(groups: dict[int, list[Interval]]) -> list[tuple[int, int | None]]:
    """(line, other line or None for a stored shift) for overlapping intervals.

    Per group, intervals sorted by start; each one that starts before the
    furthest end seen so far overlaps the interval that reached furthest.
    O(n log n) for the whole file instead of every pair.
    """
    found: list[tuple[int, int | None]] = []
    for intervals in groups.values():
        intervals.sort(key=lambda interval: interval[0])
        reach: Interval | None = None
        for interval in intervals:
            start, end, line = interval
            if reach is not None and start < reach[1]:
                if line is not None:
                    found.append((line, reach[2]))
                elif reach[2] is not None:  # a stored shift inside an imported one
                    found.append((reach[2], None))
            if reach is None or end > reach[1]:
                reach = interval
    return found


def _overlaps(
    session: Session, shifts: list[tuple[int, DutyAssignment]]
) -> list[RowError]:
    """Shifts that overlap on one counter (two people on one counter at once
    would make attribution ambiguous) or for one person (one employee at two
    counters at once), within the file or with stored shifts. One query."""
    if not shifts:
        return []
    first = min(shift.starts_at for _, shift in shifts)
    last = max(shift.ends_at or FAR for _, shift in shifts)
    counter_ids = {shift.counter_id for _, shift in shifts}
    employee_ids = {shift.employee_id for _, shift in shifts}
    stored = session.execute(
        select(
            DutyAssignment.counter_id,
            DutyAssignment.employee_id,
            DutyAssignment.starts_at,
            DutyAssignment.ends_at,
        ).where(
            or_(
                DutyAssignment.counter_id.in_(counter_ids),
                DutyAssignment.employee_id.in_(employee_ids),
            ),
            DutyAssignment.starts_at < last,
            or_(DutyAssignment.ends_at.is_(None), DutyAssignment.ends_at > first),
        )
    ).all()
    by_counter: dict[int, list[Interval]] = {}
    by_person: dict[int, list[Interval]] = {}
    for line, shift in shifts:
        interval: Interval = (shift.starts_at, shift.ends_at or FAR, line)
        by_counter.setdefault(shift.counter_id, []).append(interval)
        by_person.setdefault(shift.employee_id, []).append(interval)
    for counter_id, employee_id, starts, ends in stored:
        starts = _aware(starts)
        stored_interval: Interval = (starts, _aware(ends) if ends else FAR, None)
        if counter_id in by_counter:
            by_counter[counter_id].append(stored_interval)
        if employee_id in by_person:
            by_person[employee_id].append(stored_interval)
    errors: dict[int, RowError] = {}  # one message per line is enough
    for line, other in _sweep(by_counter):
        errors.setdefault(
            line,
            RowError(
                line,
                N_("Bertumpuk dengan baris %(other)s di loket yang sama")
                if other is not None
                else N_("Bertumpuk dengan jadwal tugas yang sudah ada di loket ini"),
                {"other": other},
            ),
        )
    for line, other in _sweep(by_person):
        errors.setdefault(
            line,
            RowError(
                line,
                N_(
                    "Pegawai yang sama juga bertugas pada baris %(other)s "
                    "di waktu yang sama"
                )
                if other is not None
                else N_("Pegawai ini sudah terjadwal bertugas di waktu yang sama"),
                {"other": other},
            ),
        )
    return list(errors.values())


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite returns naive UTC datetimes; PostgreSQL aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def template_csv(columns: tuple[str, ...], example: tuple[str, ...]) -> str:
    """The CSV an admin fills in: the header and one example row."""
    return "".join(writers.table_lines(columns, [example]))


EMPLOYEE_EXAMPLE = (
    "198503122010011001",
    "Siti Rahmah",
    "Penata Layanan Operasional",
    "DUKCAPIL",
)
ROSTER_EXAMPLE = (
    "198503122010011001",
    "DUKCAPIL-L1",
    "2026-12-01 08:00",
    "2026-12-01 16:00",
)


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
