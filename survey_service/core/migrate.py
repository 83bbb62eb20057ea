"""Alembic wired to the app's configuration (``flask --app wsgi db ...``)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from survey_service.core.paths import resource

MIGRATIONS_DIR = resource("migrations")


def alembic_config(url: str, connection: Connection | None = None) -> Config:
    """An Alembic Config for ``url`` (or an open ``connection``); no .ini file."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser treats % as interpolation; URLs may hold %-escapes.
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.set_section_option("post_write_hooks", "hooks", "ruff_fix, ruff_format")
    for hook, args in (
        ("ruff_fix", "check --fix REVISION_SCRIPT_FILENAME"),
        ("ruff_format", "format REVISION_SCRIPT_FILENAME"),
    ):
        cfg.set_section_option("post_write_hooks", f"{hook}.type", "exec")
        cfg.set_section_option("post_write_hooks", f"{hook}.executable", "ruff")
        cfg.set_section_option("post_write_hooks", f"{hook}.options", args)
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(
    url: str, revision: str = "head", connection: Connection | None = None
) -> None:
    command.upgrade(alembic_config(url, connection), revision)


def downgrade(url: str, revision: str, connection: Connection | None = None) -> None:
    command.downgrade(alembic_config(url, connection), revision)


def create_index_online(name: str, table: str, columns: list[str]) -> None:
    """Inside a migration: add an index without locking writes to ``table``.

    On PostgreSQL ``CREATE INDEX CONCURRENTLY`` (outside the migration's
    transaction, as PostgreSQL requires), so citizens keep submitting while an
    index is built on a table of millions of responses; on SQLite a plain
    CREATE INDEX. Every migration after the first that indexes an existing table
    uses this (tests/functional/test_migrations.py checks).
    """
    from alembic import op

    if op.get_context().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.create_index(
                name, table, columns, postgresql_concurrently=True, if_not_exists=True
            )
    else:
        op.create_index(name, table, columns, if_not_exists=True)


def drop_index_online(name: str, table: str) -> None:
    """Undo ``create_index_online`` (DROP INDEX CONCURRENTLY on PostgreSQL)."""
    from alembic import op

    if op.get_context().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.drop_index(
                name, table_name=table, postgresql_concurrently=True, if_exists=True
            )
    else:
        op.drop_index(name, table_name=table, if_exists=True)
