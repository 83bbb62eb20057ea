"""What every domain's command line shares: a refused request as a one-line
error, and the ``--week`` option read by the one period parser."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import current_app

from survey_service.core import periods
from survey_service.core.db import get_session
from survey_service.core.errors import DomainError
from survey_service.web.requests import local_today
from survey_service.web.urls import public_base

WEEK_HELP = "ISO week, e.g. 2026-W48 (default: the last complete week)."


@contextmanager
def domain_errors() -> Iterator[None]:
    """Show a refused request as a one-line error and exit 1, never a traceback."""
    try:
        yield
    except DomainError as exc:
        get_session().rollback()
        raise click.ClickException(str(exc)) from None


def week_option(week_key: str | None) -> periods.Period:
    """The week ``--week`` names, else the last complete week in the city."""
    try:
        return periods.requested(week_key, local_today(), kinds=("week",))
    except periods.PeriodError:
        raise click.ClickException(
            f"--week takes an ISO week such as 2026-W48, not {week_key!r}"
        ) from None


def require_public_url(consequence: str) -> None:
    """A command whose output carries links (posters, tickets, digests) needs
    SURVEY_PUBLIC_URL: production refuses without it (the links would point at
    this machine) and development says which local address it uses."""
    if current_app.config["SURVEY_PUBLIC_URL"]:
        return
    if current_app.config["SURVEY_ENV"] == "production":
        raise click.ClickException(
            f"SURVEY_PUBLIC_URL is not set: {consequence}. Set it to the public "
            "address, e.g. https://skm.example.go.id"
        )
    click.echo(
        f"SURVEY_PUBLIC_URL is not set; using {public_base()} "
        "(set it, or PORT, to the address phones will open)",
        err=True,
    )
