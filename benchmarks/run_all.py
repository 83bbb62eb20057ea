"""Run every benchmark and write benchmarks/RESULTS.md (`make bench`).

Each script prints a markdown table; this collects them under a description of
the machine. `--quick` uses one million responses instead of ten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"


def machine() -> str:
    memory = "?"
    try:
        kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    pg = (
        subprocess.run(
            ["psql", "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        or "?"
    )
    return (
        f"- {os.cpu_count()} CPUs ({cpu}), {memory} memory, {platform.system()} "
        f"{platform.release()}\n- Python {platform.python_version()}, SQLite "
        f"{sqlite3.sqlite_version}, {pg}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = [
        ["bench_stats.py", "--sizes", "1000000" if args.quick else "1000000,10000000"],
        [
            "bench_review.py",
            "--sizes",
            "10000,1000000" if args.quick else "100000,10000000",
        ],
        ["bench_submit.py"],
        ["bench_import.py"],
        ["bench_export.py"],
    ]
    today = dt.datetime.now(dt.UTC).date()
    quick = " BENCH_ARGS=--quick" if args.quick else ""
    parts = [
        f"# Benchmark results\n\nMeasured {today:%Y-%m-%d} by `make bench{quick}`, "
        f"one run each.\n\n{machine()}"
    ]
    for script, *options in runs:
        print(f"running {script} {' '.join(options)}", flush=True)
        out = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / script), *options],
            capture_output=True,
            text=True,
            check=True,
        )
        table = [
            line for line in out.stdout.splitlines() if not line.startswith("  ")
        ]  # progress lines are indented
        parts.append("\n".join(table).strip() + "\n")
    RESULTS.write_text("\n".join(parts))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
