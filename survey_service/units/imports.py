"""CSV imports of employees and duty rosters: every row checked, every
problem reported by line, nothing stored unless the whole file is right."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from survey_service.core import audit, writers
from survey_service.core.errors import DomainError
from survey_service.core.models import (
    Counter,
    DutyAssignment,
    Employee,
    Unit,
    User,
)
from survey_service.core.skm import N_, Term, nip_problem
from survey_service.core.writers import FORMULA_STARTS
from survey_service.units.admin import FAR, Interval, aware, roster_time

EMPLOYEE_COLUMNS = ("nip", "name", "position", "unit_code")


ROSTER_COLUMNS = ("nip", "counter_code", "starts_at", "ends_at")


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
            starts = roster_time(row["starts_at"], tz)
            ends = roster_time(row["ends_at"], tz) if row["ends_at"] else None
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
        starts = aware(starts)
        stored_interval: Interval = (starts, aware(ends) if ends else FAR, None)
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
