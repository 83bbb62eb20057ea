"""The committed catalogs as {Indonesian: translation} tables, for tests that
look for words left untranslated on a page."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

CATALOGS = Path(__file__).resolve().parents[2] / "survey_service" / "translations"


def table(language: str) -> dict[str, str]:
    """msgid -> msgstr of ``language``'s catalog (each plural form on its own)."""
    with (CATALOGS / language / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh)
    out: dict[str, str] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        for msgid, text in zip(ids, strings, strict=False):
            if text:
                out[msgid] = text
    return out


ENGLISH = table("en")
MINANGKABAU = table("min")
