"""Forms of the appraisal pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length


class CloseForm(FlaskForm):
    """Closing a period, after reading what will be frozen."""

    confirm = BooleanField(
        "Saya sudah memeriksa daftar ini dan ingin membekukan indikatornya",
        validators=[DataRequired("Centang konfirmasi untuk menutup periode")],
    )


class ReopenForm(FlaskForm):
    reason = StringField(
        "Alasan membuka kembali", validators=[DataRequired(), Length(max=200)]
    )
