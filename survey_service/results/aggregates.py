"""Sufficient statistics of responses, aggregated in SQL for any grouping and period.

One statement per request, identical on SQLite and PostgreSQL: count, sums of
the response totals, their squares and cubes, and optionally the per-element
answer counts, grouped by any of unit, counter, service type, employee and ISO
week — read from the daily sums (survey_service.results) for days that are
rolled up and from the responses for the newest days.
Sums add up, so any period is a range of local dates, never an average of
weekly indices. Only valid responses count; flagged (suspected stuffing, not
yet reviewed) and excluded ones are counted separately so pages can say so.
No individual response is loaded into Python.
"""

from __future__ import annotations

import datetime as dt
import enum
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from survey_service import results as rollups
from survey_service.core.models.rollups import (
    ELEMENT_COLUMNS,
    SUM_COLUMNS,
    TOTAL_COLUMNS,
)
from survey_service.core.periods import Period
from survey_service.core.statistics import (
    EmployeeIndicator,
    IndexSummary,
    Intervals,
    PeriodFigures,
    element_intervals,
    employee_indicators_by_unit,
    period_figures,
    summaries_from_sums,
)
from survey_service.core.statistics.indicator import BINS
from survey_service.questionnaires.results import VersionSpan
from survey_service.questionnaires.service import version_by_id


class GroupBy(enum.StrEnum):
    UNIT = "unit_id"
    COUNTER = "counter_id"
    SERVICE_TYPE = "service_type_id"
    EMPLOYEE = "employee_id"
    WEEK = "week_start"


@dataclass(frozen=True)
class GroupSums:
    """Per group: key, n, S, Q, C (sums of totals, squares, cubes), and more."""

    by: tuple[GroupBy, ...]
    keys: list[Key]
    n: NDArray[np.int64]
    total_sum: NDArray[np.int64]
    total_sumsq: NDArray[np.int64]
    total_sumcube: NDArray[np.int64]
    flagged: NDArray[np.int64]  # suspected stuffing awaiting review: not counted
    excluded: NDArray[np.int64]  # excluded by a reviewer: not counted
    element_counts: NDArray[np.int64] | None  # (groups, 9, 4) or None

    @cached_property
    def codes(self) -> NDArray[np.int64]:
        """The keys as an integer array (NULL -1, dates as ordinals), made once."""
        return _encode(self.keys, self.by)

    def __len__(self) -> int:
        return len(self.keys)

    def summaries(self, confidence: float = 0.95) -> list[IndexSummary]:
        """Index, interval and grade per group, the intervals in one vector call."""
        return summaries_from_sums(
            self.n, self.total_sum, self.total_sumsq, self.total_sumcube, confidence
        )

    def element_intervals(self, confidence: float = 0.95) -> Intervals:
        if self.element_counts is None:
            raise ValueError("aggregate with elements=True to get element intervals")
        return element_intervals(self.element_counts, confidence)

    def index_of(self, key: Key) -> int | None:
        try:
            return self.keys.index(key)
        except ValueError:
            return None

    def rollup(self, positions: Sequence[int]) -> GroupSums:
        """Sum groups into fewer: ``positions`` are the key columns to keep."""
        by = tuple(self.by[i] for i in positions)
        codes = self.codes[:, list(positions)]
        if codes.shape[1] == 1:  # the common case, and much faster than axis=0
            values, target = np.unique(codes[:, 0], return_inverse=True)
            unique = values.reshape(-1, 1)
        else:
            unique, target = np.unique(codes, axis=0, return_inverse=True)
        target = target.reshape(-1)

        def add(values: NDArray[np.int64]) -> NDArray[np.int64]:
            out = np.zeros((len(unique), *values.shape[1:]), dtype=np.int64)
            np.add.at(out, target, values)
            return out

        return GroupSums(
            by=by,
            keys=_decode(unique, by),
            n=add(self.n),
            total_sum=add(self.total_sum),
            total_sumsq=add(self.total_sumsq),
            total_sumcube=add(self.total_sumcube),
            flagged=add(self.flagged),
            excluded=add(self.excluded),
            element_counts=None
            if self.element_counts is None
            else add(self.element_counts),
        )


def figures_of(sums: GroupSums, i: int | None) -> PeriodFigures:
    """Every figure of group ``i`` of ``sums`` (no responses when ``i`` is None):
    the one path from SQL sums to what pages, PDFs, exports and the API show."""
    if i is None:
        return period_figures(0, 0, 0, 0)
    counts = sums.element_counts[i] if sums.element_counts is not None else None
    return period_figures(*sums_of(sums, i), counts)


def sums_of(sums: GroupSums, i: int | None) -> tuple[int, int, int, int]:
    """(n, S, Q, C) of group ``i`` as Python integers; zeros when ``i`` is None."""
    if i is None:
        return (0, 0, 0, 0)
    return (
        int(sums.n[i]),
        int(sums.total_sum[i]),
        int(sums.total_sumsq[i]),
        int(sums.total_sumcube[i]),
    )


_NULL = -1  # ids are positive, so -1 can stand for SQL NULL in an integer array


Key = tuple[int | dt.date | None, ...]  # one group's key values, in ``by`` order


def _encode(keys: Sequence[Key], by: Sequence[GroupBy]) -> NDArray[np.int64]:
    """Group keys as integers (dates as ordinals, NULL as -1), for NumPy grouping."""
    if not keys:
        return np.zeros((0, len(by)), dtype=np.int64)
    columns = []
    for j, column in enumerate(by):
        values = [k[j] for k in keys]
        if column is GroupBy.WEEK:
            columns.append(
                [v.toordinal() if isinstance(v, dt.date) else _NULL for v in values]
            )
        else:
            columns.append([v if isinstance(v, int) else _NULL for v in values])
    return np.array(columns, dtype=np.int64).T


def _decode(codes: NDArray[np.int64], by: Sequence[GroupBy]) -> list[Key]:
    columns: list[list[int | dt.date | None]] = []
    for j, column in enumerate(by):
        raw: list[int] = codes[:, j].tolist()
        if column is GroupBy.WEEK:
            columns.append(
                [None if v == _NULL else dt.date.fromordinal(v) for v in raw]
            )
        else:
            columns.append([None if v == _NULL else v for v in raw])
    return list(zip(*columns, strict=True)) if columns else []


def group_sums(
    session: Session,
    period: Period | tuple[dt.date, dt.date],
    by: Sequence[GroupBy | str],
    *,
    unit_ids: Iterable[int] | None = None,
    employee_ids: Iterable[int] | None = None,
    counter_ids: Iterable[int] | None = None,
    elements: bool = False,
) -> GroupSums:
    """Sufficient statistics per group for the local dates of ``period``: one
    statement over the daily sums and the days not yet rolled up."""
    start, end = (period.start, period.end) if isinstance(period, Period) else period
    columns = [GroupBy(b) for b in by]
    measures = list(SUM_COLUMNS) + (list(ELEMENT_COLUMNS) if elements else [])
    query = rollups.source(
        session,
        start,
        end,
        [c.value for c in columns],
        measures,
        unit_ids=unit_ids,
        employee_ids=employee_ids,
        counter_ids=counter_ids,
    )
    rows = _fetch_tuples(session, query)
    width = len(columns)
    values = (
        np.array([r[width:] for r in rows], dtype=np.int64)
        if rows
        else np.zeros((0, len(measures)), dtype=np.int64)
    )
    week = columns.index(GroupBy.WEEK) if GroupBy.WEEK in columns else None
    return GroupSums(
        by=tuple(columns),
        keys=[_key(r[:width], week) for r in rows],
        n=values[:, 0],
        total_sum=values[:, 1],
        total_sumsq=values[:, 2],
        total_sumcube=values[:, 3],
        flagged=values[:, 4],
        excluded=values[:, 5],
        element_counts=values[:, 6:].reshape(-1, 9, 4) if elements else None,
    )


def _fetch_tuples(session: Session, query: object) -> list[tuple[object, ...]]:
    """The driver's own row tuples: aggregates need no per-row Result objects."""
    result = session.connection().execute(query)  # type: ignore[call-overload]
    try:
        return result.cursor.fetchall()  # type: ignore[no-any-return]
    finally:
        result.close()


def _key(values: tuple[object, ...], week: int | None) -> Key:
    """SQLite returns dates as ISO text when read from the driver: make them dates."""
    as_list = list(values)
    if week is not None and isinstance(as_list[week], str):
        as_list[week] = dt.date.fromisoformat(as_list[week])  # type: ignore[arg-type]
    return typing.cast(Key, tuple(as_list))


@dataclass(frozen=True)
class EmployeeIndicators:
    """Indicators of every employee with valid responses in a period, by unit."""

    employee_ids: list[int]
    unit_ids: list[int]
    indicators: list[EmployeeIndicator]


def employee_indicators_for(
    session: Session,
    period: Period,
    targets: dict[int, float],
    *,
    unit_ids: Iterable[int] | None = None,
) -> EmployeeIndicators:
    """Per-employee indicators for ``period``: one statement giving the
    histogram of totals per (unit, employee), from the daily sums.

    ``targets`` maps unit id to that unit's target index. Each unit's reference
    distribution holds all its valid responses, with or without an employee.
    """
    query = rollups.source(
        session,
        period.start,
        period.end,
        ["unit_id", "employee_id"],
        list(TOTAL_COLUMNS),
        unit_ids=unit_ids,
    )
    rows = _fetch_tuples(session, query)
    pairs = np.array(
        [(r[0], _NULL if r[1] is None else r[1]) for r in rows], dtype=np.int64
    ).reshape(-1, 2)
    histograms = np.array([r[2:] for r in rows], dtype=np.int64).reshape(-1, BINS)
    # One histogram of totals per (unit, employee); employee -1: nobody on duty.
    # Groups with no valid response have none; the order is (unit, employee).
    counted = histograms.sum(axis=1) > 0
    pairs, histograms = pairs[counted], histograms[counted]
    order = np.lexsort((pairs[:, 1], pairs[:, 0]))
    pairs, histograms = pairs[order], histograms[order]
    staff = pairs[:, 1] != _NULL
    unit_ids_sorted, unit_row = np.unique(pairs[:, 0], return_inverse=True)
    unit_row = unit_row.reshape(-1)
    unit_histograms = np.zeros((len(unit_ids_sorted), BINS), dtype=np.int64)
    np.add.at(unit_histograms, unit_row, histograms)
    indicators = employee_indicators_by_unit(
        histograms[staff],
        unit_row[staff],
        unit_histograms,
        [targets[u] for u in unit_ids_sorted.tolist()],
    )
    result = EmployeeIndicators(
        employee_ids=pairs[staff, 1].tolist(),
        unit_ids=pairs[staff, 0].tolist(),
        indicators=indicators,
    )
    return result


def version_spans(
    session: Session, unit_id: int, start: dt.date, end: dt.date
) -> list[VersionSpan]:
    """The questionnaire versions the period's counted answers were given
    under, oldest first (more than one: the period spans a change of
    wording), each with its first and last day and its number of responses.
    Read from the daily sums' day rows: the cost grows with the days and
    groups of the period, not with its responses."""
    rows = session.execute(
        rollups.source(
            session,
            start,
            end,
            ["questionnaire_id", "local_date"],
            ["n"],
            unit_ids=[unit_id],
            by_day=True,
        )
    ).all()
    found: dict[int, tuple[dt.date, dt.date, int]] = {}
    for questionnaire_id, day, n in rows:
        if not n:
            continue
        first, last, total = found.get(questionnaire_id, (day, day, 0))
        found[questionnaire_id] = (min(first, day), max(last, day), total + int(n))
    spans = []
    for questionnaire_id, (first, last, total) in found.items():
        version = version_by_id(session, questionnaire_id)
        if version is not None:
            spans.append(
                VersionSpan(
                    questionnaire_id,
                    version.version,
                    version.unit_id is not None,
                    first,
                    last,
                    total,
                )
            )
    return sorted(spans, key=lambda v: (v.first_day, v.version))
