"""The one builder of a response's columns, and its bulk form for seeders."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from survey_service.collection.responses import response_columns, response_row
from survey_service.core import skm

CITY = ZoneInfo("Asia/Jakarta")
SCORES = dict(zip(skm.ELEMENT_CODES, (1, 2, 3, 4, 4, 3, 2, 1, 4), strict=True))
MOMENTS = st.datetimes(  # naive bounds, as hypothesis takes them; UTC after
    min_value=dt.datetime(2025, 1, 1),  # noqa: DTZ001
    max_value=dt.datetime(2029, 1, 1),  # noqa: DTZ001
).map(lambda d: d.replace(microsecond=0, tzinfo=dt.UTC))
SUNDAY_NIGHT_UTC = dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)


def test_sunday_night_utc_is_monday_morning_in_the_city():
    row = response_row(
        scores=SCORES,
        submitted_at=dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC),
        tz=CITY,
    )

    assert row["local_date"] == dt.date(2026, 12, 7)
    assert row["week_start"] == dt.date(2026, 12, 7)
    assert row["time_slot"] == "other"  # 06:30 WIB
    assert row["total"] == 24
    assert row["u4"] == 4


def test_a_given_time_slot_is_kept():
    row = response_row(
        scores=SCORES,
        submitted_at=dt.datetime(2026, 12, 7, 2, tzinfo=dt.UTC),
        tz=CITY,
        time_slot="15-17",
    )

    assert row["time_slot"] == "15-17"


def test_a_missing_answer_is_refused():
    with pytest.raises(ValueError, match="U9"):
        response_row(
            scores={k: v for k, v in SCORES.items() if k != "U9"},
            submitted_at=dt.datetime(2026, 12, 7, tzinfo=dt.UTC),
            tz=CITY,
        )


@given(st.lists(MOMENTS, min_size=1, max_size=40))
def test_the_bulk_form_equals_the_one_row_form(moments):
    scores = np.array(
        [[((i + k) % 4) + 1 for k in range(9)] for i in range(len(moments))]
    )
    utc = np.array([m.replace(tzinfo=None) for m in moments], dtype="datetime64[s]")

    bulk = response_columns(scores, utc, CITY)

    for i, moment in enumerate(moments):
        one = response_row(
            scores=dict(zip(skm.ELEMENT_CODES, map(int, scores[i]), strict=True)),
            submitted_at=moment,
            tz=CITY,
        )
        assert bulk["local_date"][i].item() == one["local_date"]
        assert bulk["week_start"][i].item() == one["week_start"]
        assert bulk["time_slot"][i] == one["time_slot"]
        assert bulk["total"][i] == one["total"]
        assert [bulk[f"u{k}"][i] for k in range(1, 10)] == [
            one[f"u{k}"] for k in range(1, 10)
        ]
