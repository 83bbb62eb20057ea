"""The daily sums give exactly the figures of the raw responses, stay exact when
responses change, and rebuild idempotently (both databases)."""

from __future__ import annotations

import datetime as dt
import itertools
from http import HTTPStatus

import numpy as np
import pytest
from sqlalchemy import func, select

from survey_service import results as rollups
from survey_service.collection import tickets
from survey_service.core import periods
from survey_service.core.models import (
    Response,
    ResponseStatus,
    Role,
    Ticket,
    daily_sums,
    rollup_state,
)
from survey_service.core.models.rollups import PROFILE_VALUES
from survey_service.reporting import service as report
from survey_service.results.aggregates import (
    GroupBy,
    employee_indicators_for,
    group_sums,
    version_spans,
)
from survey_service.review import moderation
from tests.factories import (
    CounterFactory,
    EmployeeFactory,
    ServiceTypeFactory,
    UserFactory,
)
from tests.support.clock import city_today
from tests.support.review_data import JAKARTA, add_at
from tests.support.web import token_in

TODAY = city_today()
PROFILE = {f: (*v, None) for f, v in PROFILE_VALUES.items()}


def random_city(db_session, seed: int, n: int = 300, until: dt.date | None = None):
    """Two units, three counters, staff with accounts and service types; ``n``
    responses over the 70 days up to ``until`` (default today) by poster, kiosk
    or a ticket that the rated employee or a colleague issued, some flagged or
    excluded, some with no employee, service type or profile."""
    rng = np.random.default_rng(seed)
    issued: list[Ticket] = []
    counters = [CounterFactory(), CounterFactory()]
    counters.append(CounterFactory(unit=counters[0].unit))
    staff = {
        c.unit_id: [EmployeeFactory(unit=c.unit) for _ in range(2)] for c in counters
    }
    services = {c.unit_id: [ServiceTypeFactory(unit=c.unit)] for c in counters}
    accounts = {
        e.id: UserFactory(role=Role.STAFF, employee=e, units=[e.unit])
        for team in staff.values()
        for e in team
    }
    db_session.flush()
    for _ in range(n):
        counter = counters[int(rng.integers(0, 3))]
        day = (until or TODAY) - dt.timedelta(days=int(rng.integers(0, 70)))
        when = dt.datetime.combine(day, dt.time(int(rng.integers(8, 16))), JAKARTA)
        employee = rng.choice([*staff[counter.unit_id], None])
        service = rng.choice([*services[counter.unit_id], None])
        profile = {f: rng.choice(values) for f, values in PROFILE.items()}
        channel = str(rng.choice(["poster", "kiosk", "ticket"]))
        ticket = None
        if channel == "ticket":
            issuer = rng.choice(staff[counter.unit_id])
            ticket = Ticket(
                token_id=f"t{seed}-{len(issued)}",
                counter_id=counter.id,
                issued_at=when - dt.timedelta(minutes=5),
                expires_at=when + dt.timedelta(days=1),
                issued_by_id=accounts[issuer.id].id,
            )
            issued.append(ticket)
            db_session.add(ticket)
            db_session.flush()
        add_at(
            db_session,
            counter,
            when,
            rng.choice([1, 2, 3, 4], size=9, p=[0.05, 0.2, 0.45, 0.3]).tolist(),
            status=ResponseStatus(
                rng.choice([s.value for s in ResponseStatus], p=[0.83, 0.1, 0.05, 0.02])
            ),
            employee_id=employee.id if employee is not None else None,
            service_type_id=service.id if service is not None else None,
            channel=channel,
            ticket_id=ticket.id if ticket is not None else None,
            **{f: (str(v) if v is not None else None) for f, v in profile.items()},
        )
    db_session.commit()
    return counters


def everything(db_session, units):
    """Every aggregate the pages read, for periods before, across and after the
    rolled days, as plain Python values."""
    out = []
    month = periods.period_containing(periods.PeriodKind.MONTH, TODAY)
    spans = [
        (TODAY - dt.timedelta(days=69), TODAY),  # across the cutoff
        (TODAY - dt.timedelta(days=40), TODAY - dt.timedelta(days=10)),  # rolled
        (TODAY - dt.timedelta(days=1), TODAY),  # raw only
        (month.start, month.end),
    ]
    groupings = [
        [GroupBy.UNIT],
        [GroupBy.UNIT, GroupBy.WEEK],
        [GroupBy.COUNTER, GroupBy.EMPLOYEE],
        [GroupBy.SERVICE_TYPE],
        [GroupBy.EMPLOYEE, GroupBy.WEEK],
    ]
    for span, by in itertools.product(spans, groupings):
        sums = group_sums(db_session, span, by, elements=True)
        out.append(
            (
                span,
                by,
                sums.keys,
                sums.n.tolist(),
                sums.total_sum.tolist(),
                sums.total_sumsq.tolist(),
                sums.total_sumcube.tolist(),
                sums.flagged.tolist(),
                sums.excluded.tolist(),
                sums.element_counts.tolist(),
            )
        )
    waiting = rollups.source(  # flagged since ever: the home page's count
        db_session, dt.date(2000, 1, 1), TODAY, ["unit_id"], ["flagged", "n"]
    )
    out.append(db_session.execute(waiting).all())
    quarter = periods.period_containing(periods.PeriodKind.QUARTER, TODAY)
    for period in (quarter, periods.previous(quarter)):
        indicators = employee_indicators_for(
            db_session, period, {u.id: 76.61 for u in units}
        )
        out.append(
            (
                period.key,
                indicators.employee_ids,
                indicators.unit_ids,
                [repr(i) for i in indicators.indicators],
            )
        )
        for unit in units:
            out.append(report._profile(db_session, unit, period))
            out.append(report._channels(db_session, unit, period))
            out.append(
                [
                    (v.questionnaire_id, v.first_day, v.last_day, v.responses)
                    for v in version_spans(db_session, unit.id, period.start, TODAY)
                ]
            )
            out.append(
                tickets.issuer_signals(
                    db_session, unit.id, period.start, period.end, JAKARTA
                )
            )
            out.append(moderation.flag_summary(db_session, unit, period))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_figures_from_rollups_equal_figures_from_the_responses(db_session, seed):
    counters = random_city(db_session, seed)
    units = list({c.unit_id: c.unit for c in counters}.values())
    from_responses = everything(db_session, units)

    rollups.rebuild(db_session, TODAY)
    db_session.commit()
    from_rollups = everything(db_session, units)

    assert rollups.rolled_through(db_session) == TODAY - dt.timedelta(days=1)
    assert db_session.scalar(select(func.count()).select_from(daily_sums)) > 0
    assert rollups.check(db_session) == []
    assert from_rollups == from_responses


def test_a_rebuild_is_idempotent_and_advance_keeps_only_today_raw(db_session):
    random_city(db_session, 4, n=120)

    rollups.rebuild(db_session, TODAY)
    first = db_session.execute(select(daily_sums).order_by(*daily_sums.c)).all()
    rollups.rebuild(db_session, TODAY)
    again = db_session.execute(select(daily_sums).order_by(*daily_sums.c)).all()
    rollups.rebuild(db_session, TODAY, since=TODAY - dt.timedelta(days=20))
    partly = db_session.execute(select(daily_sums).order_by(*daily_sums.c)).all()
    nothing_new = rollups.advance(db_session, TODAY)
    tomorrow = rollups.advance(db_session, TODAY + dt.timedelta(days=1))

    assert first == again == partly
    assert max(r.local_date for r in first) <= TODAY - dt.timedelta(days=1)
    assert nothing_new is None
    assert tomorrow == TODAY
    assert rollups.check(db_session) == []


def _rolled_response(db_session, counter, status, back=10):
    day = TODAY - dt.timedelta(days=back)
    response = add_at(
        db_session,
        counter,
        dt.datetime.combine(day, dt.time(9), JAKARTA),
        [4] * 9,
        status=status,
        status_reason="banyak respons dari alamat yang sama"
        if status is ResponseStatus.FLAGGED
        else None,
    )
    return response


def test_a_head_s_decision_a_late_answer_and_a_deletion_keep_rollups_exact(
    client, auth, db_session
):
    counter = CounterFactory()
    flagged = _rolled_response(db_session, counter, ResponseStatus.FLAGGED)
    add_at(
        db_session,
        counter,
        dt.datetime.combine(TODAY - dt.timedelta(days=10), dt.time(10), JAKARTA),
        [2] * 9,
    )
    UserFactory(username="kepala", role=Role.HEAD, units=[counter.unit])
    db_session.commit()
    rollups.rebuild(db_session, TODAY)
    db_session.commit()
    span = (TODAY - dt.timedelta(days=10), TODAY - dt.timedelta(days=10))

    def n_and_sum():
        db_session.expire_all()
        sums = group_sums(db_session, span, [GroupBy.UNIT])
        return int(sums.n[0]), int(sums.total_sum[0]), int(sums.flagged[0])

    before = n_and_sum()
    auth.login("kepala")
    page = client.get(f"/units/{counter.unit.code}/flagged")
    decided = client.post(
        f"/units/{counter.unit.code}/flagged/{flagged.id}",
        data={
            "csrf_token": token_in(page),
            "decision": "include",
            "reason": "petugas memastikan warga berbeda",
        },
    )
    included = n_and_sum()
    late = _rolled_response(db_session, counter, ResponseStatus.VALID)
    db_session.commit()
    with_late = n_and_sum()
    db_session.delete(db_session.get(Response, late.id))
    db_session.commit()
    after_delete = n_and_sum()
    _rolled_response(db_session, counter, ResponseStatus.VALID, back=1)  # the last
    db_session.commit()  # rolled day: yesterday

    assert decided.status_code == HTTPStatus.FOUND
    assert before == (1, 18, 1)
    assert included == (2, 18 + 36, 0)
    assert with_late == (3, 18 + 72, 0)
    assert after_delete == included
    assert rollups.check(db_session) == []


def test_the_rollup_commands_rebuild_advance_and_check(runner, db_session):
    random_city(db_session, 5, n=60)

    rebuilt = runner.invoke(args=["rollups", "rebuild"])
    checked = runner.invoke(args=["rollups", "check"])
    advanced = runner.invoke(args=["rollups", "advance"])
    db_session.execute(
        daily_sums.update().where(daily_sums.c.n > 0).values(n=daily_sums.c.n + 1)
    )
    db_session.commit()
    broken = runner.invoke(args=["rollups", "check"])
    since = runner.invoke(
        args=["rollups", "rebuild", "--since", f"{TODAY - dt.timedelta(days=80)}"]
    )
    mended = runner.invoke(args=["rollups", "check"])
    bad = runner.invoke(args=["rollups", "rebuild", "--since", "kemarin"])

    assert rebuilt.exit_code == 0, rebuilt.output
    assert "match" in checked.output
    assert "nothing new" in advanced.output
    assert broken.exit_code == 1
    assert "differs" in broken.output
    assert since.exit_code == 0, since.output
    assert mended.exit_code == 0
    assert bad.exit_code == 2


def test_the_first_answer_of_a_day_rolls_up_the_days_just_ended(client, db_session):
    from survey_service.results import rollups as service
    from tests.support.answers import ANSWERS, fill

    counter = CounterFactory()
    for back in (3, 4):
        _rolled_response(db_session, counter, ResponseStatus.VALID, back=back)
    db_session.commit()
    rollups.rebuild(db_session, TODAY - dt.timedelta(days=3))  # through 4 days ago
    db_session.commit()
    service._advanced_on.clear()

    response, _ = fill(client, f"/s/{counter.public_key}", ANSWERS)

    assert response.status_code == HTTPStatus.FOUND
    assert rollups.rolled_through(db_session) == TODAY - dt.timedelta(days=1)
    assert rollups.check(db_session) == []


def test_a_week_or_month_is_summed_only_once_every_day_of_it_is_rolled(db_session):
    # Fixed dates, whatever day the suite runs: responses up to 1 December 2026.
    random_city(db_session, 6, n=150, until=dt.date(2026, 12, 1))
    # Rolled through Sunday 29 November: its week is whole, November is not.
    rollups.rebuild(db_session, dt.date(2026, 11, 30))
    spans = {
        (r.span, r.local_date)
        for r in db_session.execute(
            select(daily_sums.c.span, daily_sums.c.local_date).where(
                daily_sums.c.span != "day"
            )
        )
    }

    assert ("week", dt.date(2026, 11, 23)) in spans
    assert ("month", dt.date(2026, 10, 1)) in spans
    assert ("month", dt.date(2026, 11, 1)) not in spans
    assert rollups.check(db_session) == []

    rollups.advance(db_session, dt.date(2026, 12, 2))  # through 30 November
    assert rollups.check(db_session) == []
    assert db_session.scalar(
        select(func.count()).where(
            daily_sums.c.span == "month",
            daily_sums.c.local_date == dt.date(2026, 11, 1),
        )
    )


def test_an_answer_stored_just_before_midnight_is_in_the_day_rolled_just_after(
    live_app, live_session, time_machine
):
    """A day is rolled up as soon as it ends. An answer for that day whose
    transaction is still open at midnight holds the rollup state (it was
    written within the margin before midnight), so rolling the day waits for
    it and sums it: on PostgreSQL a shared row lock, on SQLite the write lock."""
    import threading

    from survey_service.core.db import begin_write, get_database

    counter = CounterFactory()
    live_session.commit()
    day = TODAY - dt.timedelta(days=5)
    before_midnight = dt.datetime.combine(day, dt.time(23, 59), JAKARTA)
    sessions = get_database(live_app).sessionmaker
    writer, roller = sessions(), sessions()
    try:
        time_machine.move_to(before_midnight, tick=False)
        begin_write(writer)
        add_at(writer, counter, before_midnight, [4] * 9)
        writer.flush()  # not yet committed when midnight comes
        time_machine.move_to(before_midnight + dt.timedelta(minutes=2), tick=False)

        def roll() -> None:
            begin_write(roller)
            rollups.advance(roller, day + dt.timedelta(days=1))
            roller.commit()

        rolling = threading.Thread(target=roll)
        rolling.start()
        rolling.join(timeout=0.5)
        waited = rolling.is_alive()
        writer.commit()
        rolling.join(timeout=30)
        sums = group_sums(
            live_session, (day, day), [GroupBy.UNIT], unit_ids=[counter.unit_id]
        )

        assert waited
        assert rollups.rolled_through(live_session) == day
        assert list(sums.n) == [1]
        assert rollups.check(live_session) == []
    finally:
        writer.close()
        roller.close()
        live_session.rollback()
        live_session.execute(daily_sums.delete())
        live_session.execute(rollup_state.update().values(rolled_through=None))
        live_session.commit()
