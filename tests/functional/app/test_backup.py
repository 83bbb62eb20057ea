"""`flask backup` copies the running SQLite database; the copy restores everything."""

from __future__ import annotations

import sqlite3

import pytest

from tests.support.databases import make_test_app


def test_backup_while_running_restores_every_response(tmp_path):
    source = tmp_path / "live.sqlite3"
    app = make_test_app(f"sqlite:///{source}")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    # A connection that stays open, as a running app server's would.
    live = sqlite3.connect(source)
    live.execute("SELECT count(*) FROM responses").fetchone()

    result = runner.invoke(args=["backup", str(tmp_path / "copy.sqlite3")])

    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    query = "SELECT count(*), sum(total), max(id) FROM responses"
    assert copy.execute(query).fetchone() == live.execute(query).fetchone()
    restored = make_test_app(f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    with restored.test_client() as client:
        assert client.get("/healthz").status_code == 200
    copy.close()
    live.close()


def test_backup_refuses_to_overwrite_and_explains_postgres(tmp_path):
    app = make_test_app(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    runner = app.test_cli_runner()
    (tmp_path / "exists.sqlite3").write_text("x")

    result = runner.invoke(args=["backup", str(tmp_path / "exists.sqlite3")])

    assert result.exit_code == 1
    assert "exists" in result.output
    pg = make_test_app("postgresql+psycopg://nobody@127.0.0.1:1/none")
    refused = pg.test_cli_runner().invoke(args=["backup", str(tmp_path / "b.sql")])
    assert "pg_dump" in refused.output


@pytest.mark.parametrize("command", [["backup", "--help"]])
def test_backup_has_help(tmp_path, command):
    app = make_test_app(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    assert app.test_cli_runner().invoke(args=command).exit_code == 0
