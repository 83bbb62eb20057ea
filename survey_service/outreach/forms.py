"""The form a user keeps their digest settings with."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, Regexp

from survey_service.web.forms import FlaskForm


class DigestSettingsForm(FlaskForm):
    email = EmailField(
        _l("Alamat email untuk ringkasan mingguan"),
        validators=[
            Optional(),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Alamat email tidak sah")),
            Length(max=254),
        ],
    )
    language = SelectField(
        _l("Bahasa ringkasan"),
        choices=[SelectChoice("id", "Bahasa Indonesia"), SelectChoice("en", "English")],
    )
    digest_enabled = BooleanField(_l("Kirimi saya ringkasan mingguan"))
