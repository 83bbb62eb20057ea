"""The survey form, built from the current questionnaire version."""

from __future__ import annotations

import re
from collections.abc import Sequence

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp

from survey_service import skm
from survey_service.models import QuestionnaireElement

SUBMISSION_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class SurveyFormBase(FlaskForm):
    """Fields every survey has; the nine element fields are added per version."""

    submission_key = HiddenField(validators=[Regexp(SUBMISSION_KEY)])
    comment = TextAreaField(
        _l("Saran atau komentar (boleh dikosongkan)"),
        validators=[
            Optional(),
            Length(
                max=skm.COMMENT_MAX_LENGTH,
                message=_l(
                    "Komentar paling banyak %(max)d karakter",
                    max=skm.COMMENT_MAX_LENGTH,
                ),
            ),
        ],
        render_kw={"maxlength": skm.COMMENT_MAX_LENGTH, "rows": 3},
    )
    age_band = SelectField(_l("Usia"), validators=[Optional()])
    sex = SelectField(_l("Jenis kelamin"), validators=[Optional()])
    education = SelectField(_l("Pendidikan terakhir"), validators=[Optional()])
    occupation = SelectField(_l("Pekerjaan"), validators=[Optional()])

    # Filled in by survey_form(): the element fields, in questionnaire order.
    element_fields: Sequence[str] = ()


def _profile_choices(options: dict[str, str]) -> list[SelectChoice]:
    return [
        SelectChoice("", gettext("— tidak diisi —")),
        *(SelectChoice(value, gettext(label)) for value, label in options.items()),
    ]


def survey_form(
    elements: Sequence[QuestionnaireElement],
    language: str,
    service_types: Sequence[tuple[int, str]] | None,
    formdata: object = None,
) -> SurveyFormBase:
    """A form for ``elements``; ``service_types`` when the URL does not fix one."""

    class SurveyForm(SurveyFormBase):
        pass

    names = []
    for element in elements:
        name = element.code.lower()
        question = element.question_en if language == "en" else element.question_id
        setattr(
            SurveyForm,
            name,
            RadioField(
                question,
                choices=[
                    SelectChoice(k, label)  # type: ignore[arg-type]
                    for k, label in enumerate(element.labels(language), start=1)
                ],
                coerce=int,
                validators=[InputRequired(message=_l("Pilih salah satu jawaban"))],
                description=element.name_en if language == "en" else element.name_id,
            ),
        )
        names.append(name)
    SurveyForm.element_fields = tuple(names)
    if service_types is not None:
        SurveyForm.service_type = SelectField(  # type: ignore[attr-defined]
            _l("Jenis layanan yang Anda terima"),
            choices=[
                SelectChoice("", gettext("— pilih —")),
                *(SelectChoice(str(i), name) for i, name in service_types),
            ],
            validators=[InputRequired(message=_l("Pilih jenis layanan"))],
        )
    kwargs = {} if formdata is None else {"formdata": formdata}
    form = SurveyForm(**kwargs)
    form.age_band.choices = _profile_choices(skm.AGE_BANDS)
    form.sex.choices = _profile_choices(skm.SEXES)
    form.education.choices = _profile_choices(skm.EDUCATIONS)
    form.occupation.choices = _profile_choices(skm.OCCUPATIONS)
    return form
