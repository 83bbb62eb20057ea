"""The OpenAPI document matches the implementation: schemathesis generates valid
and hostile requests and every response must be documented and conform."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from survey_service.accounts import service as accounts
from survey_service.core.models import Role
from tests.factories import CounterFactory, EmployeeFactory, UserFactory
from tests.support.review_data import add


@pytest.fixture
def api_schema(app, db_session):
    counter = CounterFactory(code="API-L1")
    employee = EmployeeFactory(unit=counter.unit, nip="198503122010011001")
    for k in range(12):
        add(db_session, counter, 16 + k % 7, [3 + k % 2] * 9, employee_id=employee.id)
    user = UserFactory(username="api.admin", role=Role.ADMIN)
    _, plain = accounts.create_api_token(db_session, user)
    db_session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    schema.token = plain  # type: ignore[attr-defined]
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_response_is_documented_and_conforms(case, api_schema):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {api_schema.token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )


def test_the_document_is_openapi_3_1(client):
    spec = client.get("/api/v1/openapi.json").get_json()

    assert spec["openapi"] == "3.1.0"
    assert set(spec["paths"]) >= {
        "/api/v1/tickets",
        "/api/v1/indicators",
        "/api/v1/employees/{nip}/indicator",
        "/api/v1/units/{code}/weekly",
    }
