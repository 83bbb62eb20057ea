"""The read API: indicators by period and unit, one employee, a unit's week."""

from __future__ import annotations

import csv
import io
from http import HTTPStatus

import pytest
from sqlalchemy import select

from survey_service.accounts import service as accounts
from survey_service.core.models import AuditEntry, Role
from tests.factories import CounterFactory, EmployeeFactory, UserFactory
from tests.support.review_data import add
from tests.support.web import bearer


@pytest.fixture
def world(db_session):
    counter = CounterFactory(code="A-L1")
    staff = [EmployeeFactory(unit=counter.unit) for _ in range(3)]
    for k in range(36):
        add(
            db_session,
            counter,
            16 + k % 7,
            [2 + k % 3] * 9,
            employee_id=staff[k % 3].id,
        )
    other = CounterFactory(code="B-L1")
    db_session.commit()
    return counter.unit, other.unit, staff


def test_indicators_page_through_and_match_the_csv_export(
    client, auth, db_session, world
):
    unit, _, staff = world
    _, headers = bearer(db_session, Role.EVALUATOR, [unit])

    first = client.get("/api/v1/indicators?period=2026-Q4&per_page=2", headers=headers)
    second = client.get(
        "/api/v1/indicators?period=2026-Q4&per_page=2&page=2", headers=headers
    )

    assert first.status_code == HTTPStatus.OK
    body = first.get_json()
    assert (body["total"], len(body["items"]), body["frozen"]) == (3, 2, False)
    items = body["items"] + second.get_json()["items"]
    assert {i["nip"] for i in items} == {e.nip for e in staff}
    UserFactory(username="penilai.web", role=Role.EVALUATOR, units=[unit])
    auth.login("penilai.web")
    with client.get("/appraisal/export.csv?period=2026-Q4") as response:
        rows = list(
            csv.DictReader(
                io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))
            )
        )
    by_nip = {i["nip"]: i for i in items}
    for row in rows:
        api_value = by_nip[row["NIP"]]["indicator"]
        assert (float(row["indicator"]) if row["indicator"] else None) == api_value


def test_a_token_for_unit_a_cannot_read_unit_b(client, db_session, world):
    unit, other, _ = world
    _, headers = bearer(db_session, Role.EVALUATOR, [unit])

    response = client.get(
        f"/api/v1/indicators?period=2026-Q4&unit={other.code}", headers=headers
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.get_json()["error"]["status"] == 403
    missing = client.get("/api/v1/indicators?period=2026-Q4&unit=NOPE", headers=headers)
    assert missing.status_code == HTTPStatus.NOT_FOUND


def test_a_revoked_token_gets_401(client, db_session, world):
    unit, _, _ = world
    token, headers = bearer(db_session, Role.EVALUATOR, [unit])
    accounts.revoke_api_token(db_session, token.id)
    db_session.commit()

    assert (
        client.get("/api/v1/indicators?period=2026-Q4", headers=headers).status_code
        == HTTPStatus.UNAUTHORIZED
    )


def test_one_employee_and_a_units_week(client, db_session, world):
    unit, _, staff = world
    _, headers = bearer(db_session, Role.EVALUATOR, [unit])

    one = client.get(
        f"/api/v1/employees/{staff[0].nip}/indicator?period=2026-11", headers=headers
    ).get_json()
    week = client.get(
        f"/api/v1/units/{unit.code}/weekly?week=2026-W47", headers=headers
    ).get_json()

    assert one["nip"] == staff[0].nip
    assert one["responses"] == 12
    assert week["responses"] == 36
    assert len(week["elements"]) == 9


@pytest.mark.parametrize(
    "query",
    [
        "period=",
        "period=2026-W47",
        "period=2026-Q4&page=0",
        "period=2026-Q4&per_page=%C2%B2",
    ],
)
def test_bad_parameters_are_400_json(client, db_session, world, query):
    unit, _, _ = world
    _, headers = bearer(db_session, Role.EVALUATOR, [unit])

    response = client.get(f"/api/v1/indicators?{query}", headers=headers)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.get_json()["error"]["message"]


def test_every_api_pull_is_audited(client, db_session, world):
    unit, _, _ = world
    _, headers = bearer(db_session, Role.EVALUATOR, [unit])

    client.get("/api/v1/indicators?period=2026-Q4", headers=headers)

    entry = db_session.scalar(
        select(AuditEntry).where(AuditEntry.action == "indicators.pull")
    )
    assert entry.actor == "penilai"
    assert entry.target == "period:2026-Q4"
    assert entry.details["what"] == "api.indicators"


def test_a_user_creates_and_revokes_their_own_token_on_a_page(
    client, auth, db_session, world
):
    from tests.support.web import token_in

    unit, _, _ = world
    UserFactory(username="penilai", role=Role.EVALUATOR, units=[unit])
    auth.login("penilai")
    page = client.get("/account/tokens")

    created = client.post(
        "/account/tokens", data={"csrf_token": token_in(page), "name": "spreadsheet"}
    )
    plain = (
        created.get_data(as_text=True).split('<code class="token">')[1].split("<")[0]
    )
    headers = {"Authorization": f"Bearer {plain}"}
    assert (
        client.get("/api/v1/indicators?period=2026-Q4", headers=headers).status_code
        == 200
    )
    token_id = db_session.scalar(
        select(accounts.ApiToken.id).where(accounts.ApiToken.name == "spreadsheet")
    )
    client.post(
        f"/account/tokens/{token_id}/revoke", data={"csrf_token": token_in(created)}
    )

    assert (
        client.get("/api/v1/indicators?period=2026-Q4", headers=headers).status_code
        == 401
    )
    other = UserFactory(username="lain", role=Role.EVALUATOR, units=[unit])
    theirs, _ = accounts.create_api_token(db_session, other)
    db_session.commit()
    assert (
        client.post(
            f"/account/tokens/{theirs.id}/revoke",
            data={"csrf_token": token_in(created)},
        ).status_code
        == 404
    )
