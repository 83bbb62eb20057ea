"""`flask users …` and `flask tokens …`: staff accounts and API tokens."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from survey_service.accounts import service as accounts
from survey_service.core.db import get_session
from survey_service.core.models import ApiToken, Role, User
from survey_service.web.commands import (
    domain_errors,
)

users_cli = AppGroup("users", help="Staff accounts.")


tokens_cli = AppGroup("tokens", help="API tokens (bearer tokens for /api/v1).")


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
    with domain_errors():
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
    with domain_errors():
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
    with domain_errors():
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
