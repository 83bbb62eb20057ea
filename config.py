"""Configuration of Survei Kepuasan, read from environment variables.

Every key below is documented in README.md (a test checks that). Nothing here is
read at import time: ``load(environ)`` is called by the app factory.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

ENVIRONMENTS = ("development", "production", "testing")


class ConfigError(RuntimeError):
    """The configuration cannot run safely (missing secret, debug in production...)."""


class Config:
    """Defaults; each can be overridden by the environment variable of the same name."""

    # development | production | testing. Production refuses to start without
    # SECRET_KEY or with DEBUG on.
    SURVEY_ENV = "development"
    # SQLAlchemy URL. Empty means a SQLite file in instance/ (survey.sqlite3).
    DATABASE_URL = ""
    # Signs sessions, CSRF tokens and tickets. In development it is generated once
    # and kept in instance/secret_key.
    SECRET_KEY = ""
    DEBUG = False
    # Weeks and appraisal periods are computed in this zone; storage is UTC.
    SURVEY_TIMEZONE = "Asia/Jakarta"
    SURVEY_DEFAULT_LANGUAGE = "id"
    SURVEY_LANGUAGES = "id,en,min"
    # Shared store for rate limits across app servers, e.g. redis://127.0.0.1:6379/0.
    # Empty: an in-memory store, fine for a single process.
    REDIS_URL = ""
    # Prefix of every key the service writes to Redis, so that two deployments
    # (a training copy beside production, say) can share one Redis server.
    SURVEY_REDIS_PREFIX = "survey:rl:"
    # Login throttling: failures allowed per username and address in the window.
    SURVEY_LOGIN_MAX_FAILURES = 5
    SURVEY_LOGIN_WINDOW_SECONDS = 900
    # Sign-in attempts from one address in that window, whatever the usernames
    # (password spraying); generous, so an office behind one address signs in.
    SURVEY_LOGIN_ADDRESS_MAX_ATTEMPTS = 100
    # A staff session ends after this many seconds without a request (idle)...
    SURVEY_SESSION_IDLE_SECONDS = 8 * 3600
    # ...and this many seconds after sign-in, however active (absolute).
    SURVEY_SESSION_MAX_SECONDS = 12 * 3600
    # Where reports are signed, e.g. "Sawahlunto" (the date follows it).
    SURVEY_PLACE = ""
    # Public base URL printed on posters and tickets, e.g. https://skm.sawahluntokota.go.id
    SURVEY_PUBLIC_URL = ""
    # Outgoing email (weekly digests): the SMTP server; empty host: nothing is
    # sent, messages wait in the outbox.
    SURVEY_SMTP_HOST = ""
    SURVEY_SMTP_PORT = 25
    SURVEY_SMTP_USER = ""
    SURVEY_SMTP_PASSWORD = ""
    SURVEY_SMTP_STARTTLS = False
    SURVEY_MAIL_FROM = "survei@localhost"
    # The city's SMS/WhatsApp gateway (an HTTP webhook); empty URL: off.
    SURVEY_GATEWAY_URL = ""
    SURVEY_GATEWAY_AUTH_HEADER = ""
    SURVEY_GATEWAY_BODY = '{"to": "$to", "text": "$text"}'
    # One-time survey tickets expire after this many hours.
    SURVEY_TICKET_TTL_HOURS = 72
    # A ticket redeemed sooner than this after issue is flagged for review.
    SURVEY_TICKET_MIN_SECONDS = 20
    # Citizens: one response per counter per device (its cookie) in this many
    # seconds; 0 turns the limit off. Never per address: offices, schools and
    # carriers put many honest phones behind one address.
    SURVEY_SUBMIT_INTERVAL_SECONDS = 600
    # Responses from one device in an hour (all counters) above which the next
    # ones are flagged for review as possible stuffing.
    SURVEY_BURST_LIMIT = 5
    # Responses from one network address (or one kiosk) to one counter in an
    # hour above which the next ones are flagged: a volume no counter serves.
    # A counter can override it (counters.address_hourly_limit).
    SURVEY_ADDRESS_HOURLY_LIMIT = 60
    # The same nine answers from one address (or kiosk) more than this many
    # times within SURVEY_PATTERN_WINDOW_SECONDS: the next ones are flagged.
    SURVEY_PATTERN_REPEAT_LIMIT = 2
    SURVEY_PATTERN_WINDOW_SECONDS = 600
    # A kiosk tablet accepts one response per this many seconds...
    SURVEY_KIOSK_INTERVAL_SECONDS = 20
    # ...and shows a fresh form this many seconds after the thank-you page.
    SURVEY_KIOSK_RESET_SECONDS = 5
    # ...and starts a fresh form in the default language after this many
    # seconds without a touch (a citizen who walked away).
    SURVEY_KIOSK_IDLE_SECONDS = 15
    # An answer a kiosk kept while offline counts when it arrives within this
    # many days of being given; an older one is refused (the kiosk says so).
    SURVEY_KIOSK_OFFLINE_MAX_DAYS = 7
    # Reverse proxies in front of the app that set X-Forwarded-For (0: none).
    SURVEY_PROXY_COUNT = 0
    # ...and the addresses they connect from (comma-separated, CIDR allowed):
    # a request from anywhere else has its X-Forwarded-* headers ignored, so
    # a client that reaches gunicorn directly cannot choose its address.
    SURVEY_PROXY_ADDRESSES = "127.0.0.1,::1"
    # Requests larger than this are refused early (bytes).
    MAX_CONTENT_LENGTH = 1024 * 1024

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = 3600 * 4


# Keys that come from the environment and how to parse them.
_INT_KEYS = {
    "SURVEY_SUBMIT_INTERVAL_SECONDS",
    "SURVEY_BURST_LIMIT",
    "SURVEY_ADDRESS_HOURLY_LIMIT",
    "SURVEY_PATTERN_REPEAT_LIMIT",
    "SURVEY_PATTERN_WINDOW_SECONDS",
    "SURVEY_KIOSK_INTERVAL_SECONDS",
    "SURVEY_KIOSK_RESET_SECONDS",
    "SURVEY_KIOSK_IDLE_SECONDS",
    "SURVEY_KIOSK_OFFLINE_MAX_DAYS",
    "SURVEY_PROXY_COUNT",
    "SURVEY_LOGIN_MAX_FAILURES",
    "SURVEY_LOGIN_WINDOW_SECONDS",
    "SURVEY_TICKET_TTL_HOURS",
    "SURVEY_TICKET_MIN_SECONDS",
    "SURVEY_LOGIN_ADDRESS_MAX_ATTEMPTS",
    "SURVEY_SESSION_IDLE_SECONDS",
    "SURVEY_SESSION_MAX_SECONDS",
    "SURVEY_SMTP_PORT",
    "MAX_CONTENT_LENGTH",
}
_BOOL_KEYS = {"DEBUG", "SURVEY_SMTP_STARTTLS"}
ENV_KEYS = (
    "SURVEY_ENV",
    "DATABASE_URL",
    "SECRET_KEY",
    "DEBUG",
    "SURVEY_TIMEZONE",
    "SURVEY_DEFAULT_LANGUAGE",
    "SURVEY_LANGUAGES",
    "REDIS_URL",
    "SURVEY_REDIS_PREFIX",
    "SURVEY_LOGIN_MAX_FAILURES",
    "SURVEY_LOGIN_WINDOW_SECONDS",
    "SURVEY_PUBLIC_URL",
    "SURVEY_PLACE",
    "SURVEY_TICKET_TTL_HOURS",
    "SURVEY_TICKET_MIN_SECONDS",
    "SURVEY_LOGIN_ADDRESS_MAX_ATTEMPTS",
    "SURVEY_SESSION_IDLE_SECONDS",
    "SURVEY_SESSION_MAX_SECONDS",
    "SURVEY_SMTP_HOST",
    "SURVEY_SMTP_PORT",
    "SURVEY_SMTP_USER",
    "SURVEY_SMTP_PASSWORD",
    "SURVEY_SMTP_STARTTLS",
    "SURVEY_MAIL_FROM",
    "SURVEY_GATEWAY_URL",
    "SURVEY_GATEWAY_AUTH_HEADER",
    "SURVEY_GATEWAY_BODY",
    "SURVEY_SUBMIT_INTERVAL_SECONDS",
    "SURVEY_BURST_LIMIT",
    "SURVEY_ADDRESS_HOURLY_LIMIT",
    "SURVEY_PATTERN_REPEAT_LIMIT",
    "SURVEY_PATTERN_WINDOW_SECONDS",
    "SURVEY_KIOSK_INTERVAL_SECONDS",
    "SURVEY_KIOSK_RESET_SECONDS",
    "SURVEY_KIOSK_IDLE_SECONDS",
    "SURVEY_KIOSK_OFFLINE_MAX_DAYS",
    "SURVEY_PROXY_COUNT",
    "SURVEY_PROXY_ADDRESSES",
    "MAX_CONTENT_LENGTH",
)


def _parse(key: str, raw: str) -> Any:
    if key in _BOOL_KEYS:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if key in _INT_KEYS:
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"{key} must be a whole number, got {raw!r}") from None
    return raw


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The configuration keys set in ``environ`` (default: ``os.environ``), parsed."""
    environ = os.environ if environ is None else environ
    return {key: _parse(key, environ[key]) for key in ENV_KEYS if key in environ}
