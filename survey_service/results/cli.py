"""`flask rollups advance | rebuild | check`: the daily sums from the command line."""

from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup

from survey_service.core.db import begin_write, get_session
from survey_service.results.checks import check
from survey_service.results.rollups import advance, rebuild
from survey_service.web.requests import local_today

rollups_cli = AppGroup(
    "rollups", help="Daily sums that keep pages fast at any size (a job for cron)."
)


@rollups_cli.command("advance")
def advance_command() -> None:
    """Roll up the days that are over (safe to run often; cron: nightly)."""
    session = get_session()
    begin_write(session)
    through = advance(session, local_today())
    session.commit()
    click.echo(f"rolled up through {through}" if through else "nothing new to roll up")


@rollups_cli.command("rebuild")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Only from this local date on (YYYY-MM-DD); default: all of history.",
)
def rebuild_command(since: dt.datetime | None) -> None:
    """Compute the daily sums anew from the responses (idempotent)."""
    session = get_session()
    begin_write(session)
    rebuild(session, local_today(), since.date() if since else None)
    session.commit()
    click.echo("daily sums rebuilt" + (f" from {since:%Y-%m-%d}" if since else ""))


@rollups_cli.command("check")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]))
def check_command(since: dt.datetime | None) -> None:
    """Compare the daily sums with the responses; exit 1 on any difference."""
    differences = check(get_session(), since.date() if since else None)
    for difference in differences[:20]:
        click.echo(
            f"differs: {difference.key} rolled={difference.rolled} "
            f"raw={difference.raw}",
            err=True,
        )
    if differences:
        raise SystemExit(1)
    click.echo("daily sums match the responses")
