"""Exports keep memory flat: the tabulation's respondent rows of one unit as
CSV at 100,000 and 1,000,000 responses, and as XLSX at 10,000 and 50,000 (the
most the workbook carries; beyond, it points to the CSV) (`make bench-export`).

Each export runs in a fresh child process that resets the kernel's peak-RSS
mark, then reads its peak resident memory (VmHWM) after the export against the
resident memory before it (Linux /proc). The ratio printed is the peak memory
growth at the larger size over the growth at the smaller, beside the ratio of
rows: an export that held its rows (or the file) in memory grows with them
(about the rows ratio); a streamed one stays flat (limit 2x, and 64 MB). The
raw SQL column is the time to read the same rows with a bare cursor, for scale.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text

from benchmarks.synthetic import (
    YEAR,
    create_city,
    fresh_database,
    insert_responses,
    make_engine,
)


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(field)


def reset_peak() -> float:
    """Reset the kernel's peak-RSS mark (Linux) and return the RSS now, so the
    peak read later is the export's own, not the start-up's."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status_mb("VmRSS")


def peak_mb() -> float:
    return _status_mb("VmHWM")


def child(url: str, fmt: str) -> None:
    """Export the first unit's year; print growth of peak memory, seconds, rows."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-secret-key-bench-secret-key")
    import openpyxl  # noqa: F401 - imported before measuring, like a warm worker

    from survey_service.app import create_app
    from survey_service.core import periods
    from survey_service.core import writers as exports
    from survey_service.core.db import get_session
    from survey_service.core.models import Unit
    from survey_service.reporting import tabulation as service

    app = create_app()
    with app.app_context():
        session = get_session()
        unit = session.query(Unit).order_by(Unit.id).first()
        period = periods.parse_period(str(YEAR))
        before = reset_peak()
        began = time.perf_counter()
        rows = 0

        def counted():
            nonlocal rows
            for row in service.respondent_rows(session, unit, period):
                rows += 1
                yield row

        written = 0
        if fmt == "csv":
            with open(os.devnull, "w") as sink:
                for line in exports.table_lines(service.RESPONDENT_COLUMNS, counted()):
                    written += len(line.encode())
                    sink.write(line)
        else:
            with tempfile.TemporaryFile() as spool:
                exports.write_xlsx(
                    spool, [("Responden", service.RESPONDENT_COLUMNS, counted())]
                )
                written = spool.tell()
        elapsed = time.perf_counter() - began
        print(f"{peak_mb() - before:.1f} {elapsed:.2f} {rows} {written / 2**20:.1f}")


def raw_seconds(url: str) -> float:
    engine = make_engine(url)
    began = time.perf_counter()
    with engine.connect() as conn:
        unit = conn.execute(text("SELECT min(id) FROM units")).scalar()
        result = conn.execution_options(stream_results=True).execute(
            text(
                "SELECT local_date, service_type_id, u1, u2, u3, u4, u5, u6, u7, u8, "
                "u9, total, age_band, sex, education, occupation FROM responses "
                "WHERE unit_id = :u AND status = 'valid' ORDER BY submitted_at, id"
            ),
            {"u": unit},
        )
        for _ in result:
            pass
    engine.dispose()
    return time.perf_counter() - began


def measure(url: str, fmt: str) -> tuple[float, float, int, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", url, fmt],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    grown, seconds, rows, size = out.stdout.strip().splitlines()[-1].split()
    return float(grown), float(seconds), int(rows), float(size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", nargs=2)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--csv-sizes", default="100000,1000000")
    parser.add_argument("--xlsx-sizes", default="10000,50000")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument(
        "--sqlite-path", default=str(ROOT / "benchmarks" / "data" / "export.sqlite3")
    )
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    Path(args.sqlite_path).parent.mkdir(parents=True, exist_ok=True)
    print("## Exports in bounded memory (tabulation, respondent rows of one unit)\n")
    print(
        "| database | format | rows | file | peak memory growth | growth ratio "
        "| rows ratio | limit | time | raw SQL read |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|", flush=True)
    plan: dict[int, list[str]] = {}
    for fmt, sizes in (("csv", args.csv_sizes), ("xlsx", args.xlsx_sizes)):
        for size in sizes.split(","):
            plan.setdefault(int(size), []).append(fmt)
    for backend in args.backends.split(","):
        first: dict[str, tuple[float, int]] = {}
        for size, formats in sorted(plan.items()):
            url = fresh_database(backend, args.pg_url, args.sqlite_path)
            engine = make_engine(url)
            insert_responses(engine, create_city(engine, units=1), size)
            engine.dispose()
            raw = raw_seconds(url)
            for fmt in formats:
                grown, seconds, rows, written = measure(url, fmt)
                ratios = "| | "
                if fmt in first:
                    small_growth, small_rows = first[fmt]
                    ratios = (
                        f"| {grown / max(small_growth, 0.1):.2f}x "
                        f"| {rows / small_rows:.0f}x "
                    )
                else:
                    first[fmt] = (grown, rows)
                print(
                    f"| {backend} | {fmt} | {rows:,} | {written:.1f} MB "
                    f"| {grown:.1f} MB {ratios}| ≤ 2x, ≤ 64 MB "
                    f"| {seconds:.1f} s | {raw:.1f} s |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
