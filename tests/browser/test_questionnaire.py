"""A head words the unit's questionnaire in Chromium: edits a draft, sees it as
a phone shows it at 360 px in two languages, publishes; a citizen answers the
new form; a kiosk that kept an answer offline under the old version sends it
after the change, stored under the version it was given."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from survey_service.core.models import Channel, Response, ResponseAnswer, Role
from tests.factories import UserFactory
from tests.support.browser import (
    answer_the_nine,
    answers_on_the_device,
    counter_with_a_service,
    screenshot,
    sign_in,
)

U3 = "Berapa lama sampai KTP-el Anda selesai dicetak?"
OWN_ID = "Dari mana Anda tahu layanan ini?"
OWN_EN = "How did you hear of this service?"


@pytest.fixture
def counter(live_session):
    return counter_with_a_service("Loket KTP")


def test_a_head_words_publishes_and_every_channel_keeps_up(
    live_app, live_server, live_session, browser, counter, cable
):
    relay, base = cable  # the kiosk's network; the others reach the server directly
    UserFactory(username="kepala.kuesioner", role=Role.HEAD, units=[counter.unit])
    live_session.commit()
    code, key, unit_id = counter.unit.code, counter.public_key, counter.unit_id
    live_app.config["SURVEY_KIOSK_INTERVAL_SECONDS"] = 0
    live_app.config["SURVEY_KIOSK_RESET_SECONDS"] = 1
    tablet = browser.new_context(viewport={"width": 800, "height": 1280})
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        # The kiosk keeps one answer offline under the city's version.
        kiosk = tablet.new_page()
        sign_in(kiosk, base, "kepala.kuesioner")
        kiosk.goto(f"{base}/counters/{counter.code}/kiosk")
        kiosk.get_by_role("button", name="Aktifkan mode kiosk di perangkat ini").click()
        kiosk.wait_for_url(f"**/k/{key}?lang=id&teks=biasa")
        kiosk.evaluate("navigator.serviceWorker.ready")
        kiosk.reload()
        relay.unplug()
        tablet.set_offline(True)
        answer_the_nine(kiosk)
        kiosk.get_by_role("button", name="Kirim penilaian").click()
        kiosk.get_by_role("heading", name="Terima kasih!").wait_for()
        kiosk.wait_for_url(f"**/k/{key}?lang=id&teks=biasa")  # from the copy
        expect(kiosk.locator("#kiosk-queue")).to_have_text("1 menunggu dikirim")

        # The head drafts, words U3, adds a question with an English text.
        head = desk.new_page()
        sign_in(head, live_server, "kepala.kuesioner")
        head.goto(f"{live_server}/units/{code}/kuesioner")
        head.get_by_role("button", name="Ubah kuesioner (buat draf)").click()
        head.get_by_label("U3 Pertanyaan · Bahasa Indonesia").fill(U3)
        head.locator("#x1_kind").select_option("single")
        head.get_by_label("Pertanyaan 1 · Bahasa Indonesia").fill(OWN_ID)
        head.get_by_label("Pertanyaan 1 · English").fill(OWN_EN)
        head.get_by_label("Pilihan jawaban 1 · Bahasa Indonesia").fill(
            "Teman\nMedia sosial"
        )
        head.get_by_label("Pilihan jawaban 1 · English").fill("A friend\nSocial media")
        head.get_by_role("button", name="Simpan draf").click()
        expect(head.locator(".flash").first).to_contain_text("Draf disimpan")

        # The previews: a phone's width, each in its language, nothing cut off.
        frames = {
            lang: head.frame_locator(f"iframe[src$='bahasa={lang}']")
            for lang in ("id", "en")
        }
        expect(frames["id"].get_by_text(U3)).to_be_visible()
        expect(frames["id"].get_by_text(OWN_ID)).to_be_visible()
        expect(frames["en"].get_by_text(OWN_EN)).to_be_visible()
        expect(frames["en"].get_by_text(U3)).to_be_visible()  # no English: Indonesian
        for lang in ("id", "en"):
            frame = head.locator(f"iframe[src$='bahasa={lang}']")
            assert frame.bounding_box()["width"] == pytest.approx(360, abs=2)
            inner = frame.element_handle().content_frame()
            assert inner.evaluate(
                "document.documentElement.scrollWidth <= window.innerWidth"
            ), lang
        screenshot(head, "questionnaire-editor")

        head.get_by_role("link", name="Tinjau dan terbitkan").click()
        expect(head.get_by_text("Kata-kata unsur diubah: U3.")).to_be_visible()
        expect(head.get_by_text(f"Pertanyaan baru: {OWN_ID}")).to_be_visible()
        head.get_by_label(
            "Saya sudah melihat pratinjaunya dan memahami perubahan ini"
        ).check()
        head.get_by_role("button", name="Terbitkan sekarang").click()
        expect(head.locator(".flash").first).to_contain_text("Versi 1 terbit")

        # A citizen's phone answers the new form, the unit's question included.
        citizen = phone.new_page()
        citizen.goto(f"{live_server}/s/{key}")
        expect(citizen.get_by_text(U3)).to_be_visible()
        answer_the_nine(citizen)
        citizen.get_by_label("Media sosial").check()
        citizen.get_by_role("button", name="Kirim penilaian").click()
        citizen.get_by_role("heading", name="Terima kasih!").wait_for()

        # The kiosk's cable back: its kept answer goes under the old version.
        relay.plug()
        tablet.set_offline(False)
        expect(kiosk.locator("#kiosk-queue")).to_be_hidden(timeout=20000)
        assert answers_on_the_device(kiosk) == 0
        kiosk.goto(f"{base}/k/{key}?lang=id&teks=biasa")
        expect(kiosk.get_by_text(OWN_ID)).to_be_visible()  # the next contact

        live_session.rollback()
        rows = live_session.scalars(
            select(Response).where(Response.unit_id == unit_id).order_by(Response.id)
        ).all()
        by_channel = {r.channel: r for r in rows}
        assert set(by_channel) == {Channel.KIOSK, Channel.POSTER}
        assert (
            by_channel[Channel.KIOSK].questionnaire_id
            != by_channel[Channel.POSTER].questionnaire_id
        )
        answers = live_session.scalars(select(ResponseAnswer)).all()
        assert [(a.response_id, a.value) for a in answers] == [
            (by_channel[Channel.POSTER].id, 2)
        ]
    finally:
        live_app.config["SURVEY_KIOSK_INTERVAL_SECONDS"] = 20
        live_app.config["SURVEY_KIOSK_RESET_SECONDS"] = 5
        for context in (tablet, desk, phone):
            context.close()
