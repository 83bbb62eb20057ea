"""Forms of the appraisal pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length

from survey_service.web.forms import FlaskForm


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
    include_late = BooleanField(
        _l("Sertakan juga jawaban yang tiba setelah periode ditutup")
    )


class IncludeLateForm(FlaskForm):
    """Counting the answers that arrived after a period was closed, once it
    is open again."""

    reason = StringField(
        _l("Alasan menyertakan"), validators=[DataRequired(), Length(max=200)]
    )
