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
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import settings
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from survey_service import create_app
from survey_service.core.db import get_database
from survey_service.web import ratelimit
from tests import factories

# CI runs the property tests with fixed examples, so a landing never depends on
# luck; locally hypothesis keeps exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session", autouse=True)
def machine_clock() -> Iterator[None]:
    """With SURVEY_TEST_NOW set, the whole run sees the machine's clock start at
    that moment and tick on (see tests/support/clock.py)."""
    moment = os.environ.get("SURVEY_TEST_NOW")
    if not moment:
        yield
        return
    import time_machine

    with time_machine.travel(dt.datetime.fromisoformat(moment), tick=True):
        yield


TEST_SECRET = "test-secret-key-not-for-production"


# Databases of this run carry its own id, so two runs on one server (two
# checkouts, CI beside a developer) never drop each other's databases.
RUN_ID = uuid.uuid4().hex[:10]


def postgres_database(worker: str, purpose: str) -> str:
    """A fresh, empty PostgreSQL database for this run and xdist worker; its URL."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (see README)")
    name = f"survey_{purpose}_{re.sub(r'[^a-z0-9]', '', worker)}_{RUN_ID}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Drop a PostgreSQL database made by ``postgres_database`` (SQLite: nothing)."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql"):
        return
    admin = create_engine(os.environ["TEST_DATABASE_URL"], isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()


def empty_database(
    backend: str, worker: str, tmp_path_factory: Any, purpose: str
) -> str:
    if backend == "postgresql":
        return postgres_database(worker, purpose)
    path = tmp_path_factory.mktemp(purpose) / "survey.sqlite3"
    return f"sqlite:///{path}"


def make_test_app(database_url: str, **overrides: Any) -> Flask:
    return create_app(
        {
            "SURVEY_ENV": "testing",
            "SECRET_KEY": TEST_SECRET,
            "DATABASE_URL": database_url,
            **overrides,
        }
    )


def migrated_app(
    backend: str, worker: str, tmp_path_factory: Any, purpose: str
) -> Flask:
    """An app on a fresh database migrated by the real `flask db upgrade`."""
    app = make_test_app(empty_database(backend, worker, tmp_path_factory, purpose))
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    return app


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
        bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    app.extensions["survey_limiter"] = ratelimit.Limiter()
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


# A page any signed-in user may open and a visitor may not: the probe for
# "is this browser signed in?" (the home page "/" is public).
STAFF_PAGE = "/account/tokens"


CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def token_in(page: Any) -> str:
    """The CSRF token of the (first) form in a rendered ``page``."""
    match = CSRF_INPUT.search(page.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return match.group(1)


def csrf_token(client: FlaskClient, path: str) -> str:
    """The CSRF token of the form at ``path``, as a browser would submit it."""
    return token_in(client.get(path))


class AuthActions:
    """Sign in and out through the real pages, CSRF token included."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, username: str, password: str = factories.PASSWORD) -> Any:
        token = csrf_token(self._client, "/login")
        return self._client.post(
            "/login",
            data={"username": username, "password": password, "csrf_token": token},
        )

    def logout(self) -> Any:
        token = csrf_token(self._client, "/")
        return self._client.post("/logout", data={"csrf_token": token})


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
