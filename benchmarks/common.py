"""The command line every data benchmark shares: sizes x databases, a markdown table."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path

Run = Callable[[str, int, argparse.Namespace], list[str]]


def run_sizes(
    description: str, title: str, run: Run, default_sizes: str, default_sqlite: str
) -> list[str]:
    """Parse the usual options, run ``run`` for each size and database, print rows."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", default=default_sizes)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--sqlite-path", default=default_sqlite)
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
