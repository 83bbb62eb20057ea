"""The form a user keeps their digest settings with."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp


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


class CallbackForm(FlaskForm):
    """A citizen's voluntary request to be contacted after a low rating
    (citizen-facing: every text translated)."""

    name = StringField(
        _l("Nama (boleh dikosongkan)"), validators=[Optional(), Length(max=120)]
    )
    contact = StringField(
        _l("Nomor telepon/WhatsApp atau email"),
        validators=[DataRequired(_l("Tulis nomor atau email")), Length(max=120)],
    )
    note = TextAreaField(
        _l("Apa yang ingin Anda sampaikan? (boleh dikosongkan)"),
        validators=[Optional(), Length(max=500)],
    )
    consent = BooleanField(
        _l("Saya setuju dihubungi oleh kepala unit tentang penilaian ini"),
        validators=[DataRequired(_l("Centang persetujuan untuk dihubungi"))],
    )


class TicketTextForm(FlaskForm):
    """Send a ticket to a citizen's phone through the city's gateway."""

    phone = StringField(
        _l("Nomor ponsel warga"),
        validators=[DataRequired(_l("Tulis nomor ponsel")), Length(max=24)],
    )
