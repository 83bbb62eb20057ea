"""Sufficient statistics of responses, aggregated in SQL for any grouping and period.

One GROUP BY per request, identical on SQLite and PostgreSQL: COUNT, SUM and
SUM of squares of the response total, and optionally the per-element answer
counts, grouped by any of unit, counter, service type, employee and ISO week.
Sums add up, so any period is a range of local dates, never an average of
weekly indices. Only valid responses count; flagged (suspected stuffing, not
yet reviewed) and excluded ones are counted separately so pages can say so.
No individual response is loaded into Python.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Integer, case, cast, func, select
from sqlalchemy.orm import Session

from survey_service import skm
from survey_service.models import Response, ResponseStatus
from survey_service.periods import Period
from survey_service.statistics import (
    EmployeeIndicator,
    IndexSummary,
    Intervals,
    element_intervals,
    employee_indicators,
    summaries_from_sums,
)
from survey_service.statistics.indicator import BINS
from survey_service.statistics.intervals import TOTAL_MIN


class GroupBy(enum.StrEnum):
    UNIT = "unit_id"
    COUNTER = "counter_id"
    SERVICE_TYPE = "service_type_id"
    EMPLOYEE = "employee_id"
    WEEK = "week_start"


@dataclass(frozen=True)
class GroupSums:
    """Per group: key, n, S = sum of totals, Q = sum of squared totals, and more."""

    by: tuple[GroupBy, ...]
    keys: list[tuple[int | dt.date | None, ...]]
    n: NDArray[np.int64]
    total_sum: NDArray[np.int64]
    total_sumsq: NDArray[np.int64]
    flagged: NDArray[np.int64]  # suspected stuffing awaiting review: not counted
    excluded: NDArray[np.int64]  # excluded by a reviewer: not counted
    element_counts: NDArray[np.int64] | None  # (groups, 9, 4) or None

    def __len__(self) -> int:
        return len(self.keys)

    def summaries(self, confidence: float = 0.95) -> list[IndexSummary]:
        """Index, interval and grade per group, the intervals in one vector call."""
        return summaries_from_sums(self.n, self.total_sum, self.total_sumsq, confidence)

    def element_intervals(self, confidence: float = 0.95) -> Intervals:
        if self.element_counts is None:
            raise ValueError("aggregate with elements=True to get element intervals")
        return element_intervals(self.element_counts, confidence)

    def index_of(self, key: tuple[int | dt.date | None, ...]) -> int | None:
        try:
            return self.keys.index(key)
        except ValueError:
            return None

    def rollup(self, positions: Sequence[int]) -> GroupSums:
        """Sum groups into fewer: ``positions`` are the key columns to keep."""
        by = tuple(self.by[i] for i in positions)
        keys = sorted(
            {tuple(k[i] for i in positions) for k in self.keys}, key=_sort_key
        )
        index = {k: j for j, k in enumerate(keys)}
        target = np.array(
            [index[tuple(k[i] for i in positions)] for k in self.keys], dtype=np.int64
        )

        def add(values: NDArray[np.int64]) -> NDArray[np.int64]:
            out = np.zeros((len(keys), *values.shape[1:]), dtype=np.int64)
            np.add.at(out, target, values)
            return out

        return GroupSums(
            by=by,
            keys=keys,
            n=add(self.n),
            total_sum=add(self.total_sum),
            total_sumsq=add(self.total_sumsq),
            flagged=add(self.flagged),
            excluded=add(self.excluded),
            element_counts=None
            if self.element_counts is None
            else add(self.element_counts),
        )


def _sort_key(key: tuple[object, ...]) -> tuple[tuple[bool, object], ...]:
    return tuple((v is None, v) for v in key)


def _when(condition: object, value: object = 1) -> object:
    return func.sum(case((condition, value), else_=0))  # type: ignore[arg-type]


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
    """Sufficient statistics per group for the local dates of ``period``: one query."""
    start, end = (period.start, period.end) if isinstance(period, Period) else period
    columns = [GroupBy(b) for b in by]
    valid = Response.status == ResponseStatus.VALID
    total = cast(Response.total, Integer)
    keys = [getattr(Response, c.value) for c in columns]
    measures = [
        _when(valid),
        _when(valid, total),
        _when(valid, total * total),
        _when(Response.status == ResponseStatus.FLAGGED),
        _when(Response.status == ResponseStatus.EXCLUDED),
    ]
    if elements:
        for code in skm.ELEMENT_CODES:
            column = getattr(Response, code.lower())
            measures += [_when(valid & (column == k)) for k in range(1, 5)]
    query = (
        select(*keys, *measures)  # type: ignore[arg-type]
        .where(Response.local_date >= start, Response.local_date <= end)
        .group_by(*keys)
        .order_by(*keys)
    )
    if unit_ids is not None:
        query = query.where(Response.unit_id.in_(list(unit_ids)))
    if employee_ids is not None:
        query = query.where(Response.employee_id.in_(list(employee_ids)))
    if counter_ids is not None:
        query = query.where(Response.counter_id.in_(list(counter_ids)))
    rows = session.execute(query).all()
    width = len(keys)
    values = (
        np.array([r[width:] for r in rows], dtype=np.int64)
        if rows
        else np.zeros((0, len(measures)), dtype=np.int64)
    )
    return GroupSums(
        by=tuple(columns),
        keys=[tuple(r[:width]) for r in rows],
        n=values[:, 0],
        total_sum=values[:, 1],
        total_sumsq=values[:, 2],
        flagged=values[:, 3],
        excluded=values[:, 4],
        element_counts=values[:, 5:].reshape(-1, 9, 4) if elements else None,
    )


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
    """Per-employee indicators for ``period``: one GROUP BY (unit, employee, total).

    ``targets`` maps unit id to that unit's target index. Each unit's reference
    distribution holds all its valid responses, with or without an employee.
    """
    query = (
        select(Response.unit_id, Response.employee_id, Response.total, func.count())
        .where(
            Response.local_date >= period.start,
            Response.local_date <= period.end,
            Response.status == ResponseStatus.VALID,
        )
        .group_by(Response.unit_id, Response.employee_id, Response.total)
    )
    if unit_ids is not None:
        query = query.where(Response.unit_id.in_(list(unit_ids)))
    histograms: dict[int, dict[int | None, NDArray[np.int64]]] = {}
    for unit_id, employee_id, total, count in session.execute(query):
        per_unit = histograms.setdefault(unit_id, {})
        hist = per_unit.setdefault(employee_id, np.zeros(BINS, dtype=np.int64))
        hist[total - TOTAL_MIN] += count
    result = EmployeeIndicators([], [], [])
    for unit_id in sorted(histograms):
        per_unit = histograms[unit_id]
        unit_hist = np.sum(list(per_unit.values()), axis=0)
        staff = sorted(e for e in per_unit if e is not None)
        if not staff:
            continue
        indicators = employee_indicators(
            np.array([per_unit[e] for e in staff]), unit_hist, targets[unit_id]
        )
        result.employee_ids.extend(staff)
        result.unit_ids.extend([unit_id] * len(staff))
        result.indicators.extend(indicators)
    return result
