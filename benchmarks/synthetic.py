"""Fast bulk generation of synthetic responses straight into the database.

Shared by the benchmarks: a city of units, counters and employees, and any
number of responses over one year, written with executemany on SQLite and COPY
on PostgreSQL in chunks, so memory stays bounded at ten million rows.
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
import time
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import Engine, text

from survey_service.collection.responses import response_columns
from survey_service.core import migrate
from survey_service.core.db import make_engine

YEAR = 2026
CHUNK = 250_000
COLUMNS = (
    "submitted_at",
    "local_date",
    "week_start",
    "unit_id",
    "counter_id",
    "employee_id",
    "questionnaire_id",
    "channel",
    "u1",
    "u2",
    "u3",
    "u4",
    "u5",
    "u6",
    "u7",
    "u8",
    "u9",
    "total",
    "status",
    "time_slot",
    "received_at",
)
CITY = ZoneInfo("Asia/Jakarta")
ELEMENT_EFFECT = np.array([0.1, 0.0, -0.5, 0.4, 0.0, 0.1, 0.05, -0.15, -0.25])
INDEXES = (
    "ix_responses_unit_date",
    "ix_responses_counter_date",
    "ix_responses_employee_date",
    "ix_responses_status_submitted",
    "ix_responses_unit_status_date",
)


def fresh_database(backend: str, pg_url: str, sqlite_path: str) -> str:
    """An empty, migrated database; its URL."""
    if backend == "postgresql":
        admin = make_engine(pg_url).execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text('DROP DATABASE IF EXISTS "survey_bench" WITH (FORCE)'))
            conn.execute(text('CREATE DATABASE "survey_bench"'))
        admin.dispose()
        url = pg_url.rsplit("/", 1)[0] + "/survey_bench"
    else:
        import pathlib

        for suffix in ("", "-wal", "-shm"):
            pathlib.Path(sqlite_path + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{sqlite_path}"
    migrate.upgrade(url)
    return url


def create_city(
    engine: Engine,
    units: int = 40,
    counters_per_unit: int = 4,
    staff_per_unit: int = 10,
) -> dict[str, np.ndarray]:
    """Units, counters and employees; returns the id arrays the generator needs."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO questionnaires (version, title, created_at) "
                "VALUES (1, 'SKM', :now)"
            ),
            {"now": dt.datetime(YEAR, 1, 1)},
        )
        for u in range(units):
            conn.execute(
                text(
                    "INSERT INTO units (code, name, target_index, active, created_at) "
                    "VALUES (:c, :n, 80, true, :now)"
                ),
                {"c": f"U{u:03d}", "n": f"Unit {u}", "now": dt.datetime(YEAR, 1, 1)},
            )
        unit_ids = [
            r[0] for r in conn.execute(text("SELECT id FROM units ORDER BY id"))
        ]
        for uid in unit_ids:
            for c in range(counters_per_unit):
                conn.execute(
                    text(
                        "INSERT INTO counters (unit_id, code, name, public_key, active)"
                        " "
                        "VALUES (:u, :c, :n, :k, true)"
                    ),
                    {
                        "u": uid,
                        "c": f"C{uid}-{c}",
                        "n": f"Loket {c}",
                        "k": secrets.token_urlsafe(18),
                    },
                )
            for e in range(staff_per_unit):
                nip = f"19850312201001{1 + e % 2}{(uid * 100 + e) % 999 + 1:03d}"
                conn.execute(
                    text(
                        "INSERT INTO employees (nip, name, position, unit_id, active) "
                        "VALUES (:nip, :n, 'Pelaksana', :u, true)"
                    ),
                    {"nip": f"{uid:04d}{nip[4:]}", "n": f"Pegawai {uid}-{e}", "u": uid},
                )
        counters = np.array(
            list(
                conn.execute(
                    text("SELECT id, unit_id FROM counters ORDER BY unit_id, id")
                )
            )
        )
        employees = np.array(
            list(
                conn.execute(
                    text("SELECT id, unit_id FROM employees ORDER BY unit_id, id")
                )
            )
        )
    return {
        "counters": counters,
        "employees": employees,
        "staff_per_unit": np.array(staff_per_unit),
    }


def _chunks(
    city: dict[str, np.ndarray], total: int, seed: int
) -> Iterator[dict[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    counters, employees = city["counters"], city["employees"]
    staff = int(city["staff_per_unit"])
    unit_quality = rng.normal(0, 0.25, size=int(counters[:, 1].max()) + 1)
    staff_quality = rng.normal(0, 0.2, size=len(employees))
    start = np.datetime64(f"{YEAR}-01-01")
    for done in range(0, total, CHUNK):
        n = min(CHUNK, total - done)
        pick = rng.integers(0, len(counters), size=n)
        counter_id, unit_id = counters[pick, 0], counters[pick, 1]
        # Employees of the same unit: rows of `employees` are grouped by unit.
        unit_rank = np.searchsorted(employees[:, 1], unit_id)
        staff_row = unit_rank + rng.integers(0, staff, size=n)
        employee_id = employees[staff_row, 0]
        mood = (
            3.2
            + unit_quality[unit_id]
            + staff_quality[staff_row]
            + rng.normal(0, 0.45, size=n)
        )
        scores = np.clip(
            np.rint(mood[:, None] + ELEMENT_EFFECT + rng.normal(0, 0.45, size=(n, 9))),
            1,
            4,
        ).astype(int)
        day = start + rng.integers(0, 364, size=n).astype("timedelta64[D]")
        minutes = rng.integers(8 * 60, 16 * 60, size=n).astype("timedelta64[m]")
        submitted = day.astype("datetime64[m]") + minutes - np.timedelta64(7, "h")
        status = np.where(rng.random(n) < 0.01, "flagged", "valid")
        # The derived columns as the app writes them (collection.responses).
        derived = response_columns(scores, submitted, CITY)
        yield {
            "submitted_at": submitted,
            "local_date": derived["local_date"],
            "week_start": derived["week_start"],
            "time_slot": derived["time_slot"],
            "unit_id": unit_id,
            "counter_id": counter_id,
            "employee_id": employee_id,
            "scores": scores,
            "total": derived["total"],
            "status": status,
        }


def _lines(chunk: dict[str, np.ndarray], sep: str) -> list[str]:
    submitted = np.datetime_as_string(chunk["submitted_at"], unit="s")
    submitted = np.char.replace(submitted, "T", " ")
    local = np.datetime_as_string(chunk["local_date"], unit="D")
    week = np.datetime_as_string(chunk["week_start"], unit="D")
    scores = chunk["scores"]
    totals = chunk["total"]
    return [
        sep.join(
            (
                f"{submitted[i]}.000000",
                local[i],
                week[i],
                str(chunk["unit_id"][i]),
                str(chunk["counter_id"][i]),
                str(chunk["employee_id"][i]),
                "1",
                "poster",
                *map(str, scores[i]),
                str(totals[i]),
                chunk["status"][i],
                chunk["time_slot"][i],
                f"{submitted[i]}.000000",  # received as given, as a live answer
            )
        )
        for i in range(len(totals))
    ]


def insert_responses(
    engine: Engine, city: dict[str, np.ndarray], total: int, seed: int = 1
) -> float:
    """Write ``total`` responses; returns seconds taken (indexes rebuilt after)."""
    began = time.perf_counter()
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        for name in INDEXES:
            conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if not postgres:
            cursor.execute("PRAGMA synchronous=OFF")
        for chunk in _chunks(city, total, seed):
            if postgres:
                buffer = io.StringIO("\n".join(_lines(chunk, "\t")) + "\n")
                with cursor.copy(  # type: ignore[attr-defined]
                    f"COPY responses ({', '.join(COLUMNS)}) FROM STDIN"
                ) as copy:
                    copy.write(buffer.getvalue())
            else:
                rows = [line.split("\t") for line in _lines(chunk, "\t")]
                cursor.execute("BEGIN")
                cursor.executemany(
                    f"INSERT INTO responses ({', '.join(COLUMNS)}) VALUES "
                    f"({', '.join('?' * len(COLUMNS))})",
                    rows,
                )
                cursor.execute("COMMIT")
            if postgres:
                raw.commit()
        cursor.close()
    finally:
        raw.close()
    _recreate_indexes(engine)
    return time.perf_counter() - began


def _recreate_indexes(engine: Engine) -> None:
    import survey_service.core.models  # noqa: F401 - registers the tables
    from survey_service.core.db import Base

    table = Base.metadata.tables["responses"]
    with engine.begin() as conn:
        for index in table.indexes:
            if index.name in INDEXES:
                index.create(conn)
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE responses"))
        else:
            conn.execute(text("ANALYZE"))


__all__ = ["create_city", "fresh_database", "insert_responses", "make_engine"]


def populate(url: str, size: int) -> float:
    """Create the city and ``size`` responses in the database at ``url``."""
    engine = make_engine(url)
    try:
        return insert_responses(engine, create_city(engine), size)
    finally:
        engine.dispose()


def populate_in_child(url: str, size: int) -> float:
    """``populate`` in a child process, so the caller's peak memory is its own."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.synthetic", url, str(size)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    import sys

    print(populate(sys.argv[1], int(sys.argv[2])))
