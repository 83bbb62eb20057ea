"""What several blueprints' views read from a request the same way."""

from __future__ import annotations

import datetime as dt

from flask import abort, current_app, request

from survey_service import periods


def local_today() -> dt.date:
    """Today in SURVEY_TIMEZONE (weeks and periods are local)."""
    return dt.datetime.now(current_app.config["TIMEZONE"]).date()


def requested_period(default_kind: str | None = None) -> periods.Period:
    """The period asked for (?period=2026-W47, 2026-11, 2026-Q4, 2026-S2, 2026);
    without one, the period of ``default_kind`` containing today, or the last
    complete week when None. A key that is not a period is a 400 that says so."""
    key = request.args.get("period", "")
    if not key:
        today = local_today()
        if default_kind is None:
            return periods.last_complete_week(today)
        return periods.period_containing(default_kind, today)
    try:
        return periods.parse_period(key[:20])
    except ValueError:
        abort(
            400,
            description=f"Periode tidak dikenal: {key[:20]}. Contoh: 2026-W47, "
            "2026-11, 2026-Q4, 2026.",
        )


def local_now_text() -> str:
    """Now in SURVEY_TIMEZONE as people write it, with the zone's name."""
    tz = current_app.config["TIMEZONE"]
    now = dt.datetime.now(tz)
    return f"{now:%d-%m-%Y %H:%M} {now.tzname()}"
