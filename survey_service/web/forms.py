"""Forms every domain uses the same way."""

from __future__ import annotations

from flask_wtf import FlaskForm


class ToggleForm(FlaskForm):
    """A POST with a CSRF token for an on/off action."""
