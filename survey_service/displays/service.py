"""Display links: made and revoked by a head, opened by a screen without sign-in.

The link carries the display's id signed with the app's secret (itsdangerous),
so nobody can make one up, and the head can see it again; revoking it stops
the screen at its next refresh.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_service.core import audit
from survey_service.core.clock import now_utc
from survey_service.core.errors import DomainError, NotFoundError
from survey_service.core.models import (
    ActionStatus,
    DisplayLink,
    FollowUpAction,
    Publication,
    Unit,
    User,
)
from survey_service.core.skm import N_
from survey_service.publishing.service import history, in_force

SALT = "waiting-room-display"
LATEST_ACTIONS = 3  # "Anda bicara, kami bertindak": the latest completed ones


def _signer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=SALT)


def key_for(secret: str, link: DisplayLink) -> str:
    """The signed key of the link's URL (the same every time it is shown)."""
    return str(_signer(secret).dumps([link.id, link.unit_id]))


def create(session: Session, unit: Unit, name: str, actor: User) -> DisplayLink:
    name = name.strip()
    if not name or len(name) > 100:
        raise DomainError(N_("Beri nama layar (paling banyak 100 karakter)"))
    link = DisplayLink(unit_id=unit.id, name=name, created_by_id=actor.id)
    session.add(link)
    session.flush()
    audit.record(session, actor, "display.create", f"display:{link.id}", unit=unit.code)
    session.commit()
    return link


def links_of(session: Session, unit: Unit) -> list[DisplayLink]:
    return list(
        session.scalars(
            select(DisplayLink)
            .where(DisplayLink.unit_id == unit.id)
            .order_by(DisplayLink.revoked_at.is_not(None), DisplayLink.id.desc())
        )
    )


def revoke(session: Session, unit: Unit, link_id: int, actor: User) -> None:
    link = session.get(DisplayLink, link_id)
    if link is None or link.unit_id != unit.id:
        raise NotFoundError(N_("Layar tidak ditemukan di unit ini"))
    if link.revoked_at is None:
        link.revoked_at, link.revoked_by_id = now_utc(), actor.id
        audit.record(session, actor, "display.revoke", f"display:{link.id}")
    session.commit()


def link_for(session: Session, secret: str, unit: Unit, key: str) -> DisplayLink | None:
    """The unrevoked link of ``unit`` that ``key`` signs, or None."""
    try:
        link_id, unit_id = _signer(secret).loads(key)
    except (BadSignature, ValueError, TypeError):
        return None
    link = session.get(DisplayLink, link_id) if isinstance(link_id, int) else None
    if link is None or link.unit_id != unit.id or unit_id != unit.id:
        return None
    return None if link.revoked_at is not None else link


@dataclass(frozen=True)
class Screen:
    """What the waiting room sees."""

    latest: Publication | None
    actions: list[FollowUpAction]


def screen(session: Session, unit: Unit) -> Screen:
    latest = next((p for p in history(session, unit) if in_force(p)), None)
    actions = list(
        session.scalars(
            select(FollowUpAction)
            .where(
                FollowUpAction.unit_id == unit.id,
                FollowUpAction.status == ActionStatus.DONE,
            )
            .order_by(FollowUpAction.completed_on.desc(), FollowUpAction.id.desc())
            .limit(LATEST_ACTIONS)
        )
    )
    return Screen(latest, actions)
