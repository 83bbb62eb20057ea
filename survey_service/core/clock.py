"""The one reader of the wall clock.

Everything else is handed ``now``/``today`` by its caller or asks here, so a
test can freeze time in one place (tests/support/clock.py) and the rule "weeks
and days are the city's, not UTC's" is written once. ruff's banned-api rule
(TID251, pyproject.toml) refuses ``datetime.now()``, ``date.today()`` and
``time.time()`` anywhere else in the package.
"""

from __future__ import annotations

import datetime as dt


def now_utc() -> dt.datetime:
    """Now, aware, in UTC (what the database stores)."""
    return dt.datetime.now(dt.UTC)


def now(tz: dt.tzinfo) -> dt.datetime:
    """Now on the wall clock of ``tz`` (the city's SURVEY_TIMEZONE)."""
    return now_utc().astimezone(tz)


def today(tz: dt.tzinfo) -> dt.date:
    """Today's date in ``tz``: Sunday 23:30 UTC is already Monday in WIB."""
    return now(tz).date()


def timestamp() -> int:
    """Whole seconds since the epoch (session lifetimes)."""
    return int(now_utc().timestamp())
