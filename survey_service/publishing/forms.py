"""Forms of this domain (Flask-WTF, CSRF on)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional

from survey_service.web.forms import FlaskForm


class PublishForm(FlaskForm):
    note = StringField(
        _l("Catatan (wajib untuk koreksi)"), validators=[Optional(), Length(max=300)]
    )
    confirm = BooleanField(
        _l("Saya sudah memeriksa pratinjau ini dan ingin menerbitkannya untuk publik"),
        validators=[DataRequired(_l("Centang konfirmasi untuk menerbitkan"))],
    )


class WithdrawForm(FlaskForm):
    reason = StringField(
        _l("Alasan penarikan (tampil untuk publik)"),
        validators=[DataRequired(_l("Tuliskan alasan penarikan")), Length(max=300)],
    )
