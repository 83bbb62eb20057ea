"""Figures of the city overview, a few queries for every unit at once."""

from __future__ import annotations

import datetime as dt
import math
import statistics as pystats
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_service.core import periods
from survey_service.core.models import (
    ActionStatus,
    Alert,
    FollowUpAction,
    Publication,
    Response,
    ResponseStatus,
    Unit,
)
from survey_service.core.periods import Period
from survey_service.core.statistics import IndexSummary, RankRange, rank_ranges, shown
from survey_service.results.aggregates import GroupBy, figures_of, group_sums


@dataclass(frozen=True)
class UnitOverview:
    unit: Unit
    summary: IndexSummary
    rank: RankRange | None  # None: too few responses to rank
    actions_due: int  # actions whose target date fell in the period (so far)
    actions_on_time: int  # ...done by that date
    alerts_closed: int  # alerts closed in the period
    median_days_to_close: float | None  # from opening to closing, those alerts
    alerts_overdue: int  # open now and past their deadline

    @property
    def on_time_share(self) -> float | None:
        return self.actions_on_time / self.actions_due if self.actions_due else None


def _bounds(period: Period, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    since = dt.datetime.combine(period.start, dt.time(), tz)
    until = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), tz)
    return since, until


def city_overview(
    session: Session, units: list[Unit], period: Period, today: dt.date, tz: dt.tzinfo
) -> list[UnitOverview]:
    """Every unit of ``units`` for ``period``, highest index first (units that
    cannot be ranked last, by name)."""
    ids = [u.id for u in units]
    sums = group_sums(session, period, [GroupBy.UNIT], unit_ids=ids)
    summaries = {
        unit.id: figures_of(sums, sums.index_of((unit.id,))).summary for unit in units
    }
    due_until = min(period.end, today)
    due: dict[int, int] = defaultdict(int)
    on_time: dict[int, int] = defaultdict(int)
    for unit_id, status, due_date, completed_on in session.execute(
        select(
            FollowUpAction.unit_id,
            FollowUpAction.status,
            FollowUpAction.due_date,
            FollowUpAction.completed_on,
        ).where(
            FollowUpAction.unit_id.in_(ids),
            FollowUpAction.due_date >= period.start,
            FollowUpAction.due_date <= due_until,
        )
    ):
        due[unit_id] += 1
        if (
            status is ActionStatus.DONE
            and completed_on is not None
            and completed_on <= due_date
        ):
            on_time[unit_id] += 1
    since, until = _bounds(period, tz)
    days: dict[int, list[float]] = defaultdict(list)
    for unit_id, opened, closed in session.execute(
        select(Alert.unit_id, Alert.created_at, Alert.acknowledged_at).where(
            Alert.unit_id.in_(ids),
            Alert.acknowledged_at >= since,
            Alert.acknowledged_at < until,
        )
    ):
        days[unit_id].append((closed - opened).total_seconds() / 86400)
    overdue = dict(
        session.execute(
            select(Alert.unit_id, func.count(Alert.id))
            .where(
                Alert.unit_id.in_(ids),
                Alert.acknowledged_at.is_(None),
                Alert.due_on < today,
            )
            .group_by(Alert.unit_id)
        )
        .tuples()
        .all()
    )
    intervals = [
        (s.low_shown, s.high_shown)
        if s.low_shown is not None and s.high_shown is not None
        else None
        for s in (summaries[u.id] for u in units)
    ]
    rows = [
        UnitOverview(
            unit=unit,
            summary=summaries[unit.id],
            rank=rank,
            actions_due=due[unit.id],
            actions_on_time=on_time[unit.id],
            alerts_closed=len(days[unit.id]),
            median_days_to_close=pystats.median(days[unit.id])
            if days[unit.id]
            else None,
            alerts_overdue=int(overdue.get(unit.id, 0)),
        )
        for unit, rank in zip(units, rank_ranges(intervals), strict=True)
    ]
    # By rank range, and by name among units whose ranges start alike: units
    # whose intervals overlap share a rank and are not put in a false order.
    return sorted(
        rows,
        key=lambda r: (
            r.rank is None,
            r.rank.best if r.rank else 0,
            r.unit.name,
        ),
    )


@dataclass(frozen=True)
class IntervalAxis:
    """The index scale of the overview's dot-and-interval chart: the band of
    the intervals shown (on steps of five), not the whole 25-100."""

    low: float
    high: float

    def place(self, value: float) -> float:
        """Where ``value`` falls on the axis, 0 to 1."""
        return (value - self.low) / (self.high - self.low)


def interval_axis(rows: list[UnitOverview]) -> IntervalAxis | None:
    """The axis for the rows that have an interval to show (None: none)."""
    ends = [
        end
        for r in rows
        if r.summary.low_shown is not None and r.summary.high_shown is not None
        for end in (r.summary.low_shown, r.summary.high_shown)
    ]
    if not ends:
        return None
    low = max(25.0, math.floor((min(ends) - 1) / 5) * 5)
    high = min(100.0, math.ceil((max(ends) + 1) / 5) * 5)
    return IntervalAxis(low, high if high > low else low + 5)


# The yearly recap for the evaluation of public-service delivery (PEKPPP).
PEKPPP_COLUMNS = (
    ("year", "tahun"),
    ("unit_code", "kode_unit"),
    ("unit_name", "nama_unit"),
    ("responses", "jumlah_responden"),
    ("months_surveyed", "bulan_survei_berjalan"),
    ("index", "ikm"),
    ("interval_low", "interval_bawah"),
    ("interval_high", "interval_atas"),
    ("grade", "mutu"),
    ("published_periods", "periode_dipublikasikan"),
    ("published_at", "alamat_publikasi"),
    ("actions_planned", "tindak_lanjut_direncanakan"),
    ("actions_done_12_months", "tindak_lanjut_selesai_12_bulan"),
    ("lapor_tracking_ids", "nomor_sp4n_lapor"),
)


@dataclass(frozen=True)
class PekpppRow:
    year: int
    unit_code: str
    unit_name: str
    responses: int
    months_surveyed: int
    index: float | None
    interval_low: float | None
    interval_high: float | None
    grade: str | None
    published_periods: str
    published_at: str  # the public page, when anything of the year is published
    actions_planned: int
    actions_done_12_months: int
    lapor_tracking_ids: str


def pekppp_rows(
    session: Session, units: list[Unit], year: int, public_page: dict[int, str]
) -> list[PekpppRow]:
    """One row per unit for ``year``: surveys run, the index, where results
    were published, and follow-up actions planned in the year and done within
    12 months of being planned. ``public_page`` maps unit id to its URL."""
    period = periods.parse_period(str(year))
    ids = [u.id for u in units]
    sums = group_sums(session, period, [GroupBy.UNIT], unit_ids=ids)
    months: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for unit_id, day in session.execute(
        select(Response.unit_id, Response.local_date)
        .where(
            Response.unit_id.in_(ids),
            Response.status == ResponseStatus.VALID,
            Response.local_date >= period.start,
            Response.local_date <= period.end,
        )
        .distinct()
    ):
        months[unit_id].add((day.year, day.month))
    published: dict[int, list[str]] = defaultdict(list)
    for unit_id, key in session.execute(
        select(Publication.unit_id, Publication.period_key)
        .where(
            Publication.unit_id.in_(ids),
            Publication.period_start >= period.start,
            Publication.period_end <= period.end,
            Publication.superseded_at.is_(None),
            Publication.withdrawn_at.is_(None),
        )
        .order_by(Publication.period_start)
    ):
        published[unit_id].append(key)
    planned: dict[int, int] = defaultdict(int)
    done: dict[int, int] = defaultdict(int)
    lapor: dict[int, list[str]] = defaultdict(list)
    for unit_id, status, created_at, completed_on, tracking in session.execute(
        select(
            FollowUpAction.unit_id,
            FollowUpAction.status,
            FollowUpAction.created_at,
            FollowUpAction.completed_on,
            FollowUpAction.lapor_tracking_id,
        ).where(
            FollowUpAction.unit_id.in_(ids),
            FollowUpAction.period_start >= period.start,
            FollowUpAction.period_start <= period.end,
        )
    ):
        planned[unit_id] += 1
        if (
            status is ActionStatus.DONE
            and completed_on is not None
            and completed_on <= _twelve_months_after(created_at.date())
        ):
            done[unit_id] += 1
        if tracking:
            lapor[unit_id].append(tracking)
    rows = []
    for unit in units:
        summary = figures_of(sums, sums.index_of((unit.id,))).summary
        rows.append(
            PekpppRow(
                year=year,
                unit_code=unit.code,
                unit_name=unit.name,
                responses=summary.n,
                months_surveyed=len(months[unit.id]),
                index=shown(summary.value_shown),
                interval_low=shown(summary.low_shown),
                interval_high=shown(summary.high_shown),
                grade=summary.grade.letter if summary.grade else None,
                published_periods=" ".join(published[unit.id]),
                published_at=public_page[unit.id] if published[unit.id] else "",
                actions_planned=planned[unit.id],
                actions_done_12_months=done[unit.id],
                lapor_tracking_ids=" ".join(lapor[unit.id]),
            )
        )
    return rows


def _twelve_months_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
