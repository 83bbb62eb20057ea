"""Answers anyone can give: a face beside every answer, "Dengarkan" where the
browser has an Indonesian voice (and no button where it has none), and a
larger-text switch that the phone remembers."""

from __future__ import annotations

from tests.factories import CounterFactory, ServiceTypeFactory
from tests.support.browser import screenshot

# A browser with one Indonesian voice whose speech is recorded, not played.
INDONESIAN_VOICE = """
(() => {
  const voice = {lang: "id-ID", name: "Bahasa Indonesia", default: true};
  window.__spoken = [];
  speechSynthesis.getVoices = () => [voice];
  speechSynthesis.speak = (u) => window.__spoken.push(u.text);
  speechSynthesis.cancel = () => {};
})();
"""
NO_VOICE = "speechSynthesis.getVoices = () => [];"


def _open_form(live_server, live_session, phone, voices: str | None = None):
    """A counter's poster form opened on a fresh phone page whose browser has
    the ``voices`` given (a script run before the page); (counter, page)."""
    counter = CounterFactory(name="Loket Akta")
    ServiceTypeFactory(unit=counter.unit, code="AKTA", name="Akta kelahiran")
    live_session.commit()
    page = phone.new_page()
    if voices is not None:
        page.add_init_script(voices)
    page.goto(f"{live_server}/s/{counter.public_key}")
    return counter, page


def test_faces_beside_every_answer_and_dengarkan_reads_a_question(
    live_server, live_session, phone
):
    _, page = _open_form(live_server, live_session, phone, INDONESIAN_VOICE)

    assert page.locator("label.o svg.face use").count() == 36
    assert page.locator("symbol[id^=face-]").count() == 4
    first = page.locator("fieldset.q").first
    first.get_by_role("button", name="Dengarkan").click()
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 1
    assert "Persyaratan" in spoken[0]
    assert "1. Tidak sesuai" in spoken[0]
    assert "4. Sangat sesuai" in spoken[0]
    assert page.get_by_role("button", name="Dengarkan").count() == 9
    screenshot(page, "phone-form-faces")


def test_without_an_indonesian_voice_there_is_no_listen_button(
    live_server, live_session, phone
):
    _, page = _open_form(live_server, live_session, phone, NO_VOICE)
    page.locator("fieldset.q").first.wait_for()

    assert page.get_by_role("button", name="Dengarkan").count() == 0


def test_larger_text_is_one_tap_and_is_remembered(live_server, live_session, phone):
    counter, page = _open_form(live_server, live_session, phone)
    normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")

    page.get_by_role("link", name="Huruf besar").click()
    page.goto(f"{live_server}/s/{counter.public_key}")  # a later visit
    larger = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    too_wide = page.evaluate("document.documentElement.scrollWidth - innerWidth")

    assert larger >= normal * 1.2
    assert too_wide <= 0
    assert page.get_by_role("link", name="Huruf biasa").count() == 1
    screenshot(page, "phone-form-larger-text")


def test_a_citizen_answers_in_minangkabau_on_a_phone(live_server, live_session, phone):
    """From the Indonesian form, one tap to Baso Minang: the questions, the
    answers with their faces, "Danga" with the Indonesian voice (the nearest
    there is), and the thank-you page, all at 360 px with no sideways scroll."""
    _, page = _open_form(live_server, live_session, phone, INDONESIAN_VOICE)

    page.get_by_role("link", name="Baso Minang").click()
    page.get_by_role("button", name="Kirim panilaian").wait_for()

    assert page.locator("html").get_attribute("lang") == "min"
    first = page.locator("fieldset.q").first
    assert "Baa pandapek Sanak tantang" in first.inner_text()
    assert page.locator("label.o svg.face use").count() == 36
    first.get_by_role("button", name="Danga").click()
    assert "4. Sangaik sasuai" in page.evaluate("window.__spoken")[0]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "phone-form-minangkabau")
    page.locator("select[name=service_type]").select_option(index=1)
    for element in range(1, 10):
        page.locator(f"#u{element}-2").check()
    page.get_by_role("button", name="Kirim panilaian").click()

    page.get_by_role("heading", name="Tarimo kasih!").wait_for()
    assert "alah kami tarimo" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
