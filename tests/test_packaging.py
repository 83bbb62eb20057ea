"""The wheel carries everything the app needs: installed into a fresh
virtualenv, away from this checkout, it migrates a database and serves pages,
static files and the English catalog."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SERVE = """
import os
from survey_service import create_app
from survey_service.core.migrate import upgrade
url = "sqlite:///" + os.path.abspath("w.sqlite3")
app = create_app({"SURVEY_ENV": "testing", "SECRET_KEY": "x", "DATABASE_URL": url})
import survey_service
assert "site-packages" in survey_service.__file__, survey_service.__file__
upgrade(url)
client = app.test_client()
home, css = client.get("/"), client.get("/static/css/survey.css")
english = client.get("/login?lang=en")
assert home.status_code == 200 and b"Masuk petugas" in home.data, home.status
assert css.status_code == 200
assert b"Username" in english.data
print("served")
"""


def test_the_wheel_installs_and_serves_away_from_the_checkout(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", tmp_path, ROOT],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("survey_service-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # The dependencies come from this interpreter's environment (a plain path
    # line: its .pth files, such as the editable install, are not read).
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps",
         "--target", site, wheel],
        check=True,
        capture_output=True,
    )  # fmt: skip
    work = tmp_path / "elsewhere"
    work.mkdir()
    result = subprocess.run(
        [python, "-c", SERVE], cwd=work, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("served")
