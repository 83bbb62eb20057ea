"""Survei Kepuasan: the citizen-satisfaction survey service (SKM) of a city.

Importing the package loads nothing else (so ``survey_service.core.statistics`` can
be used without Flask or SQLAlchemy); ``create_app`` builds the Flask app.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then environment variables, then ``overrides``."""
    from survey_service.app import create_app as _create_app

    return _create_app(overrides)
