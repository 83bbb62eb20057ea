"""`flask qr poster` and `flask tickets issue`: what a counter prints."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from survey_service.collection import tickets
from survey_service.collection.qr import write_qr
from survey_service.core.db import get_session
from survey_service.units import service as unit_service
from survey_service.web.commands import (
    domain_errors,
    require_public_url,
)
from survey_service.web.urls import public_url

qr_cli = AppGroup("qr", help="QR codes for counter posters.")


tickets_cli = AppGroup("tickets", help="One-time survey tickets.")


def _printed_url(endpoint: str, **values: str) -> str:
    """The URL a citizen will open from paper: SURVEY_PUBLIC_URL's address.
    Without it production refuses (a poster would point at this machine) and
    development says which local address it used."""
    require_public_url("printed codes would not reach citizens")
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
    with domain_errors():
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
