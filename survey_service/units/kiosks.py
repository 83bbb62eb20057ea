"""Kiosk tablets: a revocable device credential per counter, never a staff session.

Enabling a tablet creates a KioskDevice and hands the device a random token
(kept in a cookie; only its SHA-256 is stored). The staff member's session on
that tablet ends in the same response, so a citizen at the kiosk can reach
only the counter's survey form: every other page asks for a sign-in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_service.core import audit
from survey_service.core.clock import now_utc
from survey_service.core.errors import NotFoundError
from survey_service.core.models import Counter, KioskDevice, User
from survey_service.core.skm import N_


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def enable(session: Session, counter: Counter, actor: User) -> str:
    """A new kiosk credential for ``counter``; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    device = KioskDevice(
        counter_id=counter.id, token_hash=_hash(token), created_by_id=actor.id
    )
    session.add(device)
    session.flush()
    audit.record(
        session, actor, "kiosk.enable", f"kiosk:{device.id}", counter=counter.code
    )
    session.commit()
    return token


def device_for(
    session: Session, counter: Counter, token: str | None
) -> KioskDevice | None:
    """The unrevoked kiosk of ``counter`` holding ``token``, or None."""
    if not token:
        return None
    device = session.scalar(
        select(KioskDevice).where(KioskDevice.token_hash == _hash(token))
    )
    if (
        device is None
        or device.revoked_at is not None
        or device.counter_id != counter.id
    ):
        return None
    return device


def answer_key(secret_key: str, device: KioskDevice) -> str:
    """The key (hex) the kiosk signs the answers it keeps offline with, so
    their time cannot be forged on the way: derived from the app's secret and
    the device credential, it dies with the credential."""
    return hmac.new(
        secret_key.encode(),
        f"kiosk-answers:{device.token_hash}".encode(),
        hashlib.sha256,
    ).hexdigest()


def signed_by(
    secret_key: str, device: KioskDevice, body: bytes, signature: str
) -> bool:
    """Whether ``signature`` (hex HMAC-SHA256 of ``body``) is the device's."""
    key = bytes.fromhex(answer_key(secret_key, device))
    expected = hmac.new(key, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature.strip().lower())


# A kiosk's page reloads itself after SURVEY_KIOSK_IDLE_SECONDS untouched, so
# a tablet that is online asks the server something every few seconds. Its
# contacts are written at most every CONTACT_STEP; a silence longer than
# SILENCE_IDLE_TIMES idle periods (and at least MIN_SILENCE) means it was offline.
CONTACT_STEP = dt.timedelta(seconds=30)
MIN_SILENCE = dt.timedelta(minutes=1)
SILENCE_IDLE_TIMES = 3


def record_contact(
    session: Session, device: KioskDevice, now: dt.datetime, idle_seconds: int
) -> None:
    """Remember a request from the tablet; after a silence, remember the
    contact before it as when the tablet went offline. Commits when it wrote."""
    last = device.last_contact_at
    if last is not None and now - last < CONTACT_STEP:
        return
    silence = max(MIN_SILENCE, dt.timedelta(seconds=SILENCE_IDLE_TIMES * idle_seconds))
    if last is not None and now - last > silence:
        device.offline_since = last
    device.last_contact_at = now
    session.commit()


def offline_since(device: KioskDevice, answered_at: dt.datetime) -> dt.datetime:
    """When, as the server saw it, the tablet went offline before keeping an
    answer given at ``answered_at``: its latest contact for a later answer,
    else the contact before its latest silence, else when it became a kiosk.
    A kept answer dated earlier than this was not given offline."""
    last = device.last_contact_at
    if last is not None and answered_at >= last:
        return last
    return device.offline_since or device.created_at


def mark_used(session: Session, device: KioskDevice) -> None:
    """Record that the kiosk just took a response (shown to the head)."""
    device.last_used_at = now_utc()
    session.commit()


def devices_of(session: Session, counter: Counter) -> list[KioskDevice]:
    return list(
        session.scalars(
            select(KioskDevice)
            .where(KioskDevice.counter_id == counter.id)
            .order_by(KioskDevice.created_at.desc())
        )
    )


def revoke(session: Session, counter: Counter, device_id: int, actor: User) -> None:
    device = session.get(KioskDevice, device_id)
    if device is None or device.counter_id != counter.id:
        raise NotFoundError(N_("Kiosk tidak ditemukan di loket ini"))
    if device.revoked_at is None:
        _revoke(session, counter, device, actor)
    session.commit()


def revoke_all(session: Session, counter: Counter, actor: User) -> None:
    """Every kiosk of ``counter`` still in use stops (a retired counter); the
    caller commits."""
    for device in session.scalars(
        select(KioskDevice).where(
            KioskDevice.counter_id == counter.id, KioskDevice.revoked_at.is_(None)
        )
    ):
        _revoke(session, counter, device, actor)


def _revoke(
    session: Session, counter: Counter, device: KioskDevice, actor: User
) -> None:
    device.revoked_at = now_utc()
    device.revoked_by_id = actor.id
    audit.record(
        session, actor, "kiosk.revoke", f"kiosk:{device.id}", counter=counter.code
    )
