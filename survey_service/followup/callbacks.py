"""A citizen who rated low may ask the unit to contact them.

The contact is given voluntarily on the thank-you page, shown only to the
heads of the unit beside the alert, and deleted when that alert is closed or
after KEEP_DAYS, whichever comes first (`flask callbacks purge`, daily).
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from survey_service.core.clock import now_utc
from survey_service.core.errors import DomainError
from survey_service.core.models import CallbackRequest, Channel, Response
from survey_service.core.skm import N_, low_elements

KEEP_DAYS = 90
# The thank-you page offers the request this long after the rating.
OFFER_HOURS = 24
# SP4N-LAPOR!, the national public-complaints service.
LAPOR_URL = "https://www.lapor.go.id"

# An Indonesian mobile number as people write it: 0812-3456-7890, +62 812 3456
# 7890, 62812…; 8 to 11 digits after the 8 (numbers are 10 to 13 digits long).
_MOBILE = re.compile(r"^(?:\+?62|0)(8[1-9][0-9]{7,10})$")
_SEPARATORS = re.compile(r"[\s().-]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]{2,}$")
CONTACT_EXPECTED = N_(
    "Tulis nomor ponsel Indonesia (misalnya 0812 3456 7890) atau alamat email "
    "(misalnya nama@contoh.id)"
)


def normalised_contact(text: str) -> str:
    """A mobile number as +628…, or an email as typed (lower-cased domain);
    DomainError saying which is expected for anything else ("2026-02-30")."""
    text = text.strip()
    if "@" in text:
        if len(text) > 120 or not _EMAIL.match(text):
            raise DomainError(CONTACT_EXPECTED)
        local, _, domain = text.rpartition("@")
        return f"{local}@{domain.lower()}"
    match = _MOBILE.match(_SEPARATORS.sub("", text))
    if match is None:
        raise DomainError(CONTACT_EXPECTED)
    return "+62" + match.group(1)


def is_low(response: Response) -> bool:
    return bool(low_elements(response.scores))


def may_request(response: Response, now: dt.datetime | None = None) -> bool:
    """A callback is offered after a low rating, on the citizen's own device
    (not at a kiosk, where the next citizen would see the form), for a day."""
    moment = now or now_utc()
    return (
        is_low(response)
        and response.channel is not Channel.KIOSK
        and moment - response.submitted_at <= dt.timedelta(hours=OFFER_HOURS)
    )


def existing(session: Session, response: Response) -> CallbackRequest | None:
    return session.scalar(
        select(CallbackRequest).where(CallbackRequest.response_id == response.id)
    )


def request_callback(
    session: Session,
    response: Response,
    *,
    contact: str,
    name: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> CallbackRequest:
    """Record the request (the caller commits); one per response."""
    moment = now or now_utc()
    if not may_request(response, moment):
        raise DomainError(N_("Permintaan dihubungi tidak tersedia untuk penilaian ini"))
    if existing(session, response) is not None:
        raise DomainError(N_("Permintaan Anda sudah kami terima"))
    contact = normalised_contact(contact)
    request = CallbackRequest(
        response_id=response.id,
        unit_id=response.unit_id,
        name=name.strip()[:120] or None,
        contact=contact,
        note=note.strip()[:500] or None,
        created_at=moment,
        delete_after=moment + dt.timedelta(days=KEEP_DAYS),
    )
    session.add(request)
    return request


def for_responses(
    session: Session, response_ids: list[int], now: dt.datetime | None = None
) -> dict[int, CallbackRequest]:
    """The callbacks still kept for ``response_ids``, by response id."""
    if not response_ids:
        return {}
    rows = session.scalars(
        select(CallbackRequest).where(
            CallbackRequest.response_id.in_(response_ids),
            CallbackRequest.delete_after > (now or now_utc()),
        )
    )
    return {row.response_id: row for row in rows}


def forget(session: Session, response_id: int) -> None:
    """Delete the callback of a response: its alert was closed, or the held
    response it was left on was excluded (nobody will act on it)."""
    session.execute(
        delete(CallbackRequest).where(CallbackRequest.response_id == response_id)
    )


def purge(session: Session, now: dt.datetime | None = None) -> int:
    """Delete every callback past its time; returns how many (caller commits)."""
    result = session.execute(
        delete(CallbackRequest).where(
            CallbackRequest.delete_after <= (now or now_utc())
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
