"""Printed from Chromium: posters one per page with no blank page, and the
dashboard and the SKM report with no text box over another."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from survey_service.core import periods
from survey_service.core.models import Role
from tests.factories import CounterFactory, UserFactory
from tests.support.browser import (
    ARTIFACTS,
    last_week_of_responses,
    screenshot,
    sign_in,
)
from tests.support.clock import city_today
from tests.support.pdf import half_empty_pages

# Pairs of text line boxes (from different text nodes) that intersect by more
# than a pixel each way, as laid out for print.
OVERLAPS = """() => {
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width > 1 && r.height > 1) boxes.push([r, node]);
    }
  }
  const found = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, p] = boxes[i], [b, q] = boxes[j];
      if (p === q) continue;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1) found.push([p.textContent.trim().slice(0, 30),
                                      q.textContent.trim().slice(0, 30)]);
    }
  }
  return found.slice(0, 10);
}"""


def pdf_pages(page) -> int:
    """Pages of the page printed to A4; a blank page fails (print CSS that
    pushes content onto an empty sheet is exactly what wastes paper)."""
    pages = PdfReader(io.BytesIO(page.pdf(format="A4"))).pages
    blank = [k + 1 for k, p in enumerate(pages) if not p.extract_text().strip()]
    assert blank == [], f"blank printed pages: {blank}"
    return len(pages)


def test_posters_print_one_per_page_and_pages_print_without_overlaps(
    live_server, live_session, browser
):
    counter = CounterFactory(name="Loket 1 Perekaman KTP-el")
    for name in ("Loket 2 Akta dan Kartu Keluarga", "Loket 3 Pengaduan"):
        CounterFactory(unit=counter.unit, name=name)
    UserFactory(username="kepala.cetak", role=Role.HEAD, units=[counter.unit])
    last_week_of_responses(live_session, counter)
    live_session.commit()
    code = counter.unit.code
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        sign_in(page, live_server, "kepala.cetak")
        page.get_by_role("heading", name="Selamat datang, kepala.cetak").wait_for()

        page.goto(f"{live_server}/units/{code}/posters")
        assert pdf_pages(page) == 3

        for path in (f"/units/{code}/dashboard", f"/units/{code}/report"):
            page.goto(f"{live_server}{path}")
            page.emulate_media(media="print")
            screenshot(page, f"print-{path.rsplit('/', 1)[1]}")
            assert page.evaluate(OVERLAPS) == [], path
            printed = pdf_pages(page)
            assert 1 <= printed <= 6, (path, printed)
            page.emulate_media(media="screen")
    finally:
        context.close()


def test_the_overlap_check_sees_text_over_text(browser):
    page = browser.new_page()
    try:
        page.set_content(
            '<p style="position:absolute;top:0">Nilai IKM unit</p>'
            '<p style="position:absolute;top:4px;left:10px">Tindak lanjut</p>'
            '<p style="position:absolute;top:60px">Terpisah</p>'
        )
        found = page.evaluate(OVERLAPS)
    finally:
        page.close()
    assert found == [["Nilai IKM unit", "Tindak lanjut"]]


@pytest.mark.parametrize("kind", ["week", "month", "quarter", "year"])
def test_each_kind_of_report_prints_from_the_browser_as_a_head_signs_it(
    live_server, live_session, browser, kind
):
    """The report page printed from Chromium: no text over text, no page more
    than half empty but the last, Bab V's conclusion and the signature on one
    page."""
    counter = CounterFactory(name=f"Loket cetak {kind}")
    counter.unit.head_name = "Drs. Rina Marlina, M.Si."
    counter.unit.head_nip = "197005152000031002"
    UserFactory(username=f"kepala.{kind}", role=Role.HEAD, units=[counter.unit])
    last_week_of_responses(live_session, counter)
    live_session.commit()
    week = periods.last_complete_week(city_today())
    period = periods.period_containing(kind, week.start)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        sign_in(page, live_server, f"kepala.{kind}")
        page.goto(f"{live_server}/units/{counter.unit.code}/report?period={period.key}")
        page.emulate_media(media="print")
        assert page.evaluate(OVERLAPS) == []
        printed = page.pdf(format="A4")
    finally:
        context.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"report-printed-{kind}.pdf").write_bytes(printed)
    reader = PdfReader(io.BytesIO(printed))
    assert half_empty_pages(reader) == []
    texts = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    [closing] = [t for t in texts if "Bab V. Kesimpulan" in t]
    tail = closing[closing.index("Bab V. Kesimpulan") :]
    assert "Drs. Rina Marlina" in tail
    assert "NIP 197005152000031002" in tail
