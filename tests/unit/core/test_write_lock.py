"""SQLite's write lock: a writer that finds it taken asks again at short
pauses, gets it once it is free, and after the quick attempts waits SQLite's
way and fails as SQLAlchemy always did."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from survey_service.core import db


def database(tmp_path: Path) -> tuple[Engine, sqlite3.Connection]:
    """An engine on a new file, and another writer (sqlite3) holding its lock."""
    path = tmp_path / "lock.sqlite3"
    engine = db.make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE answers (value INTEGER)"))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return engine, holder


def write(engine: Engine, value: int) -> int:
    """What a submission does: begin_write, INSERT, commit; busy_timeout after."""
    with Session(engine) as session:
        connection = db.begin_write(session)
        connection.execute(text("INSERT INTO answers VALUES (:v)"), {"v": value})
        session.commit()
        return int(session.scalar(text("PRAGMA busy_timeout")))


def test_a_writer_gets_the_lock_at_the_next_short_pause_once_it_is_free(
    tmp_path, monkeypatch
):
    engine, holder = database(tmp_path)
    pauses: list[float] = []

    def pause(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 2:
            holder.execute("COMMIT")  # the other writer is done

    monkeypatch.setattr(db.time, "sleep", pause)

    busy_timeout = write(engine, 7)

    assert pauses == [0.0001, 0.0002]
    assert busy_timeout == db.BUSY_TIMEOUT_MS  # restored after the quick attempts
    assert holder.execute("SELECT value FROM answers").fetchall() == [(7,)]
    assert write(engine, 8) == db.BUSY_TIMEOUT_MS  # a free lock: no pause at all
    assert len(pauses) == 2


def test_a_lock_held_longer_is_waited_for_sqlite_s_way_then_refused(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 50)
    engine, holder = database(tmp_path)
    pauses: list[float] = []
    monkeypatch.setattr(db.time, "sleep", pauses.append)

    with pytest.raises(OperationalError, match="database is locked"):
        write(engine, 7)

    assert pauses == list(db.QUICK_PAUSES)
    assert sum(pauses) == pytest.approx(0.05, abs=0.002)
    holder.execute("COMMIT")
    assert write(engine, 8) == 50  # the connection's busy_timeout is back
