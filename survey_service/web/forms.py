"""Forms every domain uses the same way: one base form whose built-in checks
speak the reader's language, a toggle, and a decimal typed the Indonesian way."""

from __future__ import annotations

from typing import Any

import flask_wtf
from flask_babel import gettext
from flask_wtf.form import _FlaskFormCSRF
from wtforms import DecimalField, HiddenField
from wtforms.csrf.core import CSRFTokenField
from wtforms.widgets import TextInput

from survey_service.core.skm import N_
from survey_service.web.i18n import current_language

# WTForms says its own checks in English (it has no Indonesian catalog): each
# message it may show here, as this service says it. The placeholders are
# filled by WTForms after translation.
WTFORMS_MESSAGES = {
    "This field is required.": N_("Wajib diisi."),
    "Not a valid choice.": N_("Pilih salah satu dari daftar."),
    "'%(value)s' is not a valid choice for this field.": N_(
        "Pilih salah satu dari daftar."
    ),
    "Invalid Choice: could not coerce.": N_("Pilih salah satu dari daftar."),
    "Not a valid decimal value.": N_("Tulis angka, misalnya 80,5."),
    "Not a valid float value.": N_("Tulis angka, misalnya 80,5."),
    "Not a valid integer value.": N_("Tulis bilangan bulat, misalnya 3."),
    "Not a valid date value.": N_("Tulis tanggal seperti 2026-11-20."),
    "Not a valid datetime value.": N_("Tulis waktu seperti 2026-11-20 08:00."),
    "Invalid email address.": N_("Alamat email tidak sah."),
    "Invalid input.": N_("Isian tidak sah."),
    "Field must be at least %(min)d character long.": N_(
        "Paling sedikit %(min)d karakter."
    ),
    "Field cannot be longer than %(max)d character.": N_(
        "Paling banyak %(max)d karakter."
    ),
    "Field must be between %(min)d and %(max)d characters long.": N_(
        "Panjangnya %(min)d sampai %(max)d karakter."
    ),
    "Number must be at least %(min)s.": N_("Paling kecil %(min)s."),
    "Number must be at most %(max)s.": N_("Paling besar %(max)s."),
    "Number must be between %(min)s and %(max)s.": N_(
        "Harus antara %(min)s dan %(max)s."
    ),
}


class _Messages:
    """WTForms' translations object: its English message, said as ours."""

    def gettext(self, string: str) -> str:
        said = WTFORMS_MESSAGES.get(string)
        return string if said is None else str(gettext(said))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if singular in WTFORMS_MESSAGES else plural)


MESSAGES = _Messages()


class _TokenWhenShown(CSRFTokenField):
    """The CSRF field, signing a fresh token only when the form is shown.
    WTForms signs one whenever a form is built, also for a POST that is valid
    and answered with a redirect (a twentieth of a citizen's submission)."""

    current_token: str | None = None

    def process(self, *args: Any, **kwargs: Any) -> None:
        HiddenField.process(self, *args, **kwargs)

    def _value(self) -> str:
        if self.current_token is None:
            self.current_token = self.csrf_impl.generate_csrf_token(self)
        return str(self.current_token)


class _CSRF(_FlaskFormCSRF):  # Flask-WTF's session-bound tokens, as they are
    field_class = _TokenWhenShown


class FlaskForm(flask_wtf.FlaskForm):
    """Flask-WTF's form (CSRF on), its built-in checks in the reader's language."""

    class Meta(flask_wtf.FlaskForm.Meta):
        csrf_class = _CSRF

        def get_translations(self, form: Any) -> _Messages:
            return MESSAGES


class ToggleForm(FlaskForm):
    """A POST with a CSRF token for an on/off action."""


class LocalDecimalField(DecimalField):
    """A decimal as people type it here: "80,5" as well as "80.5", and
    "1.234,5" with a thousands point. Shown back with a decimal comma, in a
    text box (a browser's number box refuses the comma)."""

    widget = TextInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {"inputmode": "decimal"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist and isinstance(valuelist[0], str):
            text = valuelist[0].strip().replace(" ", "")
            if "," in text:  # the comma is the decimal mark; points group
                text = text.replace(".", "").replace(",", ".")
            valuelist = [text, *valuelist[1:]]
        super().process_formdata(valuelist)

    def _value(self) -> str:
        shown = str(super()._value())
        return shown if current_language() == "en" else shown.replace(".", ",")
