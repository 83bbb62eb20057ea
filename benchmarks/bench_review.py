"""Benchmark of the weekly review pages on 10 million responses (`make bench-review`).

For each database: one unit-week dashboard (everything the page computes:
index, previous week, elements, 12-week trend, counters, employee indicators)
next to the raw indexed SQL GROUP BY that reads the same rows (the unit's
twelve weeks by week, counter and employee, with element counts), and the whole
city's weekly overview next to its raw GROUP BY. Prints times and ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, case, cast, func, select
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_stats import (
    WEEK,
    city_overview,
    overview_statement,
    raw_sql,
)
from benchmarks.common import compare_row, run_sizes
from benchmarks.synthetic import fresh_database, make_engine, populate_in_child
from survey_service import skm
from survey_service.models import Response, ResponseStatus, Unit
from survey_service.services import review


def unit_rows_statement(unit_id: int):
    """The raw GROUP BY over the rows the dashboard reads: the unit's 12 weeks."""
    first = WEEK.start - dt.timedelta(weeks=review.TREND_WEEKS - 1)
    valid = Response.status == ResponseStatus.VALID
    total = cast(Response.total, Integer)
    keys = (Response.week_start, Response.counter_id, Response.employee_id)
    measures = [
        func.sum(case((valid, 1), else_=0)),
        func.sum(case((valid, total), else_=0)),
        func.sum(case((valid, total * total), else_=0)),
    ]
    for code in skm.ELEMENT_CODES:
        column = getattr(Response, code.lower())
        measures += [
            func.sum(case((valid & (column == k), 1), else_=0)) for k in range(1, 5)
        ]
    return (
        select(*keys, *measures)
        .where(
            Response.unit_id == unit_id,
            Response.local_date >= first,
            Response.local_date <= WEEK.end,
        )
        .group_by(*keys)
    )


def run(backend: str, size: int, args: argparse.Namespace) -> list[str]:
    url = fresh_database(backend, args.pg_url, args.sqlite_path)
    seconds = populate_in_child(url, size)
    engine = make_engine(url)
    with Session(engine) as session:
        unit = session.scalar(select(Unit).order_by(Unit.id).limit(1))
        today = WEEK.end + dt.timedelta(days=1)
        rows = [
            compare_row(
                backend,
                size,
                "one unit-week dashboard",
                args.runs,
                lambda: review.unit_dashboard(
                    session, unit, WEEK, today, tz=ZoneInfo("Asia/Jakarta")
                ),
                raw_sql(engine, unit_rows_statement(unit.id)),
            ),
            compare_row(
                backend,
                size,
                "city weekly overview",
                args.runs,
                lambda: city_overview(session),
                raw_sql(engine, overview_statement()),
            ),
        ]
    engine.dispose()
    print(f"  {backend} {size:,}: generated in {seconds:.0f} s", flush=True)
    for row in rows:
        print("  " + row, flush=True)
    return rows


def main() -> None:
    run_sizes(
        __doc__ or "",
        "Weekly review (make bench-review)",
        run,
        "10000000",
        "benchmarks/data/review.sqlite3",
    )


if __name__ == "__main__":
    main()
