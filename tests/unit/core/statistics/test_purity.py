"""The statistics package stays free of Flask, SQLAlchemy and I/O."""

from __future__ import annotations

import subprocess
import sys


def test_importing_statistics_loads_neither_flask_nor_sqlalchemy():
    code = (
        "import sys, survey_service.core.statistics\n"
        "bad = [m for m in ('flask', 'sqlalchemy', 'werkzeug', 'psycopg') "
        "if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
