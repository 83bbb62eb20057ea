"""The message catalogs: extract, update, compile (Babel's standard flow).

The .po files in survey_service/translations/<language>/LC_MESSAGES/ are the
source that translators edit, in Poedit or Weblate (docs/languages.md). This
script does what `pybabel extract`, `pybabel update` and `pybabel compile` do,
through Babel's own functions, with two things the pybabel command cannot do
here: a catalog for Minangkabau ("min"), a language Babel has no locale data
for, and fixed header dates, so an unchanged catalog compiles to the same .mo
byte for byte and `make` leaves the tree clean.

    python scripts/translations.py           extract, update every catalog, compile
                                             (make translations)
    python scripts/translations.py compile   compile only (make install)
    python scripts/translations.py check     exit 1, naming them, if the code has
                                             messages a catalog lacks (writes nothing)
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

TRANSLATIONS = ROOT / "survey_service" / "translations"
LANGUAGES = ("en", "min")
EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
SKM_SOURCE = ("survey_service/core/skm.py", 0)
# The questionnaire's Indonesian wording is data (core/skm.py ELEMENTS), not a
# marked message; a language without its own wording there (Minangkabau) reads
# it through its catalog, so the template carries it too.
QUESTIONNAIRE = sorted(
    {
        text
        for element in ELEMENTS
        for text in (element.name_id, element.question_id, *element.labels_id)
    }
)


def catalog_path(language: str, suffix: str = "po") -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / f"messages.{suffix}"


def extract() -> Catalog:
    """Every message of the code and templates, as a template catalog."""
    with tempfile.TemporaryDirectory() as folder:
        pot = Path(folder) / "messages.pot"
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
                # Relative source paths: the catalog must read the same on every
                # machine (no /home/… or /work/… in a committed file).
                "--ignore-dirs",
                ".* _* .venv mutants build benchmarks tests",
                "--project",
                "Survei Kepuasan",
                "-o",
                str(pot),
                ".",
            ],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        with pot.open("rb") as fh:
            template = read_po(fh)
    for text in QUESTIONNAIRE:
        if text not in template:
            template.add(text, locations=[SKM_SOURCE])
    template.creation_date = EPOCH
    return template


def read(language: str) -> Catalog:
    path = catalog_path(language)
    if not path.exists():
        return Catalog(locale=language if language != "min" else None)
    with path.open("rb") as fh:
        return read_po(fh, locale=language if language != "min" else None)


def write(language: str, catalog: Catalog) -> None:
    catalog.creation_date = EPOCH
    catalog.revision_date = EPOCH
    catalog.fuzzy = False
    catalog.project = "Survei Kepuasan"
    catalog.version = "1"
    catalog.msgid_bugs_address = ""
    catalog.copyright_holder = "Pemerintah Kota Sawahlunto"
    if language == "min":
        catalog.locale = "min"  # no locale data: the identifier alone
    path = catalog_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=0, sort_output=True, ignore_obsolete=True)


def compile_all() -> None:
    """Each .po to its .mo; fuzzy entries are left out, as gettext would."""
    for language in LANGUAGES:
        catalog = read(language)
        catalog.creation_date = catalog.revision_date = EPOCH
        with catalog_path(language, "mo").open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)


def update_all(template: Catalog) -> None:
    """Each catalog brought up to the template: new messages added (a close
    match suggested as fuzzy), removed ones dropped, translations kept."""
    for language in LANGUAGES:
        catalog = read(language)
        catalog.update(template)
        write(language, catalog)


def missing(template: Catalog) -> dict[str, list[str]]:
    """Per language, the template's messages its catalog does not have."""
    ids = [m.id for m in template if m.id]
    out = {}
    for language in LANGUAGES:
        catalog = read(language)
        out[language] = [str(i) for i in ids if i not in catalog]
    return out


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "all"
    if command == "compile":
        compile_all()
        return 0
    template = extract()
    if command == "check":
        problems = missing(template)
        for language, ids in problems.items():
            for message_id in ids:
                print(
                    f"{language}: not in the catalog: {message_id!r}", file=sys.stderr
                )
        if any(problems.values()):
            print("run `make translations`, then translate", file=sys.stderr)
            return 1
        return 0
    update_all(template)
    compile_all()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
