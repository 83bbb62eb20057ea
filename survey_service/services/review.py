"""The weekly review of a unit: what a head reads on Monday morning.

Everything here is aggregated in SQL (services.aggregates) and computed by the
statistics package; only the period's comments and flagged responses are read
row by row, a page at a time.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_service import periods, skm
from survey_service.models import (
    Employee,
    ServiceVolume,
    Unit,
)
from survey_service.periods import Period
from survey_service.services import questionnaires
from survey_service.services.aggregates import (
    GroupBy,
    employee_indicators_for,
    group_sums,
)
from survey_service.statistics import (
    EmployeeIndicator,
    IndexSummary,
    SampleAdequacy,
    sample_adequacy,
    summary_from_sums,
    weakest_elements,
)

TREND_WEEKS = 12
WEAKEST = 3  # elements marked as improvement priorities


@dataclass(frozen=True)
class Change:
    """The change from the previous period and whether it exceeds the noise."""

    difference: float | None  # index points
    significant: bool
    words: str


@dataclass(frozen=True)
class ElementRow:
    code: str
    name: str
    mean: float | None  # NRR on 1-4
    low: float | None
    high: float | None
    index: float | None  # NRR x 25
    weakest: bool


@dataclass(frozen=True)
class GroupRow:
    key: int | None
    name: str
    summary: IndexSummary
    below_target: bool  # the interval lies wholly below the target


@dataclass(frozen=True)
class EmployeeRow:
    employee_id: int
    name: str
    nip: str
    indicator: EmployeeIndicator


@dataclass(frozen=True)
class TrendPoint:
    week: Period
    summary: IndexSummary


@dataclass(frozen=True)
class Dashboard:
    unit: Unit
    period: Period
    summary: IndexSummary
    previous: IndexSummary
    change: Change
    adequacy: SampleAdequacy
    flagged: int
    excluded: int
    elements: list[ElementRow]
    trend: list[TrendPoint]
    counters: list[GroupRow]
    employees: list[EmployeeRow]


def _variance(n: int, s: int, q: int) -> float:
    """Variance of the response index (25 t / 9) from the sums of totals."""
    if n < 2:
        return 0.0
    scale = (25 / 9) ** 2
    return scale * (q - s * s / n) / (n - 1)


def compare(now: tuple[int, int, int], before: tuple[int, int, int]) -> Change:
    """The change in the index between two periods, judged against its noise.

    A difference counts as real when it exceeds 1.96 standard errors of the
    difference of two independent means (Welch); below 5 responses on either
    side there is nothing to compare.
    """
    (n1, s1, q1), (n0, s0, q0) = now, before
    if min(n1, n0) < 5:
        return Change(None, False, "Belum cukup data untuk membandingkan.")
    difference = 25 * s1 / (9 * n1) - 25 * s0 / (9 * n0)
    se = math.sqrt(_variance(n1, s1, q1) / n1 + _variance(n0, s0, q0) / n0)
    significant = se > 0 and abs(difference) > 1.96 * se
    direction = "naik" if difference > 0 else "turun"
    if abs(difference) < 0.005:
        return Change(0.0, False, "Tidak berubah dari periode sebelumnya.")
    if significant:
        words = (
            f"Indeks {direction} {_comma(abs(difference))} poin; perubahan ini lebih "
            "besar dari variasi acak, kemungkinan besar nyata."
        )
    else:
        words = (
            f"Indeks {direction} {_comma(abs(difference))} poin, tetapi masih dalam "
            "batas variasi acak; belum bisa disebut perubahan nyata."
        )
    return Change(round(difference, 2), bool(significant), words)


def _comma(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def population(session: Session, unit: Unit, period: Period) -> int | None:
    """Transactions served in ``period``: recorded volumes, prorated by days."""
    rows = session.execute(
        select(
            ServiceVolume.period_start,
            ServiceVolume.period_end,
            ServiceVolume.transactions,
        ).where(
            ServiceVolume.unit_id == unit.id,
            ServiceVolume.period_start <= period.end,
            ServiceVolume.period_end >= period.start,
        )
    ).all()
    if not rows:
        return None
    total = 0.0
    for start, end, transactions in rows:
        days = (end - start).days + 1
        overlap = (min(end, period.end) - max(start, period.start)).days + 1
        total += transactions * overlap / days
    return round(total)


def _sums(sums, i: int | None) -> tuple[int, int, int]:
    if i is None:
        return (0, 0, 0)
    return int(sums.n[i]), int(sums.total_sum[i]), int(sums.total_sumsq[i])


def unit_dashboard(
    session: Session, unit: Unit, period: Period, today: dt.date, language: str = "id"
) -> Dashboard:
    """Everything the unit dashboard shows for ``period`` (trend up to ``today``)."""
    this = group_sums(
        session, period, [GroupBy.UNIT], unit_ids=[unit.id], elements=True
    )
    before = group_sums(
        session, periods.previous(period), [GroupBy.UNIT], unit_ids=[unit.id]
    )
    i, j = this.index_of((unit.id,)), before.index_of((unit.id,))
    now_sums, before_sums = _sums(this, i), _sums(before, j)
    summary = summary_from_sums(*now_sums)
    counts = (
        this.element_counts[i]
        if i is not None and this.element_counts is not None
        else None
    )
    return Dashboard(
        unit=unit,
        period=period,
        summary=summary,
        previous=summary_from_sums(*before_sums),
        change=compare(now_sums, before_sums),
        adequacy=sample_adequacy(summary.n, population(session, unit, period)),
        flagged=int(this.flagged[i]) if i is not None else 0,
        excluded=int(this.excluded[i]) if i is not None else 0,
        elements=_elements(session, this, i, counts, language),
        trend=_trend(session, unit, min(period.end, today)),
        counters=_counters(session, unit, period),
        employees=_employees(session, unit, period),
    )


def _elements(session: Session, sums, i, counts, language: str) -> list[ElementRow]:
    version = questionnaires.current_version(session)
    names = {e.code: e.name(language) for e in version.elements} if version else {}
    if counts is None:
        return [
            ElementRow(c, names.get(c, c), None, None, None, None, False)
            for c in skm.ELEMENT_CODES
        ]
    bounds = sums.element_intervals()
    answered = counts.sum(axis=1)
    means = [
        float(counts[k] @ [1, 2, 3, 4] / answered[k]) if answered[k] else None
        for k in range(9)
    ]
    weakest = weakest_elements(means, WEAKEST)
    return [
        ElementRow(
            code=code,
            name=names.get(code, code),
            mean=means[k],
            low=float(bounds.low[i, k]) if means[k] is not None else None,
            high=float(bounds.high[i, k]) if means[k] is not None else None,
            index=round(means[k] * 25, 2) if means[k] is not None else None,
            weakest=k in weakest,
        )
        for k, code in enumerate(skm.ELEMENT_CODES)
    ]


def _trend(session: Session, unit: Unit, last_day: dt.date) -> list[TrendPoint]:
    """The twelve ISO weeks ending with the week of ``last_day``."""
    last = periods.period_containing("week", last_day)
    first = last.start - dt.timedelta(weeks=TREND_WEEKS - 1)
    sums = group_sums(session, (first, last.end), [GroupBy.WEEK], unit_ids=[unit.id])
    by_week = dict(zip([k[0] for k in sums.keys], sums.summaries(), strict=True))
    points = []
    for w in range(TREND_WEEKS):
        week = periods.period_containing("week", first + dt.timedelta(weeks=w))
        points.append(
            TrendPoint(week, by_week.get(week.start, summary_from_sums(0, 0, 0)))
        )
    return points


def _counters(session: Session, unit: Unit, period: Period) -> list[GroupRow]:
    sums = group_sums(session, period, [GroupBy.COUNTER], unit_ids=[unit.id])
    names = {c.id: c.name for c in unit.counters}
    rows = []
    for (counter_id,), summary in zip(sums.keys, sums.summaries(), strict=True):
        rows.append(
            GroupRow(
                counter_id,
                names.get(counter_id, "?"),
                summary,
                _below(summary, unit.target_index),
            )
        )
    return rows


def _below(summary: IndexSummary, target: float) -> bool:
    """Flag only on evidence: a shown value whose interval lies wholly below."""
    return summary.shown and summary.high is not None and summary.high < target


def _employees(session: Session, unit: Unit, period: Period) -> list[EmployeeRow]:
    result = employee_indicators_for(
        session, period, {unit.id: unit.target_index}, unit_ids=[unit.id]
    )
    people = {
        e.id: e
        for e in session.scalars(
            select(Employee).where(Employee.id.in_(result.employee_ids))
        )
    }
    return [
        EmployeeRow(e, people[e].name, people[e].nip, ind)
        for e, ind in zip(result.employee_ids, result.indicators, strict=True)
    ]
