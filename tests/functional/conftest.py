"""Fixtures shared by the functional tests."""

from __future__ import annotations

import pytest

from survey_service.collection import tickets
from survey_service.core import clock
from survey_service.core.models import (
    Alert,
    AlertKind,
    Role,
)
from tests.factories import (
    CounterFactory,
    EmployeeFactory,
    ServiceTypeFactory,
    UserFactory,
)
from tests.support.databases import TEST_SECRET
from tests.support.review_data import JAKARTA, add, make_unit_week


@pytest.fixture
def counter(db_session):
    """A counter of a unit that offers one service type (KTP elektronik)."""
    counter = CounterFactory(code="DKP-L1", name="Loket 1 KTP-el")
    ServiceTypeFactory(unit=counter.unit, code="KTP", name="KTP elektronik")
    return counter


@pytest.fixture
def unit_week(db_session):
    """A unit with two counters and two employees, 40 responses in week 47."""
    return make_unit_week(db_session)


@pytest.fixture
def world(db_session):
    """One unit with a counter, an employee, a response, a ticket, and one account
    per role (plus the head of another unit), for crawls and access tables."""
    counter = CounterFactory(code="CRAWL-L1")
    ServiceTypeFactory(unit=counter.unit, code="KTP")
    employee = EmployeeFactory(unit=counter.unit, nip="198503122010011001")
    add(db_session, counter, 17, [1, 2, 3, 4, 3, 3, 3, 3, 3], comment="<b>x</b>")
    other = CounterFactory(code="OTHER-L1")
    staff = UserFactory(
        username="staff", role=Role.STAFF, employee=employee, units=[counter.unit]
    )
    ticket, token = tickets.issue_ticket(
        db_session,
        TEST_SECRET,
        counter_code=counter.code,
        ttl_hours=1,
        issued_by=staff,
    )
    alert = Alert(
        unit_id=counter.unit.id,
        kind=AlertKind.LOW_SCORE,
        message="Nilai 1 pada U1 di CRAWL-L1",
        params={"elements": "U1", "counter": counter.name},
        due_on=clock.today(JAKARTA),
    )
    db_session.add(alert)
    db_session.commit()
    UserFactory(username="head", role=Role.HEAD, units=[counter.unit])
    UserFactory(username="other_head", role=Role.HEAD, units=[other.unit])
    UserFactory(username="evaluator", role=Role.EVALUATOR, units=[counter.unit])
    UserFactory(username="leader", role=Role.LEADER)
    UserFactory(username="admin", role=Role.ADMIN)
    return {
        "code": counter.unit.code,
        "public_key": counter.public_key,
        "token": token,
        "ticket_id": str(ticket.id),
        "print_key": ticket.token_id,
        "key": "x" * 20,
        "kind": "employees",
        "nip": employee.nip,
        "counter_code": counter.code,
        "service_code": "KTP",
        "filename": "css/app.css",
        "alert_id": str(alert.id),
        "response_id": "1",
        "action_id": "1",
        "year": "2026",
        "fmt": "csv",
        # The names the world's pages show as data, not as interface words.
        "data_text": " ".join(
            [
                counter.name,
                counter.unit.name,
                other.name,
                other.unit.name,
                employee.name,
                employee.position,
                "KTP",
            ]
        ),
    }


@pytest.fixture
def unit_quarter(db_session):
    """Two employees: 12 responses for one (assessable), 4 for the other (not)."""
    counter = CounterFactory(code="A-L1")
    strong, thin = (
        EmployeeFactory(unit=counter.unit, name="Siti"),
        EmployeeFactory(unit=counter.unit, name="Budi"),
    )
    for k in range(12):
        add(db_session, counter, 16 + k % 7, [3 + k % 2] * 9, employee_id=strong.id)
    for _ in range(4):
        add(db_session, counter, 17, [2] * 9, employee_id=thin.id)
    db_session.commit()
    return counter.unit, strong, thin
