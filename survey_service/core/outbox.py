"""The outbox: every message the service sends is first a row, written in the
transaction that caused it, then sent by a drain that retries with backoff.

A mail server or gateway that is down loses nothing: the row waits with its
error and the time of the next attempt. ``dedupe_key`` is unique, so the same
digest is queued (and so sent) once however often the command runs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import smtplib
import string
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from survey_service.core.clock import now_utc
from survey_service.core.models import OutboxChannel, OutboxMessage

log = logging.getLogger(__name__)

BACKOFF_FIRST_SECONDS = 60
BACKOFF_MAX_SECONDS = 6 * 3600
DRAIN_BATCH = 200


def backoff(attempts: int) -> dt.timedelta:
    """Wait before attempt ``attempts + 1``: 1, 2, 4 ... minutes, at most 6 hours."""
    seconds = BACKOFF_FIRST_SECONDS * 2 ** min(attempts - 1, 20)
    return dt.timedelta(seconds=min(seconds, BACKOFF_MAX_SECONDS))


def enqueue(
    session: Session,
    *,
    channel: OutboxChannel,
    recipient: str,
    subject: str,
    text: str,
    html: str | None = None,
    key: str,
) -> OutboxMessage | None:
    """Queue a message unless one with ``key`` exists; the caller commits.
    Returns the new row, or None when it was queued before."""
    if session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)):
        return None
    message = OutboxMessage(
        channel=channel,
        recipient=recipient,
        subject=subject[:300],
        body_text=text,
        body_html=html,
        dedupe_key=key,
    )
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:  # another run queued it a moment ago
        return None
    return message


Transport = Callable[[OutboxMessage], None]


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    username: str = ""
    password: str = ""
    starttls: bool = False
    timeout: float = 10.0


class SmtpTransport:
    """Sends email messages through one SMTP connection per drain."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            s = self.settings
            smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            if s.starttls:
                smtp.starttls()
            if s.username:
                smtp.login(s.username, s.password)
            self._smtp = smtp
        return self._smtp

    def __call__(self, message: OutboxMessage) -> None:
        mail = EmailMessage()
        mail["From"] = self.settings.sender
        mail["To"] = message.recipient
        mail["Subject"] = message.subject
        mail["Message-ID"] = (
            f"<outbox-{message.id}@{self.settings.sender.split('@')[-1]}>"
        )
        mail.set_content(message.body_text)
        if message.body_html:
            mail.add_alternative(message.body_html, subtype="html")
        try:
            self._connection().send_message(mail)
        except (smtplib.SMTPServerDisconnected, OSError):
            self._smtp = None  # reconnect for the next message
            raise

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
            self._smtp = None


@dataclass(frozen=True)
class WebhookSettings:
    """The city's SMS/WhatsApp gateway: a URL that takes one JSON POST per text.

    ``body`` is a JSON template whose strings may hold ``$to`` (the phone
    number, international digits) and ``$text``; ``auth_header`` is a whole
    header line such as ``Authorization: Bearer …`` (or empty)."""

    url: str
    auth_header: str = ""
    body: str = '{"to": "$to", "text": "$text"}'
    timeout: float = 10.0

    def template(self) -> object:
        try:
            parsed = json.loads(self.body)
        except ValueError as exc:
            raise ValueError(f"SURVEY_GATEWAY_BODY is not JSON: {exc}") from None
        if not isinstance(parsed, dict):
            raise ValueError("SURVEY_GATEWAY_BODY must be a JSON object")
        return parsed


def _fill(template: object, values: dict[str, str]) -> object:
    """``template`` with ``$to``/``$text`` replaced inside every string."""
    if isinstance(template, str):
        return string.Template(template).safe_substitute(values)
    if isinstance(template, list):
        return [_fill(item, values) for item in template]
    if isinstance(template, dict):
        return {key: _fill(value, values) for key, value in template.items()}
    return template


class WebhookTransport:
    """Posts a text message to the gateway; anything but a 2xx answer is a
    failure the outbox retries."""

    def __init__(self, settings: WebhookSettings) -> None:
        self.settings = settings
        self._template = settings.template()
        self._headers = {"Content-Type": "application/json"}
        if settings.auth_header:
            name, _, value = settings.auth_header.partition(":")
            self._headers[name.strip()] = value.strip()

    def __call__(self, message: OutboxMessage) -> None:
        body = _fill(
            self._template, {"to": message.recipient, "text": message.body_text}
        )
        request = urllib.request.Request(  # noqa: S310 - the configured https URL
            self.settings.url,
            data=json.dumps(body).encode(),
            headers=self._headers,
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=self.settings.timeout) as answer:  # noqa: S310
            if not 200 <= answer.status < 300:
                raise OSError(f"gateway answered HTTP {answer.status}")

    def close(self) -> None:
        pass


def scrub_recipient(recipient: str) -> str:
    """What is kept of a citizen's number once the text is sent."""
    return "…" + recipient[-3:]


@dataclass(frozen=True)
class DrainResult:
    sent: int
    failed: int
    waiting: int  # still unsent after this drain (failed ones included)


def attempt(message: OutboxMessage, transport: Transport, moment: dt.datetime) -> bool:
    """Try to send ``message`` once, recording the outcome on it (the caller
    commits): sent, or the error and when to try next."""
    message.attempts += 1
    try:
        transport(message)
    except Exception as exc:
        message.last_error = f"{type(exc).__name__}: {exc}"[:500]
        message.next_attempt_at = moment + backoff(message.attempts)
        log.warning(
            "outbox message %s to %s failed (attempt %d, next at %s): %s",
            message.id,
            message.channel.value,
            message.attempts,
            message.next_attempt_at.isoformat(timespec="seconds"),
            message.last_error,
        )
        return False
    message.sent_at = now_utc()
    message.last_error = None
    if message.channel is OutboxChannel.WEBHOOK:
        message.recipient = scrub_recipient(message.recipient)
    return True


def transports_from_config(config: Mapping[str, Any]) -> dict[OutboxChannel, Transport]:
    """The transports the settings configure (README: SMTP and the gateway)."""
    transports: dict[OutboxChannel, Transport] = {}
    if config["SURVEY_SMTP_HOST"]:
        transports[OutboxChannel.EMAIL] = SmtpTransport(
            SmtpSettings(
                host=config["SURVEY_SMTP_HOST"],
                port=config["SURVEY_SMTP_PORT"],
                sender=config["SURVEY_MAIL_FROM"],
                username=config["SURVEY_SMTP_USER"],
                password=config["SURVEY_SMTP_PASSWORD"],
                starttls=config["SURVEY_SMTP_STARTTLS"],
            )
        )
    if config["SURVEY_GATEWAY_URL"]:
        transports[OutboxChannel.WEBHOOK] = WebhookTransport(
            WebhookSettings(
                url=config["SURVEY_GATEWAY_URL"],
                auth_header=config["SURVEY_GATEWAY_AUTH_HEADER"],
                body=config["SURVEY_GATEWAY_BODY"],
            )
        )
    return transports


def close_all(transports: dict[OutboxChannel, Transport]) -> None:
    for transport in transports.values():
        close = getattr(transport, "close", None)
        if close is not None:
            close()


def drain(
    session: Session,
    transports: dict[OutboxChannel, Transport],
    *,
    now: dt.datetime | None = None,
    channels: Sequence[OutboxChannel] | None = None,
) -> DrainResult:
    """Send every due message of ``channels`` (default: those with a transport).

    Each row is committed as soon as it is sent or failed, so a crash never
    resends a whole batch; on PostgreSQL rows are locked with SKIP LOCKED so
    two drains running at once never send one message twice.
    """
    moment = now or now_utc()
    wanted = list(channels) if channels is not None else list(transports)
    sent = failed = 0
    query = (
        select(OutboxMessage)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.next_attempt_at <= moment,
            OutboxMessage.channel.in_(wanted),
        )
        .order_by(OutboxMessage.id)
        .limit(DRAIN_BATCH)
        .with_for_update(skip_locked=True)
    )
    while True:
        batch = list(session.scalars(query))
        if not batch:
            break
        for message in batch:
            if attempt(message, transports[message.channel], moment):
                sent += 1
            else:
                failed += 1
            session.commit()
    waiting = session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.sent_at.is_(None))
    )
    return DrainResult(sent, failed, int(waiting or 0))
