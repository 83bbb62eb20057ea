"""Every page a person opens on a 360 px phone fits it: no sideways scrolling
(the front door, the English form, a head's home and dashboard), and the public
results are reached from / without signing in."""

from __future__ import annotations

import datetime as dt

import numpy as np

from survey_service import periods
from survey_service.models import Role
from tests.browser.conftest import screenshot, sign_in
from tests.factories import CounterFactory, EmployeeFactory, UserFactory
from tests.review_data import JAKARTA, add_at

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
# The outermost elements that reach past the right edge, to say what is wide.
WIDE = """() => {
  const past = e => e.getBoundingClientRect().right > window.innerWidth + 0.5;
  return [...document.querySelectorAll('body *')]
    .filter(e => past(e) && !past(e.parentElement))
    .map(e => `${e.tagName}.${e.className}`)
    .slice(0, 8);
}"""


def last_week_of_responses(session, counter) -> None:
    week = periods.last_complete_week(dt.datetime.now(JAKARTA).date())
    staff = [EmployeeFactory(unit=counter.unit) for _ in range(3)]
    rng = np.random.default_rng(7)
    for k in range(45):
        scores = rng.choice([1, 2, 3, 4], size=9, p=[0.05, 0.2, 0.5, 0.25]).tolist()
        when = dt.datetime.combine(
            week.start + dt.timedelta(days=k % 7), dt.time(8 + k % 8), JAKARTA
        )
        add_at(session, counter, when, scores, employee_id=staff[k % 3].id)


def fits(page, name: str) -> None:
    screenshot(page, name)
    too_wide = page.evaluate(OVERFLOW)
    assert too_wide <= 0, f"{name}: {too_wide} px too wide: {page.evaluate(WIDE)}"


def test_pages_fit_a_360_px_phone(live_server, live_session, phone):
    counter = CounterFactory(
        name="Loket Perekaman KTP-el dan Kartu Identitas Anak (lantai dua)"
    )
    counter.unit.name = "Dinas Kependudukan dan Pencatatan Sipil Kota Sawahlunto"
    UserFactory(username="kepala.sempit", role=Role.HEAD, units=[counter.unit])
    last_week_of_responses(live_session, counter)
    live_session.commit()
    page = phone.new_page()

    page.goto(f"{live_server}/")
    fits(page, "phone-front-door")
    page.get_by_role("link", name=counter.unit.name).click()
    page.get_by_role("heading", name=counter.unit.name).wait_for()
    fits(page, "phone-unit-results")

    page.goto(f"{live_server}/s/{counter.public_key}?lang=en")
    fits(page, "phone-form-english")
    for question in page.locator("fieldset.q").all():
        box, legend = question.bounding_box(), question.locator("legend").bounding_box()
        assert legend["x"] + legend["width"] <= box["x"] + box["width"] + 0.5

    sign_in(page, live_server, "kepala.sempit")
    page.get_by_role("heading", name="Selamat datang, kepala.sempit").wait_for()
    fits(page, "phone-head-home")
    page.locator(".unit-summary h3 a").first.click()
    page.get_by_role("heading", name="Unsur pelayanan").wait_for()
    fits(page, "phone-dashboard")
