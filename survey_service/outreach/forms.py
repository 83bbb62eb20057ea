"""The form a user keeps their digest settings with."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, Regexp


class DigestSettingsForm(FlaskForm):
    email = EmailField(
        "Alamat email untuk ringkasan mingguan",
        validators=[
            Optional(),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Alamat email tidak sah"),
            Length(max=254),
        ],
    )
    language = SelectField(
        "Bahasa ringkasan",
        choices=[SelectChoice("id", "Bahasa Indonesia"), SelectChoice("en", "English")],
    )
    digest_enabled = BooleanField("Kirimi saya ringkasan mingguan")
