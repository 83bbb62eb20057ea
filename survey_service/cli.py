"""Command line: ``flask --app wsgi <command>``. Every command has ``--help``."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from survey_service.accounts import service as accounts
from survey_service.collection import tickets
from survey_service.collection.qr import write_qr
from survey_service.core import clock, migrate, periods
from survey_service.core.db import get_database, get_session
from survey_service.core.errors import DomainError
from survey_service.core.models import ApiToken, Role, Unit, User
from survey_service.demo import service as demo
from survey_service.followup import service as followup
from survey_service.questionnaires import service as questionnaires
from survey_service.units import service as unit_service
from survey_service.web.urls import public_base, public_url

db_cli = AppGroup("db", help="Database schema: upgrade, downgrade, current revision.")
users_cli = AppGroup("users", help="Staff accounts.")
tokens_cli = AppGroup("tokens", help="API tokens (bearer tokens for /api/v1).")
qr_cli = AppGroup("qr", help="QR codes for counter posters.")
tickets_cli = AppGroup("tickets", help="One-time survey tickets.")
alerts_cli = AppGroup("alerts", help="Alerts for heads (a job for cron).")
digest_cli = AppGroup("digest", help="Weekly digests by email (a job for cron).")
outbox_cli = AppGroup("outbox", help="Messages waiting to be sent (a job for cron).")
callbacks_cli = AppGroup(
    "callbacks", help="Citizens' callback requests (a daily job for cron)."
)


def _drain() -> None:
    from survey_service.core import outbox

    try:
        transports = outbox.transports_from_config(current_app.config)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if not transports:
        click.echo(
            "No transport configured (SURVEY_SMTP_HOST, SURVEY_GATEWAY_URL): "
            "messages wait."
        )
        return
    try:
        result = outbox.drain(get_session(), transports)
    finally:
        outbox.close_all(transports)
    click.echo(
        f"Sent {result.sent}, failed {result.failed} (retried later), "
        f"{result.waiting} waiting."
    )


@digest_cli.command("send")
@click.option("--week", "week_key", help="ISO week, e.g. 2026-W48 (default: last).")
@click.option("--dry-run", is_flag=True, help="Say who would get what; send nothing.")
@with_appcontext
def send_digests(week_key: str | None, dry_run: bool) -> None:
    """Queue last week's digest for every head and admin who wants it, then send.

    Safe to run twice: each user gets one digest per week (the outbox keeps it
    once); a mail server that is down leaves the digests waiting for
    `flask outbox drain`.
    """
    from survey_service.outreach import digest

    session = get_session()
    tz = current_app.config["TIMEZONE"]
    today = clock.today(tz)
    with _domain_errors():
        week = _week(week_key, today)
        planned = digest.queue_digests(session, week, today, tz, dry_run=dry_run)
        if dry_run:
            session.rollback()
        else:
            session.commit()
    for p in planned:
        what = ", ".join(d.unit.code for d in p.units) or "-"
        state = (
            "would queue"
            if dry_run and p.units
            else ("queued" if p.queued else "already queued")
        )
        click.echo(f"{p.user.username} <{p.user.email}>: {state} ({what})")
    click.echo(f"{week.key}: {len(planned)} recipients.")
    if not dry_run:
        _drain()


@outbox_cli.command("drain")
@with_appcontext
def drain_outbox() -> None:
    """Send every message whose time has come (retries back off up to 6 h)."""
    _drain()


@callbacks_cli.command("purge")
@with_appcontext
def purge_callbacks() -> None:
    """Delete citizens' contacts kept longer than 90 days (daily)."""
    from survey_service.followup import callbacks

    session = get_session()
    deleted = callbacks.purge(session)
    session.commit()
    click.echo(
        f"Deleted {deleted} callback request(s) past {callbacks.KEEP_DAYS} days."
    )


def _week(week_key: str | None, today: dt.date) -> periods.Period:
    if not week_key:
        return periods.last_complete_week(today)
    try:
        week = periods.parse_period(week_key)
    except ValueError as exc:
        raise DomainError(str(exc)) from None
    if week.kind.value != "week":
        raise DomainError("--week takes an ISO week such as 2026-W48")
    return week


@contextmanager
def _domain_errors() -> Iterator[None]:
    """Show a refused request as a one-line error and exit 1, never a traceback."""
    try:
        yield
    except DomainError as exc:
        get_session().rollback()
        raise click.ClickException(str(exc)) from None


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


@users_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--unit", "units", multiple=True, help="Unit code; repeat for several.")
@click.option("--employee", "nip", help="NIP of the employee this account belongs to.")
@click.option(
    "--password-stdin",
    is_flag=True,
    required=True,
    help="Read the password from standard input (first line).",
)
def users_create(
    username: str,
    role: str,
    units: tuple[str, ...],
    nip: str | None,
    password_stdin: bool,
) -> None:
    """Create an account: admin, head, evaluator or staff."""
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else ""
    session = get_session()
    with _domain_errors():
        user = accounts.create_user(
            session,
            username=username,
            password=password,
            role=role,
            unit_codes=units,
            employee_nip=nip,
            actor="cli",
        )
        session.commit()
    scope = ", ".join(u.code for u in user.units) or "semua unit"
    click.echo(f"Created {user.username} ({user.role.value}; {scope}).")


@users_cli.command("list")
def users_list() -> None:
    """List accounts with their role and units."""
    for user in get_session().scalars(select(User).order_by(User.username)):
        scope = ",".join(u.code for u in user.units) or "-"
        state = "" if user.active else " (nonaktif)"
        click.echo(f"{user.username}\t{user.role.value}\t{scope}{state}")


@tokens_cli.command("create")
@click.option("--user", "username", required=True)
@click.option("--name", default="cli", show_default=True, help="What it is for.")
def tokens_create(username: str, name: str) -> None:
    """Create an API token for USER and print it once; only its hash is kept."""
    session = get_session()
    user = session.scalar(select(User).where(User.username == username.lower()))
    if user is None:
        raise click.ClickException(f"User {username} not found")
    token, plain = accounts.create_api_token(session, user, name, actor="cli")
    session.commit()
    click.echo(
        f"Token {token.id} for {user.username} (shown once, keep it safe):", err=True
    )
    click.echo(plain)


@tokens_cli.command("revoke")
@click.argument("token_id", type=int)
def tokens_revoke(token_id: int) -> None:
    """Revoke token TOKEN_ID: requests carrying it get 401 from now on."""
    session = get_session()
    with _domain_errors():
        token = accounts.revoke_api_token(session, token_id, actor="cli")
        session.commit()
    click.echo(f"Token {token.id} ({token.prefix}…) revoked.")


@tokens_cli.command("list")
def tokens_list() -> None:
    """List tokens: id, owner, name, prefix, state."""
    query = select(ApiToken).order_by(ApiToken.id)
    for token in get_session().scalars(query):
        state = "revoked" if token.revoked_at else "active"
        click.echo(
            f"{token.id}\t{token.user.username}\t{token.name}\t{token.prefix}…\t{state}"
        )


@click.command("seed-demo")
@with_appcontext
@click.option(
    "--if-empty", is_flag=True, help="Do nothing when the database already holds units."
)
def seed_demo(if_empty: bool) -> None:
    """Create the Kota Sawahlunto demo (idempotent) and print the demo logins."""
    if current_app.config["SURVEY_ENV"] == "production":
        raise click.ClickException(
            "seed-demo is refused in production: its passwords are public"
        )
    session = get_session()
    if if_empty and session.scalar(select(Unit.id).limit(1)) is not None:
        click.echo("The database already holds units: demo not seeded.")
        logins = demo.existing_logins(session)
    else:
        tz = current_app.config["TIMEZONE"]
        report = demo.seed_demo(session, tz, clock.today(tz))
        click.echo(
            f"Demo: {report.created_units} units, {report.created_employees} "
            f"employees, {report.created_responses} responses created."
        )
        logins = report.logins
    if logins:
        click.echo("Demo logins (username / password / role):")
    for username, role, password in logins:
        click.echo(f"  {username:<16} {password:<18} {role}")


def _printed_url(endpoint: str, **values: str) -> str:
    """The URL a citizen will open from paper: SURVEY_PUBLIC_URL's address.
    Without it production refuses (a poster would point at this machine) and
    development says which local address it used."""
    if not current_app.config["SURVEY_PUBLIC_URL"]:
        if current_app.config["SURVEY_ENV"] == "production":
            raise click.ClickException(
                "SURVEY_PUBLIC_URL is not set: printed codes would not reach "
                "citizens. Set it to the public address, e.g. "
                "https://skm.example.go.id"
            )
        click.echo(
            f"SURVEY_PUBLIC_URL is not set; using {public_base()} "
            "(set it, or PORT, to the address phones will open)",
            err=True,
        )
    return public_url(endpoint, **values)


@qr_cli.command("poster")
@click.argument("counter_code")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(path_type=Path),
    help="File to write: .svg or .png.",
)
def qr_poster(counter_code: str, output: Path) -> None:
    """Write the QR code of COUNTER_CODE's poster URL to a file (SVG or PNG)."""
    counter = unit_service.counter_by_code(get_session(), counter_code)
    if counter is None:
        raise click.ClickException(f"Loket {counter_code} tidak ditemukan")
    url = _printed_url("citizen.poster", public_key=counter.public_key)
    try:
        write_qr(url, output)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{output}: {url}")


@tickets_cli.command("issue")
@click.option("--counter", "counter_code", required=True, help="Counter code.")
@click.option("--employee", "nip", help="NIP of the employee who served.")
@click.option("--service", "service_code", help="Service type code of the unit.")
def tickets_issue(counter_code: str, nip: str | None, service_code: str | None) -> None:
    """Issue a one-time survey ticket and print its URL."""
    session = get_session()
    with _domain_errors():
        _ticket, token = tickets.issue_ticket(
            session,
            current_app.config["SECRET_KEY"],
            counter_code=counter_code,
            employee_nip=nip,
            service_code=service_code,
            ttl_hours=current_app.config["SURVEY_TICKET_TTL_HOURS"],
        )
        session.commit()
    click.echo(_printed_url("citizen.ticket", token=token))


@alerts_cli.command("check")
@click.option("--week", "week_key", help="ISO week, e.g. 2026-W48 (default: last).")
@with_appcontext
def check_alerts(week_key: str | None) -> None:
    """Open an alert for every unit whose week lies wholly below its target.

    Safe to run as often as you like (one alert per unit and week); run it from
    cron early on Monday so units without responses this week are checked too.
    """
    session = get_session()
    with _domain_errors():
        if week_key:
            try:
                week = periods.parse_period(week_key)
            except ValueError as exc:
                raise DomainError(str(exc)) from None
            if week.kind.value != "week":
                raise DomainError("--week takes an ISO week such as 2026-W48")
        else:
            today = clock.today(current_app.config["TIMEZONE"])
            week = periods.last_complete_week(today)
        units = list(session.scalars(select(Unit).where(Unit.active.is_(True))))
        raised = followup.raise_week_alerts(session, units, week)
        session.commit()
    click.echo(f"{week.key}: {len(units)} units checked, {raised} new alerts.")


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
