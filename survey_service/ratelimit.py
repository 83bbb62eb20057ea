"""Fixed-window counters for rate limits, shared across app servers via Redis.

With ``REDIS_URL`` set the counters live in Redis, so every app server behind
the load balancer sees the same counts; without it they live in this process
(fine for the embedded single-process default).
"""

from __future__ import annotations

import threading
import time
from typing import Protocol

from flask import Flask, current_app


class CounterStore(Protocol):
    def hit(self, key: str, window_seconds: int) -> int:
        """Count one event for ``key``; return the count in the current window."""

    def count(self, key: str) -> int:
        """Events counted for ``key`` in the current window."""

    def reset(self, key: str) -> None:
        """Forget ``key``."""


class MemoryStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, float]] = {}

    def _live(self, key: str, now: float) -> tuple[int, float] | None:
        entry = self._counts.get(key)
        if entry is not None and entry[1] <= now:
            del self._counts[key]
            return None
        return entry

    def hit(self, key: str, window_seconds: int) -> int:
        now = time.monotonic()
        with self._lock:
            entry = self._live(key, now)
            count, expires = entry if entry else (0, now + window_seconds)
            self._counts[key] = (count + 1, expires)
            return count + 1

    def count(self, key: str) -> int:
        with self._lock:
            entry = self._live(key, time.monotonic())
            return entry[0] if entry else 0

    def reset(self, key: str) -> None:
        with self._lock:
            self._counts.pop(key, None)


class RedisStore:
    """Counters in Redis: INCR, and EXPIRE set with the first hit of a window."""

    def __init__(self, url: str, prefix: str = "survey:rl:") -> None:
        import redis  # imported here so that importing this module opens nothing

        self._redis = redis.Redis.from_url(url, socket_timeout=2)
        self._prefix = prefix

    def hit(self, key: str, window_seconds: int) -> int:
        name = self._prefix + key
        pipe = self._redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, window_seconds, nx=True)
        count, _ = pipe.execute()
        return int(count)

    def count(self, key: str) -> int:
        value = self._redis.get(self._prefix + key)
        return int(value) if value else 0  # type: ignore[arg-type]

    def reset(self, key: str) -> None:
        self._redis.delete(self._prefix + key)


def init_app(app: Flask) -> None:
    url = app.config["REDIS_URL"]
    app.extensions["survey_counters"] = (
        RedisStore(url, app.config["SURVEY_REDIS_PREFIX"]) if url else MemoryStore()
    )


def counters() -> CounterStore:
    return current_app.extensions["survey_counters"]  # type: ignore[no-any-return]
