"""The command line every data benchmark shares: sizes x databases, a markdown table."""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

Run = Callable[[str, int, argparse.Namespace], list[str]]


def best_of(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return min(times) if runs < 3 else statistics.median(times)


def compare_row(
    backend: str,
    size: int,
    label: str,
    runs: int,
    ours: Callable[[], object],
    raw: Callable[[], object],
) -> str:
    """Time the service and the raw SQL the same way; one markdown table row."""
    ours()  # warm the caches once, for both sides alike
    mine, theirs = best_of(runs, ours), best_of(runs, raw)
    return (
        f"| {backend} | {size:,} | {label} | {mine * 1000:.1f} ms "
        f"| {theirs * 1000:.1f} ms | {mine / theirs:.2f}x |"
    )


def database_options(parser: argparse.ArgumentParser, sqlite_path: str) -> None:
    """--backends, --pg-url and --sqlite-path, as every benchmark takes them."""
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--sqlite-path", default=sqlite_path)


def run_sizes(
    description: str, title: str, run: Run, default_sizes: str, default_sqlite: str
) -> list[str]:
    """Parse the usual options, run ``run`` for each size and database, print rows."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", default=default_sizes)
    parser.add_argument("--runs", type=int, default=5)
    database_options(parser, default_sqlite)
    args = parser.parse_args()
    Path(args.sqlite_path).parent.mkdir(parents=True, exist_ok=True)
    print(f"## {title}\n")
    print("| database | responses | request | service | raw SQL | ratio |")
    print("|---|---|---|---|---|---|", flush=True)
    rows: list[str] = []
    for size in (int(s) for s in args.sizes.split(",")):
        for backend in args.backends.split(","):
            rows += run(backend, size, args)
    for row in rows:  # the table again, unindented, once every size has run
        print(row)
    return rows
