"""The command line, as an administrator uses it."""

from __future__ import annotations

import datetime as dt
import re
from http import HTTPStatus

import pytest
from sqlalchemy import func, select

from survey_service.accounts import service as accounts
from survey_service.core.db import Base
from survey_service.core.models import ApiToken, Role, User
from tests.factories import EmployeeFactory, UnitFactory, UserFactory


def test_users_create_reads_the_password_from_stdin(runner, db_session, auth):
    UnitFactory(code="DKP")

    result = runner.invoke(
        args=[
            "users",
            "create",
            "kepala",
            "--role",
            "head",
            "--unit",
            "DKP",
            "--password-stdin",
        ],
        input="a-long-password-1\n",
    )

    assert result.exit_code == 0, result.output
    user = db_session.scalar(select(User).where(User.username == "kepala"))
    assert user.role is Role.HEAD
    assert [u.code for u in user.units] == ["DKP"]
    assert "a-long-password-1" not in user.password_hash
    assert auth.login("kepala", "a-long-password-1").status_code == HTTPStatus.FOUND


def test_users_create_links_a_staff_account_to_its_employee(runner, db_session):
    employee = EmployeeFactory(nip="198503122010011001")

    result = runner.invoke(
        args=[
            "users",
            "create",
            "petugas",
            "--role",
            "staff",
            "--employee",
            "198503122010011001",
            "--password-stdin",
        ],
        input="a-long-password-1\n",
    )

    assert result.exit_code == 0, result.output
    user = db_session.scalar(select(User).where(User.username == "petugas"))
    assert user.employee_id == employee.id
    assert [u.id for u in user.units] == [employee.unit_id]


def test_users_create_with_unknown_unit_says_so_without_a_traceback(runner, db_session):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "kepala",
            "--role",
            "head",
            "--unit",
            "NOPE",
            "--password-stdin",
        ],
        input="a-long-password-1\n",
    )

    assert result.exit_code == 1
    assert "Unit NOPE tidak ditemukan" in result.output
    assert "Traceback" not in result.output
    assert db_session.scalar(select(func.count()).select_from(User)) == 0


def test_users_create_refuses_a_short_password(runner, db_session):
    result = runner.invoke(
        args=["users", "create", "admin2", "--role", "admin", "--password-stdin"],
        input="short\n",
    )

    assert result.exit_code == 1
    assert "Kata sandi minimal" in result.output


def test_users_create_refuses_an_unknown_role(runner):
    result = runner.invoke(
        args=["users", "create", "x-user", "--role", "boss", "--password-stdin"],
        input="a-long-password-1\n",
    )

    assert result.exit_code == 2
    assert "boss" in result.output


def test_users_create_refuses_a_duplicate_username(runner, db_session):
    UserFactory(username="admin", role=Role.ADMIN)

    result = runner.invoke(
        args=["users", "create", "Admin", "--role", "admin", "--password-stdin"],
        input="a-long-password-1\n",
    )

    assert result.exit_code == 1
    assert "sudah dipakai" in result.output


def test_tokens_create_prints_a_token_that_is_stored_hashed(runner, db_session):
    user = UserFactory(username="penilai", role=Role.EVALUATOR)

    result = runner.invoke(args=["tokens", "create", "--user", "penilai"])

    assert result.exit_code == 0, result.output
    plain = result.stdout.strip().splitlines()[-1]
    assert plain.startswith(accounts.TOKEN_PREFIX)
    stored = db_session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert stored.token_hash != plain
    assert plain not in stored.token_hash
    assert accounts.user_for_token(db_session, plain).id == user.id


def test_tokens_revoke_makes_the_token_useless(runner, db_session):
    user = UserFactory(username="penilai", role=Role.EVALUATOR)
    token, plain = accounts.create_api_token(db_session, user)
    db_session.commit()

    result = runner.invoke(args=["tokens", "revoke", str(token.id)])

    assert result.exit_code == 0, result.output
    db_session.expire_all()
    assert accounts.user_for_token(db_session, plain) is None


def test_tokens_revoke_unknown_id_is_a_clear_error(runner):
    result = runner.invoke(args=["tokens", "revoke", "424242"])

    assert result.exit_code == 1
    assert "Token 424242 tidak ditemukan" in result.output


def test_every_command_has_help(runner):
    for args in (
        ["db", "upgrade"],
        ["db", "downgrade"],
        ["db", "current"],
        ["users", "create"],
        ["users", "list"],
        ["tokens", "create"],
        ["tokens", "revoke"],
        ["tokens", "list"],
        ["seed-demo"],
    ):
        result = runner.invoke(args=[*args, "--help"])
        assert result.exit_code == 0, args
        assert "Usage:" in result.output


def _row_counts(session):
    return {
        name: session.scalar(select(func.count()).select_from(table))
        for name, table in Base.metadata.tables.items()
        if name != "audit_log"
    }


def test_seed_demo_builds_the_city_and_a_second_run_changes_nothing(runner, db_session):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    counts = _row_counts(db_session)
    assert counts["units"] >= 5
    assert counts["employees"] >= 40
    assert counts["responses"] > 5000
    assert {"admin", "kepala.dukcapil", "penilai", "petugas"} <= {
        line.split()[0] for line in first.output.splitlines()[2:]
    }

    second = runner.invoke(args=["seed-demo"])

    assert second.exit_code == 0, second.output
    assert _row_counts(db_session) == counts


def test_every_nip_the_readme_names_exists_in_the_demo_city(runner, db_session):
    from pathlib import Path

    from survey_service.core.models import Employee

    root = Path(__file__).parents[3]
    readme = "".join(
        p.read_text(encoding="utf-8")
        for p in (root / "README.md", *root.glob("docs/*.md"))
    )
    named = set(re.findall(r"\b\d{18}\b", readme))
    runner.invoke(args=["seed-demo"])

    demo = set(db_session.scalars(select(Employee.nip).where(Employee.nip.in_(named))))
    assert named
    assert named == demo


def test_seed_demo_logins_work_with_their_roles(runner, auth, client):
    runner.invoke(args=["seed-demo"])

    assert auth.login("kepala.dukcapil", "sawahlunto-2026").status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Kepala Unit" in page
    assert "Dinas Kependudukan dan Pencatatan Sipil" in page
    assert "RSUD Sawahlunto" not in page


def test_seed_demo_if_empty_leaves_a_real_database_alone(runner, db_session):
    UnitFactory(code="REAL")

    result = runner.invoke(args=["seed-demo", "--if-empty"])

    assert result.exit_code == 0
    assert _row_counts(db_session)["units"] == 1


def test_qr_poster_writes_svg_and_png_of_the_counter_url(runner, tmp_path):
    from tests.factories import CounterFactory

    counter = CounterFactory(code="DKP-L1")

    for name in ("poster.svg", "poster.png"):
        result = runner.invoke(
            args=["qr", "poster", "DKP-L1", "-o", str(tmp_path / name)]
        )
        assert result.exit_code == 0, result.output
        assert f"/s/{counter.public_key}" in result.output
    assert (tmp_path / "poster.svg").read_text().startswith("<svg")
    assert (tmp_path / "poster.png").read_bytes()[:4] == b"\x89PNG"


def test_qr_poster_refuses_an_unknown_format_or_counter(runner, tmp_path, db_session):
    from tests.factories import CounterFactory

    CounterFactory(code="DKP-L1")

    bad_format = runner.invoke(
        args=["qr", "poster", "DKP-L1", "-o", str(tmp_path / "p.gif")]
    )
    unknown = runner.invoke(
        args=["qr", "poster", "NOPE", "-o", str(tmp_path / "p.png")]
    )

    assert bad_format.exit_code == 1
    assert ".gif" in bad_format.output
    assert unknown.exit_code == 1
    assert "tidak ditemukan" in unknown.output


def test_tickets_issue_prints_a_working_one_time_url(runner, client, db_session):
    from tests.factories import CounterFactory, EmployeeFactory

    counter = CounterFactory(code="DKP-L1")
    employee = EmployeeFactory(unit=counter.unit, nip="198503122010011001")

    result = runner.invoke(
        args=["tickets", "issue", "--counter", "DKP-L1", "--employee", employee.nip]
    )

    assert result.exit_code == 0, result.output
    url = result.stdout.strip()
    assert "/t/" in url
    assert client.get(url.split("5000", 1)[1]).status_code == HTTPStatus.OK


def test_printed_codes_carry_the_public_url_or_the_local_port_in_use(
    app, runner, tmp_path, db_session, monkeypatch
):
    from tests.factories import CounterFactory

    counter = CounterFactory(code="DKP-L1")
    poster = ["qr", "poster", "DKP-L1", "-o", str(tmp_path / "p.png")]

    monkeypatch.setenv("PORT", "8123")
    local = runner.invoke(args=poster)
    monkeypatch.setitem(app.config, "SURVEY_PUBLIC_URL", "https://skm.example.go.id/")
    public = runner.invoke(args=poster)

    assert local.stdout.endswith(f": http://127.0.0.1:8123/s/{counter.public_key}\n")
    assert "SURVEY_PUBLIC_URL is not set" in local.stderr
    assert public.stdout.endswith(
        f": https://skm.example.go.id/s/{counter.public_key}\n"
    )
    assert public.stderr == ""


def test_production_refuses_to_print_codes_without_a_public_url(
    app, runner, tmp_path, db_session, monkeypatch
):
    from tests.factories import CounterFactory

    CounterFactory(code="DKP-L1")
    monkeypatch.setitem(app.config, "SURVEY_ENV", "production")
    monkeypatch.setitem(app.config, "SURVEY_PUBLIC_URL", "")

    result = runner.invoke(
        args=["qr", "poster", "DKP-L1", "-o", str(tmp_path / "p.png")]
    )

    assert result.exit_code == 1
    assert "SURVEY_PUBLIC_URL is not set" in result.output
    assert not (tmp_path / "p.png").exists()


@pytest.mark.parametrize(
    "command", [["digest", "send", "--dry-run"], ["outbox", "drain"]]
)
def test_production_refuses_to_send_links_without_a_public_url(
    app, runner, db_session, monkeypatch, command
):
    from survey_service.core.models import OutboxMessage

    monkeypatch.setitem(app.config, "SURVEY_ENV", "production")
    monkeypatch.setitem(app.config, "SURVEY_PUBLIC_URL", "")

    result = runner.invoke(args=command)

    assert result.exit_code == 1
    assert "SURVEY_PUBLIC_URL is not set" in result.output
    assert db_session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_every_demo_response_has_its_time_slot_as_a_live_one_would(runner, db_session):
    from survey_service.core import periods
    from survey_service.core.models import Response, Unit
    from survey_service.reporting.service import build_report
    from tests.support.clock import city_now, city_today

    runner.invoke(args=["seed-demo"])

    assert (
        db_session.scalar(
            select(func.count())
            .select_from(Response)
            .where(Response.time_slot.is_(None))
        )
        == 0
    )
    unit = db_session.scalars(select(Unit).where(Unit.code == "DUKCAPIL")).one()
    week = periods.last_complete_week(city_today())
    report = build_report(db_session, unit, week, city_now())
    (slots,) = [t for t in report.profile if t.title == "Waktu survei"]
    counted = dict(slots.rows)
    assert counted["Tidak diisi"] == 0
    assert sum(counted.values()) == report.summary.n > 0


def test_the_demo_city_shows_every_part_of_the_loop(runner, db_session):
    """What the README's tour promises is there after `make run`."""
    from survey_service.core import periods
    from survey_service.core.models import (
        ActionStatus,
        Alert,
        FollowUpAction,
        PeriodClosure,
        Publication,
        Response,
        Unit,
    )
    from tests.support.clock import city_today

    runner.invoke(args=["seed-demo"])
    today = city_today()

    units = db_session.scalars(select(Unit)).all()
    assert all(u.head_name and len(u.head_nip or "") == 18 for u in units)
    alerts = db_session.scalars(select(Alert)).all()
    open_ = [a for a in alerts if a.acknowledged_at is None]
    assert any(a.due_on and a.due_on < today for a in open_)  # overdue
    assert any(a.due_on and a.due_on >= today for a in open_)  # within deadline
    closed = [a for a in alerts if a.acknowledged_at is not None]
    assert closed
    assert all(a.root_cause for a in closed)
    assert {a.status for a in db_session.scalars(select(FollowUpAction))} == set(
        ActionStatus
    )
    last_week = periods.last_complete_week(today)
    quarter = periods.period_containing("quarter", last_week.start)
    per_employee = db_session.execute(
        select(Response.employee_id, func.count())
        .where(
            Response.local_date >= quarter.start,
            Response.local_date <= quarter.end,
            Response.employee_id.is_not(None),
        )
        .group_by(Response.employee_id)
    ).all()
    assert any(1 <= n <= 9 for _, n in per_employee)  # below the appraisal gate
    assert db_session.scalar(select(func.count()).select_from(Publication)) > 0
    assert db_session.scalar(select(func.count()).select_from(PeriodClosure)) == 1
    slots = db_session.scalars(select(Response.time_slot).distinct()).all()
    assert len(set(slots)) >= 3


def test_the_demo_office_asks_its_own_questions_under_its_own_version(
    runner, db_session
):
    """The civil-registry office words U3 for its service and asks four
    questions of its own since three weeks; the other units answer the city's."""
    from survey_service.core.models import (
        Questionnaire,
        Response,
        ResponseAnswer,
        Unit,
        rollup_state,
    )
    from survey_service.questionnaires import results
    from survey_service.results import aggregates
    from tests.support.clock import city_today

    runner.invoke(args=["seed-demo"])
    today = city_today()
    dukcapil = db_session.scalar(select(Unit).where(Unit.code == "DUKCAPIL"))
    own = db_session.scalar(
        select(Questionnaire).where(Questionnaire.unit_id == dukcapil.id)
    )
    since = today - dt.timedelta(days=60)
    versions = aggregates.version_spans(db_session, dukcapil.id, since, today)
    rolled = [
        (v.questionnaire_id, v.first_day, v.last_day, v.responses) for v in versions
    ]  # the demo rolled its history up
    db_session.execute(rollup_state.update().values(rolled_through=None))
    raw = aggregates.version_spans(db_session, dukcapil.id, since, today)
    found = results.question_results(
        db_session, dukcapil.id, today - dt.timedelta(days=60), today, "id"
    )

    assert [v.own for v in versions] == [False, True]  # the span says both
    assert versions[0].last_day < versions[1].first_day
    assert [
        (v.questionnaire_id, v.first_day, v.last_day, v.responses) for v in raw
    ] == rolled  # the daily sums say what the responses say
    assert [x.kind.value for x in own.questions] == [
        "rating",
        "single",
        "multiple",
        "text",
    ]
    assert all(r.answered > 0 for r in found)
    assert found[0].mean is not None
    others = db_session.scalar(
        select(func.count())
        .select_from(ResponseAnswer)
        .join(Response)
        .where(Response.unit_id != dukcapil.id)
    )
    assert others == 0
