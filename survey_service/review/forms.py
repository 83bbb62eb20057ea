"""Forms of the review pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from survey_service.services.followup import ACTION_STATUS_LABELS


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


class ActionForm(FlaskForm):
    """A follow-up action; choices of element and counter are set by the view."""

    element = SelectField("Unsur yang ditangani", validators=[Optional()])
    counter = SelectField("Loket (jika khusus satu loket)", validators=[Optional()])
    period = StringField(
        "Periode", validators=[DataRequired("Isi periode"), Length(max=20)]
    )
    action = TextAreaField(
        "Tindakan", validators=[DataRequired("Tuliskan tindakannya"), Length(max=2000)]
    )
    owner = StringField(
        "Penanggung jawab",
        validators=[DataRequired("Isi penanggung jawab"), Length(max=200)],
    )
    due_date = DateField("Target selesai", validators=[Optional()])
    lapor_id = StringField(
        "Nomor pelacakan SP4N-LAPOR! (jika menjawab pengaduan)",
        validators=[Optional(), Length(max=41)],
    )


class ActionUpdateForm(FlaskForm):
    status = SelectField(
        "Status",
        choices=[
            SelectChoice(s.value, label) for s, label in ACTION_STATUS_LABELS.items()
        ],
    )
    outcome_note = TextAreaField("Catatan hasil", validators=[Length(max=2000)])
    lapor_id = StringField(
        "Nomor pelacakan SP4N-LAPOR!", validators=[Optional(), Length(max=41)]
    )


class AcknowledgeForm(FlaskForm):
    """Closing an alert: why it happened, and the action taken or why none."""

    root_cause = SelectField("Akar masalah", choices=[], validate_choice=False)
    root_cause_note = StringField(
        "Penjelasan akar masalah", validators=[Optional(), Length(max=2000)]
    )
    action = SelectField("Tautkan ke tindak lanjut", validators=[Optional()])
    no_action_reason = StringField(
        "Atau: mengapa tidak perlu tindak lanjut",
        validators=[Optional(), Length(max=2000)],
    )


class PublishForm(FlaskForm):
    note = StringField(
        "Catatan (wajib untuk koreksi)", validators=[Optional(), Length(max=300)]
    )
    confirm = BooleanField(
        "Saya sudah memeriksa pratinjau ini dan ingin menerbitkannya untuk publik",
        validators=[DataRequired("Centang konfirmasi untuk menerbitkan")],
    )


class WithdrawForm(FlaskForm):
    reason = StringField(
        "Alasan penarikan (tampil untuk publik)",
        validators=[DataRequired("Tuliskan alasan penarikan"), Length(max=300)],
    )


class ForumForm(FlaskForm):
    """The period's public consultation forum, if one was held."""

    forum_date = DateField("Tanggal forum konsultasi publik", validators=[Optional()])
    forum_note = StringField("Catatan forum", validators=[Optional(), Length(max=300)])
