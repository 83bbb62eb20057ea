"""Results of a unit's own questions for a period (which versions its answers
were given under is read from the daily sums: ``results.aggregates.version_spans``).

Own questions are never part of the IKM. A rating is reported like an element
(its mean on 1-4 with the same 95% interval), a choice as counts with the
share of those who answered, a text with the comments (personal numbers
masked; never public). A question keeps its results across versions (by its
key) and after it is removed; a choice's options are counted by their
Indonesian wording, so a reworded option is counted apart.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from survey_service.core.masking import mask_personal_numbers
from survey_service.core.models import (
    QuestionKind,
    Questionnaire,
    QuestionnaireQuestion,
    Response,
    ResponseAnswer,
    ResponseStatus,
)
from survey_service.core.statistics.intervals import element_intervals
from survey_service.questionnaires.service import (
    OwnQuestion,
    current_version,
    version_by_id,
)

SHOWN_STATUSES = (ResponseStatus.VALID, ResponseStatus.FLAGGED)  # as comments


@dataclass(frozen=True)
class OptionCount:
    label: str
    count: int
    share: float | None  # percent of those who answered the question
    retired: bool = False  # no longer an option of the newest version asking it


@dataclass(frozen=True)
class QuestionResult:
    key: str
    kind: QuestionKind
    text: str  # as the newest version asking it words it
    answered: int  # counted responses that answered it
    options: tuple[OptionCount, ...]  # a rating's four values, a choice's options
    mean: float | None = None  # a rating's mean on 1-4 ...
    low: float | None = None  # ... and its 95% interval
    high: float | None = None
    asked_now: bool = True  # False: the current version no longer asks it


@dataclass(frozen=True)
class TextAnswer:
    submitted_at: dt.datetime
    local_date: dt.date
    question: str
    text: str  # masked


@dataclass(frozen=True)
class VersionSpan:
    """A questionnaire version the period's counted answers were given under."""

    questionnaire_id: int
    version: int
    own: bool  # the unit's own (False: the city's)
    first_day: dt.date
    last_day: dt.date
    responses: int


def _in_period(
    unit_id: int,
    start: dt.date,
    end: dt.date,
    statuses: tuple[ResponseStatus, ...] = (ResponseStatus.VALID,),
) -> ColumnElement[bool]:
    return and_(
        Response.unit_id == unit_id,
        Response.local_date >= start,
        Response.local_date <= end,
        Response.status.in_(statuses),
    )


def _ever_asked(
    session: Session, unit_id: int, kind: QuestionKind | None = None
) -> bool:
    """Whether any version this unit's citizens may have answered (its own or
    the city's) asks a question of its own (of ``kind``): a look at the small
    questionnaire tables that spares a unit without any a search of its
    responses."""
    asked = (
        select(QuestionnaireQuestion.id)
        .join(Questionnaire, Questionnaire.id == QuestionnaireQuestion.questionnaire_id)
        .where(or_(Questionnaire.unit_id == unit_id, Questionnaire.unit_id.is_(None)))
    )
    if kind is not None:
        asked = asked.where(QuestionnaireQuestion.kind == kind)
    return session.execute(asked.limit(1)).first() is not None


def question_results(
    session: Session, unit_id: int, start: dt.date, end: dt.date, language: str
) -> list[QuestionResult]:
    """Each own question asked now or answered in the period, in the current
    version's order, then the removed ones; counted responses only."""
    if not _ever_asked(session, unit_id):
        return []  # most units: no answer rows to look for among the responses
    counts = session.execute(
        select(ResponseAnswer.question_id, ResponseAnswer.value, func.count())
        .join(Response, Response.id == ResponseAnswer.response_id)
        .where(
            *_in_period(unit_id, start, end), Response.status == ResponseStatus.VALID
        )
        .group_by(ResponseAnswer.question_id, ResponseAnswer.value)
    ).all()
    now = current_version(session, unit_id=unit_id)
    asked_now = {x.key: x for x in (now.questions if now else ())}
    answered_in = _questions_by_id(session, {qid for qid, _, _ in counts})
    # Per key: the newest wording, and every (question, value, count).
    newest: dict[str, tuple[int, OwnQuestion]] = {
        key: (now.version if now else 0, x) for key, x in asked_now.items()
    }
    for version, x in answered_in.values():
        if x.key not in asked_now and (
            x.key not in newest or version > newest[x.key][0]
        ):
            newest[x.key] = (version, x)
    tallies: dict[str, list[tuple[OwnQuestion, int | None, int]]] = defaultdict(list)
    for qid, value, n in counts:
        if qid in answered_in:
            x = answered_in[qid][1]
            tallies[x.key].append((x, value, n))
    order = [*asked_now, *sorted(k for k in newest if k not in asked_now)]
    return [
        _result(newest[key][1], tallies.get(key, []), language, key in asked_now)
        for key in order
    ]


def _questions_by_id(
    session: Session, ids: set[int]
) -> dict[int, tuple[int, OwnQuestion]]:
    """The questions (as their versions ask them) behind answer rows."""
    if not ids:
        return {}
    found: dict[int, tuple[int, OwnQuestion]] = {}
    versions = session.execute(
        select(QuestionnaireQuestion.id, QuestionnaireQuestion.questionnaire_id).where(
            QuestionnaireQuestion.id.in_(sorted(ids))
        )
    ).all()
    for qid, questionnaire_id in versions:
        version = version_by_id(session, questionnaire_id)
        if version is None:
            continue
        for x in version.questions:
            if x.id == qid:
                found[qid] = (version.version, x)
    return found


def _result(
    question: OwnQuestion,
    tally: list[tuple[OwnQuestion, int | None, int]],
    language: str,
    asked_now: bool,
) -> QuestionResult:
    answered = sum(n for _, _, n in tally)
    text = question.text.in_language(language)
    if question.kind is QuestionKind.TEXT:
        return QuestionResult(
            question.key, question.kind, text, answered, (), asked_now=asked_now
        )
    if question.kind is QuestionKind.RATING:
        values = [0, 0, 0, 0]
        for _, value, n in tally:
            if value is not None and 1 <= value <= 4:
                values[value - 1] += n
        labels = [o.in_language(language) for o in question.options]
        options = tuple(
            OptionCount(labels[k], values[k], _share(values[k], answered))
            for k in range(4)
        )
        if not answered:
            return QuestionResult(
                question.key, question.kind, text, 0, options, asked_now=asked_now
            )
        interval = element_intervals([values])
        mean = sum((k + 1) * c for k, c in enumerate(values)) / answered
        return QuestionResult(
            question.key,
            question.kind,
            text,
            answered,
            options,
            mean,
            float(interval.low[0]),
            float(interval.high[0]),
            asked_now,
        )
    # A choice: each option by its Indonesian wording, across versions.
    by_label: dict[str, int] = {o.id: 0 for o in question.options}
    for asked, value, n in tally:
        for k, option in enumerate(asked.options, start=1):
            chosen = (
                value is not None and value & (1 << (k - 1))
                if asked.kind is QuestionKind.MULTIPLE
                else value == k
            )
            if chosen:
                by_label[option.id] = by_label.get(option.id, 0) + n
    current = {o.id: o for o in question.options}
    return QuestionResult(
        question.key,
        question.kind,
        text,
        answered,
        tuple(
            OptionCount(
                current[label].in_language(language) if label in current else label,
                n,
                _share(n, answered),
                retired=label not in current,
            )
            for label, n in by_label.items()
        ),
        asked_now=asked_now,
    )


def _share(n: int, answered: int) -> float | None:
    return 100.0 * n / answered if answered else None


def text_answers(
    session: Session,
    unit_id: int,
    start: dt.date,
    end: dt.date,
    language: str,
    limit: int = 100,
) -> list[TextAnswer]:
    """The period's answers to the unit's own text questions, newest first,
    personal numbers masked (shown to staff with the comments, never public)."""
    if not _ever_asked(session, unit_id, QuestionKind.TEXT):
        return []
    rows = session.execute(
        select(
            Response.submitted_at,
            Response.local_date,
            ResponseAnswer.question_id,
            ResponseAnswer.text,
        )
        .join(Response, Response.id == ResponseAnswer.response_id)
        .where(
            _in_period(unit_id, start, end, SHOWN_STATUSES),
            ResponseAnswer.text.is_not(None),
        )
        .order_by(Response.submitted_at.desc(), Response.id.desc())
        .limit(limit)
    ).all()
    questions = _questions_by_id(session, {qid for _, _, qid, _ in rows})
    return [
        TextAnswer(
            at,
            day,
            questions[qid][1].text.in_language(language) if qid in questions else "",
            mask_personal_numbers(text or ""),
        )
        for at, day, qid, text in rows
    ]
