"""Every GET page of the app, as every role: never a server error.

The URL map is enumerated, so a new page is crawled without anyone adding it.
"""

from __future__ import annotations

import pytest

from survey_service.models import Role
from survey_service.services import tickets
from tests.conftest import TEST_SECRET
from tests.factories import (
    CounterFactory,
    EmployeeFactory,
    ServiceTypeFactory,
    UserFactory,
)
from tests.review_data import add

ROLES = ("anonymous", "staff", "head", "other_head", "evaluator", "admin")


@pytest.fixture
def world(db_session):
    counter = CounterFactory(code="CRAWL-L1")
    ServiceTypeFactory(unit=counter.unit, code="KTP")
    employee = EmployeeFactory(unit=counter.unit, nip="198503122010011001")
    add(db_session, counter, 17, [1, 2, 3, 4, 3, 3, 3, 3, 3], comment="<b>x</b>")
    ticket, token = tickets.issue_ticket(
        db_session, TEST_SECRET, counter_code=counter.code, ttl_hours=1
    )
    db_session.commit()
    other = CounterFactory(code="OTHER-L1")
    UserFactory(
        username="staff", role=Role.STAFF, employee=employee, units=[counter.unit]
    )
    UserFactory(username="head", role=Role.HEAD, units=[counter.unit])
    UserFactory(username="other_head", role=Role.HEAD, units=[other.unit])
    UserFactory(username="evaluator", role=Role.EVALUATOR, units=[counter.unit])
    UserFactory(username="admin", role=Role.ADMIN)
    return {
        "code": counter.unit.code,
        "public_key": counter.public_key,
        "token": token,
        "ticket_id": str(ticket.id),
        "key": "x" * 20,
        "kind": "employees",
        "nip": employee.nip,
        "filename": "css/app.css",
        "alert_id": "1",
        "response_id": "1",
        "action_id": "1",
    }


def get_urls(app, world):
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        values = {arg: world.get(arg, "1") for arg in rule.arguments}
        if rule.endpoint == "main.unit" or rule.endpoint.startswith(
            ("review.", "counters.posters", "admin.unit")
        ):
            values["code"] = world["code"]
        if rule.endpoint.startswith("counters.") and "code" in rule.arguments:
            values["code"] = (
                "CRAWL-L1" if rule.endpoint != "counters.posters" else (world["code"])
            )
        urls.append((rule.endpoint, rule.build(values, append_unknown=False)[1]))
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_no_page_gives_a_server_error_to_any_role(app, client, auth, world, role):
    if role != "anonymous":
        auth.login(role)
    failures = []
    for endpoint, url in get_urls(app, world):
        for suffix in ("", "?period=2026-W47", "?period=zzz&lang=en&low=1"):
            with client.get(url + suffix) as response:
                if response.status_code >= 500:
                    failures.append((endpoint, url + suffix, response.status_code))
    assert failures == []
