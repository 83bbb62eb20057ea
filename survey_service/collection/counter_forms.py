"""Forms of the counter pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField


class TicketForm(FlaskForm):
    employee = SelectField(_l("Petugas yang melayani"), choices=[])
    service = SelectField(_l("Jenis layanan"), choices=[])


class KioskForm(FlaskForm):
    """Turning a device into the counter's kiosk: a POST with a CSRF token."""
