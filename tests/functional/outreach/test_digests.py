"""Weekly digests by email through the outbox, against a real SMTP server
(aiosmtpd) started by the test on a free port."""

from __future__ import annotations

import datetime as dt
import email
import socket
from collections.abc import Iterator
from email.message import Message
from http import HTTPStatus

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from survey_service.core.models import Alert, AlertKind, OutboxMessage, Role
from tests.factories import UnitFactory, UserFactory
from tests.support.clock import city_today
from tests.support.review_data import make_unit_week
from tests.support.web import token_in

WEEK = "2026-W47"


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp(app, monkeypatch) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings = {
        "SURVEY_SMTP_HOST": "127.0.0.1",
        "SURVEY_SMTP_PORT": controller.port,
        "SURVEY_MAIL_FROM": "survei@sawahluntokota.go.id",
        "SURVEY_PUBLIC_URL": "https://skm.example.go.id",
    }
    for key, value in settings.items():  # the app is shared: restored after
        monkeypatch.setitem(app.config, key, value)
    yield inbox
    controller.stop()


@pytest.fixture
def city(db_session):
    unit, _scores = make_unit_week(db_session)
    other = UnitFactory(code="RSUD", name="RSUD Sawahlunto")
    UserFactory(username="kepala", role=Role.HEAD, units=[unit], email="kepala@x.id")
    UserFactory(
        username="head-en", role=Role.HEAD, units=[unit], email="en@x.id", language="en"
    )
    UserFactory(
        username="diam", role=Role.HEAD, units=[unit], email="diam@x.id",
        digest_enabled=False,
    )  # fmt: skip
    UserFactory(username="tanpa-email", role=Role.HEAD, units=[unit])
    UserFactory(username="admin", role=Role.ADMIN, email="admin@x.id")
    db_session.commit()
    return unit, other


def text_and_html(message: Message) -> tuple[str, str]:
    parts = {p.get_content_type(): p for p in message.walk()}
    text = parts["text/plain"].get_payload(decode=True).decode()
    html = parts["text/html"].get_payload(decode=True).decode()
    return text, html


def test_each_head_gets_one_digest_with_the_week_in_words(runner, smtp, city):
    unit, _other = city

    result = runner.invoke(args=["digest", "send", "--week", WEEK])

    assert result.exit_code == 0, result.output
    [mail] = smtp.to("kepala@x.id")
    text, html = text_and_html(mail)
    assert "Ringkasan mingguan kepuasan" in mail["Subject"]
    assert f"{unit.code} {unit.name}" in text
    assert "IKM " in text
    assert "95% yakin antara" in text
    assert "Unsur terlemah" in text
    assert "Respons ditandai menunggu keputusan: 1" in text
    assert (
        f"https://skm.example.go.id/units/{unit.code}/dashboard?period={WEEK}" in text
    )
    assert f'href="https://skm.example.go.id/units/{unit.code}/dashboard' in html
    assert "https://skm.example.go.id/account/notifications" in text
    assert smtp.to("diam@x.id") == []  # turned it off
    assert len(smtp.messages) == 3  # kepala, head-en, admin
    [city_mail] = smtp.to("admin@x.id")
    city_text, _ = text_and_html(city_mail)
    assert "Ringkasan mingguan kota" in city_mail["Subject"]
    assert unit.code in city_text
    assert "RSUD Sawahlunto" in city_text
    assert "Belum cukup data (n = 0)" in city_text


def test_a_digest_comes_in_the_reader_s_language(runner, smtp, city):
    runner.invoke(args=["digest", "send", "--week", WEEK])

    [mail] = smtp.to("en@x.id")
    text, _ = text_and_html(mail)
    assert "Weekly satisfaction digest" in mail["Subject"]
    assert "95% sure between" in text
    assert "Weakest elements" in text


def test_running_twice_sends_nothing_twice(runner, smtp, city, db_session):
    runner.invoke(args=["digest", "send", "--week", WEEK])
    again = runner.invoke(args=["digest", "send", "--week", WEEK])

    assert again.exit_code == 0
    assert "already queued" in again.output
    assert len(smtp.messages) == 3
    assert len(db_session.scalars(select(OutboxMessage)).all()) == 3


def test_a_dry_run_says_who_would_get_what_and_sends_nothing(
    runner, smtp, city, db_session
):
    result = runner.invoke(args=["digest", "send", "--week", WEEK, "--dry-run"])

    assert "kepala <kepala@x.id>: would queue" in result.output
    assert smtp.messages == []
    assert db_session.scalars(select(OutboxMessage)).all() == []


def test_a_mail_server_that_is_down_loses_nothing(
    app, runner, smtp, city, db_session, monkeypatch
):
    port = app.config["SURVEY_SMTP_PORT"]
    monkeypatch.setitem(app.config, "SURVEY_SMTP_PORT", free_port())  # nobody there

    down = runner.invoke(args=["digest", "send", "--week", WEEK])

    assert down.exit_code == 0
    assert "failed 3 (retried later), 3 waiting" in down.output
    db_session.expire_all()
    waiting = db_session.scalars(select(OutboxMessage)).all()
    assert [m.attempts for m in waiting] == [1, 1, 1]
    assert all(m.last_error and m.sent_at is None for m in waiting)
    # Not before the backoff has passed...
    monkeypatch.setitem(app.config, "SURVEY_SMTP_PORT", port)
    runner.invoke(args=["outbox", "drain"])
    assert smtp.messages == []
    # ...and then every digest goes, once.
    for message in waiting:
        message.next_attempt_at -= dt.timedelta(minutes=2)
    db_session.commit()
    later = runner.invoke(args=["outbox", "drain"])

    assert "Sent 3, failed 0" in later.output
    assert len(smtp.messages) == 3


def test_a_user_turns_the_digest_off_and_sets_address_and_language(
    client, auth, db_session, city
):
    auth.login("kepala")
    page = client.get("/account/notifications")

    saved = client.post(
        "/account/notifications",
        data={"csrf_token": token_in(page), "email": "Baru@X.id", "language": "en"},
    )
    refused = client.post(
        "/account/notifications",
        data={
            "csrf_token": token_in(page),
            "email": "not-an-address",
            "language": "id",
        },
    )

    assert page.status_code == HTTPStatus.OK
    assert saved.status_code == HTTPStatus.FOUND
    assert refused.status_code == HTTPStatus.OK
    assert "Alamat email tidak sah" in refused.get_data(as_text=True)
    db_session.expire_all()
    from survey_service.core.models import User

    user = db_session.scalar(select(User).where(User.username == "kepala"))
    assert (user.email, user.language, user.digest_enabled) == (
        "baru@x.id",
        "en",
        False,
    )


def test_the_digest_counts_alerts_left_past_their_deadline(
    runner, smtp, city, db_session
):
    unit, _other = city
    today = city_today()
    for due_on in (today - dt.timedelta(days=2), today + dt.timedelta(days=2)):
        db_session.add(
            Alert(unit_id=unit.id, kind=AlertKind.LOW_SCORE, message="x", due_on=due_on)
        )
    db_session.commit()

    runner.invoke(args=["digest", "send", "--week", WEEK])

    [mail] = smtp.to("kepala@x.id")
    text, _ = text_and_html(mail)
    assert "1 lewat tenggat" in text


def test_a_leader_gets_the_city_digest_with_the_overview_not_the_dashboards(
    runner, smtp, city
):
    UserFactory(username="pimpinan", role=Role.LEADER, email="walikota@x.id")

    runner.invoke(args=["digest", "send", "--week", WEEK])

    [mail] = smtp.to("walikota@x.id")
    text, html = text_and_html(mail)
    assert "Ringkasan mingguan kota" in mail["Subject"]
    assert "RSUD Sawahlunto" in text
    assert "https://skm.example.go.id/city/" in text
    assert "/dashboard" not in text
    assert "/dashboard" not in html
