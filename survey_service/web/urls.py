"""Absolute URLs for citizens (posters, tickets), in and outside a request."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, current_app, has_request_context, url_for
from werkzeug.routing import IntegerConverter, Map


def development_base() -> str:
    """The address `make run` serves on this machine (its PORT, default 5000)."""
    port = os.environ.get("PORT") or os.environ.get("FLASK_RUN_PORT") or "5000"
    return f"http://127.0.0.1:{port}"


def public_base() -> str:
    """SURVEY_PUBLIC_URL, else this request's host, else the development address."""
    base = str(current_app.config["SURVEY_PUBLIC_URL"]).rstrip("/")
    if base:
        return base
    if has_request_context():
        return url_for("main.home", _external=True).rstrip("/")
    return development_base()


def public_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of ``endpoint`` that a citizen's phone will open."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        with current_app.test_request_context(base_url=public_base()):
            path = url_for(endpoint, **values)
    return public_base() + path


# The largest id a database holds (BIGINT on PostgreSQL, INTEGER on SQLite).
MAX_ID = 2**63 - 1


class DatabaseInteger(IntegerConverter):
    """``<int:…>`` in every URL: a number no database column can hold matches
    no route, so it is a 404 like any id that does not exist (never an
    OverflowError deep in the driver)."""

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = MAX_ID,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def init_app(app: Flask) -> None:
    """Before any route is added: ids are bounded by what a database holds."""
    app.url_map.converters["int"] = DatabaseInteger
