"""Building a unit's questionnaire as an editor would: a draft with a reworded
element and one own question of each kind, published."""

from __future__ import annotations

import dataclasses

from survey_service.core import skm
from survey_service.core.clock import now_utc
from survey_service.core.models import QuestionKind
from survey_service.questionnaires import editing
from survey_service.questionnaires.service import Version, Wording

U3_QUESTION = "Berapa lama Anda menunggu sampai KTP-el selesai dicetak?"
U3_LABELS = ("Lebih dari sehari", "Beberapa jam", "Sekitar satu jam", "Hari ini juga")

RATING = editing.QuestionDraft(
    "",
    QuestionKind.RATING,
    True,
    Wording("Bagaimana kebersihan ruang tunggu?", "How clean is the waiting room?"),
    (
        Wording("Kotor", "Dirty"),
        Wording("Kurang bersih", "Not very clean"),
        Wording("Bersih", "Clean"),
        Wording("Sangat bersih", "Very clean"),
    ),
)
SINGLE = editing.QuestionDraft(
    "",
    QuestionKind.SINGLE,
    False,
    Wording("Dari mana Anda tahu layanan ini?"),  # no translation: Indonesian
    (Wording("Teman", "A friend"), Wording("Media sosial", "Social media")),
)
MULTIPLE = editing.QuestionDraft(
    "",
    QuestionKind.MULTIPLE,
    False,
    Wording("Dokumen apa yang Anda urus?", "Which documents?"),
    (
        Wording("KTP-el", "ID card"),
        Wording("Kartu Keluarga", "Family card"),
        Wording("Akta lahir", "Birth certificate"),
    ),
)
TEXT = editing.QuestionDraft(
    "",
    QuestionKind.TEXT,
    False,
    Wording("Apa yang perlu kami ubah?", "What to change?"),
)
EVERY_KIND = (RATING, SINGLE, MULTIPLE, TEXT)


def wordings(version: Version | None = None) -> list[editing.ElementWording]:
    """The elements as a version words them (the regulation's by default)."""
    elements = version.elements if version else skm.ELEMENTS
    return [
        editing.ElementWording(
            e.code,
            Wording(e.question_id, e.question_en, e.question_min),
            tuple(  # type: ignore[arg-type]
                Wording(i, en, mn)
                for i, en, mn in zip(
                    e.labels_id, e.labels_en, e.labels_min, strict=True
                )
            ),
        )
        for e in elements
    ]


def reworded_u3(version: Version | None = None) -> list[editing.ElementWording]:
    """U3 worded for a civil-registry office (Indonesian only)."""
    return [
        dataclasses.replace(
            w,
            question=Wording(U3_QUESTION),
            labels=tuple(Wording(label) for label in U3_LABELS),  # type: ignore[arg-type]
        )
        if w.code == "U3"
        else w
        for w in wordings(version)
    ]


def as_published(version: Version) -> list[editing.QuestionDraft]:
    """A version's own questions as an editor would send them back."""
    return [
        editing.QuestionDraft(x.key, x.kind, x.required, x.text, x.options)
        for x in version.questions
    ]


def publish_unit_version(session, unit, actor, questions=EVERY_KIND, elements=None):
    """Draft, save and publish a unit's version; returns it."""
    draft = editing.start_draft(session, unit.id)
    editing.save_draft(session, draft, elements or reworded_u3(), list(questions))
    return editing.publish(session, draft, actor, now_utc(), lambda _v: 10_000)
