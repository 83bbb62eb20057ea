"""Editing a questionnaire: an owner's draft (copied from what its citizens
answer now), its checks, what publishing it changes, and publishing it as the
owner's next version (audited, within the page budget)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from survey_service.core import audit, skm
from survey_service.core.errors import DomainError
from survey_service.core.models import (
    QuestionKind,
    Questionnaire,
    QuestionnaireQuestion,
    User,
)
from survey_service.core.skm import N_
from survey_service.questionnaires.service import (
    OwnQuestion,
    Version,
    Wording,
    current_version,
    element_rows,
    owned_by,
    published,
    question_rows,
    snapshot,
    version_by_id,
)

TRANSLATIONS = ("en", "min")


@dataclass(frozen=True)
class CitizenPage:
    """How a version looks to a citizen, given by the collection domain (which
    owns the form): ``render(version, unit, language, preview=True)`` the page,
    ``weigh(version, unit)`` its bytes with what it loads."""

    render: Callable[..., str]
    weigh: Callable[..., int]


QUESTION_MAX_LENGTH = 300
OPTION_MAX_LENGTH = 100


def draft_of(session: Session, unit_id: int | None) -> Questionnaire | None:
    """The owner's draft (one at most), elements and questions loaded."""
    owner = owned_by(unit_id)
    return session.scalar(
        select(Questionnaire)
        .where(owner, Questionnaire.published_at.is_(None))
        .options(
            selectinload(Questionnaire.elements), selectinload(Questionnaire.questions)
        )
    )


def own_current(session: Session, unit_id: int | None) -> Version | None:
    """The owner's newest published version of its own (None: a unit that
    answers the city's)."""
    owner = owned_by(unit_id)
    qid = session.scalar(
        select(Questionnaire.id)
        .where(owner, published())
        .order_by(Questionnaire.version.desc())
        .limit(1)
    )
    return None if qid is None else version_by_id(session, qid)


def start_draft(
    session: Session, unit_id: int | None, title: str = ""
) -> Questionnaire:
    """A draft for the owner, copied from what its citizens answer now (the
    unit's version, else the city's); the existing draft if there is one."""
    existing = draft_of(session, unit_id)
    if existing is not None:
        return existing
    base = current_version(session, unit_id=unit_id)
    elements = base.elements if base else skm.ELEMENTS
    questions = base.questions if base else ()
    numbered = session.scalar(
        select(Questionnaire.version)
        .where(owned_by(unit_id))
        .order_by(Questionnaire.version.desc())
        .limit(1)
    )
    draft = Questionnaire(
        unit_id=unit_id,
        version=(numbered or 0) + 1,
        title=title or "SKM Permenpan RB 14/2017",
        elements=element_rows(elements),
        questions=question_rows(questions),
    )
    session.add(draft)
    session.flush()
    return draft


@dataclass(frozen=True)
class ElementWording:
    """What an editor may change of an element: its question and four labels."""

    code: str
    question: Wording
    labels: tuple[Wording, Wording, Wording, Wording]


@dataclass(frozen=True)
class QuestionDraft:
    """One own question as the editor sends it (``key`` empty: a new one)."""

    key: str
    kind: QuestionKind
    required: bool
    text: Wording
    options: tuple[Wording, ...] = ()


class DraftError(DomainError):
    """Everything wrong with a draft at once, each at its place: (where,
    message id), where is "U3" for an element, "x2" for the second own
    question, "questions" for the list."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(N_("Kuesioner belum dapat disimpan; periksa yang ditandai"))
        self.problems = problems


def _check_wording(w: Wording, limit: int) -> str | None:
    if not w.id.strip():
        return N_("Tulis teksnya dalam Bahasa Indonesia")
    if any(len(text) > limit for text in (w.id, w.en, w.min)):
        return N_("Terlalu panjang")
    return None


def _options_rule(kind: QuestionKind, n: int) -> str | None:
    if kind is QuestionKind.RATING and n != 4:
        return N_("Penilaian 1–4 memerlukan tepat empat label jawaban")
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and not (
        2 <= n <= skm.OWN_OPTIONS_MAX
    ):
        return N_("Pilihan jawaban 2 sampai 8 baris")
    if kind is QuestionKind.TEXT and n:
        return N_("Pertanyaan isian singkat tidak memiliki pilihan jawaban")
    return None


def save_draft(
    session: Session,
    draft: Questionnaire,
    elements: Sequence[ElementWording],
    questions: Sequence[QuestionDraft],
) -> None:
    """Replace the draft's wording and own questions; DraftError lists every
    problem (nothing is changed then)."""
    if draft.published_at is not None:
        raise DomainError(N_("Versi ini sudah terbit; ubah drafnya"))
    problems: list[tuple[str, str]] = []
    if sorted(e.code for e in elements) != sorted(skm.ELEMENT_CODES):
        raise DomainError(N_("Kuesioner harus memuat kesembilan unsur U1–U9"))
    for e in elements:
        for w in (e.question, *e.labels):
            limit = QUESTION_MAX_LENGTH if w is e.question else OPTION_MAX_LENGTH
            problem = _check_wording(w, limit)
            if problem:
                problems.append((e.code, problem))
                break
    if len(questions) > skm.OWN_QUESTIONS_MAX:
        problems.append(("questions", N_("Paling banyak 10 pertanyaan sendiri")))
    kinds_before = _kinds_of_keys(session, draft.unit_id)
    seen: set[str] = set()
    for n, x in enumerate(questions, start=1):
        where = f"x{n}"
        if x.key and x.key in seen:  # a page sent twice over, or forged
            problems.append((where, N_("Pertanyaan ini terkirim dua kali")))
            continue
        seen.add(x.key)
        problem = _check_wording(x.text, QUESTION_MAX_LENGTH) or _options_rule(
            x.kind, len(x.options)
        )
        if problem is None:
            problem = next(
                (
                    p
                    for p in (_check_wording(o, OPTION_MAX_LENGTH) for o in x.options)
                    if p
                ),
                None,
            )
        if problem is None and x.key and kinds_before.get(x.key, x.kind) != x.kind:
            problem = N_(
                "Jenis pertanyaan yang sudah dijawab tidak dapat diubah; hapus dan "
                "buat pertanyaan baru"
            )
        if problem is None and len({o.id.strip() for o in x.options}) < len(x.options):
            problem = N_("Ada pilihan jawaban yang sama")
        if problem:
            problems.append((where, problem))
    if problems:
        raise DraftError(problems)
    by_code = {e.code: e for e in elements}
    for row in draft.elements:
        e = by_code[row.code]
        question = _retranslated(
            Wording(row.question_id, row.question_en, row.question_min), e.question
        )
        row.question_id, row.question_en, row.question_min = (
            question.id,
            question.en,
            question.min,
        )
        for k, label in enumerate(e.labels, start=1):
            was = Wording(*(getattr(row, f"label{k}_{lang}") for lang in LANGS))
            label = _retranslated(was, label)
            for lang in LANGS:
                setattr(row, f"label{k}_{lang}", getattr(label, lang))
    asked_before = {x.key: x for x in snapshot(draft).questions}
    draft.questions.clear()
    session.flush()  # positions and keys are unique per version
    rows = []
    for x in questions:
        earlier = asked_before.get(x.key)
        options = tuple(_stripped(o) for o in x.options)
        if earlier is not None and len(earlier.options) == len(options):
            options = tuple(
                _retranslated(old, new)
                for old, new in zip(earlier.options, options, strict=True)
            )
        rows.append(
            OwnQuestion(
                0,
                x.key or new_key(),
                x.kind,
                x.required,
                _retranslated(earlier.text, x.text) if earlier else _stripped(x.text),
                options,
            )
        )
    draft.questions.extend(question_rows(rows))
    session.flush()


LANGS = ("id", "en", "min")


def _retranslated(before: Wording, after: Wording) -> Wording:
    """``after``, stripped, without a translation left as it was while the
    Indonesian it translated changed: a stale translation is shown as missing
    (the citizen reads the new Indonesian) instead of the old meaning."""
    after = _stripped(after)
    if after.id == before.id.strip():
        return after
    return Wording(
        after.id,
        "" if after.en and after.en == before.en.strip() else after.en,
        "" if after.min and after.min == before.min.strip() else after.min,
    )


def _stripped(w: Wording) -> Wording:
    return Wording(w.id.strip(), w.en.strip(), w.min.strip())


def new_key() -> str:
    return secrets.token_hex(4)


def _kinds_of_keys(session: Session, unit_id: int | None) -> dict[str, QuestionKind]:
    """The kind each of the owner's published questions was asked as."""
    owner = owned_by(unit_id)
    rows = session.execute(
        select(QuestionnaireQuestion.key, QuestionnaireQuestion.kind)
        .join(Questionnaire)
        .where(owner, published())
    )
    return {key: QuestionKind(kind) for key, kind in rows}


def discard_draft(session: Session, draft: Questionnaire) -> None:
    if draft.published_at is not None:
        raise DomainError(N_("Versi ini sudah terbit; ubah drafnya"))
    session.delete(draft)
    session.flush()


# Whether a language's catalog translates a text (the regulation's wording is
# in the catalogs, so its Minangkabau is there without being typed here).
Catalog = Callable[[str, str], bool]


def _no_catalog(_text: str, _language: str) -> bool:
    return False


@dataclass(frozen=True)
class Changes:
    """What publishing a draft changes, said before it is published."""

    reworded: tuple[str, ...]  # element codes whose question or labels change
    added: tuple[str, ...]  # own questions new in the draft (Indonesian text)
    removed: tuple[str, ...]  # own questions the draft no longer asks
    changed: tuple[str, ...]  # own questions asked differently
    missing: tuple[tuple[str, str], ...]  # (what, language) without translation

    @property
    def any(self) -> bool:
        return bool(self.reworded or self.added or self.removed or self.changed)


def changes(
    session: Session,
    draft: Version,
    unit_id: int | None,
    catalog: Catalog = _no_catalog,
) -> Changes:
    """``draft`` against what the owner's citizens answer now."""
    base = current_version(session, unit_id=unit_id)
    before_elements = {e.code: e for e in (base.elements if base else skm.ELEMENTS)}
    before_questions = {x.key: x for x in (base.questions if base else ())}
    reworded = tuple(
        e.code
        for e in draft.elements
        if (e.question_id, e.question_en, e.question_min, e.labels_id)
        != (
            before_elements[e.code].question_id,
            before_elements[e.code].question_en,
            before_elements[e.code].question_min,
            before_elements[e.code].labels_id,
        )
        or (e.labels_en, e.labels_min)
        != (before_elements[e.code].labels_en, before_elements[e.code].labels_min)
    )
    now_keys = {x.key for x in draft.questions}
    return Changes(
        reworded=reworded,
        added=tuple(
            x.text.id for x in draft.questions if x.key not in before_questions
        ),
        removed=tuple(
            x.text.id for k, x in before_questions.items() if k not in now_keys
        ),
        changed=tuple(
            x.text.id
            for x in draft.questions
            if x.key in before_questions
            and _asked(x) != _asked(before_questions[x.key])
        ),
        missing=missing_translations(draft, catalog),
    )


def _asked(x: OwnQuestion) -> tuple[object, ...]:
    return (x.required, x.text, x.options)


def missing_translations(
    version: Version, catalog: Catalog = _no_catalog
) -> tuple[tuple[str, str], ...]:
    """(what, language) for each text a citizen reading English or
    Minangkabau would see in Indonesian: the element code, or the own
    question's number as "P1"."""
    missing: list[tuple[str, str]] = []
    for e in version.elements:
        for lang in TRANSLATIONS:
            pairs = zip(
                (e.question_id, *e.labels_id),
                (e.question_en, *e.labels_en)
                if lang == "en"
                else (e.question_min, *e.labels_min),
                strict=True,
            )
            if not all(done.strip() or catalog(text, lang) for text, done in pairs):
                missing.append((e.code, lang))
    for n, x in enumerate(version.questions, start=1):
        for lang in TRANSLATIONS:
            if any(
                lang in w.missing() and not catalog(w.id, lang)
                for w in (x.text, *x.options)
            ):
                missing.append((f"P{n}", lang))
    return tuple(missing)


class PageTooHeavyError(DomainError):
    pass


def publish(
    session: Session,
    draft: Questionnaire,
    actor: User,
    now: dt.datetime,
    page_bytes: Callable[[Version], int],
) -> Version:
    """Publish the owner's draft as its next version: the citizens' form shows
    it from now on (an open form under the one before is still accepted).
    ``page_bytes`` weighs the citizen's page for the version (the heaviest
    language, with what it loads); over the page budget it is refused."""
    if draft.published_at is not None:
        raise DomainError(N_("Versi ini sudah terbit"))
    version = snapshot(draft)
    if len(version.questions) > skm.OWN_QUESTIONS_MAX:
        raise DomainError(N_("Paling banyak 10 pertanyaan sendiri"))
    weight = page_bytes(version)
    if weight > skm.PAGE_BUDGET_BYTES:
        raise PageTooHeavyError(
            N_(
                "Halaman formulir menjadi %(kb)s KB, melebihi batas %(limit)s KB "
                "untuk ponsel dengan jaringan lambat. Kurangi pertanyaan atau "
                "persingkat teksnya."
            ),
            kb=round(weight / 1024, 1),
            limit=skm.PAGE_BUDGET_BYTES // 1024,
        )
    draft.published_at = now
    draft.published_by_id = actor.id
    audit.record(
        session,
        actor,
        "questionnaire.publish",
        f"unit:{draft.unit_id}" if draft.unit_id is not None else "city",
        version=draft.version,
        questionnaire_id=draft.id,
        own_questions=len(version.questions),
        page_bytes=weight,
    )
    session.flush()
    return version_by_id(session, draft.id) or version


def versions_of(session: Session, unit_id: int | None) -> list[Questionnaire]:
    """The owner's published versions, newest first."""
    owner = owned_by(unit_id)
    return list(
        session.scalars(
            select(Questionnaire)
            .where(owner, published())
            .order_by(Questionnaire.version.desc())
        )
    )
