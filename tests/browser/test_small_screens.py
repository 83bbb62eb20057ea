"""Every page a person opens fits a 360 px phone and a 1280 px desktop: no
sideways scrolling (the front door, the English form, a head's home, actions
and dashboard); the public results are reached from / without signing in; a
head reaches every open alert and follow-up action from the home page in one
click. Screenshots of each land in test-artifacts/."""

from __future__ import annotations

import pytest

from survey_service.core import periods
from survey_service.core.models import Alert, AlertKind, FollowUpAction, Role
from tests.factories import CounterFactory, UserFactory
from tests.support.browser import last_week_of_responses, screenshot, sign_in
from tests.support.clock import city_today

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
# The outermost elements that reach past the right edge, to say what is wide.
WIDE = """() => {
  const past = e => e.getBoundingClientRect().right > window.innerWidth + 0.5;
  return [...document.querySelectorAll('body *')]
    .filter(e => past(e) && !past(e.parentElement))
    .map(e => `${e.tagName}.${e.className}`)
    .slice(0, 8);
}"""


def fits(page, name: str) -> None:
    screenshot(page, name)
    too_wide = page.evaluate(OVERFLOW)
    assert too_wide <= 0, f"{name}: {too_wide} px too wide: {page.evaluate(WIDE)}"


SIZES = [pytest.param((360, 740), id="phone"), pytest.param((1280, 800), id="desktop")]


@pytest.mark.parametrize("size", SIZES)
def test_pages_fit_the_screen_and_every_alert_and_action_is_one_click_away(
    live_server, live_session, browser, size
):
    width, height = size
    counter = CounterFactory(
        name="Loket Perekaman KTP-el dan Kartu Identitas Anak (lantai dua)"
    )
    unit = counter.unit
    unit.name = f"Dinas Kependudukan dan Pencatatan Sipil Kota Sawahlunto {width}"
    head = f"kepala.layar{width}"
    UserFactory(username=head, role=Role.HEAD, units=[unit])
    last_week_of_responses(live_session, counter)
    week = periods.last_complete_week(city_today())
    live_session.flush()
    for elements in ("U3", "U5, U7"):
        live_session.add(
            Alert(
                unit_id=unit.id,
                kind=AlertKind.LOW_SCORE,
                message=f"Nilai 1 pada {elements} di {counter.name}",
                params={"elements": elements, "counter": counter.name},
            )
        )
    for action in ("Menambah petugas pada jam sibuk", "Menata ulang ruang tunggu"):
        live_session.add(
            FollowUpAction(
                unit_id=unit.id,
                period_start=week.start,
                period_end=week.end,
                action=action,
                owner="Kepala Seksi Pelayanan",
            )
        )
    live_session.commit()
    size_name = "phone" if width < 800 else "desktop"
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="id-ID"
    )
    page = context.new_page()

    page.goto(f"{live_server}/")
    fits(page, f"{size_name}-front-door")
    page.get_by_role("link", name=unit.name).click()
    page.get_by_role("heading", name=unit.name).wait_for()
    fits(page, f"{size_name}-unit-results")

    for text in ("biasa", "besar"):  # the question inside its card, any size
        page.goto(f"{live_server}/s/{counter.public_key}?lang=en&teks={text}")
        fits(page, f"{size_name}-form-english-{text}")
        for question in page.locator("fieldset.q").all():
            box = question.bounding_box()
            legend = question.locator("legend").bounding_box()
            assert legend["x"] + legend["width"] <= box["x"] + box["width"] + 0.5
            assert legend["y"] >= box["y"] + 1, "the question straddles its card"

    sign_in(page, live_server, head)
    page.get_by_role("heading", name=f"Selamat datang, {head}").wait_for()
    fits(page, f"{size_name}-head-home")
    summary = page.locator(".unit-summary").filter(has_text=unit.name)
    summary.get_by_role("link", name="2 peringatan terbuka").click()
    alerts = page.locator("table.worklist tbody tr").filter(has_text=counter.name)
    alerts.first.wait_for()
    assert alerts.count() == 2
    assert alerts.first.is_visible()
    fits(page, f"{size_name}-alert-worklist")
    said = " ".join(alerts.all_inner_texts())
    assert "Nilai 1 pada U3 di" in said
    assert "Nilai 1 pada U5, U7 di" in said
    page.go_back()
    home = page.url
    summary.get_by_role("link", name="2 tindak lanjut belum selesai").click()
    page.get_by_text("Menambah petugas pada jam sibuk").wait_for()
    assert page.get_by_text("Menata ulang ruang tunggu").count() == 1
    fits(page, f"{size_name}-actions")
    page.goto(home)
    page.locator(".unit-summary h3 a").filter(has_text=unit.name).click()
    page.get_by_role("heading", name="Unsur pelayanan").wait_for()
    fits(page, f"{size_name}-dashboard")
    context.close()
