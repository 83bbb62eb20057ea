"""The city's time for tests: the product's clock (survey_service.core.clock)
read in the city's zone, never the machine's UTC date.

``SURVEY_TEST_NOW`` (an ISO time, e.g. ``2026-12-06T23:30:00+00:00``) runs the
whole suite as if the machine's clock read that moment (time-machine moves it
and lets it tick), so the Sunday-night and year-end cases can be checked on
any day: ``make test-clocks`` runs the three readings the suite must survive.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from survey_service.core import clock

CITY = ZoneInfo("Asia/Jakarta")  # SURVEY_TIMEZONE of the test configuration

# The clock readings the suite must pass under (make test-clocks).
HARD_READINGS = (
    "2026-12-06T23:30:00+00:00",  # Sunday night in UTC, Monday 06:30 in the city
    "2026-12-31T17:00:30+00:00",  # New Year's Day 00:00:30 in the city
    "2028-02-29T18:00:00+00:00",  # leap day, 1 March 01:00 in the city
)


def city_today() -> dt.date:
    """Today in the city, as every page and report counts it."""
    return clock.today(CITY)


def city_now() -> dt.datetime:
    return clock.now(CITY)
