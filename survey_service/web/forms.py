"""Forms every domain uses the same way."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import DecimalField
from wtforms.widgets import TextInput

from survey_service.web.i18n import current_language


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
