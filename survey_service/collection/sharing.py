"""Getting a ticket to a citizen's phone: the full link (in the QR code), a
short link to type, a WhatsApp link that needs no API, and a text for the
city's SMS/WhatsApp gateway (through the outbox)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy.orm import Session

from survey_service.collection import tickets
from survey_service.core import outbox
from survey_service.core.errors import DomainError
from survey_service.core.models import OutboxChannel, OutboxMessage, Ticket
from survey_service.core.skm import N_
from survey_service.web.urls import public_url


@dataclass(frozen=True)
class TicketLinks:
    url: str  # the signed link, as in the QR code
    short_url: str  # the same ticket, typeable: https://…/t/7KQM-4PXR
    message: str  # what a text message says
    whatsapp_url: str  # opens WhatsApp with the message, the sender picks the chat


def ticket_message(unit_name: str, url: str) -> str:
    """The text sent to a citizen (Bahasa Indonesia: the city's language)."""
    return (
        f"Terima kasih telah dilayani di {unit_name}. Mohon nilai pelayanan kami, "
        f"kurang dari satu menit dan tanpa nama: {url}"
    )


def whatsapp_link(text: str, phone: str | None = None) -> str:
    """A wa.me link that opens WhatsApp with ``text`` (to ``phone`` if given,
    international digits only, e.g. 6281266123345)."""
    return f"https://wa.me/{phone or ''}?text={quote(text, safe='')}"


def ticket_links(secret_key: str, ticket: Ticket) -> TicketLinks:
    url = public_url("citizen.ticket", token=tickets.token_for(secret_key, ticket))
    short_url = (
        public_url("citizen.ticket", token=tickets.shown_short_code(ticket.short_code))
        if ticket.short_code
        else url  # issued before short codes existed
    )
    message = ticket_message(ticket.counter.unit.name, short_url)
    return TicketLinks(url, short_url, message, whatsapp_link(message))


_MOBILE = re.compile(r"^628[0-9]{7,12}$")


def citizen_phone(text: str) -> str:
    """An Indonesian mobile number as the gateway wants it (62812…), from how
    people write it: 0812-6612-3345, +62 812 6612 3345, 62812…"""
    digits = re.sub(r"[\s().-]", "", text)
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("0"):
        digits = "62" + digits[1:]
    if not _MOBILE.match(digits):
        raise DomainError(N_("Nomor ponsel tidak sah (contoh: 0812-6612-3345)"))
    return digits


def queue_ticket_text(
    session: Session, ticket: Ticket, phone: str, links: TicketLinks
) -> OutboxMessage | None:
    """Queue the ticket's text to ``phone`` through the gateway (the caller
    commits); None when this number already got this ticket. The number is
    kept only until the text is sent."""
    number = citizen_phone(phone)
    digest = hashlib.sha256(number.encode()).hexdigest()[:16]
    return outbox.enqueue(
        session,
        channel=OutboxChannel.WEBHOOK,
        recipient=number,
        subject=f"Tiket survei {ticket.counter.code}",
        text=links.message,
        key=f"ticket-text:{ticket.id}:{digest}",
    )
