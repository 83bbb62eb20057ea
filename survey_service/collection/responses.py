"""Writing responses: scores, their total, and the local day they belong to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from survey_service.core import periods, skm
from survey_service.core.models import Response


def new_response(
    *,
    scores: Mapping[str, int],
    submitted_at: dt.datetime,
    tz: ZoneInfo,
    **fields: Any,
) -> Response:
    """A Response with u1..u9, the stored total, its local date and ISO week,
    and the survey time slot of its local hour.

    The local date is fixed here, in the service's time zone, so that a rating
    at 23:30 on a Sunday in Asia/Jakarta stays in that week whatever the server's
    clock zone.
    """
    missing = [code for code in skm.ELEMENT_CODES if code not in scores]
    if missing:
        raise ValueError(f"missing answers: {', '.join(missing)}")
    day = periods.local_date(submitted_at, tz)
    fields.setdefault("time_slot", skm.time_slot(submitted_at.astimezone(tz).hour))
    response = Response(
        submitted_at=submitted_at,
        local_date=day,
        week_start=periods.week_start(day),
        **fields,
    )
    response.set_scores(dict(scores))
    return response
