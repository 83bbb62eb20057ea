"""The questionnaire editor's forms: every element's question and four labels
in three languages, and the unit's own questions in slots (the questions it
has, then one to add)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from survey_service.core import skm
from survey_service.core.models import QuestionKind
from survey_service.questionnaires import editing
from survey_service.questionnaires.service import Version, Wording
from survey_service.web.forms import FlaskForm

LANGUAGES = ("id", "en", "min")
SLOTS = skm.OWN_QUESTIONS_MAX + 1  # the questions a version may have, and one new
KIND_LABELS = {
    QuestionKind.RATING: _l("Penilaian 1–4 (dengan empat label)"),
    QuestionKind.SINGLE: _l("Pilihan tunggal"),
    QuestionKind.MULTIPLE: _l("Pilihan ganda (boleh lebih dari satu)"),
    QuestionKind.TEXT: _l("Isian singkat"),
}
TOO_LONG = _l("Terlalu panjang: paling banyak %(max)d karakter.")


def _text(limit: int, area: bool = False) -> Any:
    field = TextAreaField if area else StringField
    return field(
        "",
        validators=[Optional(), Length(max=limit, message=TOO_LONG)],
        render_kw={"maxlength": limit} | ({"rows": 2} if area else {}),
    )


class EditorForm(FlaskForm):
    """Built once: fields named U3_q_en, U3_l2_id, x4_text_min, x4_options_id…"""


for _code in skm.ELEMENT_CODES:
    for _lang in LANGUAGES:
        setattr(
            EditorForm, f"{_code}_q_{_lang}", _text(editing.QUESTION_MAX_LENGTH, True)
        )
        for _k in range(1, 5):
            setattr(
                EditorForm, f"{_code}_l{_k}_{_lang}", _text(editing.OPTION_MAX_LENGTH)
            )
for _n in range(1, SLOTS + 1):
    setattr(
        EditorForm,
        f"x{_n}_key",
        HiddenField(validators=[Optional(), Regexp(r"^[0-9a-f]{8}$")]),
    )
    setattr(
        EditorForm,
        f"x{_n}_kind",
        SelectField(
            _l("Jenis jawaban"),
            choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
            default=QuestionKind.SINGLE.value,
        ),
    )
    setattr(EditorForm, f"x{_n}_required", BooleanField(_l("Wajib dijawab")))
    setattr(EditorForm, f"x{_n}_remove", BooleanField(_l("Hapus pertanyaan ini")))
    for _lang in LANGUAGES:
        setattr(
            EditorForm,
            f"x{_n}_text_{_lang}",
            _text(editing.QUESTION_MAX_LENGTH, True),
        )
        setattr(
            EditorForm,
            f"x{_n}_options_{_lang}",
            TextAreaField(
                "",
                validators=[Optional(), Length(max=1000, message=TOO_LONG)],
                render_kw={"rows": 4},
            ),
        )


def editor_data(version: Version) -> dict[str, str | bool]:
    """A draft's wording as the editor's fields."""
    data: dict[str, str | bool] = {}
    for e in version.elements:
        for lang in LANGUAGES:
            data[f"{e.code}_q_{lang}"] = getattr(e, f"question_{lang}")
            for k, label in enumerate(getattr(e, f"labels_{lang}"), start=1):
                data[f"{e.code}_l{k}_{lang}"] = label
    for n, x in enumerate(version.questions, start=1):
        data[f"x{n}_key"] = x.key
        data[f"x{n}_kind"] = x.kind.value
        data[f"x{n}_required"] = x.required
        for lang in LANGUAGES:
            data[f"x{n}_text_{lang}"] = getattr(x.text, lang)
            data[f"x{n}_options_{lang}"] = "\n".join(
                getattr(o, lang) for o in x.options
            )
    return data


def _wording(form: EditorForm, prefix: str) -> Wording:
    return Wording(*(str(form[f"{prefix}_{lang}"].data or "") for lang in LANGUAGES))


def _lines(text: str) -> list[str]:
    lines = [line.strip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def element_wordings(form: EditorForm) -> list[editing.ElementWording]:
    return [
        editing.ElementWording(
            code,
            _wording(form, f"{code}_q"),
            (
                _wording(form, f"{code}_l1"),
                _wording(form, f"{code}_l2"),
                _wording(form, f"{code}_l3"),
                _wording(form, f"{code}_l4"),
            ),
        )
        for code in skm.ELEMENT_CODES
    ]


def question_drafts(form: EditorForm) -> list[tuple[int, editing.QuestionDraft]]:
    """The own questions the editor sends, each with its slot: a blank new
    slot and a question marked for removal are left out. The options are one
    per line, the translations line by line beside the Indonesian."""
    drafts: list[tuple[int, editing.QuestionDraft]] = []
    for n in range(1, SLOTS + 1):
        key = str(form[f"x{n}_key"].data or "")
        text = _wording(form, f"x{n}_text")
        if form[f"x{n}_remove"].data or (not key and not text.id.strip()):
            continue
        ids = _lines(str(form[f"x{n}_options_id"].data or ""))
        en = _lines(str(form[f"x{n}_options_en"].data or ""))
        mn = _lines(str(form[f"x{n}_options_min"].data or ""))
        options = tuple(
            Wording(
                option,
                en[k] if k < len(en) else "",
                mn[k] if k < len(mn) else "",
            )
            for k, option in enumerate(ids)
            if option
        )
        kind = form[f"x{n}_kind"].data
        drafts.append(
            (
                n,
                editing.QuestionDraft(
                    key,
                    QuestionKind(kind)
                    if kind in QuestionKind._value2member_map_
                    else QuestionKind.SINGLE,
                    bool(form[f"x{n}_required"].data),
                    text,
                    options,
                ),
            )
        )
    return drafts


class DraftActionForm(FlaskForm):
    """Start a draft, or throw it away (a button and its token)."""


class PublishForm(FlaskForm):
    understood = BooleanField(
        _l("Saya sudah melihat pratinjaunya dan memahami perubahan ini"),
        validators=[DataRequired(_l("Centang bahwa Anda sudah memeriksa perubahan"))],
    )
