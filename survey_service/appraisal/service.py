"""Appraisal periods: per-employee indicators, frozen into snapshots when closed.

What an evaluator pulls into an SKP must be stable and traceable: closing a
period writes one snapshot row per employee with a checksum over its fields;
late responses, later exclusions or a new method version never change it.
Reopening is audited and keeps the old rows readable (superseded).
The position against target is evidence for the appraising official, never the
rating or predikat itself (docs/method.md; Permenpan RB 6/2022).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from survey_service.core import audit, periods, skm
from survey_service.core.clock import now_utc
from survey_service.core.errors import DomainError
from survey_service.core.masking import mask_personal_numbers
from survey_service.core.models import (
    AppraisalPeriod,
    Employee,
    IndicatorSnapshot,
    PeriodClosure,
    PeriodStatus,
    Response,
    ResponseStatus,
    Role,
    Unit,
    User,
)
from survey_service.core.periods import Period, PeriodKind
from survey_service.core.skm import N_
from survey_service.core.statistics import (
    METHOD_VERSION,
    MIN_RESPONSES_APPRAISAL,
    EmployeeIndicator,
    IndexSummary,
    Position,
    for_appraisal,
)
from survey_service.results.aggregates import (
    GroupBy,
    employee_indicators_for,
    group_sums,
)

APPRAISAL_KINDS = (
    PeriodKind.MONTH,
    PeriodKind.QUARTER,
    PeriodKind.SEMESTER,
    PeriodKind.YEAR,
)
CHECKSUM_FIELDS = (
    "period",
    "nip",
    "name",
    "position",
    "unit_code",
    "responses",
    "indicator",
    "interval_low",
    "interval_high",
    "raw_mean",
    "target",
    "position_against_target",
    "method_version",
)


# An active employee without a response in the period: counted, not assessable.
EMPTY_INDICATOR = EmployeeIndicator(
    0, None, None, None, None, 0.0, Position.NOT_ASSESSABLE, None, False
)


@dataclass(frozen=True)
class IndicatorRow:
    """One employee's line in an appraisal list, export or API answer."""

    snapshot_id: int | None  # None while the period is open (provisional)
    period: str
    nip: str
    name: str
    position: str
    unit_code: str
    responses: int
    indicator: float | None
    interval_low: float | None
    interval_high: float | None
    raw_mean: float | None
    target: float
    position_against_target: str
    method_version: str
    checksum: str | None

    def as_dict(self) -> dict[str, object]:
        return {field: getattr(self, field) for field in self.__dataclass_fields__}


def checksum(fields: dict[str, object]) -> str:
    """SHA-256 of the snapshot's fields in a canonical JSON form."""
    canonical = json.dumps(
        {k: fields[k] for k in CHECKSUM_FIELDS},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def period_record(session: Session, period: Period) -> AppraisalPeriod | None:
    return session.scalar(
        select(AppraisalPeriod).where(AppraisalPeriod.key == period.key)
    )


def live_rows(
    session: Session, period: Period, units: list[Unit]
) -> list[IndicatorRow]:
    """Indicators computed now for every active employee of ``units``."""
    result = employee_indicators_for(
        session,
        period,
        {u.id: u.target_index for u in units},
        unit_ids=[u.id for u in units],
    )
    by_employee = dict(zip(result.employee_ids, result.indicators, strict=True))
    unit_codes = {u.id: u.code for u in units}
    targets = {u.id: float(u.target_index) for u in units}
    staff = session.scalars(
        select(Employee)
        .where(Employee.unit_id.in_(unit_codes))
        .order_by(Employee.unit_id, Employee.name)
    )
    rows = []
    for employee in staff:
        indicator = by_employee.get(employee.id)
        if indicator is None and not employee.active:
            continue
        target = targets[employee.unit_id]
        if indicator is None:
            indicator = EMPTY_INDICATOR
        shown = for_appraisal(indicator)  # no number below the appraisal gate
        rows.append(
            IndicatorRow(
                snapshot_id=None,
                period=period.key,
                nip=employee.nip,
                name=employee.name,
                position=employee.position,
                unit_code=unit_codes[employee.unit_id],
                responses=shown.n,
                indicator=shown.adjusted,
                interval_low=shown.low,
                interval_high=shown.high,
                raw_mean=shown.raw,
                target=target,
                position_against_target=shown.position.value,
                method_version=METHOD_VERSION,
                checksum=None,
            )
        )
    return rows


def snapshot_row(s: IndicatorSnapshot, key: str) -> IndicatorRow:
    return IndicatorRow(
        snapshot_id=s.id,
        period=key,
        nip=s.nip,
        name=s.name,
        position=s.position,
        unit_code=s.unit_code,
        responses=s.responses,
        indicator=s.indicator,
        interval_low=s.interval_low,
        interval_high=s.interval_high,
        raw_mean=s.raw_mean,
        target=s.target,
        position_against_target=s.position_against_target,
        method_version=s.method_version,
        checksum=s.checksum,
    )


def active_closures(
    session: Session, period: Period, units: list[Unit]
) -> dict[int, PeriodClosure]:
    """The closure in force for each unit of ``units`` that is closed."""
    record = period_record(session, period)
    if record is None or not units:
        return {}
    return {
        c.unit_id: c
        for c in session.scalars(
            select(PeriodClosure).where(
                PeriodClosure.period_id == record.id,
                PeriodClosure.unit_id.in_([u.id for u in units]),
                PeriodClosure.reopened_at.is_(None),
            )
        )
    }


def indicator_rows(
    session: Session, period: Period, units: list[Unit]
) -> tuple[list[IndicatorRow], bool]:
    """The period's rows for ``units`` and whether all of them are frozen.

    Units whose period is closed read their frozen snapshots; the others are
    computed live (provisional).
    """
    closed = active_closures(session, period, units)
    frozen_units = [u for u in units if u.id in closed]
    live_units = [u for u in units if u.id not in closed]
    rows = live_rows(session, period, live_units) if live_units else []
    if frozen_units:
        record = period_record(session, period)
        assert record is not None  # noqa: S101 - closures exist only with a record
        snapshots = session.scalars(
            select(IndicatorSnapshot)
            .where(
                IndicatorSnapshot.period_id == record.id,
                IndicatorSnapshot.superseded_at.is_(None),
                IndicatorSnapshot.unit_code.in_([u.code for u in frozen_units]),
            )
            .order_by(IndicatorSnapshot.unit_code, IndicatorSnapshot.name)
        )
        rows += [snapshot_row(s, period.key) for s in snapshots]
    rows.sort(key=lambda r: (r.unit_code, r.name))
    return rows, bool(units) and not live_units


def _require_ended(period: Period, today: dt.date) -> None:
    if period.end >= today:
        raise DomainError(
            N_(
                "Periode %(period)s belum selesai: berakhir %(end)s. "
                "Periode hanya dapat ditutup setelah berakhir."
            ),
            period=periods.named(period),
            end=periods.dated(period.end),
        )


@dataclass(frozen=True)
class UnitToClose:
    unit: Unit
    employees: int
    responses: int
    below_gate: int  # employees with fewer than 10 responses: not assessable
    closed: PeriodClosure | None  # already closed (nothing will change)


def close_preview(
    session: Session, period: Period, units: list[Unit], today: dt.date
) -> list[UnitToClose]:
    """What closing ``period`` for ``units`` would freeze; writes nothing."""
    _require_ended(period, today)
    closed = active_closures(session, period, units)
    by_unit: dict[str, list[IndicatorRow]] = {}
    for row in live_rows(session, period, units):
        by_unit.setdefault(row.unit_code, []).append(row)
    return [
        UnitToClose(
            unit=unit,
            employees=len(by_unit.get(unit.code, [])),
            responses=sum(r.responses for r in by_unit.get(unit.code, [])),
            below_gate=sum(
                1
                for r in by_unit.get(unit.code, [])
                if r.responses < MIN_RESPONSES_APPRAISAL
            ),
            closed=closed.get(unit.id),
        )
        for unit in units
    ]


def close_period(
    session: Session, period: Period, actor: User, units: list[Unit], today: dt.date
) -> list[Unit]:
    """Freeze ``period`` for ``units`` (the actor's scope), audited.

    Refused for a period that has not ended. Units already closed are left as
    they are; returns the units closed now.
    """
    _require_ended(period, today)
    record = period_record(session, period)
    if record is None:
        record = AppraisalPeriod(
            key=period.key, kind=period.kind.value, start=period.start, end=period.end
        )
        session.add(record)
        session.flush()
    already = active_closures(session, period, units)
    to_close = [u for u in units if u.id not in already]
    if not to_close:
        raise DomainError(
            N_("Periode %(key)s sudah ditutup untuk unit Anda"),
            key=periods.named(period),
        )
    ids = dict(session.execute(select(Employee.nip, Employee.id)).tuples().all())
    for row in live_rows(session, period, to_close):
        fields = row.as_dict()
        session.add(
            IndicatorSnapshot(
                period_id=record.id,
                employee_id=ids[row.nip],
                **{k: fields[k] for k in CHECKSUM_FIELDS if k != "period"},
                checksum=checksum(fields),
            )
        )
    for unit in to_close:
        session.add(
            PeriodClosure(period_id=record.id, unit_id=unit.id, closed_by_id=actor.id)
        )
    record.status = PeriodStatus.CLOSED
    record.closed_at = now_utc()
    record.closed_by_id = actor.id
    audit.record(
        session,
        actor,
        "period.close",
        f"period:{period.key}",
        units=[u.code for u in to_close],
    )
    session.commit()
    return to_close


def reopen_period(
    session: Session, period: Period, actor: User, reason: str, units: list[Unit]
) -> list[Unit]:
    """Reopen ``period`` for ``units`` (admins only), with a reason, audited.

    The units' snapshots stay readable, marked superseded; the closure rows
    keep who reopened, when and why.
    """
    if actor.role is not Role.ADMIN:
        raise DomainError(
            N_("Hanya admin yang dapat membuka kembali periode penilaian")
        )
    if not reason.strip():
        raise DomainError(N_("Tuliskan alasan membuka kembali periode"))
    record = period_record(session, period)
    closed = active_closures(session, period, units)
    if record is None or not closed:
        raise DomainError(
            N_("Periode %(key)s belum ditutup"), key=periods.named(period)
        )
    now = now_utc()
    reopened = [u for u in units if u.id in closed]
    for snapshot in session.scalars(
        select(IndicatorSnapshot).where(
            IndicatorSnapshot.period_id == record.id,
            IndicatorSnapshot.superseded_at.is_(None),
            IndicatorSnapshot.unit_code.in_([u.code for u in reopened]),
        )
    ):
        snapshot.superseded_at = now
    for closure in closed.values():
        closure.reopened_at = now
        closure.reopened_by_id = actor.id
        closure.reopen_reason = reason.strip()[:300]
    record.status = PeriodStatus.OPEN
    audit.record(
        session,
        actor,
        "period.reopen",
        f"period:{period.key}",
        reason=reason.strip(),
        units=[u.code for u in reopened],
    )
    session.commit()
    return reopened


def _late_in(period: Period, units: list[Unit]) -> tuple[ColumnElement[bool], ...]:
    """The answers of ``period`` to ``units`` that arrived after it closed."""
    return (
        Response.unit_id.in_([u.id for u in units]),
        Response.status == ResponseStatus.LATE,
        Response.local_date >= period.start,
        Response.local_date <= period.end,
    )


def late_answers(session: Session, period: Period, units: list[Unit]) -> int:
    """Answers of ``period`` to ``units`` that arrived after it was closed
    for them: stored, counted nowhere, waiting for an admin's decision."""
    if not units:
        return 0
    found = session.scalar(select(func.count()).where(*_late_in(period, units)))
    return int(found or 0)


def include_late(
    session: Session, period: Period, actor: User, reason: str, units: list[Unit]
) -> int:
    """Count the answers that arrived after ``period`` was closed, for those
    of ``units`` where it is open again (admins only), with a reason; audited.
    Returns how many now count. A period still closed stays as it was frozen."""
    if actor.role is not Role.ADMIN:
        raise DomainError(
            N_("Hanya admin yang dapat menyertakan jawaban yang tiba terlambat")
        )
    reason = reason.strip()
    if not reason:
        raise DomainError(N_("Tuliskan alasan menyertakan jawaban ini"))
    closed = active_closures(session, period, units)
    reopened = [u for u in units if u.id not in closed]
    if not reopened:
        raise DomainError(
            N_(
                "Periode %(period)s masih ditutup: buka kembali dulu, lalu "
                "sertakan jawaban yang tiba terlambat."
            ),
            period=periods.named(period),
        )
    now = now_utc()
    late = list(session.scalars(select(Response).where(*_late_in(period, reopened))))
    for response in late:
        response.status = ResponseStatus.VALID
        response.status_reason = (
            f"{response.status_reason or ''} | disertakan: {reason}"[:300]
        )
        response.status_decided_by_id = actor.id
        response.status_decided_at = now
    audit.record(
        session,
        actor,
        "period.include_late",
        f"period:{period.key}",
        reason=reason,
        responses=len(late),
        units=[u.code for u in reopened],
    )
    session.commit()
    return len(late)


def record_pull(
    session: Session, actor: User, period: Period, what: str, units: list[Unit]
) -> None:
    """Every pull of indicators (page, export, API) goes to the audit log."""
    audit.record(
        session,
        actor,
        "indicators.pull",
        f"period:{period.key}",
        what=what,
        units=[u.code for u in units],
    )
    session.commit()


@dataclass(frozen=True)
class EmployeeDetail:
    """One employee's period: indicator row, elements, weekly trend, counters."""

    employee: Employee
    row: IndicatorRow | None
    element_means: list[tuple[str, float | None]]
    weeks: list[tuple[str, IndexSummary]]
    counters: list[tuple[str, IndexSummary]]


def employee_detail(
    session: Session, employee: Employee, period: Period
) -> EmployeeDetail:
    """Everything the employee page shows, from three GROUP BYs over their rows."""
    unit = session.get(Unit, employee.unit_id)
    rows, _ = indicator_rows(session, period, [unit] if unit else [])
    row = next((r for r in rows if r.nip == employee.nip), None)
    ids = [employee.id]
    total = group_sums(
        session, period, [GroupBy.EMPLOYEE], employee_ids=ids, elements=True
    )
    means: list[tuple[str, float | None]] = []
    if len(total) and total.element_counts is not None:
        counts = total.element_counts[0]
        answered = counts.sum(axis=1)
        means = [
            (
                code,
                float(counts[k] @ [1, 2, 3, 4] / answered[k]) if answered[k] else None,
            )
            for k, code in enumerate(skm.ELEMENT_CODES)
        ]
    weekly = group_sums(session, period, [GroupBy.WEEK], employee_ids=ids)
    weeks = [
        (periods.period_containing("week", cast(dt.date, key[0])).key, summary)
        for key, summary in zip(weekly.keys, weekly.summaries(), strict=True)
    ]
    by_counter = group_sums(session, period, [GroupBy.COUNTER], employee_ids=ids)
    names: dict[int | dt.date | None, str] = {
        c.id: c.name for c in (unit.counters if unit else [])
    }
    counters = [
        (names.get(key[0], "?"), summary)
        for key, summary in zip(by_counter.keys, by_counter.summaries(), strict=True)
    ]
    return EmployeeDetail(employee, row, means, weeks, counters)


def employee_comments(
    session: Session, employee: Employee, period: Period, limit: int = 100
) -> list[tuple[dt.datetime, str]]:
    """Comments on the employee's own services in ``period``, masked, newest first."""
    query = (
        select(Response.submitted_at, Response.comment)
        .where(
            Response.employee_id == employee.id,
            Response.comment.is_not(None),
            Response.local_date >= period.start,
            Response.local_date <= period.end,
            Response.status == ResponseStatus.VALID,
        )
        .order_by(Response.submitted_at.desc())
        .limit(limit)
    )
    return [
        (at, mask_personal_numbers(text or "")) for at, text in session.execute(query)
    ]


def employee_for_view(session: Session, nip: str) -> Employee | None:
    return session.scalar(select(Employee).where(Employee.nip == nip))
