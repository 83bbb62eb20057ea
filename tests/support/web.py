"""Talking to the app as a browser would: CSRF tokens, signing in, uploads,
API tokens."""

from __future__ import annotations

import html
import io
import re
from typing import Any

from flask.testing import FlaskClient

from survey_service.accounts import service as accounts
from tests import factories
from tests.factories import (
    UserFactory,
)

# A page any signed-in user may open and a visitor may not: the probe for
# "is this browser signed in?" (the home page "/" is public).
STAFF_PAGE = "/account/tokens"


CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def token_in(page: Any) -> str:
    """The CSRF token of the (first) form in a rendered ``page``."""
    match = CSRF_INPUT.search(page.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return match.group(1)


def csrf_token(client: FlaskClient, path: str) -> str:
    """The CSRF token of the form at ``path``, as a browser would submit it."""
    return token_in(client.get(path))


class AuthActions:
    """Sign in and out through the real pages, CSRF token included."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, username: str, password: str = factories.PASSWORD) -> Any:
        token = csrf_token(self._client, "/login")
        return self._client.post(
            "/login",
            data={"username": username, "password": password, "csrf_token": token},
        )

    def logout(self) -> Any:
        token = csrf_token(self._client, "/")
        return self._client.post("/logout", data={"csrf_token": token})


def upload(client, kind, text):
    page = client.get(f"/admin/import/{kind}")
    return client.post(
        f"/admin/import/{kind}",
        content_type="multipart/form-data",
        data={
            "csrf_token": token_in(page),
            "file": (io.BytesIO(text.encode()), f"{kind}.csv"),
        },
    )


def bearer(db_session, role, units, username="penilai"):
    user = UserFactory(username=username, role=role, units=units)
    token, plain = accounts.create_api_token(db_session, user)
    db_session.commit()
    return token, {"Authorization": f"Bearer {plain}"}


_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)


def visible_text(body: str) -> str:
    """What a reader sees of a page: no tags, scripts or styles, one space."""
    return " ".join(html.unescape(_TAGS.sub(" ", body)).split())
