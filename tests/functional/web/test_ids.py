"""An id no database holds is a 404 on every route that takes one, never a 500."""

from __future__ import annotations

from http import HTTPStatus

import pytest

from tests.factories import CounterFactory, UserFactory
from tests.support.web import STAFF_PAGE, token_in

BEYOND_BIGINT = 2**63  # OverflowError in the drivers, once
BEYOND_INTEGER = 2**31  # beyond a 32-bit column; no such row here either


def routes_with_an_id(app):
    for rule in app.url_map.iter_rules():
        ints = [name for name, conv in rule._converters.items() if conv.regex == r"\d+"]
        if ints and "POST" in (rule.methods or ()) and "year" not in ints:
            yield rule, ints


@pytest.mark.parametrize("number", [BEYOND_BIGINT, BEYOND_INTEGER, 10**30])
def test_every_post_route_with_an_id_beyond_the_database_is_a_404(
    app, client, auth, db_session, number
):
    counter = CounterFactory(code="UJI-L1")
    UserFactory(username="admin.uji", role="admin", units=[counter.unit])
    db_session.commit()
    auth.login("admin.uji")
    token = token_in(client.get(STAFF_PAGE))
    rules = list(routes_with_an_id(app))

    answers = {}
    for rule, ints in rules:
        values = dict.fromkeys(ints, number)
        values.update(
            {
                name: counter.code if "counter" in name else counter.unit.code
                for name in rule.arguments
                if name not in values
            }
        )
        path = rule.build(values, append_unknown=False)[1]
        answers[rule.endpoint] = client.post(
            path, data={"csrf_token": token}
        ).status_code

    assert len(rules) >= 9
    assert answers == dict.fromkeys(answers, HTTPStatus.NOT_FOUND)
