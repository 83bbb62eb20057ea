"""Questionnaire versions: the nine SKM elements, seeded from ``skm.ELEMENTS``.

A version that responses refer to is never edited; a change of wording is a
new version (``supersede``), so old responses keep the meaning they were given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import event, exists, select
from sqlalchemy.orm import Session, selectinload

from survey_service.core import skm
from survey_service.core.errors import DomainError
from survey_service.core.models import Questionnaire, QuestionnaireElement, Response
from survey_service.core.skm import N_


def current(session: Session) -> Questionnaire | None:
    """The newest questionnaire version, with its elements loaded."""
    return session.scalar(
        select(Questionnaire)
        .options(selectinload(Questionnaire.elements))
        .order_by(Questionnaire.version.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class Version:
    id: int
    version: int
    elements: tuple[skm.ElementText, ...]  # the wording of this version


# Versions in use are never edited (see _refuse_edits_in_use), so a version
# read once can be kept for the life of the process.
_versions: dict[int, Version] = {}


# The newest version's id, for a query that wants it alongside its own rows.
NEWEST_ID = (
    select(Questionnaire.id)
    .order_by(Questionnaire.version.desc())
    .limit(1)
    .scalar_subquery()
)


def current_version(session: Session, newest: int | None = None) -> Version | None:
    """The newest version as an immutable snapshot: one small query when cached,
    none when the caller read ``newest`` (its id) along with something else."""
    if newest is None:
        newest = session.scalar(
            select(Questionnaire.id).order_by(Questionnaire.version.desc()).limit(1)
        )
    if newest is None:
        return None
    cached = _versions.get(newest)
    if cached is None:
        q = session.scalar(
            select(Questionnaire)
            .where(Questionnaire.id == newest)
            .options(selectinload(Questionnaire.elements))
        )
        assert q is not None  # noqa: S101 - read in this transaction just above
        cached = Version(
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
                )
                for e in q.elements
            ),
        )
        _versions[newest] = cached
    global _latest
    _latest = cached
    return cached


_latest: Version | None = None


def cached_version() -> Version | None:
    """The newest version this process has read, without touching the database
    (for re-showing a citizen's answers while the database is down)."""
    return _latest


def _elements(texts: Sequence[skm.ElementText]) -> list[QuestionnaireElement]:
    return [
        QuestionnaireElement(
            code=t.code,
            position=i,
            name_id=t.name_id,
            name_en=t.name_en,
            question_id=t.question_id,
            question_en=t.question_en,
            **{f"label{k + 1}_id": t.labels_id[k] for k in range(4)},
            **{f"label{k + 1}_en": t.labels_en[k] for k in range(4)},
        )
        for i, t in enumerate(texts, start=1)
    ]


def ensure_baseline(session: Session) -> Questionnaire:
    """Version 1 (the regulation's wording) if there is no questionnaire yet."""
    existing = current(session)
    if existing is not None:
        return existing
    baseline = Questionnaire(
        version=1, title="SKM Permenpan RB 14/2017", elements=_elements(skm.ELEMENTS)
    )
    session.add(baseline)
    session.flush()
    return baseline


def supersede(
    session: Session, title: str, texts: Sequence[skm.ElementText]
) -> Questionnaire:
    """A new version with ``texts``; the nine element codes must all be there."""
    if sorted(t.code for t in texts) != sorted(skm.ELEMENT_CODES):
        raise DomainError(N_("Kuesioner harus memuat kesembilan unsur U1–U9"))
    latest = current(session)
    version = (latest.version if latest else 0) + 1
    questionnaire = Questionnaire(
        version=version, title=title, elements=_elements(texts)
    )
    session.add(questionnaire)
    session.flush()
    return questionnaire


def is_in_use(session: Session, questionnaire_id: int) -> bool:
    return bool(
        session.scalar(
            select(exists().where(Response.questionnaire_id == questionnaire_id))
        )
    )


@event.listens_for(Session, "before_flush")
def _refuse_edits_in_use(
    session: Session, _context: object, _instances: object
) -> None:
    """Editing a questionnaire that responses refer to is refused, not silently kept."""
    for obj in session.dirty:
        if isinstance(
            obj, QuestionnaireElement | Questionnaire
        ) and session.is_modified(obj):
            qid = (
                obj.questionnaire_id
                if isinstance(obj, QuestionnaireElement)
                else obj.id
            )
            if is_in_use(session, qid):
                raise DomainError(
                    N_(
                        "Kuesioner ini sudah dipakai responden; "
                        "buat versi baru alih-alih mengubahnya"
                    )
                )
