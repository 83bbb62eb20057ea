"""One-time survey tickets: issued at the end of a transaction, redeemed once.

The printed token is signed (itsdangerous) and names a ticket row; the row says
which counter, employee and service type the rating belongs to. Single use is
enforced by the database (responses.ticket_id is unique), not by Python.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, aliased

from survey_service import results as rollups
from survey_service.core import audit, scope
from survey_service.core.clock import now_utc
from survey_service.core.errors import DomainError, NotFoundError
from survey_service.core.models import (
    Counter,
    Employee,
    Response,
    Role,
    ServiceType,
    Ticket,
    User,
)
from survey_service.core.models.rollups import SIGNAL_COLUMNS
from survey_service.core.skm import N_
from survey_service.core.statistics import index_of_totals
from survey_service.units.roster import employee_on_duty

SALT = "survey-ticket-v1"


class TicketInvalidError(NotFoundError):
    """Malformed, forged or unknown ticket."""


class TicketExpiredError(DomainError):
    pass


class TicketUsedError(DomainError):
    pass


# A code a citizen can type from a receipt or a text message: eight characters
# that cannot be misread (no 0/O, 1/I/L), about 40 bits, shown as "7KQM-4PXR".
SHORT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
SHORT_LENGTH = 8
_SHORT_CODE = re.compile(f"^[{SHORT_ALPHABET}]{{{SHORT_LENGTH}}}$")


def new_short_code() -> str:
    return "".join(secrets.choice(SHORT_ALPHABET) for _ in range(SHORT_LENGTH))


def short_code_of(text: str) -> str | None:
    """The short code in ``text`` as typed ("7kqm-4pxr", "7KQM 4PXR"), or None
    when it is not one (a signed token is much longer)."""
    cleaned = re.sub(r"[\s-]", "", text).upper()
    return cleaned if _SHORT_CODE.match(cleaned) else None


def shown_short_code(code: str) -> str:
    half = SHORT_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def _unused_short_code(session: Session) -> str:
    """A fresh short code; with a million tickets stored a new code is taken
    one time in a million, so look before use."""
    while True:
        code = new_short_code()
        if not session.scalar(select(exists().where(Ticket.short_code == code))):
            return code


def ticket_by_short_code(session: Session, text: str) -> Ticket | None:
    code = short_code_of(text)
    if code is None:
        return None
    return session.scalar(select(Ticket).where(Ticket.short_code == code))


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
    issued_from: str | None = None,
    now: dt.datetime | None = None,
) -> tuple[Ticket, str]:
    """A new ticket and its signed token (to put in the survey URL).

    A staff account (page or API token) may name only its own employee or the
    employee on duty at the counter now: nobody issues ratings for a colleague.
    ``issued_from`` is the daily keyed hash of the issuing address.
    """
    counter = session.scalar(select(Counter).where(Counter.code == counter_code))
    if counter is None or not counter.active:
        raise NotFoundError(
            N_("Loket %(counter_code)s tidak ditemukan atau tidak aktif"),
            counter_code=counter_code,
        )
    employee = None
    if employee_nip:
        employee = session.scalar(select(Employee).where(Employee.nip == employee_nip))
        if employee is None or employee.unit_id != counter.unit_id:
            raise NotFoundError(
                N_(
                    "Pegawai dengan NIP %(employee_nip)s "
                    "tidak ditemukan di unit loket ini"
                ),
                employee_nip=employee_nip,
            )
    service = None
    if service_code:
        service = session.scalar(
            select(ServiceType).where(
                ServiceType.unit_id == counter.unit_id, ServiceType.code == service_code
            )
        )
        if service is None:
            raise NotFoundError(
                N_("Jenis layanan %(service_code)s tidak ada di unit ini"),
                service_code=service_code,
            )
    if ttl_hours <= 0:
        raise DomainError(N_("Masa berlaku tiket harus lebih dari 0 jam"))
    issued = now or now_utc()
    if employee is not None and issued_by is not None and issued_by.role is Role.STAFF:
        allowed = {issued_by.employee_id, employee_on_duty(session, counter.id, issued)}
        if employee.id not in allowed:
            raise DomainError(
                N_(
                    "Petugas hanya dapat menerbitkan tiket atas namanya sendiri "
                    "atau atas nama pegawai yang bertugas di loket ini sekarang"
                )
            )
    ticket = Ticket(
        token_id=secrets.token_urlsafe(12),
        counter=counter,
        employee=employee,
        service_type=service,
        issued_at=issued,
        expires_at=issued + dt.timedelta(hours=ttl_hours),
        issued_by_id=issued_by.id if issued_by else None,
        issued_from=issued_from,
        short_code=_unused_short_code(session),
    )
    session.add(ticket)
    session.flush()
    audit.record(
        session, issued_by, "ticket.issue", f"ticket:{ticket.id}", counter=counter.code
    )
    return ticket, token_for(secret_key, ticket)


def ticket_by_print_key(session: Session, key: str) -> Ticket | None:
    """The ticket whose print page is ``/tickets/<key>/print`` (its random id)."""
    return session.scalar(select(Ticket).where(Ticket.token_id == key[:40]))


def may_print(user: User, ticket: Ticket) -> bool:
    """Only the issuer, or whoever may act for the ticket's unit, prints it."""
    if ticket.issued_by_id is not None and ticket.issued_by_id == user.id:
        return True
    return scope.may(user, scope.Action.MANAGE, ticket.counter.unit_id)


def redemption_flags(
    ticket: Ticket,
    *,
    address_hash: str,
    signed_in_user_id: int | None,
    now: dt.datetime,
    min_seconds: int,
) -> list[str]:
    """Why redeeming ``ticket`` from here and now looks like its issuer rating
    themselves: the issuer's own browser, the issuing address, or too soon."""
    reasons = []
    if ticket.issued_by_id is not None and signed_in_user_id == ticket.issued_by_id:
        reasons.append("tiket diisi dari browser penerbitnya")
    elif signed_in_user_id is not None:
        reasons.append("tiket diisi dari browser petugas yang sedang masuk")
    if ticket.issued_from is not None and ticket.issued_from == address_hash:
        reasons.append("tiket diisi dari alamat jaringan yang menerbitkannya")
    waited = (now - ticket.issued_at).total_seconds()
    if waited < min_seconds:
        reasons.append(f"tiket diisi {max(0, int(waited))} detik setelah diterbitkan")
    return reasons


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
    if (now or now_utc()) >= ticket.expires_at:
        raise TicketExpiredError("Masa berlaku tiket ini sudah habis")
    return ticket


def is_redeemed(session: Session, ticket: Ticket) -> bool:
    return bool(session.scalar(select(exists().where(Response.ticket_id == ticket.id))))


# A pattern worth a head's look: at least this many self-issued ratings and
# either most of the employee's ratings, or a score this far above the same
# employee's poster and kiosk ratings.
SIGNAL_MIN_SELF = 5
SIGNAL_SHARE = 0.5
SIGNAL_GAP = 10.0


@dataclass(frozen=True)
class IssuerSignal:
    """One employee's tickets and ratings in a period, for the head's dashboard."""

    employee_id: int
    name: str
    issued: int  # tickets this person issued in the period
    redeemed: int  # ...of which a rating came back
    ratings: int  # ratings of this employee (counted or held for review)
    self_issued: int  # ...that came through tickets they issued themselves
    self_index: float | None  # index of those self-issued ratings
    other_index: float | None  # index of their poster and kiosk ratings
    other_n: int

    @property
    def share(self) -> float | None:
        return self.self_issued / self.ratings if self.ratings else None

    @property
    def stands_out(self) -> bool:
        if self.self_issued < SIGNAL_MIN_SELF or self.share is None:
            return False
        gap = (
            self.self_index - self.other_index
            if self.self_index is not None and self.other_index is not None
            else None
        )
        return self.share > SIGNAL_SHARE or (gap is not None and gap >= SIGNAL_GAP)


def issuer_signals(
    session: Session, unit_id: int, start: dt.date, end: dt.date, tz: ZoneInfo
) -> list[IssuerSignal]:
    """Per employee of the unit, tickets issued against ratings received in the
    local dates ``start``..``end``, and how their self-issued ratings compare
    with their poster and kiosk ratings (README, "Insiders")."""
    since = dt.datetime.combine(start, dt.time(), tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tz)
    issuer = aliased(User)
    issued_rows = session.execute(
        select(issuer.employee_id, func.count(Ticket.id), func.count(Response.id))
        .join(Counter, Counter.id == Ticket.counter_id)
        .join(issuer, issuer.id == Ticket.issued_by_id)
        .outerjoin(Response, Response.ticket_id == Ticket.id)
        .where(
            Counter.unit_id == unit_id,
            Ticket.issued_at >= since,
            Ticket.issued_at < until,
            issuer.employee_id.is_not(None),
        )
        .group_by(issuer.employee_id)
    ).all()
    rating_rows = session.execute(
        rollups.source(
            session,
            start,
            end,
            ["employee_id"],
            ["n", "flagged", *SIGNAL_COLUMNS],
            unit_ids=[unit_id],
        )
    ).all()
    issued = {row[0]: (int(row[1]), int(row[2])) for row in issued_rows}
    ratings = {
        row[0]: (int(row[1] or 0) + int(row[2] or 0), *(int(v or 0) for v in row[3:]))
        for row in rating_rows
        if row[0] is not None
    }
    ids = set(issued) | {e for e, r in ratings.items() if r[1]}
    names = dict(
        session.execute(select(Employee.id, Employee.name).where(Employee.id.in_(ids)))
        .tuples()
        .all()
    )
    result = []
    for employee_id in sorted(ids, key=lambda e: names.get(e, "")):
        n, n_self, s_self, n_other, s_other = ratings.get(employee_id, (0,) * 5)
        made, back = issued.get(employee_id, (0, 0))
        result.append(
            IssuerSignal(
                employee_id=employee_id,
                name=names.get(employee_id, "?"),
                issued=made,
                redeemed=back,
                ratings=n,
                self_issued=n_self,
                self_index=index_of_totals(n_self, s_self),
                other_index=index_of_totals(n_other, s_other),
                other_n=n_other,
            )
        )
    return result
