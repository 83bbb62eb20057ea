"""`flask digest send` and `flask outbox drain`: jobs for cron."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from survey_service.core.db import get_session
from survey_service.web.commands import (
    WEEK_HELP,
    domain_errors,
    require_public_url,
    week_option,
)
from survey_service.web.requests import local_today

digest_cli = AppGroup("digest", help="Weekly digests by email (a job for cron).")


outbox_cli = AppGroup("outbox", help="Messages waiting to be sent (a job for cron).")


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
@click.option("--week", "week_key", help=WEEK_HELP)
@click.option("--dry-run", is_flag=True, help="Say who would get what; send nothing.")
@with_appcontext
def send_digests(week_key: str | None, dry_run: bool) -> None:
    """Queue last week's digest for every head and admin who wants it, then send.

    Safe to run twice: each user gets one digest per week (the outbox keeps it
    once); a mail server that is down leaves the digests waiting for
    `flask outbox drain`.
    """
    require_public_url("the digests' links would point at this machine")
    from survey_service.outreach import digest

    session = get_session()
    tz = current_app.config["TIMEZONE"]
    today = local_today()
    with domain_errors():
        week = week_option(week_key)
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
    require_public_url("the messages' links would point at this machine")
    _drain()
