"""Forms of this domain (Flask-WTF, CSRF on)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from survey_service.followup.service import ACTION_STATUS_LABELS
from survey_service.web.forms import FlaskForm


class ActionForm(FlaskForm):
    """A follow-up action; choices of element and counter are set by the view."""

    element = SelectField(_l("Unsur yang ditangani"), validators=[Optional()])
    counter = SelectField(_l("Loket (jika khusus satu loket)"), validators=[Optional()])
    period = StringField(
        _l("Periode"), validators=[DataRequired(_l("Isi periode")), Length(max=20)]
    )
    action = TextAreaField(
        _l("Tindakan"),
        validators=[DataRequired(_l("Tuliskan tindakannya")), Length(max=2000)],
    )
    owner = StringField(
        _l("Penanggung jawab"),
        validators=[DataRequired(_l("Isi penanggung jawab")), Length(max=200)],
    )
    due_date = DateField(_l("Target selesai"), validators=[Optional()])
    lapor_id = StringField(
        _l("Nomor pelacakan SP4N-LAPOR! (jika menjawab pengaduan)"),
        validators=[Optional(), Length(max=41)],
    )


class ActionUpdateForm(FlaskForm):
    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice(s.value, _l(label))
            for s, label in ACTION_STATUS_LABELS.items()
        ],
    )
    outcome_note = TextAreaField(_l("Catatan hasil"), validators=[Length(max=2000)])
    lapor_id = StringField(
        _l("Nomor pelacakan SP4N-LAPOR!"), validators=[Optional(), Length(max=41)]
    )


class AcknowledgeForm(FlaskForm):
    """Closing an alert: why it happened, and the action taken or why none.
    Each missing piece is said next to its own field."""

    root_cause = SelectField(
        _l("Akar masalah"),
        choices=[],
        validators=[DataRequired(_l("Pilih akar masalah sebelum menutup peringatan"))],
    )
    # No Optional(): it would stop the checks below for an empty field.
    root_cause_note = StringField(
        _l("Penjelasan akar masalah"), validators=[Length(max=2000)]
    )
    action = SelectField(
        _l("Tautkan ke tindak lanjut"), choices=[], validators=[Optional()]
    )
    no_action_reason = StringField(
        _l("Atau: mengapa tidak perlu tindak lanjut"),
        validators=[Length(max=2000)],
    )

    def validate_root_cause_note(self, field: StringField) -> None:
        if self.root_cause.data == "other" and not (field.data or "").strip():
            raise ValidationError(_l("Jelaskan akar masalah 'Lainnya'"))

    def validate_no_action_reason(self, field: StringField) -> None:
        if not self.action.data and not (field.data or "").strip():
            raise ValidationError(
                _l(
                    "Tautkan tindak lanjut, atau tulis mengapa tidak perlu "
                    "tindak lanjut"
                )
            )
