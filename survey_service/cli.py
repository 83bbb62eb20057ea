"""Command line: ``flask --app wsgi <command>``. Every command has ``--help``.

The database commands live here; each domain registers its own (accounts,
collection, follow-up, outreach, results, demo) and ``init_app`` adds them all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from survey_service.core import migrate
from survey_service.core.db import get_database, get_session
from survey_service.questionnaires import service as questionnaires

db_cli = AppGroup("db", help="Database schema: upgrade, downgrade, current revision.")


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Migrate the database to REVISION and make sure the questionnaire exists."""
    migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    if revision == "head":
        session = get_session()
        questionnaires.ensure_baseline(session)
        session.commit()
    click.echo(f"Database at revision {revision}.")


@db_cli.command("downgrade")
@click.argument("revision")
@click.confirmation_option(prompt="Downgrading can drop tables and data. Continue?")
def db_downgrade(revision: str) -> None:
    """Migrate the database down to REVISION ("base" removes every table)."""
    migrate.downgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database at revision {revision}.")


@db_cli.command("current")
def db_current() -> None:
    """Print the database's current revision."""
    from alembic.runtime.migration import MigrationContext

    with get_database().engine.connect() as connection:
        click.echo(MigrationContext.configure(connection).get_current_revision())


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
def backup(path: Path) -> None:
    """Copy the SQLite database to PATH consistently while the service runs.

    Uses SQLite's online backup API, so writes keep going during the copy. For
    PostgreSQL use pg_dump (see the README).
    """
    url = current_app.config["DATABASE_URL"]
    if not url.startswith("sqlite"):
        raise click.ClickException(
            "backup copies SQLite; for PostgreSQL use pg_dump (README, 'Backups')"
        )
    if path.exists():
        raise click.ClickException(f"{path} exists; choose a new file")
    import sqlite3

    source_path = url.split("sqlite:///", 1)[1]
    source = sqlite3.connect(source_path)
    target = sqlite3.connect(path)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()
    click.echo(f"Backed up {source_path} to {path}.")


def init_app(app: Flask) -> None:
    from survey_service.accounts.cli import tokens_cli, users_cli
    from survey_service.collection.cli import qr_cli, tickets_cli
    from survey_service.demo.cli import seed_demo
    from survey_service.followup.cli import alerts_cli, callbacks_cli
    from survey_service.outreach.cli import digest_cli, outbox_cli
    from survey_service.results.cli import rollups_cli

    commands: list[Callable[..., Any]] = [
        db_cli,
        users_cli,
        tokens_cli,
        qr_cli,
        tickets_cli,
        alerts_cli,
        digest_cli,
        outbox_cli,
        callbacks_cli,
        rollups_cli,
        seed_demo,
        backup,
    ]
    for command in commands:
        app.cli.add_command(command)  # type: ignore[arg-type]
