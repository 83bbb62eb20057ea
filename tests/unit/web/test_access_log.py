"""The access log keeps no raw address, user agent, Referer, query or token."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from survey_service.web.access_log import FORMAT, AccessLogger, mask_path


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/t/IkdZT0l0d3k3.s7ZA7nPQ", "/t/…"),
        ("/k/qk98d7tszw", "/k/…"),
        ("/s/qk98d7tszw", "/s/…"),
        ("/terima-kasih/abc123", "/terima-kasih/…"),
        ("/units/DUKCAPIL/dashboard", "/units/DUKCAPIL/dashboard"),
        ("/hasil/t/x", "/hasil/t/x"),
    ],
)
def test_paths_with_secrets_are_masked(path, logged):
    assert mask_path(path) == logged


def test_a_log_line_has_a_keyed_hash_and_nothing_private(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k1")
    logger = AccessLogger(Config())
    environ = {
        "REMOTE_ADDR": "203.0.113.7",
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/t/SECRET-TOKEN?x=1",
        "PATH_INFO": "/t/SECRET-TOKEN",
        "QUERY_STRING": "x=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://skm.example/t/SECRET-TOKEN",
        "HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 10)",
    }
    request = SimpleNamespace(
        headers=[("COOKIE", "session=abc"), ("X-FORWARDED-FOR", "203.0.113.7")]
    )
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])

    atoms = logger.atoms(response, request, environ, dt.timedelta(milliseconds=12))
    line = FORMAT % atoms

    for secret in ("203.0.113.7", "SECRET-TOKEN", "Mozilla", "x=1", "session=abc"):
        assert secret not in line
        assert not any(secret in str(value) for value in atoms.values())
    assert '"GET /t/…" 200 1234 12ms' in line
    monkeypatch.setenv("SECRET_KEY", "k2")
    assert logger.atoms(response, request, environ, dt.timedelta(0))["h"] != atoms["h"]
