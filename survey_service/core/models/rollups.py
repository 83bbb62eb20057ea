"""Daily sums of responses (rollups): what every aggregate page reads for days
that are over, so a page costs the same whatever the size of history.

One row per span — a local day, an ISO week or a calendar month, once every
day of it is rolled — and (unit, counter, service type, employee,
questionnaire version) group; ``local_date`` is the span's first day. A period
reads whole months, then whole weeks, then days, so a year costs twelve rows a
group however many responses it holds. The columns are the sufficient statistics of
the statistics package — valid count, sums of totals, their squares and cubes,
answer counts per element and value, the histogram of respondent totals
(9..36) — plus held-back counts, the respondent profile, the ratings behind the
insider signals and the count by channel. Sums add up, so any
period's figures from these rows equal the figures from the raw responses.

Plain tables (SQLAlchemy Core): the rows are written and read only by SQL in
``survey_service.results``.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Index, Integer, String, Table

from survey_service.core.db import Base
from survey_service.core.models.survey import Channel
from survey_service.core.skm import (
    AGE_BANDS,
    EDUCATIONS,
    ELEMENT_CODES,
    OCCUPATIONS,
    SEXES,
    TIME_SLOTS,
)
from survey_service.core.statistics.intervals import TOTAL_MIN

TOTAL_MAX = 36  # nine elements rated 4

SPANS = ("day", "week", "month")
KEY_COLUMNS = (
    "local_date",
    "week_start",
    "unit_id",
    "counter_id",
    "service_type_id",
    "employee_id",
    "questionnaire_id",
)
# Valid responses: count, sums of totals, squares, cubes; then held-back counts.
SUM_COLUMNS = ("n", "total_sum", "total_sumsq", "total_sumcube", "flagged", "excluded")
# Valid answers of value k to element code: "u3_2" counts the 2s given to U3.
ELEMENT_COLUMNS = tuple(
    f"{code.lower()}_{k}" for code in ELEMENT_CODES for k in range(1, 5)
)
# Valid responses whose total is t: "t27" counts totals of 27.
TOTAL_COLUMNS = tuple(f"t{t}" for t in range(TOTAL_MIN, TOTAL_MAX + 1))
# The respondent profile of valid responses: one column a value, one for none.
PROFILE_VALUES = {
    "age_band": tuple(AGE_BANDS),
    "sex": tuple(SEXES),
    "education": tuple(EDUCATIONS),
    "occupation": tuple(OCCUPATIONS),
    "time_slot": tuple(TIME_SLOTS),
}
PROFILE_COLUMNS = tuple(
    f"{field}_{i}" if i is not None else f"{field}_none"
    for field, values in PROFILE_VALUES.items()
    for i in (*range(len(values)), None)
)
# The insider signals: valid and held-for-review ratings given on a ticket that
# the rated employee issued, and given by poster or kiosk (count, total).
SIGNAL_COLUMNS = ("own_ticket_n", "own_ticket_sum", "walk_in_n", "walk_in_sum")


# Valid responses by the way they came in: "channel_kiosk" counts the kiosk's.
def channel_column(channel: Channel) -> str:
    return f"channel_{channel.value}"


CHANNEL_COLUMNS = tuple(channel_column(channel) for channel in Channel)
MEASURE_COLUMNS = (
    SUM_COLUMNS
    + ELEMENT_COLUMNS
    + TOTAL_COLUMNS
    + PROFILE_COLUMNS
    + SIGNAL_COLUMNS
    + CHANNEL_COLUMNS
)
_WIDE = {"total_sum", "total_sumsq", "total_sumcube"}

daily_sums = Table(
    "daily_sums",
    Base.metadata,
    Column("span", String(5), nullable=False),  # day, week or month
    Column("local_date", Date, nullable=False),  # the span's first day
    Column("week_start", Date, nullable=False),  # a month's row: its first day
    Column("unit_id", BigInteger().with_variant(Integer(), "sqlite"), nullable=False),
    Column("counter_id", BigInteger().with_variant(Integer(), "sqlite")),
    Column("service_type_id", BigInteger().with_variant(Integer(), "sqlite")),
    Column("employee_id", BigInteger().with_variant(Integer(), "sqlite")),
    Column("questionnaire_id", BigInteger().with_variant(Integer(), "sqlite")),
    *(
        Column(name, BigInteger if name in _WIDE else Integer, nullable=False)
        for name in MEASURE_COLUMNS
    ),
    Index("ix_daily_sums_span_unit_date", "span", "unit_id", "local_date"),
    Index("ix_daily_sums_span_date", "span", "local_date"),
)

# One row (id 1): the last local day whose responses are in daily_sums. Days
# after it come from the responses table itself.
rollup_state = Table(
    "rollup_state",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("rolled_through", Date),
)
