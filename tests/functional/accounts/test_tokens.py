"""API tokens are offered to the roles the API answers, and only to them."""

from __future__ import annotations

from http import HTTPStatus

from sqlalchemy import func, select

from survey_service.core.models import ApiToken, Role
from tests.factories import UnitFactory, UserFactory
from tests.support.web import STAFF_PAGE, token_in


def test_a_leader_is_offered_no_token_and_cannot_create_one(client, auth, db_session):
    UserFactory(username="pimpinan", role=Role.LEADER)
    auth.login("pimpinan")
    page = client.get(STAFF_PAGE)

    posted = client.post(STAFF_PAGE, data={"csrf_token": token_in(page), "name": "x"})

    assert page.status_code == HTTPStatus.OK
    assert "Buat token" not in page.get_data(as_text=True)
    assert "tidak memakai API" in page.get_data(as_text=True)
    assert posted.status_code == HTTPStatus.FORBIDDEN
    assert db_session.scalar(select(func.count()).select_from(ApiToken)) == 0


def test_the_command_line_refuses_a_token_for_a_leader(runner, db_session):
    UserFactory(username="pimpinan", role=Role.LEADER)
    db_session.commit()

    result = runner.invoke(args=["tokens", "create", "--user", "pimpinan"])

    assert result.exit_code == 1
    assert "tidak memakai API" in result.output
    assert db_session.scalar(select(func.count()).select_from(ApiToken)) == 0


def test_a_head_creates_a_token_that_the_api_accepts(client, auth, db_session):
    unit = UnitFactory()
    UserFactory(username="kepala", role=Role.HEAD, units=[unit])
    auth.login("kepala")
    page = client.get(STAFF_PAGE)

    created = client.post(
        STAFF_PAGE, data={"csrf_token": token_in(page), "name": "laporan"}
    )
    body = created.get_data(as_text=True)
    token = body.split('<code class="token">')[1].split("<")[0]
    auth.logout()
    answer = client.get(
        f"/api/v1/units/{unit.code}/weekly?week=2026-W48",
        headers={"Authorization": f"Bearer {token}"},
    )

    assert created.status_code == HTTPStatus.OK
    assert answer.status_code == HTTPStatus.OK
