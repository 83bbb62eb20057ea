"""Session lifetimes and sign-in throttling that a guesser cannot outrun."""

from __future__ import annotations

import hashlib
import os
import threading
import uuid
from http import HTTPStatus

import pytest
import redis

from survey_service.accounts import service as accounts
from survey_service.core import clock
from survey_service.core.models import Role
from survey_service.web import ratelimit
from survey_service.web.auth import SEEN_AT, SIGNED_IN_AT
from tests.factories import UnitFactory, UserFactory
from tests.support.web import STAFF_PAGE, AuthActions, csrf_token

REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.fixture
def head(db_session):
    UserFactory(username="kepala", role=Role.HEAD, units=[UnitFactory(code="DKP")])
    db_session.commit()


def age_session(client, **seconds_ago: int) -> None:
    with client.session_transaction() as session:
        for name, ago in seconds_ago.items():
            session[name] = clock.timestamp() - ago


def test_a_session_idle_longer_than_the_timeout_asks_for_a_sign_in(
    app, client, auth, head
):
    idle = app.config["SURVEY_SESSION_IDLE_SECONDS"]
    auth.login("kepala")

    age_session(client, **{SEEN_AT: idle - 120})
    still = client.get(STAFF_PAGE)
    age_session(client, **{SEEN_AT: idle + 1})
    expired = client.get(STAFF_PAGE)

    assert idle == 8 * 3600
    assert still.status_code == HTTPStatus.OK
    assert expired.status_code == HTTPStatus.FOUND
    assert expired.headers["Location"].startswith("/login")


def test_activity_keeps_a_session_alive_only_until_its_absolute_lifetime(
    app, client, auth, head
):
    lifetime = app.config["SURVEY_SESSION_MAX_SECONDS"]
    auth.login("kepala")

    age_session(client, **{SIGNED_IN_AT: lifetime - 60, SEEN_AT: 30})
    active = client.get(STAFF_PAGE)
    age_session(client, **{SIGNED_IN_AT: lifetime + 1, SEEN_AT: 0})
    too_old = client.get(STAFF_PAGE)

    assert active.status_code == HTTPStatus.OK
    assert too_old.headers["Location"].startswith("/login")


def test_a_request_moves_the_idle_clock(app, client, auth, head):
    auth.login("kepala")
    age_session(client, **{SEEN_AT: 3600})

    client.get(STAFF_PAGE)

    with client.session_transaction() as session:
        assert clock.timestamp() - session[SEEN_AT] < 5


def test_forty_parallel_wrong_guesses_get_at_most_the_allowed_checks(
    live_app, live_session, monkeypatch
):
    # Forty threads need real, separate connections (the live database), not
    # the one savepoint-wrapped connection the other tests share.
    username = f"kepala-{uuid.uuid4().hex[:8]}"
    UserFactory(username=username, role=Role.HEAD, units=[UnitFactory()])
    live_session.commit()
    checks = []
    real = accounts.authenticate

    def counting(*args, **kwargs):
        checks.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(accounts, "authenticate", counting)
    clients = [live_app.test_client() for _ in range(40)]
    tokens = [csrf_token(c, "/login") for c in clients]
    start = threading.Barrier(40)
    statuses = []

    def guess(client, token):
        start.wait()
        response = client.post(
            "/login",
            data={"username": username, "password": "wrong", "csrf_token": token},
        )
        statuses.append(response.status_code)

    threads = [
        threading.Thread(target=guess, args=pair)
        for pair in zip(clients, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    allowed = live_app.config["SURVEY_LOGIN_MAX_FAILURES"]
    assert len(statuses) == 40
    assert len(checks) <= allowed
    assert statuses.count(HTTPStatus.TOO_MANY_REQUESTS) >= 40 - allowed


def test_password_spraying_from_one_address_is_stopped_and_others_are_not(
    app, head, monkeypatch
):
    monkeypatch.setitem(app.config, "SURVEY_LOGIN_ADDRESS_MAX_ATTEMPTS", 6)
    sprayer = app.test_client()
    sprayer.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    statuses = [
        AuthActions(sprayer).login(f"user{i}", "Password123!").status_code
        for i in range(8)
    ]
    colleague = app.test_client()
    colleague.environ_base["REMOTE_ADDR"] = "203.0.113.9"

    assert statuses[:6] == [HTTPStatus.OK] * 6
    assert statuses[6:] == [HTTPStatus.TOO_MANY_REQUESTS] * 2
    assert AuthActions(colleague).login("kepala").status_code == HTTPStatus.FOUND


def test_on_a_shared_office_address_a_right_password_still_signs_in(
    app, head, monkeypatch
):
    monkeypatch.setitem(app.config, "SURVEY_LOGIN_ADDRESS_MAX_ATTEMPTS", 6)
    office = "203.0.113.20"  # one address for every desk behind the office NAT
    guesser = app.test_client()
    guesser.environ_base["REMOTE_ADDR"] = office
    for i in range(8):
        AuthActions(guesser).login(f"rekan{i}", "Password123!")
    colleague = app.test_client()
    colleague.environ_base["REMOTE_ADDR"] = office

    wrong = AuthActions(colleague).login("kepala", "bukan-sandinya")
    right = AuthActions(colleague).login("kepala")

    assert wrong.status_code == HTTPStatus.TOO_MANY_REQUESTS  # spraying stays stopped
    assert right.status_code == HTTPStatus.FOUND  # the colleague is not locked out


def test_a_guesser_elsewhere_cannot_lock_the_head_out(app, head):
    guesser = app.test_client()
    guesser.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    for _ in range(app.config["SURVEY_LOGIN_MAX_FAILURES"] + 3):
        AuthActions(guesser).login("kepala", "wrong-password")

    at_the_office = app.test_client()
    at_the_office.environ_base["REMOTE_ADDR"] = "203.0.113.9"

    assert AuthActions(at_the_office).login("kepala").status_code == HTTPStatus.FOUND


@pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL not set")
def test_throttle_keys_in_redis_reveal_neither_name_nor_address(
    app, head, auth, monkeypatch
):
    prefix = f"test:{uuid.uuid4().hex}:"
    limiter = ratelimit.Limiter(ratelimit.redis_storage(REDIS_URL, prefix))
    monkeypatch.setitem(app.extensions, "survey_limiter", limiter)

    auth.login("kepala", "wrong-password")

    keys = [k.decode() for k in redis.Redis.from_url(REDIS_URL).keys(f"*{prefix}*")]
    plain = hashlib.sha256(b"127.0.0.1").hexdigest()[:16]
    assert len(keys) == 2
    assert not any("kepala" in k or plain in k or "127.0.0.1" in k for k in keys)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("qwertyuiop", "terlalu umum"),
        ("1234567890", "terlalu umum"),
        ("Bismillah123", "terlalu umum"),
        ("aaaaaaaaaaaa", "terlalu umum"),
        ("kepala-dkp-2026", "nama pengguna"),
        ("pendek", "minimal 10"),
    ],
)
def test_common_short_or_obvious_passwords_are_refused(
    client, auth, head, password, problem
):
    auth.login("kepala")
    page = client.get("/account/password")

    response = client.post(
        "/account/password",
        data={
            "csrf_token": csrf_token(client, "/account/password"),
            "current": "correct-horse-battery",
            "new": password,
            "confirm": password,
        },
    )

    assert page.status_code == HTTPStatus.OK
    assert response.status_code == HTTPStatus.OK
    assert problem in response.get_data(as_text=True)


def test_an_uncommon_long_password_is_accepted():
    assert accounts.password_problem("lembah-batubara-ombilin", "kepala") is None
