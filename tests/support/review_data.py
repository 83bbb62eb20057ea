"""A unit's week of responses, shared by the review, follow-up and report tests."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import numpy as np

from survey_service.collection.responses import new_response
from survey_service.core import skm
from survey_service.core.models import ResponseStatus, Role
from tests.factories import CounterFactory, EmployeeFactory, UserFactory

JAKARTA = ZoneInfo("Asia/Jakarta")
WEEK = "2026-W47"  # Monday 16 to Sunday 22 November 2026


def add(db_session, counter, day, scores, **fields):
    """A response on ``day`` November 2026 at 10:00 in Jakarta."""
    when = dt.datetime(2026, 11, day, 10, 0, tzinfo=JAKARTA)
    return add_at(db_session, counter, when, scores, **fields)


def add_at(db_session, counter, when, scores, **fields):
    """A response at the aware datetime ``when`` (by poster unless ``channel``)."""
    fields.setdefault("channel", "poster")
    response = new_response(
        scores=dict(zip(skm.ELEMENT_CODES, scores, strict=True)),
        submitted_at=when,
        tz=JAKARTA,
        unit_id=counter.unit_id,
        counter_id=counter.id,
        questionnaire_id=1,
        **fields,
    )
    db_session.add(response)
    return response


def login_head(auth, unit, username="kepala.a"):
    UserFactory(username=username, role=Role.HEAD, units=[unit])
    return auth.login(username)


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def make_unit_week(db_session):
    """A unit with two counters and two employees, 40 responses in week 47."""
    rng = np.random.default_rng(3)
    counters = [CounterFactory(code="A-L1"), None]
    counters[1] = CounterFactory(code="A-L2", unit=counters[0].unit)
    staff = [EmployeeFactory(unit=counters[0].unit) for _ in range(2)]
    scores = []
    for k in range(40):
        s = rng.choice([2, 3, 4], size=9, p=[0.15, 0.55, 0.3]).tolist()
        scores.append(s)
        add(db_session, counters[k % 2], 16 + k % 7, s, employee_id=staff[k % 2].id)
    add(
        db_session,
        counters[0],
        18,
        [1] * 9,
        status=ResponseStatus.FLAGGED,
        status_reason="banyak respons dari alamat yang sama dalam satu jam",
    )
    db_session.commit()
    return counters[0].unit, np.array(scores)
