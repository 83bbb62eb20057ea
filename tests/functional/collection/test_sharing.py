"""A ticket reaches the citizen's phone: a short link to type, a WhatsApp link,
and the city's SMS/WhatsApp gateway through the outbox, against a recording
HTTP server started by the test (and one that fails)."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from survey_service.accounts import service as accounts
from survey_service.collection import tickets
from survey_service.core import clock
from survey_service.core.models import OutboxChannel, OutboxMessage, Role, Ticket
from tests.factories import CounterFactory, ServiceTypeFactory, UserFactory
from tests.support.web import token_in

PHONE = "0812-6612-3345"


class Gateway:
    """A webhook receiver that records each call and answers ``status``."""

    def __init__(self) -> None:
        self.calls: list[tuple[dict[str, str], object]] = []
        self.status = HTTPStatus.OK
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                body = json.loads(self.rfile.read(length))
                gateway.calls.append((dict(self.headers), body))
                self.send_response(gateway.status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(app, monkeypatch) -> Iterator[Gateway]:
    receiver = Gateway()
    monkeypatch.setitem(app.config, "SURVEY_GATEWAY_URL", receiver.url)
    monkeypatch.setitem(
        app.config, "SURVEY_GATEWAY_AUTH_HEADER", "Authorization: Bearer rahasia"
    )
    monkeypatch.setitem(
        app.config,
        "SURVEY_GATEWAY_BODY",
        '{"msisdn": "$to", "message": {"body": "$text"}, "channel": "whatsapp"}',
    )
    yield receiver
    receiver.close()


@pytest.fixture
def counter(db_session):
    counter = CounterFactory(code="DKP-L1")
    ServiceTypeFactory(unit=counter.unit, code="KTP")
    UserFactory(username="kepala", role=Role.HEAD, units=[counter.unit])
    db_session.commit()
    return counter


def issue(client, counter):
    page = client.get(f"/counters/{counter.code}/tickets")
    printed = client.post(
        f"/counters/{counter.code}/tickets",
        data={"csrf_token": token_in(page), "employee": "", "service": ""},
    )
    assert printed.status_code == HTTPStatus.FOUND
    return printed.headers["Location"]


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_the_api_returns_a_short_link_that_opens_the_ticket_and_a_whatsapp_link(
    client, db_session, counter
):
    user = UserFactory(role=Role.HEAD, units=[counter.unit])
    _, plain = accounts.create_api_token(db_session, user, "antrian")
    db_session.commit()

    body = client.post(
        "/api/v1/tickets",
        json={"counter": "DKP-L1"},
        headers={"Authorization": f"Bearer {plain}"},
    ).get_json()

    code = db_session.scalar(select(Ticket.short_code))
    assert path_of(body["short_url"]) == f"/t/{code[:4]}-{code[4:]}"
    typed = client.get(f"/t/{code[:4].lower()} {code[4:].lower()}")  # as typed
    assert typed.status_code == HTTPStatus.FOUND
    assert path_of(typed.headers["Location"]) == path_of(body["url"])
    assert client.get(path_of(body["url"])).status_code == HTTPStatus.OK
    wa = urlsplit(body["whatsapp_url"])
    assert wa.netloc == "wa.me"
    [text] = parse_qs(wa.query)["text"]
    assert body["short_url"] in text
    assert counter.unit.name in text


def test_an_unknown_short_code_is_explained_and_guessing_is_slowed(client, counter):
    wrong = client.get("/t/2345-6789")
    assert wrong.status_code == HTTPStatus.NOT_FOUND
    assert "Periksa kembali alamat" in wrong.get_data(as_text=True)
    for _ in range(25):
        last = client.get("/t/2345-6789")
    assert last.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_the_printed_ticket_shows_the_short_link_and_the_whatsapp_link(
    client, auth, counter, db_session
):
    auth.login("kepala")
    page = client.get(issue(client, counter)).get_data(as_text=True)
    code = db_session.scalar(select(Ticket.short_code))
    assert f"/t/{code[:4]}-{code[4:]}" in page
    assert "https://wa.me/?text=" in page
    assert "ponsel warga" not in page  # no gateway configured: no form


def test_a_ticket_is_texted_through_the_gateway_and_the_number_is_not_kept(
    client, auth, counter, db_session, gateway
):
    auth.login("kepala")
    print_url = issue(client, counter)
    page = client.get(print_url)
    send = print_url.replace("/print", "/text")

    done = client.post(
        send, data={"csrf_token": token_in(page), "phone": PHONE}, follow_redirects=True
    )

    assert "Tiket terkirim" in done.get_data(as_text=True)
    [(headers, body)] = gateway.calls
    assert headers["Authorization"] == "Bearer rahasia"
    assert body["msisdn"] == "6281266123345"
    assert body["channel"] == "whatsapp"
    code = db_session.scalar(select(Ticket.short_code))
    assert f"/t/{code[:4]}-{code[4:]}" in body["message"]["body"]
    message = db_session.scalar(select(OutboxMessage))
    db_session.refresh(message)
    assert message.sent_at is not None
    assert message.recipient == "…345"  # the number is gone once sent
    again = client.post(
        send, data={"csrf_token": token_in(page), "phone": PHONE}, follow_redirects=True
    )
    assert "sudah dikirim" in again.get_data(as_text=True)
    assert len(gateway.calls) == 1
    bad = client.post(
        send,
        data={"csrf_token": token_in(page), "phone": "12345"},
        follow_redirects=True,
    )
    assert "Nomor ponsel tidak sah" in bad.get_data(as_text=True)
    assert len(db_session.scalars(select(OutboxMessage)).all()) == 1


def test_a_failing_gateway_loses_nothing_and_the_drain_retries(
    client, auth, runner, counter, db_session, gateway
):
    gateway.status = HTTPStatus.SERVICE_UNAVAILABLE
    auth.login("kepala")
    print_url = issue(client, counter)
    page = client.get(print_url)

    done = client.post(
        print_url.replace("/print", "/text"),
        data={"csrf_token": token_in(page), "phone": "+62 812 6612 3345"},
        follow_redirects=True,
    )

    assert "dicoba lagi otomatis" in done.get_data(as_text=True)
    message = db_session.scalar(select(OutboxMessage))
    db_session.refresh(message)
    assert message.channel is OutboxChannel.WEBHOOK
    assert message.sent_at is None
    assert "503" in message.last_error
    assert message.recipient == "6281266123345"  # kept until it is sent

    gateway.status = HTTPStatus.OK
    not_yet = runner.invoke(args=["outbox", "drain"])
    assert "Sent 0" in not_yet.output  # backing off
    message.next_attempt_at = clock.now_utc() - dt.timedelta(seconds=1)
    db_session.commit()
    drained = runner.invoke(args=["outbox", "drain"])

    assert "Sent 1" in drained.output, drained.output
    assert len(gateway.calls) == 2
    db_session.refresh(message)
    assert message.sent_at is not None
    assert message.recipient == "…345"


def test_an_unusable_gateway_template_is_said_plainly(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "SURVEY_GATEWAY_URL", "http://127.0.0.1:9/")
    monkeypatch.setitem(app.config, "SURVEY_GATEWAY_BODY", "{to: $to}")
    result = runner.invoke(args=["outbox", "drain"])
    assert result.exit_code != 0
    assert "SURVEY_GATEWAY_BODY is not JSON" in result.output


def test_short_codes_are_read_as_people_type_them():
    assert tickets.short_code_of("7kqm-4pxr") == "7KQM4PXR"
    assert tickets.short_code_of(" 7KQM 4PXR ") == "7KQM4PXR"
    assert tickets.short_code_of("7KQM-4PX0") is None  # 0 is never used
    assert tickets.short_code_of("7KQM4PX") is None
    assert tickets.short_code_of("x" * 40) is None
