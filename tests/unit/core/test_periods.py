"""Local calendar periods."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from survey_service.core import periods

JAKARTA = ZoneInfo("Asia/Jakarta")


def test_sunday_late_evening_in_jakarta_belongs_to_that_iso_week():
    # 23:30 WIB on Sunday 29 November 2026 is 16:30 UTC the same day.
    moment = dt.datetime(2026, 11, 29, 16, 30, tzinfo=dt.UTC)
    day = periods.local_date(moment, JAKARTA)

    assert day == dt.date(2026, 11, 29)
    assert periods.week_start(day) == dt.date(2026, 11, 23)


def test_monday_early_morning_in_jakarta_is_still_sunday_in_utc():
    moment = dt.datetime(2026, 11, 29, 17, 30, tzinfo=dt.UTC)  # 00:30 WIB Monday

    assert periods.week_start(periods.local_date(moment, JAKARTA)) == dt.date(
        2026, 11, 30
    )


@pytest.mark.parametrize(
    ("key", "start", "end"),
    [
        ("2026-W48", dt.date(2026, 11, 23), dt.date(2026, 11, 29)),
        ("2026-02", dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ("2026-S1", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    ],
)
def test_period_keys_round_trip(key, start, end):
    period = periods.parse_period(key)

    assert (period.start, period.end, period.key) == (start, end, key)


@pytest.mark.parametrize("key", ["2026-Q5", "2026-13", "2026-W60", "kemarin", ""])
def test_malformed_period_keys_are_refused(key):
    with pytest.raises(ValueError, match="Periode tidak dikenal"):
        periods.parse_period(key)


def test_last_complete_week_of_a_sunday_is_the_week_before():
    assert periods.last_complete_week(dt.date(2026, 11, 29)).key == "2026-W47"
    assert periods.last_complete_week(dt.date(2026, 11, 30)).key == "2026-W48"
