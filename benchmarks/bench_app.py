"""The app as `make bench-submit` serves it: the real app, plus one endpoint
that only a benchmark has, `/bench/raw-insert`, which stores a response row with
one plain INSERT on the same database (the floor any submission must pay).

Never deployed: gunicorn runs `benchmarks.bench_app:app` only in the benchmark.
"""

from __future__ import annotations

import datetime as dt
import os

from sqlalchemy import insert

from survey_service import create_app
from survey_service.core.db import get_session
from survey_service.core.models import Response

app = create_app()
_ROW = {
    "local_date": dt.date(2026, 12, 4),
    "week_start": dt.date(2026, 11, 30),
    "unit_id": int(os.environ.get("BENCH_UNIT_ID", "1")),
    "counter_id": int(os.environ.get("BENCH_COUNTER_ID", "1")),
    "questionnaire_id": int(os.environ.get("BENCH_QUESTIONNAIRE_ID", "1")),
    "channel": "kiosk",  # told apart from the measured poster submissions
    **{f"u{i}": 3 for i in range(1, 10)},
    "total": 27,
    "status": "valid",
}
_INSERT = insert(Response.__table__)


@app.get("/bench/raw-insert")
def raw_insert() -> tuple[str, int]:
    session = get_session()
    session.connection().execute(
        _INSERT, {**_ROW, "submitted_at": dt.datetime.now(dt.UTC)}
    )
    session.commit()
    return "ok", 200
