"""One ticket redeemed at the same moment by two requests stores one response."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from survey_service.models import Response
from survey_service.services import tickets
from tests.conftest import TEST_SECRET
from tests.factories import CounterFactory, ServiceTypeFactory
from tests.functional.test_citizen import ANSWERS, hidden_fields


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
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def redeem(i: int) -> None:
        barrier.wait()
        statuses.append(clients[i].post(path, data=forms[i]).status_code)

    threads = [threading.Thread(target=redeem, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    count = live_session.scalar(
        select(func.count())
        .select_from(Response)
        .where(Response.ticket_id == ticket.id)
    )
    assert count == 1
    assert sorted(statuses) == [302, 409, 409, 409]
