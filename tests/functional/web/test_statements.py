"""A page sends the same number of statements whatever the number of units."""

from __future__ import annotations

from http import HTTPStatus

import pytest

from survey_service.core.models import Role
from tests.factories import CounterFactory, UserFactory
from tests.support.review_data import add
from tests.support.statements import statements

PAGES = ("/", "/hasil/", "/hasil/data.csv", "/city/", "/alerts")


def city_of(db_session, units: int) -> None:
    for k in range(units):
        counter = CounterFactory(code=f"S{units}-{k}-L1")
        add(db_session, counter, 2, [3] * 9)
    db_session.commit()


def sent_per_page(app, client) -> dict[str, int]:
    counts = {}
    for path in PAGES:
        client.get(path)  # warm: caches of the first request are not the page's
        with statements(app) as sent:
            response = client.get(path)
        assert response.status_code == HTTPStatus.OK, path
        counts[path] = len(sent)
    return counts


@pytest.mark.parametrize("role", ["admin", "leader"])
def test_pages_send_as_many_statements_for_forty_units_as_for_five(
    app, client, auth, db_session, role
):
    UserFactory(username="kota", role=Role[role.upper()])
    auth.login("kota")
    city_of(db_session, 5)
    few = sent_per_page(app, client)
    city_of(db_session, 35)
    many = sent_per_page(app, client)

    assert many == few
