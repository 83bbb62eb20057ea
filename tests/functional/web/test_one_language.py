"""One language at a time: a page in English carries no Indonesian interface
word, a page in Indonesian no English number, and no page shows a period code
or an ISO date where people read (codes stay in links and exports)."""

from __future__ import annotations

import re

import pytest

from tests.support.catalogs import ENGLISH
from tests.support.crawl import ROLES, html_pages
from tests.support.web import visible_text

WORD = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ .'-]{2,11}$")
PERIOD_CODE = re.compile(r"\b\d{4}-(?:W\d{2}|Q[1-4]|S[12])\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# 80.00 as a number; not a time of day as Indonesian writes it (08.00–12.00).
ENGLISH_DECIMAL = re.compile(r"(?<![\d.,–])\d{1,3}\.\d{1,2}(?![\d.,–])")
# Text given in Indonesian on purpose (the sentence pasted into e-Kinerja).
INDONESIAN_ON_PURPOSE = re.compile(
    r'<(?!html)(\w+)[^>]*\blang="id"[^>]*>.*?</\1>', re.S
)


def short_interface_words(data: str) -> set[str]:
    """Indonesian catalog entries of a word or two that are not English too
    (not in any English translation: 'target', 'Status') and not in the
    page's own data (a counter named 'Loket 1')."""
    english = " ".join(ENGLISH.values()).lower()
    return {
        msgid
        for msgid in ENGLISH
        if WORD.match(msgid)
        and not re.search(rf"(?<!\w){re.escape(msgid.lower())}(?!\w)", english)
        and msgid.lower() not in data.lower()
    }


def pages(app, client, world):
    """(endpoint, what a reader sees) of every page, but text Indonesian on
    purpose."""
    for endpoint, body in html_pages(app, client, world):
        yield endpoint, visible_text(INDONESIAN_ON_PURPOSE.sub(" ", body))


@pytest.mark.parametrize("role", ROLES)
def test_an_english_page_has_no_indonesian_interface_word(
    app, client, auth, world, role
):
    if role != "anonymous":
        auth.login(role)
    client.get("/?lang=en")
    words = short_interface_words(world["data_text"])
    found = set()
    for endpoint, text in pages(app, client, world):
        for word in words:
            if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
                found.add((endpoint, word))
    assert sorted(found) == [], "\n".join(f"{e}: {w}" for e, w in sorted(found))


@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_a_period_code_an_iso_date_or_an_english_decimal(
    app, client, auth, world, role
):
    if role != "anonymous":
        auth.login(role)
    found = set()
    for endpoint, text in pages(app, client, world):
        for name, pattern in (
            ("period code", PERIOD_CODE),
            ("ISO date", ISO_DATE),
            ("English decimal", ENGLISH_DECIMAL),
        ):
            for match in pattern.findall(text):
                found.add((endpoint, name, match))
    assert sorted(found) == [], "\n".join(map(str, sorted(found)))


@pytest.mark.parametrize("role", ["head", "admin"])
def test_every_page_title_is_a_short_plain_title(app, client, auth, world, role):
    """A tab's title is words, never a block of markup that leaked into it."""
    auth.login(role)
    wrong = []
    for endpoint, body in html_pages(app, client, world):
        found = re.search(r"<title>(.*?)</title>", body, re.S)
        title = found.group(1) if found else ""
        if not title.strip() or "<" in title or len(title) > 160:
            wrong.append((endpoint, title[:80]))
    assert wrong == []
