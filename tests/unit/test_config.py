"""Configuration: safe refusals, and every setting in docs/configuration.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import config
from survey_service import create_app

ROOT = Path(__file__).resolve().parents[2]


def test_production_refuses_to_start_without_a_secret_key():
    with pytest.raises(config.ConfigError, match="SECRET_KEY"):
        create_app(
            {"SURVEY_ENV": "production", "SECRET_KEY": "", "DATABASE_URL": "sqlite://"}
        )


def test_production_refuses_to_start_with_debug_on():
    with pytest.raises(config.ConfigError, match="DEBUG"):
        create_app(
            {
                "SURVEY_ENV": "production",
                "SECRET_KEY": "x" * 40,
                "DEBUG": True,
                "DATABASE_URL": "sqlite://",
            }
        )


def test_production_cookies_are_secure():
    app = create_app(
        {
            "SURVEY_ENV": "production",
            "SECRET_KEY": "x" * 40,
            "DATABASE_URL": "sqlite://",
        }
    )

    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_development_secret_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: tmp_path)
    first = create_app({"SURVEY_ENV": "development", "SECRET_KEY": ""})
    second = create_app({"SURVEY_ENV": "development", "SECRET_KEY": ""})

    assert len(first.config["SECRET_KEY"]) >= 40
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert first.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'survey.sqlite3'}"


def test_unknown_time_zone_is_refused():
    with pytest.raises(config.ConfigError, match="SURVEY_TIMEZONE"):
        create_app(
            {
                "SURVEY_ENV": "testing",
                "SECRET_KEY": "x",
                "SURVEY_TIMEZONE": "Asia/Nowhere",
                "DATABASE_URL": "sqlite://",
            }
        )


def test_environment_variables_are_parsed():
    parsed = config.from_environment(
        {"SURVEY_TICKET_TTL_HOURS": "24", "DEBUG": "0", "UNRELATED": "x"}
    )

    assert parsed == {"SURVEY_TICKET_TTL_HOURS": 24, "DEBUG": False}


def test_a_malformed_number_is_a_clear_error():
    with pytest.raises(config.ConfigError, match="SURVEY_LOGIN_MAX_FAILURES"):
        config.from_environment({"SURVEY_LOGIN_MAX_FAILURES": "five"})


def test_every_setting_is_documented():
    docs = (ROOT / "docs" / "configuration.md").read_text()
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", docs))

    assert set(config.ENV_KEYS) - documented == set()
