"""`flask seed-demo`: the demo city `make run` serves."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from survey_service.core.db import get_session
from survey_service.core.models import Unit
from survey_service.demo import service as demo
from survey_service.web.requests import local_today


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
        report = demo.seed_demo(session, tz, local_today())
        click.echo(
            f"Demo: {report.created_units} units, {report.created_employees} "
            f"employees, {report.created_responses} responses created."
        )
        logins = report.logins
    if logins:
        click.echo("Demo logins (username / password / role):")
    for username, role, password in logins:
        click.echo(f"  {username:<16} {password:<18} {role}")
