"""Reading a PDF's layout back: where each text run sits on its page."""

from __future__ import annotations

import itertools

from reportlab.pdfbase.pdfmetrics import stringWidth


def text_runs(page) -> list[tuple[float, float, float, float, str]]:
    """Every text run of ``page`` as a box (x0, y0, x1, y1) with its text."""
    runs = []

    def visit(text, cm, tm, font, size):
        if not text.strip() or not font:
            return
        name = str(font.get("/BaseFont", "/Helvetica")).lstrip("/")
        scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
        height = size * scale
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        width = stringWidth(text.rstrip(), name, height)
        runs.append((x, y, x + width, y + height * 0.7, text.strip()))

    page.extract_text(visitor_text=visit)
    return runs


def overlapping(runs):
    pairs = []
    for a, b in itertools.combinations(runs, 2):
        if (
            min(a[2], b[2]) - max(a[0], b[0]) > 0.5
            and min(a[3], b[3]) - max(a[1], b[1]) > 0.5
        ):
            pairs.append((a[4][:30], b[4][:30]))
    return pairs


def text_lines(page) -> list[tuple[float, str]]:
    """Every text run of ``page`` as (its baseline's height from the bottom,
    its text), whatever the font (a browser's embedded ones too)."""
    lines = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            lines.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text.strip()))

    page.extract_text(visitor_text=visit)
    return lines


def half_empty_pages(reader, footer: str = "Halaman") -> list[int]:
    """The pages, but the last, whose text ends above the middle of the sheet."""
    found = []
    for number, page in enumerate(reader.pages[:-1], start=1):
        heights = [y for y, text in text_lines(page) if not text.startswith(footer)]
        if not heights or min(heights) > float(page.mediabox.height) / 2:
            found.append(number)
    return found
