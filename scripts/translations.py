"""Extract the app's messages and write the catalogs from the tables.

Run by `make translations` (and by `make install`): extracts with pybabel,
fills msgstr from survey_service/translations/en.py (English: every message)
and min.py (Minangkabau: what citizens read, and the questionnaire's wording),
writes messages.po and compiles messages.mo for each. Exits 1 listing any
message that has no English, or a Minangkabau entry that is no longer a
message of the app or of the questionnaire.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from survey_service.core.skm import ELEMENTS
from survey_service.translations.en import ENGLISH
from survey_service.translations.min import MINANGKABAU

TRANSLATIONS = ROOT / "survey_service" / "translations"
EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
CATALOG = TRANSLATIONS / "en" / "LC_MESSAGES"
# The questionnaire's Indonesian wording, which a catalog-only language reads
# through its catalog (survey_service/citizen/forms.py).
QUESTIONNAIRE = {
    text
    for element in ELEMENTS
    for text in (element.name_id, element.question_id, *element.labels_id)
}


def extract() -> Path:
    pot = Path(tempfile.mkdtemp()) / "messages.pot"
    subprocess.run(  # noqa: S603 - the project's own pybabel
        [
            str(Path(sys.executable).parent / "pybabel"),
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "N_",
            "--omit-header",
            # Relative source paths: the catalog must read the same on every
            # machine (no /home/… or /work/… in a committed file).
            "--ignore-dirs",
            ".* _* .venv mutants build benchmarks tests",
            "-o",
            str(pot),
            ".",
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return pot


def main() -> int:
    with extract().open("rb") as fh:
        catalog = read_po(fh, locale="en")
    _fix_dates(catalog)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        english = ENGLISH.get(message.id)  # type: ignore[arg-type]
        if english is None:
            missing.append(message.id)
        else:
            message.string = english
    # Labels of the Flask-free statistics package (positions against target)
    # cannot be marked for extraction there; the table lists them all the same.
    for msgid, english in ENGLISH.items():
        if msgid not in catalog:
            catalog.add(msgid, english)
    CATALOG.mkdir(parents=True, exist_ok=True)
    with (CATALOG / "messages.po").open("wb") as fh:
        write_po(fh, catalog, omit_header=True, sort_output=True, width=0)
    with (CATALOG / "messages.mo").open("wb") as fh:
        write_mo(fh, catalog)
    for message_id in missing:
        print(f"no English for: {message_id!r}", file=sys.stderr)
    stale = write_catalog("min", MINANGKABAU, {m.id for m in catalog} | QUESTIONNAIRE)
    for message_id in stale:
        print(f"Minangkabau for what is no message: {message_id!r}", file=sys.stderr)
    return 1 if missing or stale else 0


def _fix_dates(catalog: Catalog) -> None:
    """The compiled header carries the catalog's dates: fixed, so the same
    messages give the same .mo file byte for byte on every run."""
    catalog.creation_date = catalog.revision_date = EPOCH


def write_catalog(
    language: str, table: dict[str, str], known: set[object]
) -> list[str]:
    """translations/LANGUAGE from ``table``; the keys that are not ``known``."""
    catalog = Catalog(locale=None, domain="messages")
    _fix_dates(catalog)
    for msgid, text in table.items():
        if msgid in known:
            catalog.add(msgid, text)
    folder = TRANSLATIONS / language / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "messages.po").open("wb") as fh:
        write_po(fh, catalog, omit_header=True, sort_output=True, width=0)
    with (folder / "messages.mo").open("wb") as fh:
        write_mo(fh, catalog)
    return sorted(k for k in table if k not in known)


if __name__ == "__main__":
    sys.exit(main())
