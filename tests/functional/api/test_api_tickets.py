"""POST /api/v1/tickets: queue-ticket machines issue one-time tickets by token."""

from __future__ import annotations

from http import HTTPStatus

import pytest

from survey_service.accounts import service as accounts
from survey_service.core.models import Role
from tests.factories import CounterFactory, ServiceTypeFactory, UserFactory


@pytest.fixture
def counter(db_session):
    counter = CounterFactory(code="DKP-L1")
    ServiceTypeFactory(unit=counter.unit, code="KTP")
    return counter


def token_for(db_session, role, units):
    user = UserFactory(role=role, units=units)
    token, plain = accounts.create_api_token(db_session, user, "antrian")
    db_session.commit()
    return token, plain


def post(client, plain, body):
    return client.post(
        "/api/v1/tickets", json=body, headers={"Authorization": f"Bearer {plain}"}
    )


def test_a_head_token_issues_a_ticket_whose_url_opens_the_form(
    client, db_session, counter
):
    _, plain = token_for(db_session, Role.HEAD, [counter.unit])

    response = post(client, plain, {"counter": "DKP-L1", "service": "KTP"})

    assert response.status_code == HTTPStatus.CREATED
    body = response.get_json()
    assert body["counter"] == "DKP-L1"
    path = body["url"].split("localhost", 1)[1]
    assert client.get(path).status_code == HTTPStatus.OK


def test_without_a_token_the_answer_is_401_json(client, db_session, counter):
    response = client.post("/api/v1/tickets", json={"counter": "DKP-L1"})

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.get_json()["error"]["status"] == 401


def test_a_revoked_token_gets_401(client, db_session, counter):
    token, plain = token_for(db_session, Role.HEAD, [counter.unit])
    accounts.revoke_api_token(db_session, token.id)
    db_session.commit()

    assert post(client, plain, {"counter": "DKP-L1"}).status_code == 401


def test_a_token_for_another_unit_cannot_issue_here(client, db_session, counter):
    other = CounterFactory()
    _, plain = token_for(db_session, Role.HEAD, [other.unit])

    assert post(client, plain, {"counter": "DKP-L1"}).status_code == 403
    assert post(client, plain, {"counter": "NOPE-L9"}).status_code == 404


def test_an_evaluator_token_may_not_issue_tickets(client, db_session, counter):
    _, plain = token_for(db_session, Role.EVALUATOR, [counter.unit])

    assert post(client, plain, {"counter": "DKP-L1"}).status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        {"counter": 5},
        {},
        {"counter": "DKP-L1", "service": "NOPE"},
        {"counter": "x" * 500},
    ],
)
def test_bad_bodies_get_a_json_error_not_a_crash(client, db_session, counter, body):
    _, plain = token_for(db_session, Role.HEAD, [counter.unit])

    response = post(client, plain, body)

    assert response.status_code in (400, 404)
    assert response.get_json()["error"]["message"]
