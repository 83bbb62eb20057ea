"""Forms of the review pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    RadioField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from survey_service.web.forms import FlaskForm


class FlagDecisionForm(FlaskForm):
    decision = RadioField(
        _l("Keputusan"),
        choices=[
            SelectChoice("include", _l("Hitung (sah)")),
            SelectChoice("exclude", _l("Keluarkan")),
        ],
        validators=[DataRequired(_l("Pilih keputusan"))],
    )
    reason = StringField(
        _l("Alasan"), validators=[DataRequired(_l("Tuliskan alasan")), Length(max=200)]
    )
