"""Database plumbing: declarative base, engine, and one Session per app context.

Plain SQLAlchemy 2 rather than Flask-SQLAlchemy, so that tests can bind the
session to a connection inside a rolled-back transaction (flask-sqlalchemy#1167)
and services can take the session as their first argument.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import (
    BigInteger,
    Connection,
    DateTime,
    Engine,
    Integer,
    MetaData,
    create_engine,
    event,
)
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.sql import Insert
from sqlalchemy.types import TypeDecorator

log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BIGINT on PostgreSQL, but INTEGER on SQLite where only "INTEGER PRIMARY KEY"
# is an alias of the rowid and autoincrements.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores aware datetimes as UTC and returns them aware (UTC).

    SQLite has no time zone type, so values are normalised to naive UTC on the
    way in and tagged UTC on the way out; naive input is a programming error.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(
        self, value: dt.datetime | None, dialect: Any
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Any
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime()}  # noqa: RUF012 - SQLAlchemy API


def _configure_sqlite(engine: Engine) -> None:
    """WAL, foreign keys, a busy timeout, and transactions SQLAlchemy controls.

    Python's sqlite3 module issues BEGIN itself and breaks SAVEPOINT; the
    documented fix is isolation_level=None plus an explicit BEGIN.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A write transaction takes the write lock up front (BEGIN IMMEDIATE), so
        # concurrent writers wait for each other (busy_timeout) instead of failing
        # with "database is locked" when a read transaction tries to upgrade.
        if connection.get_execution_options().get(WRITE_OPTION):
            _begin_immediate(connection)
        else:
            connection.exec_driver_sql("BEGIN")


WRITE_OPTION = "survey_write"
BUSY_TIMEOUT_MS = 10_000  # how long a statement waits for SQLite's write lock
# Pauses between quick attempts at the write lock (0.1 ms doubling to 1 ms;
# about 50 ms in all) before waiting SQLite's way.
QUICK_PAUSES = (0.0001, 0.0002, 0.0004, 0.0008, *(0.001,) * 47)


def _begin_immediate(connection: Connection) -> None:
    """BEGIN IMMEDIATE, asking again at short pauses while another writer
    holds the lock, and only then waiting SQLite's way.

    SQLite's busy handler sleeps 1 ms, then 2, 5, 10 ms and more, while a
    citizen's submission holds the lock for a few tenths of a millisecond: a
    writer that found it taken slept on after it was free (under load, 7% of
    an app server's time on SQLite). After the quick attempts, the statement
    is sent as before (busy_timeout, SQLAlchemy's errors: "database is locked"
    after BUSY_TIMEOUT_MS). Any other error falls through to that statement
    too, which raises it as SQLAlchemy does.
    """
    raw: Any = connection.connection.driver_connection  # sqlite3.Connection
    raw.execute("PRAGMA busy_timeout=0")  # a taken lock answers at once
    try:
        for pause in QUICK_PAUSES:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:
                    break
            time.sleep(pause)
    finally:
        raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def begin_write(session: Session) -> Connection:
    """Make the session's transaction one meant to write.

    On SQLite a read transaction is ended first and the new one takes the
    write lock at once (BEGIN IMMEDIATE), so writers wait for each other
    instead of failing. On PostgreSQL a transaction that has only read goes
    on (READ COMMITTED: each statement sees what others have committed),
    which saves a COMMIT and a BEGIN. Nothing may be pending in the session.
    Returns the transaction's connection (for statements sent straight to it).
    """
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("begin_write() with unsaved changes in the session")
    if session.get_bind().dialect.name != "sqlite":
        return session.connection()
    if session.in_transaction():
        session.commit()
    return session.connection(execution_options={WRITE_OPTION: True})


def insert_values(connection: Connection, statement: Insert, **values: Any) -> Any:
    """INSERT one row of ``values`` with one plain statement (made once by the
    caller) on the connection of a session's write transaction
    (``begin_write``); the new row's primary key. Columns not given keep their
    defaults.

    For the one hot path where the unit of work, and even building an ORM
    object, costs more than the statement (a citizen's submission); the
    session's flush hooks do not see the row: the caller does what they would do.
    """
    result = connection.execute(statement, values)
    return result.inserted_primary_key[0]  # type: ignore[index]


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with this project's settings for its dialect."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
        return engine
    # A database that does not answer is given 2 s to connect: a page then says
    # "try again shortly" (503) instead of hanging while PostgreSQL restarts.
    engine = create_engine(
        url,
        pool_size=5,
        max_overflow=10,
        pool_timeout=2,
        connect_args={"connect_timeout": 2},
    )
    _ping_rested_connections(engine)
    return engine


PING_AFTER_REST_SECONDS = 5.0
_RESTED_SINCE = "rested_since"  # the pool record's info: monotonic seconds


def _ping_rested_connections(engine: Engine) -> None:
    """Before use, ping a pooled connection that has rested, not every one.

    A connection left unused may have been dropped (PostgreSQL restarted, a
    firewall's idle timeout): one that rested PING_AFTER_REST_SECONDS or more
    is pinged first and replaced if it does not answer (what SQLAlchemy's
    pool_pre_ping does on every checkout: a round trip to the
    database before each request's first statement, 13% of a submission's
    throughput). One in constant use is trusted; if the database goes away
    under it, its statement fails (a 503, the citizen's form again with the
    answers), SQLAlchemy drops every connection of the pool, and the next
    request connects afresh.
    """

    @event.listens_for(engine, "connect")
    def _fresh(_dbapi_connection: Any, record: Any) -> None:
        record.info.pop(_RESTED_SINCE, None)

    @event.listens_for(engine, "checkin")
    def _resting(_dbapi_connection: Any, record: Any) -> None:
        record.info[_RESTED_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_rested(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get(_RESTED_SINCE)
        if since is None or time.monotonic() - since < PING_AFTER_REST_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)  # pool_pre_ping's own ping
        except Exception as exc:
            raise DisconnectionError("a rested connection did not answer") from exc


@dataclass
class Database:
    """The app's engine and session factory, kept in ``app.extensions``."""

    engine: Engine
    sessionmaker: sessionmaker[Session]


TIME_ZONE = "time_zone"  # session.info: the city's zone (SURVEY_TIMEZONE)


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["survey_db"] = Database(
        engine=engine,
        sessionmaker=sessionmaker(
            bind=engine,
            expire_on_commit=False,
            info={TIME_ZONE: app.config["TIMEZONE"]},
        ),
    )
    app.teardown_appcontext(_close_session)


def get_database(app: Flask | None = None) -> Database:
    return (app or current_app).extensions["survey_db"]  # type: ignore[no-any-return]


def get_session() -> Session:
    """The Session of the current app context, opened on first use."""
    if "db_session" not in g:
        g.db_session = get_database().sessionmaker()
    return g.db_session  # type: ignore[no-any-return]


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is None:
        return
    try:
        session.close()
    except DBAPIError:
        # The connection died under us (the database restarted); the pool
        # discards it. The response has been chosen already: do not turn it
        # into a server error while cleaning up.
        log.warning("database session closed with its connection already gone")
