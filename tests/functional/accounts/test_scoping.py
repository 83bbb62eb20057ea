"""Roles and unit scope: a head sees only their own unit(s)."""

from __future__ import annotations

from http import HTTPStatus

import pytest

from survey_service.core.models import Role
from tests.factories import EmployeeFactory, UnitFactory, UserFactory


@pytest.fixture
def two_units(db_session):
    return UnitFactory(code="UNIT-A", name="Unit A"), UnitFactory(
        code="UNIT-B", name="Unit B"
    )


def test_head_of_unit_a_sees_unit_a(client, auth, two_units):
    unit_a, _ = two_units
    UserFactory(username="kepala.a", role=Role.HEAD, units=[unit_a])
    auth.login("kepala.a")

    assert client.get("/units/UNIT-A").status_code == HTTPStatus.OK


def test_head_of_unit_a_gets_403_on_unit_b(client, auth, two_units):
    unit_a, _ = two_units
    UserFactory(username="kepala.a", role=Role.HEAD, units=[unit_a])
    auth.login("kepala.a")

    response = client.get("/units/UNIT-B")

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Akses ditolak" in response.get_data(as_text=True)


def test_home_lists_only_the_units_in_scope(client, auth, two_units):
    unit_a, _ = two_units
    UserFactory(username="kepala.a", role=Role.HEAD, units=[unit_a])
    auth.login("kepala.a")

    page = client.get("/").get_data(as_text=True)

    assert "Unit A" in page
    assert "Unit B" not in page


def test_admin_sees_every_unit(client, auth, two_units):
    UserFactory(username="admin", role=Role.ADMIN)
    auth.login("admin")

    assert client.get("/units/UNIT-A").status_code == HTTPStatus.OK
    assert client.get("/units/UNIT-B").status_code == HTTPStatus.OK


def test_staff_sees_the_unit_of_their_employee_only(client, auth, two_units):
    unit_a, _ = two_units
    employee = EmployeeFactory(unit=unit_a)
    UserFactory(username="petugas", role=Role.STAFF, employee=employee)
    auth.login("petugas")

    assert client.get("/units/UNIT-A").status_code == HTTPStatus.OK
    assert client.get("/units/UNIT-B").status_code == HTTPStatus.FORBIDDEN
    assert "Petugas Layanan" in client.get("/").get_data(as_text=True)


def test_unknown_unit_is_404_not_403(client, auth, two_units):
    UserFactory(username="admin", role=Role.ADMIN)
    auth.login("admin")

    assert client.get("/units/NOPE").status_code == HTTPStatus.NOT_FOUND


def test_anonymous_visitor_cannot_open_a_unit(client, two_units):
    response = client.get("/units/UNIT-A")

    assert response.status_code == HTTPStatus.FOUND
    assert "/login" in response.headers["Location"]
