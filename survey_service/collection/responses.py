"""Writing responses: the one place a response's derived columns are set.

Every channel that stores a response (the form, a ticket, the kiosk online and
offline) and every seeder (the demo city, the benchmarks' generator) builds its
rows here, so no row lacks what a live one has: the nine answers and their
total, the local day and ISO week in the city's time zone, and the survey time
slot of its local hour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from survey_service.core import periods, skm
from survey_service.core.models import Response

SLOT_HOURS = (8, 12, 15, 17)  # skm.time_slot's bounds, for the bulk form


def response_row(
    *,
    scores: Mapping[str, int],
    submitted_at: dt.datetime,
    tz: ZoneInfo,
    **fields: Any,
) -> dict[str, Any]:
    """The column values of a response: ``fields`` plus u1..u9, the stored
    total, its local date and ISO week, and the time slot of its local hour
    (unless ``fields`` names one).

    The local date is fixed here, in the service's time zone, so that a rating
    at 23:30 on a Sunday in Asia/Jakarta stays in that week whatever the server's
    clock zone.
    """
    missing = [code for code in skm.ELEMENT_CODES if code not in scores]
    if missing:
        raise ValueError(f"missing answers: {', '.join(missing)}")
    values = {code.lower(): int(scores[code]) for code in skm.ELEMENT_CODES}
    day = periods.local_date(submitted_at, tz)
    return {
        "time_slot": skm.time_slot(submitted_at.astimezone(tz).hour),
        "received_at": submitted_at,  # a live answer arrives as it is given
        **fields,
        "submitted_at": submitted_at,
        "local_date": day,
        "week_start": periods.week_start(day),
        **values,
        "total": sum(values.values()),
    }


def new_response(
    *,
    scores: Mapping[str, int],
    submitted_at: dt.datetime,
    tz: ZoneInfo,
    **fields: Any,
) -> Response:
    """A Response built from ``response_row`` (not yet added to a session)."""
    return Response(
        **response_row(scores=scores, submitted_at=submitted_at, tz=tz, **fields)
    )


def response_columns(
    scores: npt.NDArray[np.integer[Any]],
    submitted_at: npt.NDArray[np.datetime64],
    tz: ZoneInfo,
) -> dict[str, npt.NDArray[Any]]:
    """``response_row``'s derived columns for many responses at once, for a
    seeder of millions: ``scores`` is (n, 9), ``submitted_at`` UTC datetime64.
    Returns u1..u9, total, local_date, week_start and time_slot as arrays, with
    the zone's offset looked up per UTC day (exact for zones without a change of
    offset inside a day, as every Indonesian zone)."""
    utc = submitted_at.astype("datetime64[s]")
    utc_days = utc.astype("datetime64[D]")
    unique_days, where = np.unique(utc_days, return_inverse=True)
    noon = dt.timedelta(hours=12)
    offsets = np.array(
        [
            (tz.utcoffset(dt.datetime.fromisoformat(str(d)) + noon) or dt.timedelta())
            // dt.timedelta(seconds=1)
            for d in unique_days
        ],
        dtype="int64",
    )
    local = utc + offsets[where].astype("timedelta64[s]")
    local_date = local.astype("datetime64[D]")
    weekday = (local_date.view("int64") - 4) % 7  # 1970-01-01 was a Thursday
    hour = (local - local_date).astype("timedelta64[h]").astype(int)
    slot_names = np.array(["other", "08-12", "12-15", "15-17", "other"])
    slots = slot_names[np.searchsorted(SLOT_HOURS, hour, side="right")]
    columns: dict[str, npt.NDArray[Any]] = {
        code.lower(): scores[:, k] for k, code in enumerate(skm.ELEMENT_CODES)
    }
    columns.update(
        total=scores.sum(axis=1),
        local_date=local_date,
        week_start=local_date - weekday.astype("timedelta64[D]"),
        time_slot=slots,
    )
    return columns
