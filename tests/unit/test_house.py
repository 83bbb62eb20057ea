"""The house rules that no linter checks by itself (docs/architecture.md)."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "survey_service"
SOURCES = sorted(
    p
    for p in PACKAGE.rglob("*.py")
    if "translations" not in p.relative_to(PACKAGE).parts
)


def is_private(module: Path) -> bool:
    """A domain's views, forms and commands (the domain and the app import them)."""
    stem = module.stem
    return stem in ("views", "forms", "cli") or stem.endswith(("_views", "_forms"))


def dotted(module: Path) -> str:
    return ".".join(module.relative_to(ROOT).with_suffix("").parts)


def test_every_domain_s_views_forms_and_commands_are_protected_by_a_contract():
    contracts = configparser.ConfigParser()
    contracts.read(ROOT / ".importlinter")
    protected = {
        line.strip()
        for name in contracts.sections()
        if contracts[name].get("type") == "protected"
        for line in contracts[name]["protected_modules"].split()
    }
    domain_private = {
        dotted(p)
        for p in SOURCES
        if is_private(p)
        and p.parent != PACKAGE
        and p.parent.name not in ("core", "web")
    }

    assert domain_private - protected == set()


@pytest.mark.parametrize("module", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small(module):
    lines = len(module.read_text().splitlines())
    limit = 300 if module.stem == "views" or module.stem.endswith("_views") else 600

    assert lines <= limit, f"{module.name} has {lines} lines; split it by what it does"


def test_there_is_no_services_package_to_grow_back():
    assert not (PACKAGE / "services").exists()
