"""Requests at the same moment: one ticket redeemed twice, one form sent
twice by a double tap; each stores one response."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from survey_service.collection import tickets
from survey_service.collection.pages import DEVICE_COOKIE
from survey_service.core.models import Response
from tests.factories import CounterFactory, ServiceTypeFactory
from tests.support.answers import ANSWERS, hidden_fields, with_service
from tests.support.databases import TEST_SECRET


def at_once(requests: list[Callable[[], Any]]) -> list[Any]:
    """Run each request in its own thread, released together; their results."""
    barrier = threading.Barrier(len(requests))
    results: list[Any] = []

    def run(request: Callable[[], Any]) -> None:
        barrier.wait()
        results.append(request())

    threads = [threading.Thread(target=run, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_a_ticket_redeemed_twice_at_once_stores_exactly_one_response(
    live_app, live_session
):
    counter = CounterFactory()
    ServiceTypeFactory(unit=counter.unit, code="KTP")
    ticket, token = tickets.issue_ticket(
        live_session,
        TEST_SECRET,
        counter_code=counter.code,
        service_code="KTP",
        ttl_hours=1,
    )
    live_session.commit()
    path = f"/t/{token}"
    clients = [live_app.test_client() for _ in range(4)]
    forms = [{**hidden_fields(c.get(path)), **ANSWERS} for c in clients]
    statuses = [
        r.status_code
        for r in at_once(
            [
                lambda c=c, f=f: c.post(path, data=f)
                for c, f in zip(clients, forms, strict=True)
            ]
        )
    ]

    count = live_session.scalar(
        select(func.count())
        .select_from(Response)
        .where(Response.ticket_id == ticket.id)
    )
    assert count == 1
    assert sorted(statuses) == [302, 409, 409, 409]


def test_a_form_sent_twice_at_once_is_stored_once_with_the_same_thank_you(
    live_app, live_session
):
    """A double tap: the same phone sends the same form twice at once. The
    one-per-device limit is on; both requests get the thank-you page and the
    second counts for nothing (on PostgreSQL the second INSERT waits for the
    first, on SQLite the write lock does)."""
    counter = CounterFactory()
    ServiceTypeFactory(unit=counter.unit)
    live_session.commit()
    path = f"/s/{counter.public_key}"
    phone = live_app.test_client()
    form = {**hidden_fields(phone.get(path)), **with_service(counter)}
    twin = live_app.test_client()
    for cookie in ("session", DEVICE_COOKIE):
        twin.set_cookie(cookie, phone.get_cookie(cookie).value)
    locations = [
        r.headers.get("Location", "")
        for r in at_once([lambda c=c: c.post(path, data=form) for c in (phone, twin)])
    ]

    thanks = f"/terima-kasih/{form['submission_key']}"
    assert [location.endswith(thanks) for location in locations] == [True, True]
    live_session.rollback()  # a fresh read: setting up the form opened one
    count = live_session.scalar(
        select(func.count())
        .select_from(Response)
        .where(Response.counter_id == counter.id)
    )
    assert count == 1
