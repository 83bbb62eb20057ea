"""Questionnaire versions: the city's default and each unit's own.

The nine SKM elements are always the nine (code, order, 1-4 scale, weight);
a version words each element's question and four answers for its service, in
Bahasa Indonesia with English and Minangkabau optional, and may add up to ten
questions of the unit's own, asked after the nine and never part of the IKM.

A unit reads its newest published version, or the city's when it has none. A
head edits a draft (one per owner) and publishes it as the next version; a
published version is never edited, so every response keeps the wording it was
given under, and an open form or a kiosk's kept answer under an older version
is still accepted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, event, exists, inspect, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.selectable import ScalarSelect

from survey_service.core import skm
from survey_service.core.clock import now_utc
from survey_service.core.errors import DomainError
from survey_service.core.models import (
    QuestionKind,
    Questionnaire,
    QuestionnaireElement,
    QuestionnaireQuestion,
    Response,
)
from survey_service.core.skm import N_

LANGUAGES = ("id", "en", "min")  # every wording: Indonesian, then the optional two
TRANSLATIONS = ("en", "min")


@dataclass(frozen=True)
class Wording:
    """One text in Bahasa Indonesia, with English and Minangkabau optional."""

    id: str
    en: str = ""
    min: str = ""

    def in_language(self, language: str) -> str:
        return skm.worded(language, self.id, self.en, self.min)

    def missing(self) -> tuple[str, ...]:
        """The languages this text is not translated into."""
        return tuple(lang for lang in TRANSLATIONS if not getattr(self, lang).strip())


@dataclass(frozen=True)
class OwnQuestion:
    """A unit's own question as a version asks it."""

    id: int  # its row (0 while a draft is being checked)
    key: str  # the same question across versions
    kind: QuestionKind
    required: bool
    text: Wording
    options: tuple[Wording, ...] = ()  # a rating's four labels; none for a text

    @property
    def field_name(self) -> str:
        return f"x_{self.key}"


@dataclass(frozen=True)
class Version:
    id: int
    version: int
    elements: tuple[skm.ElementText, ...]  # the wording of this version
    questions: tuple[OwnQuestion, ...] = ()
    unit_id: int | None = None  # None: the city's
    published_at: dt.datetime | None = None  # None: a draft

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    def __hash__(self) -> int:
        # Cheap on every citizen's page (the form's caches are keyed by the
        # version): equal versions have equal ids; the full comparison settles
        # the rare equal id (a test's rolled-back database gives ids again).
        return hash((self.id, self.version, self.unit_id))


def owned_by(unit_id: int | None) -> ColumnElement[bool]:
    """The versions of one owner: a unit, or the city (None)."""
    if unit_id is None:
        return Questionnaire.unit_id.is_(None)
    return Questionnaire.unit_id == unit_id


def published() -> ColumnElement[bool]:
    return Questionnaire.published_at.is_not(None)


def _for_unit(unit_id: object) -> ColumnElement[bool]:
    """The unit's own versions and the city's."""
    return or_(Questionnaire.unit_id == unit_id, Questionnaire.unit_id.is_(None))


def newest_id_for(unit_id: object) -> ScalarSelect[int]:
    """The id of the version a unit's citizens answer now (its own newest, else
    the city's), for a query that reads it alongside its own rows; ``unit_id``
    may be a column (a correlated subquery)."""
    return (
        select(Questionnaire.id)
        .where(published(), _for_unit(unit_id))
        .order_by(Questionnaire.unit_id.is_(None), Questionnaire.version.desc())
        .limit(1)
        .scalar_subquery()
    )


def current(session: Session, unit_id: int | None = None) -> Questionnaire | None:
    """The newest published version for ``unit_id`` (the city's when None or
    when the unit has none of its own), with its elements loaded."""
    query = select(Questionnaire).where(published())
    if unit_id is None:
        query = query.where(Questionnaire.unit_id.is_(None))
    else:
        query = query.where(_for_unit(unit_id))
    return session.scalar(
        query.options(selectinload(Questionnaire.elements))
        .order_by(Questionnaire.unit_id.is_(None), Questionnaire.version.desc())
        .limit(1)
    )


# Published versions are never edited (see _refuse_edits_when_published), so a
# version read once can be kept for the life of the process (per database).
_versions: dict[tuple[object, int], Version] = {}
_latest: Version | None = None


def _cache_key(session: Session, questionnaire_id: int) -> tuple[object, int]:
    return (session.get_bind().engine, questionnaire_id)


def forget_versions() -> None:
    """Empty the process's cache of versions (a test's rolled-back database
    may give a new version an id seen before)."""
    global _latest
    _versions.clear()
    _latest = None


def snapshot(q: Questionnaire) -> Version:
    """``q`` as an immutable Version (elements and questions loaded)."""
    return Version(
        q.id,
        q.version,
        tuple(
            skm.ElementText(
                e.code,
                e.name_id,
                e.name_en,
                e.question_id,
                e.question_en,
                e.labels("id"),
                e.labels("en"),
                e.question_min,
                e.labels("min"),
            )
            for e in q.elements
        ),
        tuple(
            OwnQuestion(
                x.id,
                x.key,
                QuestionKind(x.kind),
                x.required,
                Wording(x.text_id, x.text_en, x.text_min),
                tuple(
                    Wording(o.get("id", ""), o.get("en", ""), o.get("min", ""))
                    for o in x.options
                ),
            )
            for x in q.questions
        ),
        q.unit_id,
        q.published_at,
    )


def version_by_id(session: Session, questionnaire_id: int) -> Version | None:
    """A version by id: a published one from the process's cache after the
    first read, a draft read fresh every time."""
    key = _cache_key(session, questionnaire_id)
    cached = _versions.get(key)
    if cached is not None:
        return cached
    q = session.scalar(
        select(Questionnaire)
        .where(Questionnaire.id == questionnaire_id)
        .options(
            selectinload(Questionnaire.elements), selectinload(Questionnaire.questions)
        )
    )
    if q is None:
        return None
    version = snapshot(q)
    if not version.is_draft:
        _versions[key] = version
    return version


def current_version(
    session: Session, newest: int | None = None, unit_id: int | None = None
) -> Version | None:
    """The version a unit's citizens answer now (the city's for None) as an
    immutable snapshot: one small query when cached, none when the caller read
    ``newest`` (its id, ``newest_id_for``) along with something else."""
    global _latest
    if newest is None:
        newest = session.scalar(
            select(newest_id_for(unit_id))
            if unit_id is not None
            else select(Questionnaire.id)
            .where(published(), Questionnaire.unit_id.is_(None))
            .order_by(Questionnaire.version.desc())
            .limit(1)
        )
    if newest is None:
        return None
    version = version_by_id(session, newest)
    _latest = version
    return version


def cached_version(session: Session, questionnaire_id: int | None) -> Version | None:
    """A version this process has read, without touching the database (for
    re-showing a citizen's answers while the database is down): the one asked
    for, else the newest read."""
    if questionnaire_id is not None:
        kept = _versions.get(_cache_key(session, questionnaire_id))
        if kept is not None:
            return kept
    return _latest


def accepted_version(
    session: Session, questionnaire_id: int | None, unit_id: int, newest: int | None
) -> Version | None:
    """The version an answer for ``unit_id`` is stored under: the one its form
    showed (``questionnaire_id``) when that is a published version of the unit
    or the city's, even if replaced since; otherwise the current one."""
    if questionnaire_id is not None and 1 <= questionnaire_id < 2**63:
        shown = version_by_id(session, questionnaire_id)
        if (
            shown is not None
            and not shown.is_draft
            and shown.unit_id in (None, unit_id)
        ):
            return shown
    return current_version(session, newest, unit_id)


# --- rows of a version --------------------------------------------------------


def element_rows(texts: Sequence[skm.ElementText]) -> list[QuestionnaireElement]:
    return [
        QuestionnaireElement(
            code=t.code,
            position=i,
            name_id=t.name_id,
            name_en=t.name_en,
            question_id=t.question_id,
            question_en=t.question_en,
            question_min=t.question_min,
            **{f"label{k + 1}_id": t.labels_id[k] for k in range(4)},
            **{f"label{k + 1}_en": t.labels_en[k] for k in range(4)},
            **{f"label{k + 1}_min": t.labels_min[k] for k in range(4)},
        )
        for i, t in enumerate(texts, start=1)
    ]


def question_rows(questions: Sequence[OwnQuestion]) -> list[QuestionnaireQuestion]:
    return [
        QuestionnaireQuestion(
            key=x.key,
            position=i,
            kind=x.kind,
            required=x.required,
            text_id=x.text.id,
            text_en=x.text.en,
            text_min=x.text.min,
            options=[{"id": o.id, "en": o.en, "min": o.min} for o in x.options],
        )
        for i, x in enumerate(questions, start=1)
    ]


def ensure_baseline(session: Session) -> Questionnaire:
    """The city's version 1 (the regulation's wording) if there is none yet."""
    existing = current(session)
    if existing is not None:
        return existing
    baseline = Questionnaire(
        version=1,
        title="SKM Permenpan RB 14/2017",
        elements=element_rows(skm.ELEMENTS),
        published_at=now_utc(),
    )
    session.add(baseline)
    session.flush()
    return baseline


# --- kept as published ------------------------------------------------------


def is_in_use(session: Session, questionnaire_id: int) -> bool:
    return bool(
        session.scalar(
            select(exists().where(Response.questionnaire_id == questionnaire_id))
        )
    )


def _published_before(q: Questionnaire) -> bool:
    """``q`` was published before this flush (publishing a draft is allowed)."""
    history = inspect(q).attrs.published_at.history
    if history.deleted:
        return history.deleted[0] is not None
    return not history.added and q.published_at is not None


@event.listens_for(Session, "before_flush")
def _refuse_edits_when_published(
    session: Session, _context: object, _instances: object
) -> None:
    """Editing a published version (or one that responses refer to) is
    refused, not silently kept: a change is the next version."""
    for obj in (*session.dirty, *session.deleted):
        if not isinstance(
            obj, Questionnaire | QuestionnaireElement | QuestionnaireQuestion
        ):
            continue
        if obj in session.dirty and not session.is_modified(obj):
            continue
        q = (
            obj
            if isinstance(obj, Questionnaire)
            # a question taken out of a draft's list no longer names its draft
            else obj.questionnaire or session.get(Questionnaire, obj.questionnaire_id)
        )
        if q is None:
            continue
        if _published_before(q) or (q.id is not None and is_in_use(session, q.id)):
            raise DomainError(
                N_(
                    "Kuesioner ini sudah terbit atau dipakai responden; "
                    "buat versi baru alih-alih mengubahnya"
                )
            )
