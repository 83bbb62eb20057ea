"""Questionnaire versions: a version in use is superseded, never edited."""

from __future__ import annotations

import dataclasses

import pytest

from survey_service.core import skm
from survey_service.core.errors import DomainError
from survey_service.questionnaires import service as questionnaires
from tests.factories import ResponseFactory


def test_the_baseline_holds_the_nine_official_elements(db_session):
    current = questionnaires.current(db_session)

    assert current.version == 1
    assert [e.code for e in current.elements] == list(skm.ELEMENT_CODES)
    assert current.elements[2].name_id == "Waktu Penyelesaian"


def test_editing_a_questionnaire_in_use_is_refused(db_session):
    ResponseFactory()
    current = questionnaires.current(db_session)
    current.elements[0].question_id = "Pertanyaan lain?"

    with pytest.raises(DomainError, match="versi baru"):
        db_session.flush()


def test_a_new_wording_is_a_new_version_and_old_responses_keep_theirs(db_session):
    old = ResponseFactory()
    texts = [
        dataclasses.replace(e, question_en=e.question_en + " (v2)")
        for e in skm.ELEMENTS
    ]

    new = questionnaires.supersede(db_session, "SKM v2", texts)

    assert new.version == 2
    assert questionnaires.current(db_session).id == new.id
    assert old.questionnaire_id == 1


def test_a_version_without_all_nine_elements_is_refused(db_session):
    with pytest.raises(DomainError, match="U1–U9"):
        questionnaires.supersede(db_session, "kurang", skm.ELEMENTS[:8])
