"""Pages flat in the size of history (`make bench-review`).

For each database, a city of 40 units with 100,000 and then 10,000,000
responses over a year; after `rollups rebuild` every page that aggregates is
requested through the real app (Flask's test client, signed in as an admin,
templates and all), and closing a quarter for the whole city is timed once.
Each line prints the time at both sizes, their ratio and the issue's limit
(1.5x for pages, 2x for closing a quarter), and the SQL statements the page
sends at each size (the same whatever the size and the number of units).
Memory and generation times are printed too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event

from benchmarks.common import best_of, database_options
from benchmarks.synthetic import fresh_database, populate_in_child

WEEK, MONTH, QUARTER, YEAR = "2026-W23", "2026-06", "2026-Q2", "2026"
UNIT = "U000"
PASSWORD = "bench-password-2026"
PAGES = [  # (label, path): everything that aggregates, as people open it
    ("admin home (every unit's last week)", "/"),
    ("unit-week dashboard", f"/units/{UNIT}/dashboard?period={WEEK}"),
    ("unit-quarter dashboard", f"/units/{UNIT}/dashboard?period={QUARTER}"),
    ("SKM report (quarter)", f"/units/{UNIT}/report?period={QUARTER}"),
    ("SKM report PDF (quarter)", f"/units/{UNIT}/report.pdf?period={QUARTER}"),
    ("appraisal indicators, city quarter", f"/appraisal/?period={QUARTER}"),
    ("appraisal indicators, city year", f"/appraisal/?period={YEAR}"),
    ("appraisal export CSV, city quarter", f"/appraisal/export.csv?period={QUARTER}"),
    ("city overview (year)", f"/city/?period={YEAR}"),
    ("alert worklist, every unit", "/alerts"),
    ("public results, every unit", "/hasil/"),
    ("public open data CSV, every unit", "/hasil/data.csv"),
    ("API unit week", None),  # filled with a token below
]
PAGE_LIMIT, CLOSE_LIMIT = 1.5, 2.0


def measure(
    url: str, runs: int
) -> tuple[dict[str, float], float, float, dict[str, int]]:
    """Times of every page and of closing a quarter on the database at ``url``;
    how long the rollup rebuild took; the statements each page sends."""
    os.environ["DATABASE_URL"] = url
    from survey_service import create_app
    from survey_service import results as rollups
    from survey_service.accounts import service as accounts
    from survey_service.appraisal import service as appraisal
    from survey_service.core import periods
    from survey_service.core.db import get_database, get_session
    from survey_service.core.models import Role, Unit, User

    app = create_app(
        {
            "SURVEY_ENV": "development",
            "SECRET_KEY": "bench-secret",
            "DATABASE_URL": url,
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        session = get_session()
        began = time.perf_counter()
        rollups.rebuild(session, dt.date(2026, 12, 31) + dt.timedelta(days=3))
        session.commit()
        rebuild_seconds = time.perf_counter() - began
        admin = accounts.create_user(
            session, username="bench-admin", password=PASSWORD, role=Role.ADMIN
        )
        _, token = accounts.create_api_token(session, admin, "bench")
        session.commit()
    client = app.test_client()
    client.post("/login", data={"username": "bench-admin", "password": PASSWORD})
    pages: dict[str, str] = {label: path or "" for label, path in PAGES}
    pages["API unit week"] = f"/api/v1/units/{UNIT}/weekly?week={WEEK}"
    headers = {"Authorization": f"Bearer {token}"}
    times, sent = {}, {}
    engine = get_database(app).engine
    for label, path in pages.items():

        def get(path: str = path) -> None:
            response = client.get(path, headers=headers if "/api/" in path else {})
            if response.status_code != 200:
                raise RuntimeError(f"{path}: {response.status_code}")
            response.get_data()

        get()  # warm caches and templates once
        statements: list[str] = []

        def count(*_: object, sink: list[str] = statements) -> None:
            sink.append("")

        event.listen(engine, "before_cursor_execute", count)
        get()
        event.remove(engine, "before_cursor_execute", count)
        sent[label] = len(statements)
        times[label] = best_of(runs, get)
    with app.app_context():
        session = get_session()
        actor = session.query(User).filter_by(username="bench-admin").one()
        units = list(session.query(Unit))
        began = time.perf_counter()
        appraisal.close_period(
            session,
            periods.parse_period(QUARTER),
            actor,
            units,
            dt.date(2026, 12, 4),
        )
        close_seconds = time.perf_counter() - began
    get_database(app).engine.dispose()
    return times, close_seconds, rebuild_seconds, sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000,10000000")
    parser.add_argument("--runs", type=int, default=5)
    database_options(parser, "benchmarks/data/review.sqlite3")
    args = parser.parse_args()
    Path(args.sqlite_path).parent.mkdir(parents=True, exist_ok=True)
    small, large = (int(s) for s in args.sizes.split(","))
    print("## Pages flat in the size of history (make bench-review)\n")
    print(
        f"| database | request | {small:,} responses | {large:,} responses "
        "| ratio | limit | statements |"
    )
    print("|---|---|---|---|---|---|---|", flush=True)
    notes = []
    for backend in args.backends.split(","):
        measured = {}
        for size in (small, large):
            url = fresh_database(backend, args.pg_url, args.sqlite_path)
            generated = populate_in_child(url, size)
            measured[size] = measure(url, args.runs)
            notes.append(
                f"- {backend} {size:,}: generated in {generated:.0f} s, rollups "
                f"rebuilt in {measured[size][2]:.1f} s"
            )
        for label in measured[small][0]:
            a, b = measured[small][0][label], measured[large][0][label]
            n_small, n_large = measured[small][3][label], measured[large][3][label]
            print(
                f"| {backend} | {label} | {a * 1000:.1f} ms | {b * 1000:.1f} ms "
                f"| {b / a:.2f}x | ≤ {PAGE_LIMIT}x | {n_small} → {n_large} |",
                flush=True,
            )
        a, b = measured[small][1], measured[large][1]
        print(
            f"| {backend} | close a quarter for the whole city | {a * 1000:.0f} ms "
            f"| {b * 1000:.0f} ms | {b / a:.2f}x | ≤ {CLOSE_LIMIT}x | |",
            flush=True,
        )
    print()
    print("\n".join(notes))


if __name__ == "__main__":
    main()
