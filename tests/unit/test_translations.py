"""The catalogs are the source translators edit: complete where they must be,
in step with the code, compiled as committed. Nothing here writes a file."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "survey_service" / "translations"
sys.path.insert(0, str(ROOT / "scripts"))
from translations import EPOCH  # noqa: E402 - the scripts folder, put on the path

# What a citizen reads: the form, its pages, the kiosk, and the questionnaire.
CITIZEN_SOURCES = (
    "templates/citizen/",
    "static/",
    "survey_service/collection/forms.py",
    "survey_service/collection/pages.py",
    "survey_service/collection/views.py",
    "survey_service/collection/offline.py",
    "survey_service/collection/submissions.py",
)
QUESTIONNAIRE = ("survey_service/core/skm.py", 0)  # see scripts/translations.py


def catalog(language: str):
    with (CATALOGS / language / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh)


def translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def test_the_catalogs_hold_every_message_of_the_code():
    result = subprocess.run(  # extracts to a temporary file; writes nothing here
        [sys.executable, str(ROOT / "scripts" / "translations.py"), "check"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr


def test_every_english_entry_is_translated_and_reviewed():
    messages = [m for m in catalog("en") if m.id]

    assert [m.id for m in messages if not translated(m)] == []
    assert [m.id for m in messages if m.fuzzy] == []


def test_every_message_a_citizen_reads_has_minangkabau():
    def for_citizens(message) -> bool:
        return any(
            place == QUESTIONNAIRE or place[0].startswith(CITIZEN_SOURCES)
            for place in message.locations
        )

    missing = [
        m.id
        for m in catalog("min")
        if m.id and for_citizens(m) and (m.fuzzy or not translated(m))
    ]

    assert missing == []


@pytest.mark.parametrize("language", ["en", "min"])
def test_each_compiled_catalog_is_its_po_file_compiled(language):
    source = catalog(language)
    source.creation_date = source.revision_date = EPOCH
    compiled = io.BytesIO()
    write_mo(compiled, source, use_fuzzy=False)

    committed = CATALOGS / language / "LC_MESSAGES" / "messages.mo"
    assert committed.read_bytes() == compiled.getvalue(), "run `make translations`"


@pytest.mark.parametrize(
    ("count", "english"), [(1, "1 row imported."), (2, "2 rows imported.")]
)
def test_english_counts_rows_in_the_singular_and_the_plural(count, english):
    english_catalog = Translations.load(str(CATALOGS), ["en"])
    message = english_catalog.ngettext(
        "%(num)d baris diimpor.", "%(num)d baris diimpor.", count
    )

    assert message % {"num": count} == english


def test_one_indonesian_word_can_be_two_english_ones():
    english_catalog = Translations.load(str(CATALOGS), ["en"])

    assert english_catalog.pgettext("shift", "Selesai") == "Ends"
    assert english_catalog.gettext("Selesai") == "Done"
