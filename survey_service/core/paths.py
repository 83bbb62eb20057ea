"""Where the app's templates, static files and migrations are: beside the
package in a checkout, inside it in an installed wheel (see setup.py)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def resource(name: str) -> Path:
    """The folder ``name`` (templates, static, migrations) of this installation."""
    installed = PACKAGE / name
    return installed if installed.is_dir() else PACKAGE.parent / name
