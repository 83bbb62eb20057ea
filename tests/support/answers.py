"""Answering the citizen's form as a browser would, and reading what was stored."""

from __future__ import annotations

import re
from http import HTTPStatus

from sqlalchemy import select

from survey_service.core.models import Response, Role
from tests.factories import UserFactory

ANSWERS = {f"u{i}": "3" for i in range(1, 10)}
HIDDEN = re.compile(
    r'name="(csrf_token|submission_key|v)" type="hidden" value="([^"]*)"'
)


def hidden_fields(page) -> dict[str, str]:
    return dict(HIDDEN.findall(page.get_data(as_text=True)))


def fill(client, path, answers=None, **extra):
    """Open the form at ``path`` and post it with ``answers``, as a browser would."""
    page = client.get(path)
    assert page.status_code == HTTPStatus.OK, page.get_data(as_text=True)[:500]
    data = {**hidden_fields(page), **(ANSWERS if answers is None else answers), **extra}
    return client.post(path, data=data), data


def stored(db_session):
    db_session.expire_all()
    return list(db_session.scalars(select(Response).order_by(Response.id)))


def poster_path(counter):
    return f"/s/{counter.public_key}"


def with_service(counter):
    return {**ANSWERS, "service_type": str(counter.unit.service_types[0].id)}


def enable_kiosk(client, auth, counter):
    UserFactory(username="petugas", role=Role.HEAD, units=[counter.unit])
    auth.login("petugas")
    page = client.get(f"/counters/{counter.code}/kiosk")
    return client.post(
        f"/counters/{counter.code}/kiosk",
        data={"csrf_token": hidden_fields(page)["csrf_token"]},
    )
