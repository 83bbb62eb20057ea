"""`flask alerts check` and `flask callbacks purge`: jobs for cron."""

from __future__ import annotations

import click
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from survey_service.core.db import get_session
from survey_service.core.models import Unit
from survey_service.followup import service as followup
from survey_service.web.commands import (
    WEEK_HELP,
    domain_errors,
    week_option,
)

alerts_cli = AppGroup("alerts", help="Alerts for heads (a job for cron).")


callbacks_cli = AppGroup(
    "callbacks", help="Citizens' callback requests (a daily job for cron)."
)


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


@alerts_cli.command("check")
@click.option("--week", "week_key", help=WEEK_HELP)
@with_appcontext
def check_alerts(week_key: str | None) -> None:
    """Open an alert for every unit whose week lies wholly below its target.

    Safe to run as often as you like (one alert per unit and week); run it from
    cron early on Monday so units without responses this week are checked too.
    """
    session = get_session()
    with domain_errors():
        week = week_option(week_key)
        units = list(session.scalars(select(Unit).where(Unit.active.is_(True))))
        raised = followup.raise_week_alerts(session, units, week)
        session.commit()
    click.echo(f"{week.key}: {len(units)} units checked, {raised} new alerts.")
