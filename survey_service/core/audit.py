"""The audit log: who did what, when."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from survey_service.core.models import AuditEntry, User


def record(
    session: Session,
    actor: User | str | None,
    action: str,
    target: str | None = None,
    **details: Any,
) -> AuditEntry:
    """Add an audit entry to the session; the caller's transaction commits it."""
    if isinstance(actor, User):
        entry = AuditEntry(
            user_id=actor.id,
            actor=actor.username,
            action=action,
            target=target,
            details=details or None,
        )
    else:
        entry = AuditEntry(
            actor=actor or "system",
            action=action,
            target=target,
            details=details or None,
        )
    session.add(entry)
    return entry
