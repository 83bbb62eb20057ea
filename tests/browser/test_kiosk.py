"""A kiosk tablet in Chromium: no staff pages, a fresh form for every citizen."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from survey_service.core.clock import now_utc
from survey_service.core.models import Channel, Response, Role
from tests.factories import UserFactory
from tests.support.browser import (
    answer_the_nine as answer,
)
from tests.support.browser import (
    answers_on_the_device,
    counter_with_a_service,
    screenshot,
    sign_in,
)


@pytest.fixture
def counter(live_session):
    return counter_with_a_service("Loket Kiosk")


def make_kiosk(tablet, base: str, head: str, counter):
    """``head`` signs in on the tablet and makes it the counter's kiosk."""
    page = tablet.new_page()
    sign_in(page, base, head)
    page.goto(f"{base}/counters/{counter.code}/kiosk")
    page.get_by_role("button", name="Aktifkan mode kiosk di perangkat ini").click()
    return page


def test_a_kiosk_tablet_is_a_kiosk_only(
    live_app, live_server, live_session, browser, counter
):
    UserFactory(username="kepala.kiosk", role=Role.HEAD, units=[counter.unit])
    live_session.commit()
    live_app.config["SURVEY_KIOSK_IDLE_SECONDS"] = 2
    live_app.config["SURVEY_KIOSK_INTERVAL_SECONDS"] = 0
    tablet = browser.new_context(viewport={"width": 800, "height": 1280})
    try:
        page = make_kiosk(tablet, live_server, "kepala.kiosk", counter)
        page.wait_for_url(f"**/k/{counter.public_key}?lang=id&teks=biasa")

        for path in ("/me", f"/counters/{counter.code}/tickets"):
            page.goto(f"{live_server}{path}")
            assert "/login" in page.url, path
        page.goto(f"{live_server}/")  # the public front door, nobody's session
        assert page.get_by_role("link", name="Masuk petugas").count() == 1
        assert page.get_by_role("button", name="Keluar").count() == 0

        # A citizen in English, then the next one starts in Indonesian.
        page.goto(f"{live_server}/k/{counter.public_key}?lang=en")
        assert page.locator("html").get_attribute("lang") == "en"
        answer(page)
        page.get_by_role("button", name="Send rating").click()
        page.wait_for_url(
            f"**/k/{counter.public_key}?lang=id&teks=biasa", timeout=15000
        )
        assert page.locator("html").get_attribute("lang") == "id"
        answer(page)
        page.get_by_role("button", name="Kirim penilaian").click()
        page.get_by_role("heading", name="Terima kasih!").wait_for()
        assert page.get_by_role("link", name="Lihat hasil survei unit ini").count() == 0

        # A citizen who walks away: the form starts afresh by itself.
        page.wait_for_url(
            f"**/k/{counter.public_key}?lang=id&teks=biasa", timeout=15000
        )
        page.locator("#u1-0").check()
        page.wait_for_timeout(3500)
        assert not page.locator("#u1-0").is_checked()
    finally:
        live_app.config["SURVEY_KIOSK_IDLE_SECONDS"] = 15
        live_app.config["SURVEY_KIOSK_INTERVAL_SECONDS"] = 20
        tablet.close()


def test_a_kiosk_without_network_keeps_three_citizens_answers_and_sends_each_once(
    live_app, live_session, browser, counter, cable
):
    relay, base = cable
    UserFactory(username="kepala.luring", role=Role.HEAD, units=[counter.unit])
    live_session.commit()
    live_app.config["SURVEY_KIOSK_RESET_SECONDS"] = 1
    # Three citizens in a few seconds: no interval, or the queue (which keeps
    # the kiosk interval as a live kiosk does) would count only the first.
    live_app.config["SURVEY_KIOSK_INTERVAL_SECONDS"] = 0
    counter_id = counter.id
    tablet = browser.new_context(viewport={"width": 800, "height": 1280})
    fresh_form = f"**/k/{counter.public_key}?lang=id&teks=biasa"
    try:
        page = make_kiosk(tablet, base, "kepala.luring", counter)
        page.wait_for_url(f"**/k/{counter.public_key}?lang=id")
        page.evaluate("navigator.serviceWorker.ready")
        page.reload()  # the worker now keeps the form as it loads
        assert page.evaluate("navigator.serviceWorker.controller !== null")
        # Installable: Chromium's own check finds nothing against the app but
        # that a test browser is a private window.
        devtools = tablet.new_cdp_session(page)
        errors = devtools.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert [e["errorId"] for e in errors] in ([], ["in-incognito"])
        given_from = now_utc()

        relay.unplug()
        tablet.set_offline(True)
        for citizen in (1, 2, 3):
            answer(page)
            page.get_by_role("button", name="Kirim penilaian").click()
            page.get_by_role("heading", name="Terima kasih!").wait_for()
            assert f"{citizen} menunggu" in page.locator(".queue").inner_text()
            page.wait_for_url(fresh_form)  # the next citizen's form, from the copy
            page.locator("#u1-0").wait_for()
        waiting = page.locator("#kiosk-queue")
        expect(waiting).to_have_text("3 menunggu dikirim")
        screenshot(page, "kiosk-offline-3-waiting")
        assert stored_kiosk_answers(live_session, counter_id) == []

        relay.plug()
        tablet.set_offline(False)
        expect(waiting).to_be_hidden(timeout=20000)
        assert answers_on_the_device(page) == 0
        given_until = now_utc()
        rows = stored_kiosk_answers(live_session, counter_id)
        assert len(rows) == 3
        assert len({r.submission_key for r in rows}) == 3
        for row in rows:  # each at the time it was given on the tablet
            assert given_from <= as_utc(row.submitted_at) <= given_until
    finally:
        live_app.config["SURVEY_KIOSK_RESET_SECONDS"] = 5
        live_app.config["SURVEY_KIOSK_INTERVAL_SECONDS"] = 20
        tablet.close()


def stored_kiosk_answers(live_session, counter_id: int) -> list[Response]:
    live_session.rollback()  # a new snapshot: what the server has committed
    query = select(Response).where(
        Response.counter_id == counter_id, Response.channel == Channel.KIOSK
    )
    return list(live_session.scalars(query))


def as_utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
