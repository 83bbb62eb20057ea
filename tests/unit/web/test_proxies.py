"""X-Forwarded-For is believed only from the reverse proxies themselves."""

from __future__ import annotations

import pytest
from werkzeug.test import Client
from werkzeug.wrappers import Request, Response

from survey_service.web.security import TrustedProxies


@Request.application
def echo(request: Request) -> Response:
    return Response(f"{request.remote_addr} {request.scheme}")


def seen_as(remote: str, forwarded_for: str) -> str:
    app = TrustedProxies(echo, hops=1, addresses="127.0.0.1,::1,10.0.0.0/24")
    client = Client(app)
    answer = client.get(
        "/",
        environ_base={"REMOTE_ADDR": remote},
        headers={"X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": "https"},
    )
    return answer.get_data(as_text=True)


@pytest.mark.parametrize("proxy", ["127.0.0.1", "::1", "10.0.0.7"])
def test_the_proxy_s_forwarded_address_is_the_client_s(proxy):
    assert seen_as(proxy, "198.51.100.23") == "198.51.100.23 https"


@pytest.mark.parametrize("direct", ["203.0.113.5", "10.0.1.7", "2001:db8::1"])
def test_a_client_reaching_the_app_server_directly_cannot_choose_its_address(direct):
    assert seen_as(direct, "198.51.100.23") == f"{direct} http"
