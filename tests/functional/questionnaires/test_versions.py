"""Questionnaire versions: the city's default and each unit's own; drafts,
their checks, publishing, and which version an answer is stored under."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from survey_service.core import skm
from survey_service.core.clock import now_utc
from survey_service.core.errors import DomainError
from survey_service.core.models import AuditEntry, QuestionKind, Role
from survey_service.questionnaires import editing
from survey_service.questionnaires import service as questionnaires
from survey_service.questionnaires.service import Wording
from tests.factories import ResponseFactory, UnitFactory, UserFactory
from tests.support import questionnaires as build


@pytest.fixture
def admin(db_session):
    return UserFactory(role=Role.ADMIN)


def test_the_baseline_holds_the_nine_official_elements(db_session):
    current = questionnaires.current(db_session)

    assert current.version == 1
    assert current.unit_id is None
    assert current.published_at is not None
    assert [e.code for e in current.elements] == list(skm.ELEMENT_CODES)
    assert current.elements[2].name_id == "Waktu Penyelesaian"


def test_editing_a_published_version_is_refused(db_session):
    current = questionnaires.current(db_session)
    current.elements[0].question_id = "Pertanyaan lain?"

    with pytest.raises(DomainError, match="versi baru"):
        db_session.flush()


def test_editing_a_version_in_use_is_refused(db_session):
    ResponseFactory()
    current = questionnaires.current(db_session)
    current.elements[0].label1_en = "Bad"

    with pytest.raises(DomainError, match="versi baru"):
        db_session.flush()


def test_a_unit_answers_the_citys_version_until_it_publishes_its_own(db_session, admin):
    unit, other = UnitFactory(), UnitFactory()
    city = questionnaires.current_version(db_session, unit_id=unit.id)

    mine = build.publish_unit_version(db_session, unit, admin)

    assert city.unit_id is None
    assert questionnaires.current_version(db_session, unit_id=unit.id).id == mine.id
    assert mine.version == 1  # numbered per owner
    assert mine.unit_id == unit.id
    assert questionnaires.current_version(db_session, unit_id=other.id).id == city.id
    u3 = mine.elements[2]
    assert (u3.code, u3.question_id) == ("U3", build.U3_QUESTION)
    assert u3.name_id == "Waktu Penyelesaian"  # the element stays the element
    assert [x.kind for x in mine.questions] == list(QuestionKind)


def test_a_draft_starts_from_what_the_unit_answers_now_and_keeps_keys(
    db_session, admin
):
    unit = UnitFactory()
    first = build.publish_unit_version(db_session, unit, admin)

    draft = editing.start_draft(db_session, unit.id)

    assert draft.version == 2
    assert draft.published_at is None
    assert [x.key for x in draft.questions] == [x.key for x in first.questions]
    assert draft.elements[2].question_id == build.U3_QUESTION
    assert editing.start_draft(db_session, unit.id).id == draft.id  # one draft


def test_the_nine_stay_nine(db_session):
    draft = editing.start_draft(db_session, UnitFactory().id)

    with pytest.raises(DomainError, match="U1–U9"):
        editing.save_draft(db_session, draft, build.wordings()[:8], [])


def test_every_problem_of_a_draft_is_said_at_its_place(db_session):
    draft = editing.start_draft(db_session, UnitFactory().id)
    elements = build.wordings()
    elements[4] = dataclasses.replace(elements[4], question=Wording("  "))
    questions = [
        dataclasses.replace(build.RATING, options=build.RATING.options[:3]),
        dataclasses.replace(build.SINGLE, options=build.SINGLE.options[:1]),
        dataclasses.replace(build.TEXT, options=(Wording("x"),)),
        dataclasses.replace(build.SINGLE, options=(Wording("Ya"), Wording("Ya"))),
    ]

    with pytest.raises(editing.DraftError) as raised:
        editing.save_draft(db_session, draft, elements, questions)

    assert [where for where, _ in raised.value.problems] == [
        "U5",
        "x1",
        "x2",
        "x3",
        "x4",
    ]
    assert "empat label" in raised.value.problems[1][1]
    assert draft.elements[4].question_id  # nothing was changed


def test_more_than_ten_own_questions_are_refused(db_session):
    draft = editing.start_draft(db_session, UnitFactory().id)

    with pytest.raises(editing.DraftError) as raised:
        editing.save_draft(db_session, draft, build.wordings(), [build.TEXT] * 11)

    assert ("questions", "Paling banyak 10 pertanyaan sendiri") in raised.value.problems


def test_a_published_question_keeps_its_kind(db_session, admin):
    unit = UnitFactory()
    first = build.publish_unit_version(db_session, unit, admin)
    draft = editing.start_draft(db_session, unit.id)
    questions = build.as_published(first)
    questions[0] = dataclasses.replace(questions[0], kind=QuestionKind.SINGLE)

    with pytest.raises(editing.DraftError, match="periksa") as raised:
        editing.save_draft(db_session, draft, build.wordings(first), questions)

    assert raised.value.problems[0][0] == "x1"


def test_publishing_is_audited_and_refused_over_the_page_budget(db_session, admin):
    unit = UnitFactory()
    draft = editing.start_draft(db_session, unit.id)
    editing.save_draft(db_session, draft, build.wordings(), list(build.EVERY_KIND))

    with pytest.raises(editing.PageTooHeavyError, match="30 KB"):
        editing.publish(
            db_session, draft, admin, now_utc(), lambda _v: skm.PAGE_BUDGET_BYTES + 1
        )
    assert draft.published_at is None

    editing.publish(db_session, draft, admin, now_utc(), lambda _v: 20_000)
    entry = db_session.scalar(
        select(AuditEntry).where(AuditEntry.action == "questionnaire.publish")
    )
    assert entry.target == f"unit:{unit.id}"
    assert entry.details["own_questions"] == 4
    assert entry.details["page_bytes"] == 20_000


def test_what_publishing_changes_is_said_before(db_session, admin):
    unit = UnitFactory()
    first = build.publish_unit_version(db_session, unit, admin)
    draft = editing.start_draft(db_session, unit.id)
    kept = build.as_published(first)[1:]  # the rating question is removed
    kept[0] = dataclasses.replace(kept[0], required=True)
    editing.save_draft(db_session, draft, build.wordings(first), [*kept, build.TEXT])

    said = editing.changes(db_session, questionnaires.snapshot(draft), unit.id)

    assert said.reworded == ()
    assert said.removed == (build.RATING.text.id,)
    assert said.changed == (build.SINGLE.text.id,)
    assert said.added == (build.TEXT.text.id,)
    assert ("U3", "en") in said.missing
    assert ("P1", "en") in said.missing


def test_an_answer_is_stored_under_the_version_its_form_showed(db_session, admin):
    unit, other = UnitFactory(), UnitFactory()
    city = questionnaires.current_version(db_session, unit_id=unit.id)
    mine = build.publish_unit_version(db_session, unit, admin)
    theirs = build.publish_unit_version(db_session, other, admin)
    draft = editing.start_draft(db_session, unit.id)

    def accepted(shown):
        return questionnaires.accepted_version(db_session, shown, unit.id, None).id

    assert accepted(city.id) == city.id  # replaced since the form opened
    assert accepted(mine.id) == mine.id
    assert accepted(theirs.id) == mine.id  # another unit's: the current one
    assert accepted(draft.id) == mine.id  # a draft is never answered
    assert accepted(None) == mine.id
    assert accepted(2**63) == mine.id


def test_missing_translations_fall_back_to_indonesian():
    wording = Wording("Bagaimana antreannya?", en="")

    assert wording.in_language("en") == "Bagaimana antreannya?"
    assert wording.in_language("min") == "Bagaimana antreannya?"
    assert Wording("A", "B", "C").in_language("min") == "C"
    assert wording.missing() == ("en", "min")


def test_a_translation_left_behind_by_new_indonesian_is_dropped(db_session):
    draft = editing.start_draft(db_session, UnitFactory().id)
    elements = build.wordings()
    old_english = elements[2].question.en
    elements[2] = dataclasses.replace(
        elements[2], question=Wording(build.U3_QUESTION, old_english)
    )
    elements[3] = dataclasses.replace(
        elements[3], question=Wording("Berapa biayanya?", "What did it cost?")
    )

    editing.save_draft(db_session, draft, elements, [])

    assert draft.elements[2].question_en == ""  # stale: shown as missing
    assert draft.elements[3].question_en == "What did it cost?"
    assert draft.elements[0].question_en == skm.ELEMENTS[0].question_en  # untouched


def test_the_citys_default_is_what_units_without_their_own_answer(db_session, admin):
    own_unit, plain_unit = UnitFactory(), UnitFactory()
    mine = build.publish_unit_version(db_session, own_unit, admin)
    draft = editing.start_draft(db_session, None)
    editing.save_draft(db_session, draft, build.reworded_u3(), [build.TEXT])

    city = editing.publish(db_session, draft, admin, now_utc(), lambda _v: 0)

    assert (city.unit_id, city.version) == (None, 2)
    assert questionnaires.current_version(db_session, unit_id=plain_unit.id) == city
    assert questionnaires.current_version(db_session, unit_id=own_unit.id) == mine
    started = editing.start_draft(db_session, plain_unit.id)  # starts from the city's
    assert [x.key for x in started.questions] == [x.key for x in city.questions]


def test_a_question_sent_twice_is_refused_not_stored_twice(db_session, admin):
    unit = UnitFactory()
    first = build.publish_unit_version(db_session, unit, admin, questions=[build.TEXT])
    draft = editing.start_draft(db_session, unit.id)
    twice = build.as_published(first) * 2

    with pytest.raises(editing.DraftError) as raised:
        editing.save_draft(db_session, draft, build.wordings(first), twice)

    assert raised.value.problems == [("x2", "Pertanyaan ini terkirim dua kali")]
