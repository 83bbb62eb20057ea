"""Filling, reading and checking the daily sums (see core.models.rollups).

Correctness rests on one rule: a day is in ``daily_sums`` exactly when it is on
or before ``rollup_state.rolled_through``, and then all its responses are.

- ``advance`` rolls every day that has ended (up to yesterday, in the city's
  time zone): only today is read from the responses, so a page reads at most
  one day of raw answers.
- A change to a response of a day that may be rolled rewrites that unit's day
  in the same transaction (``track_changes``), under a shared lock on the state
  row that ``advance`` and ``rebuild`` take exclusively (PostgreSQL; SQLite
  writes one transaction at a time anyway). "May be rolled" starts
  ``ROLL_MARGIN`` before the day ends: a response written for today in the last
  minutes before midnight holds that lock, so ``advance`` just after midnight
  waits for it and then sums it; a transaction would have to last longer than
  the margin to slip past.
- ``source`` reads the rolled days from ``daily_sums`` and later days from
  ``responses`` in one statement, so a reader sees one consistent split.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    Integer,
    Select,
    case,
    cast,
    delete,
    event,
    func,
    insert,
    inspect,
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, UOWTransaction

from survey_service.core import clock, periods
from survey_service.core.db import TIME_ZONE, begin_write
from survey_service.core.models import (
    Channel,
    Response,
    ResponseStatus,
    Ticket,
    Unit,
    User,
    daily_sums,
    rollup_state,
)
from survey_service.core.models.rollups import (
    KEY_COLUMNS,
    MEASURE_COLUMNS,
    PROFILE_VALUES,
    TOTAL_MAX,
    channel_column,
)
from survey_service.core.statistics.intervals import TOTAL_MIN

log = logging.getLogger(__name__)

GRACE_DAYS = 1  # today stays raw: the days before it are rolled as they end
ROLL_MARGIN = dt.timedelta(minutes=5)  # see the module's docstring
STATE_ID = 1


def _count(condition: ColumnElement[bool], value: Any = 1) -> ColumnElement[int]:
    return func.sum(case((condition, value), else_=0))


def _raw_measures() -> dict[str, ColumnElement[int]]:
    """Each daily_sums column as the SQL that computes it from responses."""
    valid = Response.status == ResponseStatus.VALID
    total = cast(Response.total, Integer)
    measures = {
        "n": _count(valid),
        "total_sum": _count(valid, total),
        "total_sumsq": _count(valid, total * total),
        "total_sumcube": _count(valid, total * total * total),
        "flagged": _count(Response.status == ResponseStatus.FLAGGED),
        "excluded": _count(Response.status == ResponseStatus.EXCLUDED),
    }
    for i in range(1, 10):
        column = getattr(Response, f"u{i}")
        for k in range(1, 5):
            measures[f"u{i}_{k}"] = _count(valid & (column == k))
    for t in range(TOTAL_MIN, TOTAL_MAX + 1):
        measures[f"t{t}"] = _count(valid & (Response.total == t))
    for field, values in PROFILE_VALUES.items():
        column = getattr(Response, field)
        for i, value in enumerate(values):
            measures[f"{field}_{i}"] = _count(valid & (column == value))
        measures[f"{field}_none"] = _count(valid & column.is_(None))
    # The insider signals. An account's employee is set when it is made, so
    # whether a ticket was the rated employee's own never changes afterwards.
    rated = Response.status.in_([ResponseStatus.VALID, ResponseStatus.FLAGGED])
    issuer = (
        select(User.employee_id)
        .join(Ticket, Ticket.issued_by_id == User.id)
        .where(Ticket.id == Response.ticket_id)
        .scalar_subquery()
    )
    own = rated & Response.ticket_id.is_not(None) & (issuer == Response.employee_id)
    walk_in = rated & Response.channel.in_([Channel.POSTER, Channel.KIOSK])
    measures["own_ticket_n"] = _count(own)
    measures["own_ticket_sum"] = _count(own, total)
    measures["walk_in_n"] = _count(walk_in)
    measures["walk_in_sum"] = _count(walk_in, total)
    for channel in Channel:
        measures[channel_column(channel)] = _count(
            valid & (Response.channel == channel)
        )
    assert tuple(measures) == MEASURE_COLUMNS  # noqa: S101 - a definition check
    return measures


RAW = _raw_measures()


def _filters(
    table: Any,
    start: dt.date,
    end: dt.date,
    unit_ids: Iterable[int] | None,
    employee_ids: Iterable[int] | None,
    counter_ids: Iterable[int] | None,
) -> list[ColumnElement[bool]]:
    conditions = [table.local_date >= start, table.local_date <= end]
    for name, ids in (
        ("unit_id", unit_ids),
        ("employee_id", employee_ids),
        ("counter_id", counter_ids),
    ):
        if ids is not None:
            conditions.append(getattr(table, name).in_(list(ids)))
    return conditions


def rolled_through(session: Session, *, lock: bool = False) -> dt.date | None:
    """The last day in daily_sums (None: nothing rolled). ``lock`` holds a
    shared lock on it until the transaction ends (PostgreSQL)."""
    query = select(rollup_state.c.rolled_through).where(rollup_state.c.id == STATE_ID)
    if lock:
        query = query.with_for_update(read=True)
    value = session.connection().execute(query).scalar()
    return value if isinstance(value, dt.date) else None


def _segments(
    start: dt.date, end: dt.date, *, by_week: bool
) -> list[tuple[str, dt.date, dt.date]]:
    """The rolled days ``start``..``end`` as (span, first key, last key): whole
    months (unless grouping by week), then whole weeks, then single days."""
    one = dt.timedelta(days=1)
    segments: list[tuple[str, dt.date, dt.date]] = []
    ranges = [(start, end)]
    if not by_week:
        first = start if start.day == 1 else _month(start).end + one
        last_end = _month(end + one).start - one  # the last whole month's end
        if first <= last_end:
            segments.append(("month", first, _month(last_end).start))
            ranges = [(start, first - one), (last_end + one, end)]
    for a, b in ranges:
        if a > b:
            continue
        first = a + (-a.weekday() % 7) * one  # the first Monday on or after a
        last_end = b - ((b.weekday() + 1) % 7) * one  # the last Sunday on or before b
        if first <= last_end:
            segments.append(("week", first, last_end - 6 * one))
            pieces = [(a, first - one), (last_end + one, b)]
        else:
            pieces = [(a, b)]
        segments += [("day", x, y) for x, y in pieces if x <= y]
    return segments


def _month(day: dt.date) -> periods.Period:
    return periods.period_containing(periods.PeriodKind.MONTH, day)


def source(
    session: Session,
    start: dt.date,
    end: dt.date,
    keys: Sequence[str],
    measures: Sequence[str],
    *,
    unit_ids: Iterable[int] | None = None,
    employee_ids: Iterable[int] | None = None,
    counter_ids: Iterable[int] | None = None,
    by_day: bool = False,
) -> Select[Any]:
    """One statement: per group of ``keys``, the sums of ``measures`` over the
    local dates ``start``..``end`` — rolled days from daily_sums (whole months,
    weeks, then days; only day rows with ``by_day``, for a key ``local_date``
    that means the day), later days from the responses — ordered by the keys.
    Columns are labelled with their names."""
    unit_ids = None if unit_ids is None else list(unit_ids)
    employee_ids = None if employee_ids is None else list(employee_ids)
    counter_ids = None if counter_ids is None else list(counter_ids)
    cutoff = rolled_through(session)
    parts: list[Select[Any]] = []
    if cutoff is not None and start <= cutoff:
        table = daily_sums.c
        rolled_keys = [getattr(table, k) for k in keys]
        last_rolled = min(end, cutoff)
        segments = (
            [("day", start, last_rolled)]
            if by_day
            else _segments(start, last_rolled, by_week="week_start" in keys)
        )
        for span, first, last in segments:
            parts.append(
                select(
                    *(c.label(k) for c, k in zip(rolled_keys, keys, strict=True)),
                    *(
                        cast(func.sum(getattr(table, m)), BigInteger).label(m)
                        for m in measures
                    ),
                )
                .where(
                    table.span == span,
                    *_filters(table, first, last, unit_ids, employee_ids, counter_ids),
                )
                .group_by(*rolled_keys)
            )
    raw_start = start if cutoff is None else max(start, cutoff + dt.timedelta(days=1))
    if raw_start <= end or not parts:  # (an empty period reads no rows)
        raw_keys = [getattr(Response, k) for k in keys]
        parts.append(
            select(
                *(c.label(k) for c, k in zip(raw_keys, keys, strict=True)),
                *(RAW[m].label(m) for m in measures),
            )
            .where(
                *_filters(Response, raw_start, end, unit_ids, employee_ids, counter_ids)
            )
            .group_by(*raw_keys)
        )
    if len(parts) == 1:
        only = parts[0]
        return only.order_by(*only.selected_columns[: len(keys)])
    both = union_all(*parts).subquery()
    grouped = [both.c[k] for k in keys]
    return (
        select(
            *grouped,
            *(cast(func.sum(both.c[m]), BigInteger).label(m) for m in measures),
        )
        .group_by(*grouped)
        .order_by(*grouped)
    )


def _insert(session: Session, rows: Select[Any]) -> None:
    """Insert ``rows`` (span, KEY_COLUMNS, MEASURE_COLUMNS) into daily_sums."""
    session.connection().execute(
        insert(daily_sums).from_select(["span", *KEY_COLUMNS, *MEASURE_COLUMNS], rows)
    )


def _fill(session: Session, *where: ColumnElement[bool]) -> None:
    """Insert the day rows of the responses matching ``where``."""
    keys = [getattr(Response, k) for k in KEY_COLUMNS]
    _insert(
        session,
        select(literal("day"), *keys, *(RAW[m] for m in MEASURE_COLUMNS))
        .where(*where)
        .group_by(*keys),
    )


GROUP_COLUMNS = KEY_COLUMNS[2:]  # unit, counter, service type, employee, version


def span_of(span: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the week or month holding ``day``."""
    period = periods.period_containing(span, day)
    return period.start, period.end


def _roll_spans(
    session: Session,
    days: Iterable[dt.date],
    cutoff: dt.date,
    unit_ids: Iterable[int] | None = None,
) -> None:
    """Rewrite the week and month rows holding ``days`` (of ``unit_ids``, or
    every unit) from the day rows, for the weeks and months wholly rolled."""
    table = daily_sums.c
    units = None if unit_ids is None else list(unit_ids)
    spans = {(span, span_of(span, day)) for day in days for span in ("week", "month")}
    for span, (first, last) in sorted(spans):
        if last > cutoff:
            continue
        which = [table.unit_id.in_(units)] if units is not None else []
        session.connection().execute(
            delete(daily_sums).where(
                table.span == span, table.local_date == first, *which
            )
        )
        groups = [getattr(table, k) for k in GROUP_COLUMNS]
        rows = (
            select(
                literal(span),
                literal(first, Date),
                literal(first, Date),
                *groups,
                *(
                    cast(func.sum(getattr(table, m)), BigInteger)
                    for m in MEASURE_COLUMNS
                ),
            )
            .where(
                table.span == "day",
                table.local_date >= first,
                table.local_date <= last,
                *which,
            )
            .group_by(*groups)
        )
        _insert(session, rows)


def _days(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    """Every week's and month's first and last day between ``first`` and
    ``last`` are enough to name every span they touch: one day a week."""
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=7)
    yield last


def _lock_state(session: Session) -> tuple[bool, dt.date | None]:
    """Lock the state row for writing; (whether it exists, its day)."""
    row = (
        session.connection()
        .execute(
            select(rollup_state.c.rolled_through)
            .where(rollup_state.c.id == STATE_ID)
            .with_for_update()
        )
        .first()
    )
    return (row is not None, row[0] if row is not None else None)


def _set_state(session: Session, exists: bool, day: dt.date | None) -> None:
    connection = session.connection()
    if exists:
        connection.execute(
            update(rollup_state)
            .where(rollup_state.c.id == STATE_ID)
            .values(rolled_through=day)
        )
    else:
        connection.execute(insert(rollup_state).values(id=STATE_ID, rolled_through=day))


def advance(session: Session, today: dt.date) -> dt.date | None:
    """Roll every day not yet rolled up to ``GRACE_DAYS`` before ``today``;
    the new last rolled day, or None when there was nothing to do. The caller
    commits. The first call rolls all of history (as ``rebuild`` does)."""
    target = today - dt.timedelta(days=GRACE_DAYS)
    exists, current = _lock_state(session)
    if current is not None and current >= target:
        return None
    first = (
        current + dt.timedelta(days=1) if current is not None else _first_day(session)
    )
    if first is None:  # no responses at all yet
        _set_state(session, exists, target)
        return target
    _roll_days(session, first, target)
    _set_state(session, exists, target)
    return target


def _first_day(session: Session) -> dt.date | None:
    day = session.connection().execute(select(func.min(Response.local_date))).scalar()
    if isinstance(day, str):
        return dt.date.fromisoformat(day)
    return day if isinstance(day, dt.date) else None


def _roll_days(session: Session, first: dt.date, last: dt.date) -> None:
    """Day rows for ``first``..``last`` anew, then the weeks and months they
    complete (``last`` is the new cutoff)."""
    table = daily_sums.c
    # Every week and month row from the first one holding ``first`` goes; the
    # ones that are whole by ``last`` are made again from the day rows.
    earliest = min(span_of("month", first)[0], span_of("week", first)[0])
    session.connection().execute(
        delete(daily_sums).where(table.span == "day", table.local_date >= first)
    )
    session.connection().execute(
        delete(daily_sums).where(table.span != "day", table.local_date >= earliest)
    )
    _fill(session, Response.local_date >= first, Response.local_date <= last)
    _roll_spans(session, _days(earliest, last), last)


AUTO_ADVANCE_MAX_DAYS = 7  # a longer gap is the nightly job's (or rebuild's)
_advanced_on: set[dt.date] = set()  # days this process has advanced on


def advance_after_commit(session: Session, today: dt.date) -> None:
    """Once a day per process, after a citizen's response is committed, roll
    up the day that has just ended (the nightly job does it too). Only a short
    gap is rolled here (a first fill of all history belongs to `flask rollups
    rebuild`); a failure is logged and costs nothing: pages then read those
    days from the responses."""
    if today in _advanced_on:
        return
    try:
        current = rolled_through(session)
        session.rollback()  # end the read; advance takes the write lock itself
        if (
            current is None
            or (today - current).days > AUTO_ADVANCE_MAX_DAYS + GRACE_DAYS
        ):
            if current is not None:
                log.warning(
                    "rollups are %s behind: run `flask rollups advance`",
                    today - current,
                )
            _advanced_on.add(today)
            return
        begin_write(session)
        advance(session, today)
        session.commit()
    except SQLAlchemyError:
        session.rollback()
        log.warning("rolling up the ended days failed", exc_info=True)
        return
    _advanced_on.add(today)


def rebuild(session: Session, today: dt.date, since: dt.date | None = None) -> None:
    """Fill daily_sums anew from the responses (from ``since`` on, or all of
    it) up to ``GRACE_DAYS`` before today (yesterday). Idempotent; the caller
    commits."""
    target = today - dt.timedelta(days=GRACE_DAYS)
    exists, current = _lock_state(session)
    if (
        since is not None
        and current is not None
        and since > current + dt.timedelta(days=1)
    ):
        since = current + dt.timedelta(days=1)  # no gap may be left unrolled
    first = since if since is not None else _first_day(session)
    if since is None:
        session.connection().execute(delete(daily_sums))
    if first is not None:
        _roll_days(session, first, target)
    _set_state(session, exists, target)


# Keeping rolled days exact when responses change --------------------------------

_SLICES = "rollup_slices"


def _may_be_rolled(session: Session, day: dt.date) -> bool:
    """Whether ``day`` can be rolled before this transaction commits: it is at
    least GRACE_DAYS before the city's today, ROLL_MARGIN from now. Today's
    answers skip every rollup query until the last minutes of the day. A
    session that does not know the city's zone (``core.db.TIME_ZONE`` in its
    info) assumes the zone furthest ahead of UTC."""
    zone = session.info.get(TIME_ZONE)
    if zone is None:
        today = clock.now_utc().date() + dt.timedelta(days=1)
    else:
        today = (clock.now(zone) + ROLL_MARGIN).date()
    return day <= today - dt.timedelta(days=GRACE_DAYS)


def _collect(session: Session, _context: UOWTransaction, _instances: object) -> None:
    slices: set[tuple[int, dt.date]] = session.info.setdefault(_SLICES, set())
    changed = [
        *session.new,
        *session.deleted,
        *(
            o
            for o in session.dirty
            if isinstance(o, Response) and session.is_modified(o)
        ),
    ]
    for obj in changed:
        if not isinstance(obj, Response):
            continue
        state = inspect(obj)
        units = {obj.unit_id, *state.attrs.unit_id.history.deleted}
        days = {obj.local_date, *state.attrs.local_date.history.deleted}
        slices.update(
            (unit, day)
            for unit in units
            for day in days
            if unit is not None
            and isinstance(day, dt.date)
            and _may_be_rolled(session, day)
        )


def _rewrite(session: Session, _context: UOWTransaction) -> None:
    rewrite_days(session, session.info.pop(_SLICES, set()))


def rewrite_days(session: Session, slices: Iterable[tuple[int, dt.date]]) -> None:
    """Rewrite the sums of each (unit, day) in ``slices`` that is already
    rolled up, from its responses, in the session's transaction. The flush of
    an ORM change calls it (``track_changes``); a plain INSERT of a response
    calls it itself. Days that cannot be rolled yet (today's) cost no query."""
    slices = {(unit, day) for unit, day in slices if _may_be_rolled(session, day)}
    if not slices:
        return
    cutoff = rolled_through(session, lock=True)
    if cutoff is None:
        return
    by_day: dict[dt.date, set[int]] = {}
    for unit, day in slices:
        if day <= cutoff:
            by_day.setdefault(day, set()).add(unit)
    if not by_day:
        return
    # Two transactions rewriting one unit's day at once would each delete what
    # it sees and insert its own sums: twice the rows. The unit rows, locked in
    # id order, make them take turns (PostgreSQL; SQLite writes one at a time).
    every_unit = sorted({u for units in by_day.values() for u in units})
    session.connection().execute(
        select(Unit.id)
        .where(Unit.id.in_(every_unit))
        .order_by(Unit.id)
        .with_for_update(key_share=True)  # FOR NO KEY UPDATE: inserts go on
    )
    for day, units in sorted(by_day.items()):
        session.connection().execute(
            delete(daily_sums).where(
                daily_sums.c.span == "day",
                daily_sums.c.local_date == day,
                daily_sums.c.unit_id.in_(units),
            )
        )
        _fill(session, Response.local_date == day, Response.unit_id.in_(units))
        _roll_spans(session, [day], cutoff, units)


def _forget(session: Session, *_args: object) -> None:
    session.info.pop(_SLICES, None)


def track_changes(target: Any = Session) -> None:
    """Rewrite a rolled day of a unit whenever one of its responses is added,
    changed or deleted through the ORM, in the flush that writes it."""
    if event.contains(target, "before_flush", _collect):
        return
    event.listen(target, "before_flush", _collect)
    event.listen(target, "after_flush", _rewrite)
    event.listen(target, "after_rollback", _forget)
