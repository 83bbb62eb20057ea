"""Behind a proxy, a client that reaches gunicorn directly keeps its own address
for every per-address limit, whatever X-Forwarded-For it sends."""

from __future__ import annotations

from http import HTTPStatus

from survey_service.core.db import get_database
from tests.support.databases import make_test_app


def test_a_direct_client_cannot_dodge_the_short_code_limit_with_forwarded_for(app):
    behind_proxy = make_test_app(app.config["DATABASE_URL"], SURVEY_PROXY_COUNT=1)
    client = behind_proxy.test_client()
    client.environ_base["REMOTE_ADDR"] = "203.0.113.5"  # not the proxy

    try:
        answers = [
            client.get(
                "/t/ABCDEFGH", headers={"X-Forwarded-For": f"198.51.100.{k}"}
            ).status_code
            for k in range(23)
        ]
    finally:  # its own engine: closed here, not left to the garbage collector
        get_database(behind_proxy).engine.dispose()

    assert HTTPStatus.TOO_MANY_REQUESTS in answers
    assert answers.index(HTTPStatus.TOO_MANY_REQUESTS) == 20  # after 20 misses
