"""Forms of the appraisal pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length


class CloseForm(FlaskForm):
    """Closing a period: a POST with a CSRF token."""


class ReopenForm(FlaskForm):
    reason = StringField(
        "Alasan membuka kembali", validators=[DataRequired(), Length(max=200)]
    )
