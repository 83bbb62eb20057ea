"""The migrations build exactly the schema the models declare, and undo it."""

from __future__ import annotations

import re

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import CheckConstraint, inspect

import survey_service.core.models  # noqa: F401 - registers the tables
from survey_service.core import migrate
from survey_service.core.db import Base, make_engine
from tests.support.databases import BACKENDS, drop_database, empty_database


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
        drop_database(url)


# Words that PostgreSQL adds when it rewrites a CHECK (casts, ANY(ARRAY[...])).
_REWRITE_NOISE = {"text", "character", "varying", "any", "array", "in", "and", "or",
                  "is", "null", "not", "between", "length", "ltrim", "numeric",
                  "integer", "bpchar"}  # fmt: skip


def _normalised(sql: str, table: str) -> str:
    text = sql.lower().replace(f"{table}.", "").replace('"', "")
    return re.sub(r"[\s()]", "", text)


def _tokens(sql: str, table: str) -> set[str]:
    words = re.findall(r"'[^']*'|[0-9]+|[a-z_][a-z0-9_]*", sql.lower())
    return {w for w in words if w not in _REWRITE_NOISE and w != table}


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrated_check_constraints_are_the_models_check_constraints(
    backend, worker, tmp_path_factory
):
    """Alembic's comparison ignores CHECK constraints: compare them here.

    Names on both databases; the expression exactly on SQLite (which keeps the
    text as written) and by its columns and literals on PostgreSQL (which
    rewrites IN lists and BETWEEN into its own form).
    """
    url = empty_database(backend, worker, tmp_path_factory, "checks")
    engine = make_engine(url)
    try:
        migrate.upgrade(url)
        inspector = inspect(engine)
        for table in Base.metadata.sorted_tables:
            declared = {
                c.name: str(
                    c.sqltext.compile(
                        dialect=engine.dialect, compile_kwargs={"literal_binds": True}
                    )
                )
                for c in table.constraints
                if isinstance(c, CheckConstraint)
            }
            found = {
                c["name"]: c["sqltext"]
                for c in inspector.get_check_constraints(table.name)
            }
            assert set(found) == set(declared), table.name
            for name, sql in declared.items():
                if backend == "sqlite":
                    assert _normalised(found[name], table.name) == _normalised(
                        sql, table.name
                    ), name
                else:
                    assert _tokens(found[name], table.name) == _tokens(
                        sql, table.name
                    ), name
    finally:
        engine.dispose()
        drop_database(url)


def test_later_migrations_build_indexes_without_locking_writes():
    """After the initial schema, an index on a table that already exists is
    created with ``create_index_online`` (CONCURRENTLY on PostgreSQL); a plain
    one only on a table the same migration creates (it is empty)."""
    from pathlib import Path

    versions = Path(migrate.MIGRATIONS_DIR) / "versions"
    offenders = []
    for path in sorted(versions.glob("*.py")):
        text = path.read_text()
        created = set(re.findall(r'op\.create_table\(\s*"(\w+)"', text))
        blocks = re.findall(
            r'batch_alter_table\(\s*"(\w+)"[^)]*\) as batch_op:\n((?:[ \t]+.*\n|\n)+?)'
            r"(?=\S|$)",
            text,
        )
        indexed = {table for table, body in blocks if "create_index(" in body}
        indexed |= set(re.findall(r'op\.create_index\(\s*"\w+",\s*"(\w+)"', text))
        offenders += [f"{path.name}: {t}" for t in sorted(indexed - created)]
    assert offenders == []
