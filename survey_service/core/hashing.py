"""Keyed hashes that stand in for addresses and devices: never stored raw."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac


def daily_hash(secret_key: str, kind: str, value: str, day: dt.date) -> str:
    """HMAC of ``value`` under a key that changes every day: unlinkable across days."""
    key = hmac.new(
        secret_key.encode(), f"{kind}:{day.isoformat()}".encode(), hashlib.sha256
    ).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]
