"""Forms of the review pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length


class FlagDecisionForm(FlaskForm):
    decision = RadioField(
        "Keputusan",
        choices=[
            SelectChoice("include", "Hitung (sah)"),
            SelectChoice("exclude", "Keluarkan"),
        ],
        validators=[DataRequired("Pilih keputusan")],
    )
    reason = StringField(
        "Alasan", validators=[DataRequired("Tuliskan alasan"), Length(max=200)]
    )
