"""Forms of the appraisal pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length


class CloseForm(FlaskForm):
    """Closing a period, after reading what will be frozen."""

    confirm = BooleanField(
        _l("Saya sudah memeriksa daftar ini dan ingin membekukan indikatornya"),
        validators=[DataRequired(_l("Centang konfirmasi untuk menutup periode"))],
    )


class ReopenForm(FlaskForm):
    reason = StringField(
        _l("Alasan membuka kembali"), validators=[DataRequired(), Length(max=200)]
    )
