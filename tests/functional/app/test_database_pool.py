"""PostgreSQL's pooled connections: one that rested is pinged and replaced
when the server dropped it; one in constant use is not pinged, and if the
server drops it, one statement fails and the pool connects afresh."""

from __future__ import annotations

import os
from collections.abc import Iterator
from http import HTTPStatus

import pytest
from sqlalchemy import Engine, TextClause, func, select, text
from sqlalchemy.exc import OperationalError

from survey_service.core import db
from survey_service.core.db import get_database
from survey_service.core.models import Response
from tests.factories import CounterFactory, ServiceTypeFactory
from tests.support.answers import hidden_fields, with_service

URL = os.environ.get("TEST_DATABASE_URL", "")
pytestmark = pytest.mark.skipif(
    not URL.startswith("postgresql"), reason="PostgreSQL tests need TEST_DATABASE_URL"
)


@pytest.fixture
def engine() -> Iterator[Engine]:
    engine = db.make_engine(URL)
    yield engine
    engine.dispose()


@pytest.fixture
def pings(monkeypatch, engine) -> list[object]:
    """The pings the pool sends (through the dialect's own ping)."""
    sent: list[object] = []
    ping = engine.dialect.do_ping

    def counted(dbapi_connection: object) -> bool:
        sent.append(dbapi_connection)
        return ping(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return sent


def backend(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


TERMINATE = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
ONE_CONNECTION = text(TERMINATE + "pid = :pid")
EVERY_OTHER_CONNECTION = text(TERMINATE + "datname = :name AND pid <> pg_backend_pid()")


def drop(pid: int) -> None:
    """What a server restart does to a connection: the server ends it."""
    _terminate(ONE_CONNECTION, {"pid": pid})


def restart(engine: Engine) -> None:
    """What a server restart does to every connection of ``engine``'s pool."""
    _terminate(EVERY_OTHER_CONNECTION, {"name": engine.url.database})


def _terminate(statement: TextClause, params: dict[str, object]) -> None:
    """End server connections from another connection."""
    admin = db.make_engine(URL)
    with admin.connect() as connection:
        connection.execute(statement, params)
    admin.dispose()


def test_a_connection_in_constant_use_is_not_pinged(engine, pings):
    first = backend(engine)

    assert [backend(engine) for _ in range(5)] == [first] * 5
    assert pings == []


def test_a_rested_connection_the_server_dropped_is_replaced_before_use(
    engine, pings, monkeypatch
):
    first = backend(engine)
    drop(first)
    monkeypatch.setattr(db, "PING_AFTER_REST_SECONDS", 0.0)  # it has rested

    second = backend(engine)  # no error: the ping found it gone

    assert second != first
    assert len(pings) == 1
    assert backend(engine) == second  # alive: pinged again, kept
    assert len(pings) == 2


def test_a_connection_dropped_while_in_use_fails_once_then_the_pool_reconnects(
    engine, pings
):
    first = backend(engine)
    drop(first)

    with pytest.raises(OperationalError) as failed:
        backend(engine)

    assert failed.value.connection_invalidated
    assert backend(engine) != first
    assert pings == []


def test_a_citizen_s_answer_sent_as_the_server_drops_the_connection_is_kept(
    live_app, live_session
):
    """The one request that meets a dropped connection shows the form again
    with its answers and key; the pool connects afresh, and sending it again
    stores it, once."""
    if not live_app.config["DATABASE_URL"].startswith("postgresql"):
        pytest.skip("PostgreSQL's pool")
    counter = CounterFactory()
    ServiceTypeFactory(unit=counter.unit, code="KTP")
    live_session.commit()
    client = live_app.test_client()
    path = f"/s/{counter.public_key}"
    answers = {**hidden_fields(client.get(path)), **with_service(counter)}
    live_session.commit()  # every connection back in the pool
    restart(get_database(live_app).engine)  # its pooled connections, still hot

    first = client.post(path, data=answers)
    again = client.post(path, data={**answers, **hidden_fields(first)})

    assert first.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert hidden_fields(first)["submission_key"] == answers["submission_key"]
    assert again.status_code == HTTPStatus.FOUND
    stored = live_session.scalar(
        select(func.count())
        .select_from(Response)
        .where(Response.submission_key == answers["submission_key"])
    )
    assert stored == 1
