"""Talking to the app as a browser would: CSRF tokens, signing in, uploads,
API tokens."""

from __future__ import annotations

import html
import io
import re
from html.parser import HTMLParser
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


class _FormReader(HTMLParser):
    """The values a browser would send for the form posting to ``action``."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.values = action, False, {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action", "") == self.action
        if not self.inside or "disabled" in a:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.values[name] = a.get("value", "y")
            elif kind not in ("submit", "button"):
                self.values[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            self._first_option.setdefault(self._select, a.get("value", ""))
            if "selected" in a:
                self.values[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea:
            # A browser drops the newline right after <textarea>.
            text = self.values[self._textarea]
            self.values[self._textarea] = text.removeprefix("\r\n").removeprefix("\n")
            self._textarea = None
        elif tag == "select" and self._select:
            self.values.setdefault(
                self._select, self._first_option.get(self._select, "")
            )
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data


def form_values(page: Any, action: str) -> dict[str, str]:
    """What the form posting to ``action`` on ``page`` sends as it stands."""
    reader = _FormReader(action)
    reader.feed(page.get_data(as_text=True))
    reader.close()
    return reader.values
