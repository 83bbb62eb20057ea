"""The part of `make fault-test` that runs with the suite: real gunicorn servers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def run(scenarios: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "fault_test.py"),
            "--scenarios",
            scenarios,
            "--seconds",
            "4",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=240,
    )


def test_sqlite_with_several_workers_never_says_database_is_locked():
    result = run("sqlite-workers")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "| sqlite-workers" in result.stdout


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"),
    reason="needs TEST_DATABASE_URL (PostgreSQL)",
)
def test_one_ticket_through_two_servers_stores_exactly_one():
    result = run("double-ticket")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "exactly one stored: True" in result.stdout
