"""Every message has English, and the catalog compiles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_message_has_an_english_translation():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "translations.py")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert (ROOT / "survey_service/translations/en/LC_MESSAGES/messages.mo").exists()
