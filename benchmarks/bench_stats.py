"""Benchmark of the statistics engine on 1 and 10 million responses.

For each database and size: the city's weekly overview (every unit, counter and
employee for one week) and a quarter's employee indicators, each next to the
raw SQL GROUP BY that reads the same rows (same statement, plain DB-API cursor,
rows fetched), with their ratio; the interval computation for 100,000 groups;
and the process's peak memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import best_of, compare_row, run_sizes
from benchmarks.synthetic import (
    fresh_database,
    make_engine,
    populate_in_child,
)
from survey_service.core import periods
from survey_service.core.statistics import index_intervals
from survey_service.results import aggregates

WEEK = periods.parse_period("2026-W23")
QUARTER = periods.parse_period("2026-Q2")


def raw_sql(engine, statement) -> Callable[[], object]:
    """Run a compiled statement on a plain DB-API cursor and fetch every row."""
    dialect = (
        postgresql.dialect()
        if engine.dialect.name == "postgresql"
        else (sqlite.dialect())
    )
    compiled = statement.compile(
        dialect=dialect, compile_kwargs={"literal_binds": True}
    )
    sql = str(compiled)

    def run() -> object:
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(sql)
            rows = cursor.fetchall()
            cursor.close()
            return rows
        finally:
            raw.close()

    return run


def overview_statement():
    from sqlalchemy import Integer, case, cast, func, select

    from survey_service.core.models import Response, ResponseStatus

    valid = Response.status == ResponseStatus.VALID
    total = cast(Response.total, Integer)
    keys = (Response.unit_id, Response.counter_id, Response.employee_id)

    def when(c, v=1):
        return func.sum(case((c, v), else_=0))

    return (
        select(
            *keys,
            when(valid),
            when(valid, total),
            when(valid, total * total),
            when(Response.status == ResponseStatus.FLAGGED),
            when(Response.status == ResponseStatus.EXCLUDED),
        )
        .where(Response.local_date >= WEEK.start, Response.local_date <= WEEK.end)
        .group_by(*keys)
        .order_by(*keys)
    )


def indicator_statement():
    from sqlalchemy import func, select

    from survey_service.core.models import Response, ResponseStatus

    return (
        select(Response.unit_id, Response.employee_id, Response.total, func.count())
        .where(
            Response.local_date >= QUARTER.start,
            Response.local_date <= QUARTER.end,
            Response.status == ResponseStatus.VALID,
        )
        .group_by(Response.unit_id, Response.employee_id, Response.total)
    )


def city_overview(session: Session) -> int:
    """What the weekly overview page needs: every unit, counter and employee."""
    fine = aggregates.group_sums(
        session,
        WEEK,
        [
            aggregates.GroupBy.UNIT,
            aggregates.GroupBy.COUNTER,
            aggregates.GroupBy.EMPLOYEE,
        ],
    )
    groups = 0
    for positions in ([0], [1], [2]):
        groups += len(fine.rollup(positions).summaries())
    return groups


def quarter_indicators(session: Session, targets: dict[int, float]) -> int:
    return len(aggregates.employee_indicators_for(session, QUARTER, targets).indicators)


def run(backend: str, size: int, args: argparse.Namespace) -> list[str]:
    url = fresh_database(backend, args.pg_url, args.sqlite_path)
    seconds = populate_in_child(url, size)
    engine = make_engine(url)
    with engine.connect() as conn:
        targets = {
            int(u): 80.0 for (u,) in conn.exec_driver_sql("SELECT id FROM units")
        }
    with Session(engine) as session:
        rows = [
            compare_row(
                backend,
                size,
                "weekly city overview",
                args.runs,
                lambda: city_overview(session),
                raw_sql(engine, overview_statement()),
            ),
            compare_row(
                backend,
                size,
                "quarter employee indicators",
                args.runs,
                lambda: quarter_indicators(session, targets),
                raw_sql(engine, indicator_statement()),
            ),
        ]
    engine.dispose()
    print(f"  {backend} {size:,}: generated and indexed in {seconds:.0f} s", flush=True)
    for row in rows:
        print("  " + row, flush=True)
    return rows


def interval_timing() -> str:
    rng = np.random.default_rng(0)
    n = rng.integers(1, 200, size=100_000)
    totals_mean = rng.uniform(20, 34, size=n.size)
    s = np.rint(totals_mean * n).astype(int)
    q = np.rint((totals_mean**2 + 9) * n).astype(int)
    c = np.rint((totals_mean**3 + 27 * totals_mean) * n).astype(int)  # spread 3
    seconds = best_of(5, lambda: index_intervals(n, s, q, c))
    return f"Intervals for 100,000 groups (vectorised DirEnd½): {seconds * 1000:.0f} ms"


def main() -> None:
    run_sizes(
        __doc__ or "",
        "Statistics engine (make bench-stats)",
        run,
        "1000000,10000000",
        "benchmarks/data/bench.sqlite3",
    )
    print()
    print(interval_timing())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"Peak memory of the process computing the statistics: {peak:.0f} MB "
        "(data generated in a child process)"
    )


if __name__ == "__main__":
    main()
