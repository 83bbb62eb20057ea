"""SQL aggregation gives the same numbers as the pure statistics functions."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from survey_service.core import periods, skm
from survey_service.core.models import ResponseStatus
from survey_service.core.statistics import (
    employee_indicators,
    ikm_from_counts,
    index_summary,
)
from survey_service.results.aggregates import (
    GroupBy,
    employee_indicators_for,
    group_sums,
)
from tests.factories import CounterFactory, EmployeeFactory
from tests.support.review_data import add_at

JAKARTA = ZoneInfo("Asia/Jakarta")


def local(*args):
    return dt.datetime(*args, tzinfo=JAKARTA)


@pytest.fixture
def random_responses(db_session):
    """Responses over two units, three counters and four employees, across
    week, month and quarter boundaries, with some flagged and excluded."""
    rng = np.random.default_rng(5)
    counters = [CounterFactory(), CounterFactory()]
    counters.append(CounterFactory(unit=counters[0].unit))
    staff = [
        EmployeeFactory(unit=counters[0].unit),
        EmployeeFactory(unit=counters[0].unit),
        EmployeeFactory(unit=counters[1].unit),
        None,
    ]
    start = local(2026, 9, 20, 0, 0)
    rows = []
    for _ in range(400):
        counter = counters[rng.integers(0, 3)]
        employee = staff[rng.integers(0, 4)]
        when = start + dt.timedelta(minutes=int(rng.integers(0, 60 * 24 * 30)))
        scores = rng.choice([1, 2, 3, 4], size=9, p=[0.05, 0.15, 0.5, 0.3])
        status = ResponseStatus(
            rng.choice([s.value for s in ResponseStatus], p=[0.88, 0.06, 0.04, 0.02])
        )
        response = add_at(
            db_session,
            counter,
            when,
            scores,
            status=status,
            employee_id=employee.id if employee else None,
        )
        rows.append(response)
    db_session.commit()
    return rows


def valid_scores(rows, predicate):
    return np.array(
        [
            [r.scores[c] for c in skm.ELEMENT_CODES]
            for r in rows
            if r.status is ResponseStatus.VALID and predicate(r)
        ]
    ).reshape(-1, 9)


@pytest.mark.parametrize("kind", ["week", "month", "quarter"])
def test_sql_sums_match_the_pure_functions_per_unit_and_period(
    db_session, random_responses, kind
):
    period = periods.period_containing(kind, dt.date(2026, 10, 1))

    sums = group_sums(db_session, period, [GroupBy.UNIT], elements=True)

    for i, (unit_id,) in enumerate(sums.keys):

        def in_group(r, unit_id=unit_id):
            return r.unit_id == unit_id and period.contains(r.local_date)

        expected = index_summary(valid_scores(random_responses, in_group))
        got = sums.summaries()[i]
        assert got == expected
        assert ikm_from_counts(sums.element_counts[i]).value == expected.value
        skipped = [
            r
            for r in random_responses
            if in_group(r)
            and r.status in (ResponseStatus.FLAGGED, ResponseStatus.EXCLUDED)
        ]
        # Held back, counted as such; a late answer (closed period) nowhere.
        assert sums.flagged[i] + sums.excluded[i] == len(skipped)


def test_rollup_of_fine_groups_equals_the_coarse_query(db_session, random_responses):
    period = periods.parse_period("2026-Q4")
    fine = group_sums(
        db_session,
        period,
        [GroupBy.UNIT, GroupBy.COUNTER, GroupBy.EMPLOYEE],
        elements=True,
    )
    coarse = group_sums(db_session, period, [GroupBy.UNIT], elements=True)

    rolled = fine.rollup([0])

    assert rolled.keys == coarse.keys
    np.testing.assert_array_equal(rolled.total_sumsq, coarse.total_sumsq)
    np.testing.assert_array_equal(rolled.element_counts, coarse.element_counts)


def test_weekly_groups_use_the_local_iso_week(db_session):
    counter = CounterFactory()
    add_at(db_session, counter, local(2026, 11, 29, 23, 30), [4] * 9)  # Sunday night
    add_at(db_session, counter, local(2026, 11, 30, 0, 30), [2] * 9)  # Monday
    db_session.commit()

    sums = group_sums(
        db_session, (dt.date(2026, 11, 1), dt.date(2026, 12, 31)), [GroupBy.WEEK]
    )

    assert [k[0] for k in sums.keys] == [dt.date(2026, 11, 23), dt.date(2026, 11, 30)]
    assert [s.value for s in sums.summaries()] == [100.0, 50.0]


def test_month_boundary_follows_local_time(db_session):
    counter = CounterFactory()
    add_at(db_session, counter, local(2026, 9, 30, 23, 30), [4] * 9)  # 16:30 UTC
    add_at(db_session, counter, local(2026, 10, 1, 0, 30), [1] * 9)  # 17:30 UTC Sep 30
    db_session.commit()

    sums = group_sums(db_session, periods.parse_period("2026-10"), [GroupBy.UNIT])

    assert sums.n.tolist() == [1]
    assert sums.summaries()[0].value == 25.0


def test_employee_indicators_from_sql_match_the_pure_function(
    db_session, random_responses
):
    period = periods.parse_period("2026-Q4")
    unit_id = random_responses[0].unit_id

    result = employee_indicators_for(
        db_session,
        period,
        {unit_id: 80.0, **{r.unit_id: 80.0 for r in random_responses}},
        unit_ids=[unit_id],
    )

    in_unit = [
        r
        for r in random_responses
        if r.unit_id == unit_id
        and period.contains(r.local_date)
        and r.status is ResponseStatus.VALID
    ]
    staff = sorted({r.employee_id for r in in_unit if r.employee_id})
    hist = {
        e: np.bincount(
            [r.total - 9 for r in in_unit if r.employee_id == e], minlength=28
        )
        for e in staff
    }
    unit_hist = np.bincount([r.total - 9 for r in in_unit], minlength=28)
    expected = employee_indicators(np.array([hist[e] for e in staff]), unit_hist, 80.0)
    assert result.employee_ids == staff
    assert result.indicators == expected


def test_empty_period_gives_no_groups(db_session, random_responses):
    sums = group_sums(db_session, periods.parse_period("2020-W01"), [GroupBy.UNIT])

    assert len(sums) == 0
    assert sums.summaries() == []
