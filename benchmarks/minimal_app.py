"""The true limit `make bench-submit` measures the project against: a minimal
Flask app (no extensions, no middleware) on the same database and under the
same gunicorn settings, with a bare GET and a driver-level INSERT of one
response row (sqlite3 with the project's pragmas, or psycopg).

Never deployed: gunicorn runs `benchmarks.minimal_app:app` only in the
benchmark. It reads DATABASE_URL and the BENCH_* ids bench_submit prepared.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from typing import Any

from flask import Flask

app = Flask(__name__)
URL = os.environ["DATABASE_URL"]
COLUMNS = (
    "submitted_at, received_at, local_date, week_start, unit_id, counter_id, "
    "questionnaire_id, channel, u1, u2, u3, u4, u5, u6, u7, u8, u9, total, status"
)
_connection: Any = None  # one per worker process, opened on first use


def _connect() -> Any:
    if URL.startswith("sqlite"):
        connection = sqlite3.connect(
            URL.split("///", 1)[1], isolation_level=None, check_same_thread=False
        )
        for pragma in (
            "journal_mode=WAL",
            "synchronous=NORMAL",
            "busy_timeout=10000",
            "foreign_keys=ON",
        ):
            connection.execute(f"PRAGMA {pragma}")
        return connection
    import psycopg

    return psycopg.connect(URL.replace("postgresql+psycopg://", "postgresql://"),
                           autocommit=True)  # fmt: skip


def _row() -> tuple[Any, ...]:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return (
        now,
        now,
        dt.date(2026, 12, 4),
        dt.date(2026, 11, 30),
        int(os.environ["BENCH_UNIT_ID"]),
        int(os.environ["BENCH_COUNTER_ID"]),
        int(os.environ["BENCH_QUESTIONNAIRE_ID"]),
        "ticket",  # told apart from the project's poster submissions
        *([3] * 9),
        27,
        "valid",
    )


@app.get("/hello")
def hello() -> str:
    return "ok"


@app.post("/submit")
def submit() -> str:
    global _connection
    if _connection is None:
        _connection = _connect()
    _connection.execute(INSERT, _row())
    return "ok"


_MARKS = ", ".join(["?" if URL.startswith("sqlite") else "%s"] * 19)
INSERT = f"INSERT INTO responses ({COLUMNS}) VALUES ({_MARKS})"
