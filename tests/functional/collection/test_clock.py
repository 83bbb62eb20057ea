"""Sunday night in UTC is Monday morning in the city: the week, the day and the
time slot come from the city's clock. Named regressions: the suite once failed
every Sunday from 17:00 to 24:00 UTC because a test counted weeks from UTC."""

from __future__ import annotations

import datetime as dt
from http import HTTPStatus

from survey_service.core import periods
from tests.support.answers import fill, poster_path, stored, with_service
from tests.support.clock import city_today
from tests.support.review_data import login_head

SUNDAY_NIGHT_UTC = dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)


def test_on_sunday_night_utc_the_dashboard_opens_on_the_week_that_just_ended(
    client, auth, unit_week, time_machine
):
    time_machine.move_to(SUNDAY_NIGHT_UTC, tick=False)
    unit, _ = unit_week
    login_head(auth, unit)

    body = client.get(f"/units/{unit.code}/dashboard").get_data(as_text=True)

    assert city_today() == dt.date(2026, 12, 7)  # Monday 06:30 WIB
    week = periods.last_complete_week(city_today())
    assert week.key == "2026-W49"  # 30 Nov - 6 Dec, not the week before
    assert f"?period={week.key}" in body


def test_on_sunday_night_utc_a_rating_counts_for_monday_in_the_city(
    client, db_session, counter, time_machine
):
    time_machine.move_to(SUNDAY_NIGHT_UTC, tick=False)

    page, _ = fill(client, poster_path(counter), with_service(counter))

    assert page.status_code == HTTPStatus.FOUND
    (response,) = stored(db_session)
    assert response.local_date == dt.date(2026, 12, 7)
    assert response.week_start == dt.date(2026, 12, 7)  # 2026-W50, not W49
    assert response.time_slot == "other"  # 06:30 WIB, before the 08-12 slot
    assert response.received_at == response.submitted_at  # live: as it was given
    assert not response.arrived_late
