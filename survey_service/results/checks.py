"""`flask rollups check`: every rolled sum compared with the responses it sums."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Select,
    cast,
    func,
    literal,
    select,
)
from sqlalchemy.orm import Session

from survey_service.core.models import (
    Response,
    daily_sums,
)
from survey_service.core.models.rollups import (
    KEY_COLUMNS,
    MEASURE_COLUMNS,
)
from survey_service.results import rollups


@dataclass(frozen=True)
class Difference:
    """A group of one span whose sums differ from its responses."""

    key: tuple[Any, ...]  # span and KEY_COLUMNS values
    rolled: tuple[int, ...] | None  # MEASURE_COLUMNS values; None: no row
    raw: tuple[int, ...] | None


def check(session: Session, since: dt.date | None = None) -> list[Difference]:
    """Every rolled group (from ``since`` on) whose sums differ from the raw
    responses' — day rows against the responses, week and month rows against
    their day rows — with both sides; [] when the rollups are exact."""
    cutoff = rollups.rolled_through(session)
    if cutoff is None:
        return []
    first = since or dt.date.min
    table = daily_sums.c
    day_keys = [getattr(table, k) for k in KEY_COLUMNS]
    sums = [cast(func.sum(getattr(table, m)), BigInteger) for m in MEASURE_COLUMNS]

    def rows(query: Select[Any]) -> dict[tuple[Any, ...], tuple[int, ...]]:
        out = {}
        for row in session.execute(query):
            key = tuple(row[: len(KEY_COLUMNS) + 1])
            out[key] = tuple(int(v or 0) for v in row[len(KEY_COLUMNS) + 1 :])
        return out

    rolled = rows(
        select(table.span, *day_keys, *sums)
        .where(table.local_date >= first, table.local_date <= cutoff)
        .group_by(table.span, *day_keys)
    )
    raw_keys = [getattr(Response, k) for k in KEY_COLUMNS]
    expected = rows(
        select(literal("day"), *raw_keys, *(rollups.RAW[m] for m in MEASURE_COLUMNS))
        .where(Response.local_date >= first, Response.local_date <= cutoff)
        .group_by(*raw_keys)
    )
    for key, values in list(expected.items()):  # each day adds to its spans
        day = key[1]
        for span in ("week", "month"):
            start, last = rollups.span_of(span, day)
            if last > cutoff or start < first:
                continue
            span_key = (span, start, start, *key[3:])
            previous = expected.get(span_key, (0,) * len(values))
            expected[span_key] = tuple(
                a + b for a, b in zip(previous, values, strict=True)
            )
    return [
        Difference(key, rolled.get(key), expected.get(key))
        for key in sorted(set(rolled) | set(expected), key=repr)
        if rolled.get(key) != expected.get(key)
    ]
