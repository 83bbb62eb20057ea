"""Test databases: SQLite always, PostgreSQL when TEST_DATABASE_URL is set,
one per run and xdist worker, migrated once."""

from __future__ import annotations

import os
import re
import uuid
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from survey_service import create_app

BACKENDS = ("sqlite", "postgresql")


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
