"""The weekly review of a unit: what a head reads on Monday morning.

Everything here is aggregated in SQL (services.aggregates) and computed by the
statistics package; only the period's comments and flagged responses are read
row by row, a page at a time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_service.collection.tickets import IssuerSignal, issuer_signals
from survey_service.core import periods, skm
from survey_service.core.models import Employee, ServiceVolume, Unit
from survey_service.core.periods import Period
from survey_service.core.statistics import (
    EmployeeIndicator,
    IndexSummary,
    PeriodFigures,
    SampleAdequacy,
    compare_periods,
    index_of_totals,
    sample_adequacy,
    shown_change,
    summary_from_sums,
)
from survey_service.questionnaires import results as own_results
from survey_service.questionnaires import service as questionnaires
from survey_service.results.aggregates import (
    GroupBy,
    employee_indicators_for,
    figures_of,
    group_sums,
    sums_of,
    version_spans,
)

TREND_WEEKS = 12


@dataclass(frozen=True)
class Change:
    """The change from the previous period and whether it exceeds the noise."""

    difference: float | None  # index points
    significant: bool
    # In words on pages and in digests: templates/outreach/_change.txt.


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
    issuers: list[IssuerSignal]
    own_questions: list[own_results.QuestionResult]  # never in the IKM
    versions: list[own_results.VersionSpan]  # more than one: the wording changed


def compare(now: tuple[int, ...], before: tuple[int, ...]) -> Change:
    """The change in the index between two periods, judged against its noise
    by ``statistics.compare_periods``. The number shown is the difference
    of the two shown values, so a reader can check it by subtraction."""
    result = compare_periods(
        (now[0], now[1], now[2]), (before[0], before[1], before[2])
    )
    if not result.comparable:
        return Change(None, False)
    difference = shown_change(
        index_of_totals(now[0], now[1]), index_of_totals(before[0], before[1])
    )
    return Change(difference, bool(difference) and result.significant)


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


def unit_dashboard(
    session: Session,
    unit: Unit,
    period: Period,
    today: dt.date,
    language: str = "id",
    *,
    tz: ZoneInfo,
) -> Dashboard:
    """Everything the unit dashboard shows for ``period`` (trend up to ``today``)."""
    this = group_sums(
        session, period, [GroupBy.UNIT], unit_ids=[unit.id], elements=True
    )
    before = group_sums(
        session, periods.previous(period), [GroupBy.UNIT], unit_ids=[unit.id]
    )
    i, j = this.index_of((unit.id,)), before.index_of((unit.id,))
    now_sums, before_sums = sums_of(this, i), sums_of(before, j)
    figures = figures_of(this, i)
    summary = figures.summary
    return Dashboard(
        unit=unit,
        period=period,
        summary=summary,
        previous=summary_from_sums(*before_sums),
        change=compare(now_sums, before_sums),
        adequacy=sample_adequacy(summary.n, population(session, unit, period)),
        flagged=int(this.flagged[i]) if i is not None else 0,
        excluded=int(this.excluded[i]) if i is not None else 0,
        elements=_elements(session, figures, language),
        trend=_trend(session, unit, min(period.end, today)),
        counters=_counters(session, unit, period),
        employees=_employees(session, unit, period),
        issuers=issuer_signals(session, unit.id, period.start, period.end, tz),
        own_questions=own_results.question_results(
            session, unit.id, period.start, period.end, language
        ),
        versions=version_spans(session, unit.id, period.start, period.end),
    )


def _elements(
    session: Session, figures: PeriodFigures, language: str
) -> list[ElementRow]:
    version = questionnaires.current_version(session)
    names = {e.code: e.name(language) for e in version.elements} if version else {}
    if not figures.elements:
        return [
            ElementRow(c, names.get(c, c), None, None, None, None, False)
            for c in skm.ELEMENT_CODES
        ]
    return [
        ElementRow(
            e.code, names.get(e.code, e.code), e.mean, e.low, e.high, e.index, e.weakest
        )
        for e in figures.elements
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
            TrendPoint(week, by_week.get(week.start, summary_from_sums(0, 0, 0, 0)))
        )
    return points


def _counters(session: Session, unit: Unit, period: Period) -> list[GroupRow]:
    sums = group_sums(session, period, [GroupBy.COUNTER], unit_ids=[unit.id])
    names: dict[int | None, str] = {c.id: c.name for c in unit.counters}
    rows = []
    for (key,), summary in zip(sums.keys, sums.summaries(), strict=True):
        counter_id = key if isinstance(key, int) else None
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
