"""Roster import scales linearly: 2,000 and 20,000 rows, SQLite and PostgreSQL.

`python benchmarks/bench_import.py` (part of `make bench`). Each size is
imported into a fresh city (40 units x 4 counters x 10 staff) with no overlaps,
all rows validated (counters and people) and stored in one transaction, as the
admin page does. The ratio of the two times is printed beside the size ratio
(10x): linear work gives about 10x, the old pairwise check gave ~100x (8,000
rows took 17 s; 20,000 about 110 s, past the worker timeout).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from benchmarks.synthetic import create_city, fresh_database
from survey_service.accounts import service as accounts
from survey_service.core.db import make_engine
from survey_service.core.models import Counter, DutyAssignment, Employee, Role
from survey_service.units.imports import import_rosters

TZ = ZoneInfo("Asia/Jakarta")


def roster(session: Session, rows: int) -> bytes:
    """``rows`` shifts without overlaps: per day, unit and counter, a morning and
    an afternoon shift by two different people, each at one counter a day."""
    counters: dict[int, list[str]] = {}
    for code, unit_id in session.execute(select(Counter.code, Counter.unit_id)):
        counters.setdefault(unit_id, []).append(code)
    staff: dict[int, list[str]] = {}
    for nip, unit_id in session.execute(select(Employee.nip, Employee.unit_id)):
        staff.setdefault(unit_id, []).append(nip)
    lines = ["nip,counter_code,starts_at,ends_at"]
    day = dt.date(2027, 1, 1)
    while len(lines) <= rows:
        for unit_id, codes in counters.items():
            for k, code in enumerate(sorted(codes)):
                for shift, (start, end) in enumerate((("08:00", "12:00"),
                                                      ("12:00", "16:00"))):  # fmt: skip
                    nip = staff[unit_id][k + 4 * shift]
                    lines.append(f"{nip},{code},{day} {start},{day} {end}")
        day += dt.timedelta(days=1)
    return ("\n".join(lines[: rows + 1]) + "\n").encode()


def measure(url: str, rows: int) -> float:
    engine = make_engine(url)
    with Session(engine) as session:
        admin = accounts.create_user(
            session,
            username=f"bench{rows}",
            password="a-long-bench-password",  # noqa: S106 - a throwaway bench admin
            role=Role.ADMIN,
        )
        session.commit()
        data = roster(session, rows)
        before = session.scalar(select(func.count()).select_from(DutyAssignment))
        began = time.perf_counter()
        result = import_rosters(session, data, TZ, admin)
        elapsed = time.perf_counter() - began
        after = session.scalar(select(func.count()).select_from(DutyAssignment))
    engine.dispose()
    if result.errors or after - (before or 0) != rows:
        raise SystemExit(f"import failed: {result.errors[:3]} ({before} -> {after})")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument(
        "--sqlite-path", default=str(ROOT / "benchmarks" / "data" / "import.sqlite3")
    )
    args = parser.parse_args()
    Path(args.sqlite_path).parent.mkdir(parents=True, exist_ok=True)
    print("## Roster import (linear in the number of rows)\n")
    print("| database | 2,000 rows | 20,000 rows | time ratio | size ratio | limit |")
    print("|---|---|---|---|---|---|", flush=True)
    for backend in args.backends.split(","):
        times = []
        for rows in (2_000, 20_000):
            url = fresh_database(backend, args.pg_url, args.sqlite_path)
            create_city(make_engine(url))
            times.append(measure(url, rows))
        print(
            f"| {backend} | {times[0]:.2f} s | {times[1]:.2f} s "
            f"| {times[1] / times[0]:.1f}x | 10x | ≤ 15x |",
            flush=True,
        )


if __name__ == "__main__":
    main()
