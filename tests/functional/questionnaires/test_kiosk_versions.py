"""A kiosk that kept answers offline while its unit published a new
questionnaire: it sends them under the version they were given, and shows the
new version at its next contact."""

from __future__ import annotations

import datetime as dt
from http import HTTPStatus

from sqlalchemy import select

from survey_service.core.clock import now_utc
from survey_service.core.models import Response, ResponseAnswer, Role
from survey_service.questionnaires import service as questionnaires
from tests.factories import UserFactory
from tests.support.kiosk import kept_answer, kiosk_key, send
from tests.support.questionnaires import RATING, publish_unit_version


def test_a_kept_answer_under_the_old_version_is_stored_under_it(
    client, auth, counter, db_session
):
    key = kiosk_key(client, auth, counter, db_session)
    old = questionnaires.current_version(db_session, unit_id=counter.unit_id)
    answered = now_utc() - dt.timedelta(minutes=5)
    # While the tablet was offline, the head published a version with a
    # required question of the unit's own.
    new = publish_unit_version(
        db_session, counter.unit, UserFactory(role=Role.ADMIN), questions=[RATING]
    )
    db_session.commit()

    kept = send(client, counter, kept_answer(counter, answered, "k" * 24, old.id), key)
    page = client.get(f"/k/{counter.public_key}").get_data(as_text=True)

    assert kept.status_code == HTTPStatus.CREATED, kept.get_data(as_text=True)
    db_session.expire_all()
    stored = db_session.scalar(
        select(Response).where(Response.submission_key == "k" * 24)
    )
    assert stored.questionnaire_id == old.id
    assert db_session.scalars(select(ResponseAnswer)).all() == []
    assert f'data-version="{new.id}"' in page  # the next contact shows the new one
    assert f"x_{new.questions[0].key}" in page


def test_a_kept_answer_under_the_new_version_keeps_its_own_answers(
    client, auth, counter, db_session
):
    key = kiosk_key(client, auth, counter, db_session)
    new = publish_unit_version(
        db_session, counter.unit, UserFactory(role=Role.ADMIN), questions=[RATING]
    )
    db_session.commit()
    field = f"x_{new.questions[0].key}"
    answered = now_utc() - dt.timedelta(minutes=5)

    missing = send(
        client, counter, kept_answer(counter, answered, "m" * 24, new.id), key
    )
    kept = send(
        client,
        counter,
        kept_answer(counter, answered, "n" * 24, new.id, **{field: "2"}),
        key,
    )

    assert missing.status_code == HTTPStatus.UNPROCESSABLE_ENTITY  # required
    assert field in missing.get_json()["error"]["message"]
    assert kept.status_code == HTTPStatus.CREATED
    db_session.expire_all()
    answer = db_session.scalar(select(ResponseAnswer))
    assert (answer.question_id, answer.value) == (new.questions[0].id, 2)
