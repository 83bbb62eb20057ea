"""Fixtures: an app per database (SQLite always, PostgreSQL when configured),
migrated once per session, and a clean database per test.

Each test runs inside an outer transaction that is rolled back at the end; the
app's sessions join it through savepoints, so requests can commit as usual.
Set ``TEST_DATABASE_URL`` (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)
to run every database test against PostgreSQL as well.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import settings
from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from survey_service.core.db import get_database
from survey_service.questionnaires import service as questionnaires
from survey_service.web import ratelimit
from tests import factories
from tests.support.databases import BACKENDS, drop_database, migrated_app
from tests.support.web import AuthActions

# CI runs the property tests with fixed examples, so a landing never depends on
# luck; locally hypothesis keeps exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


_TRAVEL: list[Any] = []


def pytest_configure(config: pytest.Config) -> None:
    """With SURVEY_TEST_NOW set, the machine's clock starts at that moment and
    ticks on from before collection (so module-level dates see it too), in
    every xdist worker (see tests/support/clock.py)."""
    moment = os.environ.get("SURVEY_TEST_NOW")
    if moment:
        import time_machine

        travel = time_machine.travel(dt.datetime.fromisoformat(moment), tick=True)
        travel.start()
        _TRAVEL.append(travel)


def pytest_unconfigure(config: pytest.Config) -> None:
    while _TRAVEL:
        _TRAVEL.pop().stop()


@pytest.fixture(scope="session")
def worker(request: pytest.FixtureRequest) -> str:
    return getattr(request.config, "workerinput", {}).get("workerid", "main")


@pytest.fixture(scope="session", params=BACKENDS)
def app(
    request: pytest.FixtureRequest, worker: str, tmp_path_factory: Any
) -> Iterator[Flask]:
    """The app on a migrated database, once per backend and worker."""
    app = migrated_app(request.param, worker, tmp_path_factory, "app")
    yield app
    get_database(app).engine.dispose()
    drop_database(app.config["DATABASE_URL"])


@pytest.fixture
def connection(app: Flask) -> Iterator[Connection]:
    """An outer transaction for one test, rolled back afterwards."""
    database = get_database(app)
    original = database.sessionmaker
    conn = database.engine.connect()
    outer = conn.begin()
    database.sessionmaker = sessionmaker(
        bind=conn,
        join_transaction_mode="create_savepoint",
        expire_on_commit=False,
        info=original.kw["info"],
    )
    app.extensions["survey_limiter"] = ratelimit.Limiter()
    questionnaires.forget_versions()  # ids of rolled-back versions come again
    try:
        yield conn
    finally:
        database.sessionmaker = original
        if outer.is_active:
            outer.rollback()
        conn.close()


@pytest.fixture
def db_session(app: Flask, connection: Connection) -> Iterator[Session]:
    """The test's own Session, in the same transaction as the app's requests."""
    session = get_database(app).sessionmaker()
    factories.bind(session)
    yield session
    factories.bind(None)
    session.close()


@pytest.fixture
def client(app: Flask, db_session: Session) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask, db_session: Session) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture(scope="session", params=BACKENDS)
def live_app(
    request: pytest.FixtureRequest, worker: str, tmp_path_factory: Any
) -> Iterator[Flask]:
    """An app on its own migrated database whose requests really commit.

    For tests where several requests or threads must see each other's commits
    (concurrency, a browser driving a live server). Tests make their own rows
    with distinct codes; the database is dropped with the session.
    """
    app = migrated_app(request.param, worker, tmp_path_factory, "live")
    yield app
    get_database(app).engine.dispose()
    drop_database(app.config["DATABASE_URL"])


@pytest.fixture
def live_session(live_app: Flask) -> Iterator[Session]:
    session = get_database(live_app).sessionmaker()
    factories.bind(session)
    live_app.extensions["survey_limiter"] = ratelimit.Limiter()
    yield session
    factories.bind(None)
    session.close()
