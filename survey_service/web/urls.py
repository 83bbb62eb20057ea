"""Absolute URLs for citizens (posters, tickets), in and outside a request."""

from __future__ import annotations

import os
from typing import Any

from flask import current_app, has_request_context, url_for


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
