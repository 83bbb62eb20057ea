"""Rate limits held in Redis are shared by every app server (TEST_REDIS_URL)."""

from __future__ import annotations

import os
import uuid

import pytest

from survey_service import ratelimit
from tests.conftest import make_test_app
from tests.factories import UserFactory

REDIS_URL = os.environ.get("TEST_REDIS_URL")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL not set")


@needs_redis
def test_redis_counters_count_expire_and_reset():
    store = ratelimit.RedisStore(REDIS_URL, prefix=f"test:{uuid.uuid4().hex}:")

    assert [store.hit("k", 60) for _ in range(3)] == [1, 2, 3]
    assert store.count("k") == 3
    store.reset("k")
    assert store.count("k") == 0


@needs_redis
def test_login_throttling_holds_across_two_app_servers(app, db_session, auth, client):
    """Failures on one server count on the other: both read the same Redis."""
    UserFactory(username="kepala")
    prefix = f"test:{uuid.uuid4().hex}:"
    app.extensions["survey_counters"] = ratelimit.RedisStore(REDIS_URL, prefix=prefix)
    other = make_test_app(app.config["DATABASE_URL"], REDIS_URL=REDIS_URL)
    other.extensions["survey_counters"] = ratelimit.RedisStore(REDIS_URL, prefix=prefix)
    limit = app.config["SURVEY_LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        auth.login("kepala", "wrong-password")

    # A second server, same Redis: the correct password is refused for now.
    from survey_service.db import get_database

    get_database(other).sessionmaker = get_database(app).sessionmaker
    second = other.test_client()
    from tests.conftest import csrf_token

    token = csrf_token(second, "/login")
    response = second.post(
        "/login",
        data={
            "username": "kepala",
            "password": "correct-horse-battery",
            "csrf_token": token,
        },
    )

    assert response.status_code == 429
