"""Rate limits: shared through Redis by every app server (TEST_REDIS_URL), and
failing open to local counters when Redis is stopped or answers errors: a
citizen's response is never lost to it and sign-in keeps working."""

from __future__ import annotations

import logging
import os
import socket
import socketserver
import threading
import uuid
from collections.abc import Iterator
from http import HTTPStatus

import pytest
from sqlalchemy import func, select

from survey_service.core.db import get_database
from survey_service.core.models import Response
from survey_service.web import ratelimit
from tests.factories import CounterFactory, ServiceTypeFactory, UserFactory
from tests.support.answers import fill, with_service
from tests.support.databases import make_test_app
from tests.support.web import csrf_token

REDIS_URL = os.environ.get("TEST_REDIS_URL")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL not set")


def shared(url: str) -> ratelimit.Limiter:
    return ratelimit.Limiter(ratelimit.redis_storage(url, f"test:{uuid.uuid4().hex}:"))


@needs_redis
def test_redis_limits_count_and_clear():
    limiter = shared(REDIS_URL)

    assert [limiter.allow("k", 2, 60) for _ in range(3)] == [True, True, False]
    assert not limiter.within("k", 2, 60)
    limiter.clear("k", 2, 60)
    assert limiter.within("k", 2, 60)


@needs_redis
def test_login_throttling_holds_across_two_app_servers(app, db_session, auth, client):
    """Failures on one server count on the other: both read the same Redis."""
    UserFactory(username="kepala")
    prefix = f"test:{uuid.uuid4().hex}:"
    app.extensions["survey_limiter"] = ratelimit.Limiter(
        ratelimit.redis_storage(REDIS_URL, prefix)
    )
    other = make_test_app(app.config["DATABASE_URL"], REDIS_URL=REDIS_URL)
    other.extensions["survey_limiter"] = ratelimit.Limiter(
        ratelimit.redis_storage(REDIS_URL, prefix)
    )
    for _ in range(app.config["SURVEY_LOGIN_MAX_FAILURES"]):
        auth.login("kepala", "wrong-password")

    # A second server, same Redis: the correct password is refused for now.
    get_database(other).sessionmaker = get_database(app).sessionmaker
    second = other.test_client()
    token = csrf_token(second, "/login")
    response = second.post(
        "/login",
        data={"username": "kepala", "password": "wrong", "csrf_token": token},
    )

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def closed_port() -> int:
    """A loopback port nobody listens on: Redis stopped."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Erroring(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        while self.rfile.readline():
            self.wfile.write(b"-ERR simulated failure\r\n")


@pytest.fixture
def erroring_redis() -> Iterator[str]:
    """A server on a free port that answers every Redis command with an error."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Erroring)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{server.server_address[1]}/0"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(params=["stopped", "erroring"])
def broken_redis(request, erroring_redis) -> str:
    if request.param == "stopped":
        return f"redis://127.0.0.1:{closed_port()}/0"
    return erroring_redis


def test_limits_fail_open_to_local_counters_and_say_so(broken_redis, caplog):
    limiter = shared(broken_redis)

    with caplog.at_level(logging.WARNING, logger="survey_service.web.ratelimit"):
        results = [limiter.allow("k", 2, 60) for _ in range(3)]

    assert results == [True, True, False]  # still limited, in this process
    assert "rate-limit store unavailable" in caplog.text


def test_with_redis_down_citizens_are_stored_and_staff_sign_in(
    app, client, auth, db_session, broken_redis
):
    app.extensions["survey_limiter"] = shared(broken_redis)
    counter = CounterFactory(code="R-L1")
    ServiceTypeFactory(unit=counter.unit, code="KTP", name="KTP elektronik")
    UserFactory(username="kepala")
    db_session.commit()
    before = db_session.scalar(select(func.count()).select_from(Response))

    response, _ = fill(client, f"/s/{counter.public_key}", with_service(counter))
    signed_in = auth.login("kepala")

    assert response.status_code == HTTPStatus.FOUND
    assert db_session.scalar(select(func.count()).select_from(Response)) == before + 1
    assert signed_in.status_code == HTTPStatus.FOUND
