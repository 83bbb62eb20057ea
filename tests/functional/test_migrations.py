"""The migrations build exactly the schema the models declare, and undo it."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

import survey_service.models  # noqa: F401 - registers the tables
from survey_service import migrate
from survey_service.db import Base, make_engine
from tests.conftest import BACKENDS, empty_database


def test_there_is_a_single_head():
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_upgrade_gives_the_models_schema_and_downgrade_removes_it(
    backend, worker, tmp_path_factory
):
    url = empty_database(backend, worker, tmp_path_factory, "migrations")
    engine = make_engine(url)
    try:
        migrate.upgrade(url)
        with engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}),
                Base.metadata,
            )
        assert diff == []
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())

        migrate.downgrade(url, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}

        migrate.upgrade(url)  # and back up again: nothing left behind blocks it
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
