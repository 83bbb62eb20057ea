"""The survey form, built from the current questionnaire version."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from survey_service.core import skm
from survey_service.core.models import QuestionKind
from survey_service.questionnaires.service import OwnQuestion, Version
from survey_service.web.forms import FlaskForm
from survey_service.web.i18n import FORMATS_AS

SUBMISSION_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


REQUIRED_ANSWER = _l("Pilih salah satu jawaban")
AGE_MESSAGE = _l("Usia antara %(min)s dan %(max)s tahun, atau kosongkan.")


class AgeField(IntegerField):
    """Years as a whole number; anything else gets the same plain message."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(
                str(AGE_MESSAGE) % {"min": skm.AGE_MIN, "max": skm.AGE_MAX}
            ) from None


class ProfileField(SelectField):
    """A profile question, which may be skipped: no answer is not checked
    against the choices (a skipped question cost a raised and cleared
    "Not a valid choice" on every submission); any answer given must be one."""

    def pre_validate(self, form: object) -> None:
        if self.data:
            super().pre_validate(form)


class SurveyFormBase(FlaskForm):
    """Fields every survey has; the nine element fields are added per version."""

    submission_key = HiddenField("", validators=[Regexp(SUBMISSION_KEY)])
    comment = TextAreaField(
        _l("Saran atau komentar (boleh dikosongkan)"),
        validators=[
            Optional(),
            Length(
                max=skm.COMMENT_MAX_LENGTH,
                message=_l(
                    "Komentar terlalu panjang: paling banyak %(max)d karakter.",
                    max=skm.COMMENT_MAX_LENGTH,
                ),
            ),
        ],
        render_kw={"maxlength": skm.COMMENT_MAX_LENGTH, "rows": 3},
    )
    age_years = AgeField(
        _l("Usia (tahun)"),
        validators=[
            Optional(),
            NumberRange(skm.AGE_MIN, skm.AGE_MAX, message=AGE_MESSAGE),
        ],
        render_kw={"inputmode": "numeric", "min": skm.AGE_MIN, "max": skm.AGE_MAX},
    )
    sex = ProfileField(_l("Jenis kelamin"), validators=[Optional()])
    education = ProfileField(_l("Pendidikan terakhir"), validators=[Optional()])
    occupation = ProfileField(_l("Pekerjaan"), validators=[Optional()])

    # Filled in by survey_form(): the element fields, in questionnaire order,
    # then the unit's own questions (field name, question), asked after them.
    element_fields: Sequence[str] = ()
    own_questions: Sequence[tuple[str, OwnQuestion]] = ()
    version_id: int = 0  # the questionnaire version the form shows

    def own_answers(self) -> tuple[tuple[int, int | None, str | None], ...]:
        """The answers to the unit's own questions: (question id, value, text);
        a multiple choice's value has bit k-1 set for option k."""
        answers: list[tuple[int, int | None, str | None]] = []
        for name, question in self.own_questions:
            data = self[name].data
            if question.kind is QuestionKind.TEXT:
                text = (data or "").strip()
                if text:
                    answers.append((question.id, None, text))
            elif question.kind is QuestionKind.MULTIPLE:
                bits = sum(1 << (k - 1) for k in set(data or ()))
                if bits:
                    answers.append((question.id, bits, None))
            elif data is not None:
                answers.append((question.id, int(data), None))
        return tuple(answers)


def _profile_choices(options: dict[str, str]) -> list[SelectChoice]:
    return [
        SelectChoice("", gettext("— tidak diisi —")),
        *(SelectChoice(value, gettext(label)) for value, label in options.items()),
    ]


def survey_form(
    version: Version,
    language: str,
    service_types: tuple[tuple[int, str], ...] | None,
    formdata: MultiDict[str, str] | None = None,
) -> SurveyFormBase:
    """A form for a questionnaire version; ``service_types`` when the URL does not
    fix one. Form classes are built once per version, language and service list.
    ``formdata``: answers a kiosk kept offline (their signature stands for the
    CSRF token), instead of the request's form."""
    cls = _form_class(version, language, service_types)
    form = cls() if formdata is None else cls(formdata=formdata, meta={"csrf": False})
    choices = _all_profile_choices(language)
    form.sex.choices = choices["sex"]
    form.education.choices = choices["education"]
    form.occupation.choices = choices["occupation"]
    return form


@lru_cache(maxsize=8)
def _all_profile_choices(language: str) -> dict[str, list[SelectChoice]]:
    """The profile questions' options in ``language`` (the current locale, which
    ``language`` names), made once per language."""
    return {
        "sex": _profile_choices(skm.SEXES),
        "education": _profile_choices(skm.EDUCATIONS),
        "occupation": _profile_choices(skm.OCCUPATIONS),
    }


@lru_cache(maxsize=256)
def _form_class(
    version: Version,
    language: str,
    service_types: tuple[tuple[int, str], ...] | None,
) -> type[SurveyFormBase]:
    class SurveyForm(SurveyFormBase):
        pass

    elements = version.elements

    # A language with a catalog only (Minangkabau) reads the questionnaire's
    # Indonesian wording through its catalog; wording it lacks stays Indonesian.
    words = gettext if language in FORMATS_AS else str

    names = []
    for element in elements:
        name = element.code.lower()
        setattr(
            SurveyForm,
            name,
            RadioField(
                words(element.question(language)),
                choices=[
                    SelectChoice(k, words(label))
                    for k, label in enumerate(element.labels(language), start=1)
                ],
                coerce=int,
                validators=[InputRequired(message=REQUIRED_ANSWER)],
                description=words(element.name(language)),
            ),
        )
        names.append(name)
    SurveyForm.element_fields = tuple(names)
    own = []
    for question in version.questions:
        setattr(SurveyForm, question.field_name, _own_field(question, language, words))
        own.append((question.field_name, question))
    SurveyForm.own_questions = tuple(own)
    SurveyForm.version_id = version.id
    if service_types is not None:
        SurveyForm.service_type = SelectField(
            _l("Jenis layanan yang Anda terima"),
            choices=[
                SelectChoice("", gettext("— pilih —")),
                *(SelectChoice(str(i), name) for i, name in service_types),
            ],
            validators=[InputRequired(message=_l("Pilih jenis layanan"))],
        )
    return SurveyForm


def _own_field(
    question: OwnQuestion, language: str, words: Callable[[str], str]
) -> Field:
    """The field of one of the unit's own questions, in ``language``."""
    label = words(question.text.in_language(language))
    choices = [
        SelectChoice(k, words(option.in_language(language)))
        for k, option in enumerate(question.options, start=1)
    ]
    if question.kind is QuestionKind.TEXT:
        return StringField(
            label,
            validators=[
                DataRequired(_l("Isi jawaban ini"))
                if question.required
                else Optional(),
                Length(
                    max=skm.OWN_TEXT_MAX_LENGTH,
                    message=_l(
                        "Jawaban terlalu panjang: paling banyak %(max)d karakter.",
                        max=skm.OWN_TEXT_MAX_LENGTH,
                    ),
                ),
            ],
            render_kw={"maxlength": skm.OWN_TEXT_MAX_LENGTH},
        )
    if question.kind is QuestionKind.MULTIPLE:
        return SelectMultipleField(
            label,
            choices=choices,
            coerce=int,
            validators=[
                InputRequired(_l("Pilih paling sedikit satu jawaban"))
                if question.required
                else Optional()
            ],
        )
    return RadioField(
        label,
        choices=choices,
        coerce=int,
        validators=[
            InputRequired(message=REQUIRED_ANSWER) if question.required else Optional()
        ],
    )


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
