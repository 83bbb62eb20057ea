"""The waiting-room screen on a 1080p TV: everything on one screen, no
scrolling, the QR codes readable, axe-clean."""

from __future__ import annotations

import subprocess

import pytest

from survey_service.core.models import DisplayLink, Role
from survey_service.displays import service
from tests.factories import CounterFactory, UserFactory
from tests.support.browser import screenshot, violations


def test_the_screen_fills_a_1080p_tv_without_scrolling(
    live_app, live_server, live_session, browser, zbarimg, tmp_path
):
    counter = CounterFactory(name="Loket 1 Perekaman KTP-el")
    counter.unit.name = "Dinas Kependudukan dan Pencatatan Sipil Kota Sawahlunto"
    keys = {counter.name: counter.public_key}
    for name in ("Loket 2 Akta Kelahiran", "Loket 3 Pengaduan"):
        keys[name] = CounterFactory(unit=counter.unit, name=name).public_key
    head = UserFactory(username="kepala.layar", role=Role.HEAD, units=[counter.unit])
    live_session.flush()
    link = DisplayLink(unit_id=counter.unit_id, name="TV lobi", created_by_id=head.id)
    live_session.add(link)
    live_session.commit()
    key = service.key_for(live_app.config["SECRET_KEY"], link)
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()

    page.goto(f"{live_server}/units/{counter.unit.code}/layar?kunci={key}")

    assert page.evaluate("document.documentElement.scrollHeight") <= 1080
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
    assert page.locator(".qr svg").count() == 3
    heading = page.locator("h1").bounding_box()
    assert heading["height"] >= 45  # about 5 cm letters: legible from 5 m
    assert violations(page) == []
    screenshot(page, "tv-waiting-room")
    shot = page.locator(".qr").first.screenshot()
    caption = page.locator("figcaption").first.inner_text()
    context.close()
    path = tmp_path / "tv-qr.png"
    path.write_bytes(shot)
    decoded = subprocess.run(
        [zbarimg, "--quiet", "--raw", path], capture_output=True, text=True, check=False
    ).stdout.strip()
    assert decoded == f"{live_server}/s/{keys[caption]}"  # the code under its name


@pytest.mark.parametrize("key", ["", "palsu"])
def test_without_its_signed_key_the_screen_shows_nothing(
    live_server, live_session, browser, key
):
    counter = CounterFactory()
    live_session.commit()
    page = browser.new_page()

    response = page.goto(f"{live_server}/units/{counter.unit.code}/layar?kunci={key}")

    assert response.status == 403
    assert counter.unit.name not in page.content()
    page.close()
