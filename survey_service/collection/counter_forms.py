"""Forms of the counter pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from survey_service.web.forms import FlaskForm


class TicketForm(FlaskForm):
    employee = SelectField(_l("Petugas yang melayani"), choices=[])
    service = SelectField(_l("Jenis layanan"), choices=[])


class KioskForm(FlaskForm):
    """Turning a device into the counter's kiosk: a POST with a CSRF token."""


class TicketTextForm(FlaskForm):
    """Send a ticket to a citizen's phone through the city's gateway."""

    phone = StringField(
        _l("Nomor ponsel warga"),
        validators=[DataRequired(_l("Tulis nomor ponsel")), Length(max=24)],
    )
