"""The public unit page on a phone: light, readable, nothing loaded from elsewhere."""

from __future__ import annotations

from sqlalchemy import select

from survey_service.core import periods
from survey_service.core.clock import now_utc
from survey_service.core.models import User
from survey_service.publishing import service as publications
from tests.factories import CounterFactory, UserFactory
from tests.support.browser import screenshot
from tests.support.review_data import add_at


def test_public_unit_page_on_a_phone(live_app, live_server, live_session, phone):
    counter = CounterFactory(name="Loket Publik")
    today = now_utc().astimezone(live_app.config["TIMEZONE"]).date()
    week = periods.last_complete_week(today)
    import datetime as dt

    for k in range(40):
        when = dt.datetime.combine(
            week.start + dt.timedelta(days=k % 5),
            dt.time(9),
            live_app.config["TIMEZONE"],
        )
        add_at(live_session, counter, when, [3 + k % 2, 3, 2 + k % 3, 4, 3, 3, 4, 3, 3])
    admin = UserFactory(username="admin.pub", role="admin")
    live_session.commit()
    admin = live_session.scalar(select(User).where(User.username == "admin.pub"))
    publications.publish(live_session, counter.unit, week, admin, today)
    requests = []
    page = phone.new_page()
    page.on("request", lambda r: requests.append(r.url))

    response = page.goto(f"{live_server}/hasil/{counter.unit.code}")

    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator(".big").first.is_visible()
    assert all(url.startswith(live_server) for url in requests)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "public-unit-phone")
