"""Rate limits on the ``limits`` library, shared across app servers via Redis.

With ``REDIS_URL`` set, counters live in Redis (``limits``' RedisStorage, keys
under SURVEY_REDIS_PREFIX), so every app server sees the same counts; without
it they live in this process (``LocalStorage``: ``limits``' MemoryStorage,
whose entries expire with their window, so it stays bounded).

Redis going away must never refuse an honest citizen or lock staff out of
sign-in: the limiter then fails open to the local in-memory counters, logs a
warning, and tries Redis again after RETRY_SECONDS. Limits hold per app server
meanwhile (a little looser, never lost responses). Connections have short
connect and read timeouts, so a blackholed Redis host cannot hang a request.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app
from limits import RateLimitItemPerSecond
from limits.errors import StorageError
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import FixedWindowRateLimiter

log = logging.getLogger(__name__)
T = TypeVar("T")

RETRY_SECONDS = 30
REDIS_TIMEOUT_SECONDS = 0.5


class LocalStorage(MemoryStorage):
    """``limits``' MemoryStorage, swept of expired entries by the count that
    comes a second or more after the last sweep, instead of by a timer thread
    it starts (for 10 ms) on every count that finds none running: under load,
    a hundred thread starts a second per worker, 5% of a submission's time,
    spent while SQLite's write lock is held. A read already drops an expired
    entry, so a sweep only bounds the memory of keys never read again."""

    SWEEP_SECONDS = 1.0

    def __init__(self) -> None:
        super().__init__()
        self._swept_at = time.monotonic()

    # MemoryStorage calls ``self.__schedule_expiry()`` on each count (incr,
    # decr, the window entries); this is that name, as Python mangles it.
    def _MemoryStorage__schedule_expiry(self) -> None:  # noqa: N802 - mangled
        now = time.monotonic()
        if now - self._swept_at >= self.SWEEP_SECONDS:
            self._swept_at = now
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]


class Limiter:
    """Fixed-window limits: ``allow`` counts an event, ``within`` only looks."""

    def __init__(self, shared: Storage | None = None) -> None:
        self._local = FixedWindowRateLimiter(LocalStorage())
        self._shared = FixedWindowRateLimiter(shared) if shared is not None else None
        self._shared_down_until = 0.0

    def _run(self, action: Callable[[FixedWindowRateLimiter], T]) -> T:
        if self._shared is not None and time.monotonic() >= self._shared_down_until:
            try:
                return action(self._shared)
            except (StorageError, OSError) as exc:
                self._shared_down_until = time.monotonic() + RETRY_SECONDS
                log.warning(
                    "rate-limit store unavailable (%s): counting in this process "
                    "for %d s",
                    getattr(exc, "storage_error", exc),
                    RETRY_SECONDS,
                )
        return action(self._local)

    def allow(self, key: str, amount: int, seconds: int) -> bool:
        """Count one event for ``key``: True while at most ``amount`` per window."""
        item = RateLimitItemPerSecond(amount, seconds)
        return self._run(lambda limiter: limiter.hit(item, key))

    def within(self, key: str, amount: int, seconds: int) -> bool:
        """Whether one more event for ``key`` would still be allowed (counts none)."""
        item = RateLimitItemPerSecond(amount, seconds)
        return self._run(lambda limiter: limiter.test(item, key))

    def clear(self, key: str, amount: int, seconds: int) -> None:
        item = RateLimitItemPerSecond(amount, seconds)
        self._run(lambda limiter: limiter.clear(item, key))


def redis_storage(url: str, prefix: str) -> RedisStorage:
    return RedisStorage(
        url,
        key_prefix=prefix,
        wrap_exceptions=True,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
    )


def init_app(app: Flask) -> None:
    url = app.config["REDIS_URL"]
    shared = redis_storage(url, app.config["SURVEY_REDIS_PREFIX"]) if url else None
    app.extensions["survey_limiter"] = Limiter(shared)


def limiter() -> Limiter:
    return current_app.extensions["survey_limiter"]  # type: ignore[no-any-return]
