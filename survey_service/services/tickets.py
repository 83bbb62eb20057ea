"""One-time survey tickets: issued at the end of a transaction, redeemed once.

The printed token is signed (itsdangerous) and names a ticket row; the row says
which counter, employee and service type the rating belongs to. Single use is
enforced by the database (responses.ticket_id is unique), not by Python.
"""

from __future__ import annotations

import datetime as dt
import secrets

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from survey_service.db import utcnow
from survey_service.models import Counter, Employee, Response, ServiceType, Ticket, User
from survey_service.services import DomainError, NotFoundError, audit

SALT = "survey-ticket-v1"


class TicketInvalidError(NotFoundError):
    """Malformed, forged or unknown ticket."""


class TicketExpiredError(DomainError):
    pass


class TicketUsedError(DomainError):
    pass


def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=SALT)


def issue_ticket(
    session: Session,
    secret_key: str,
    *,
    counter_code: str,
    employee_nip: str | None = None,
    service_code: str | None = None,
    ttl_hours: int,
    issued_by: User | None = None,
    now: dt.datetime | None = None,
) -> tuple[Ticket, str]:
    """A new ticket and its signed token (to put in the survey URL)."""
    counter = session.scalar(select(Counter).where(Counter.code == counter_code))
    if counter is None or not counter.active:
        raise NotFoundError(f"Loket {counter_code} tidak ditemukan atau tidak aktif")
    employee = None
    if employee_nip:
        employee = session.scalar(select(Employee).where(Employee.nip == employee_nip))
        if employee is None or employee.unit_id != counter.unit_id:
            raise NotFoundError(
                f"Pegawai dengan NIP {employee_nip} tidak ditemukan di unit loket ini"
            )
    service = None
    if service_code:
        service = session.scalar(
            select(ServiceType).where(
                ServiceType.unit_id == counter.unit_id, ServiceType.code == service_code
            )
        )
        if service is None:
            raise NotFoundError(f"Jenis layanan {service_code} tidak ada di unit ini")
    if ttl_hours <= 0:
        raise DomainError("Masa berlaku tiket harus lebih dari 0 jam")
    issued = now or utcnow()
    ticket = Ticket(
        token_id=secrets.token_urlsafe(12),
        counter=counter,
        employee=employee,
        service_type=service,
        issued_at=issued,
        expires_at=issued + dt.timedelta(hours=ttl_hours),
        issued_by_id=issued_by.id if issued_by else None,
    )
    session.add(ticket)
    session.flush()
    audit.record(
        session, issued_by, "ticket.issue", f"ticket:{ticket.id}", counter=counter.code
    )
    return ticket, token_for(secret_key, ticket)


def token_for(secret_key: str, ticket: Ticket) -> str:
    """The signed token printed on ``ticket`` (the same every time it is asked)."""
    return _serializer(secret_key).dumps(ticket.token_id)


def ticket_for_token(
    session: Session, secret_key: str, token: str, now: dt.datetime | None = None
) -> Ticket:
    """The usable ticket named by ``token``; raises why it cannot be used."""
    try:
        token_id = _serializer(secret_key).loads(token)
    except BadSignature:
        raise TicketInvalidError("Tiket tidak dikenal") from None
    if not isinstance(token_id, str):
        raise TicketInvalidError("Tiket tidak dikenal")
    ticket = session.scalar(select(Ticket).where(Ticket.token_id == token_id))
    if ticket is None:
        raise TicketInvalidError("Tiket tidak dikenal")
    if is_redeemed(session, ticket):
        raise TicketUsedError("Tiket ini sudah dipakai untuk mengisi survei")
    if (now or utcnow()) >= ticket.expires_at:
        raise TicketExpiredError("Masa berlaku tiket ini sudah habis")
    return ticket


def is_redeemed(session: Session, ticket: Ticket) -> bool:
    return bool(session.scalar(select(exists().where(Response.ticket_id == ticket.id))))
