"""Extract the app's messages and write the English catalog from the table.

Run by `make translations` (and by `make install`): extracts with pybabel,
fills msgstr from survey_service/translations/en.py, writes messages.po and
compiles messages.mo. Exits 1 listing any message that has no English.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from survey_service.translations.en import ENGLISH

CATALOG = ROOT / "survey_service" / "translations" / "en" / "LC_MESSAGES"


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
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
