"""Publishing a unit's results for a period, and reading what was published.

Only published periods reach the public. A publication is frozen when made; a
correction is a new publication that marks the old one superseded (both stay
visible). Never published: individual employees, comments, flagged responses,
and no value below the minimum number of responses ("belum cukup data").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_service.core import audit, periods
from survey_service.core.clock import now_utc
from survey_service.core.errors import DomainError, NotFoundError
from survey_service.core.models import Publication, Unit, User
from survey_service.core.periods import Period
from survey_service.core.skm import N_
from survey_service.core.statistics import METHOD_VERSION
from survey_service.followup.service import ACTION_STATUS_LABELS, actions_in_period
from survey_service.questionnaires import service as questionnaires
from survey_service.results.aggregates import GroupBy, figures_of, group_sums

LICENCE = "CC BY 4.0"


def _published_numbers(session: Session, unit: Unit, period: Period) -> dict[str, Any]:
    sums = group_sums(
        session, period, [GroupBy.UNIT], unit_ids=[unit.id], elements=True
    )
    figures = figures_of(sums, sums.index_of((unit.id,)))
    summary = figures.summary
    n = summary.n
    version = questionnaires.current_version(session)
    names = (
        {e.code: (e.name_id, e.name_en) for e in version.elements} if version else {}
    )
    elements: list[dict[str, Any]] = [
        {
            "code": e.code,
            "name_id": names.get(e.code, (e.code, e.code))[0],
            "name_en": names.get(e.code, (e.code, e.code))[1],
            "mean": e.mean,
            "low": e.low,
            "high": e.high,
        }
        for e in figures.elements
    ]
    weakest = list(figures.weakest)
    actions = actions_in_period(session, unit, period)
    return {
        "unit": unit.code,
        "unit_name": unit.name,
        "period": period.key,
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "responses": n,
        "enough_data": summary.shown,
        "index": summary.value if summary.shown else None,
        "interval_low": summary.low if summary.shown else None,
        "interval_high": summary.high if summary.shown else None,
        "grade": summary.grade.letter if summary.grade else None,
        "grade_label": summary.grade.label if summary.grade else None,
        "elements": elements,
        "weakest": weakest,
        "actions": [
            {
                "element": a.element_code,
                "action": a.action,
                "status": a.status.value,
                "status_label": ACTION_STATUS_LABELS[a.status],
                "due_date": a.due_date.isoformat() if a.due_date else None,
            }
            for a in actions
        ],
        "method_version": METHOD_VERSION,
        "licence": LICENCE,
    }


def publish(
    session: Session,
    unit: Unit,
    period: Period,
    actor: User,
    today: dt.date,
    note: str | None = None,
) -> Publication:
    """Publish ``period`` for ``unit`` (a period that has ended); audited.

    Publishing again is a correction: the earlier publication stays, superseded.
    """
    _require_ended(period, today)
    previous = current_for(session, unit, period.key)
    if previous is not None and not (note or "").strip():
        raise DomainError(
            N_("Periode ini sudah terbit; koreksi memerlukan catatan alasan")
        )
    now = now_utc()
    publication = Publication(
        unit_id=unit.id,
        period_key=period.key,
        period_start=period.start,
        period_end=period.end,
        published_at=now,
        published_by_id=actor.id,
        note=(note or "").strip()[:300] or None,
        supersedes_id=previous.id if previous else None,
        data=_published_numbers(session, unit, period),
    )
    if previous is not None:
        previous.superseded_at = now
    session.add(publication)
    session.flush()
    audit.record(
        session,
        actor,
        "period.publish",
        f"publication:{publication.id}",
        unit=unit.code,
        period=period.key,
        supersedes=previous.id if previous else None,
    )
    session.commit()
    return publication


def _require_ended(period: Period, today: dt.date) -> None:
    if period.end >= today:
        raise DomainError(
            N_("Periode %(period)s belum selesai; terbitkan setelah %(end)s"),
            period=periods.named(period),
            end=periods.dated(period.end),
        )


def preview(
    session: Session, unit: Unit, period: Period, today: dt.date
) -> dict[str, Any]:
    """Exactly the numbers publishing now would freeze; writes nothing."""
    _require_ended(period, today)
    return _published_numbers(session, unit, period)


def withdraw(
    session: Session, unit: Unit, publication_id: int, actor: User, reason: str
) -> Publication:
    """Take a publication off the public page; the reason is shown publicly."""
    publication = session.get(Publication, publication_id)
    if publication is None or publication.unit_id != unit.id:
        raise NotFoundError(N_("Terbitan tidak ditemukan di unit ini"))
    if publication.withdrawn_at is not None or publication.superseded_at is not None:
        raise DomainError(N_("Terbitan ini sudah tidak berlaku"))
    reason = reason.strip()
    if not reason:
        raise DomainError(
            N_("Tuliskan alasan penarikan; alasan ini tampil untuk publik")
        )
    publication.withdrawn_at = now_utc()
    publication.withdrawn_by_id = actor.id
    publication.withdraw_reason = reason[:300]
    audit.record(
        session,
        actor,
        "period.withdraw",
        f"publication:{publication.id}",
        unit=unit.code,
        period=publication.period_key,
        reason=reason,
    )
    session.commit()
    return publication


def public_actions(
    session: Session, unit: Unit, period: Period
) -> list[dict[str, Any]]:
    """The follow-up actions of a published period with their status *now*: what
    was done about the results is news after publication, not a frozen copy."""
    return [
        {
            "element": a.element_code,
            "action": a.action,
            "status_label": ACTION_STATUS_LABELS[a.status],
            "due_date": a.due_date.isoformat() if a.due_date else None,
        }
        for a in actions_in_period(session, unit, period)
    ]


def in_force(publication: Publication) -> bool:
    return publication.superseded_at is None and publication.withdrawn_at is None


def current_for(session: Session, unit: Unit, period_key: str) -> Publication | None:
    return session.scalar(
        select(Publication).where(
            Publication.unit_id == unit.id,
            Publication.period_key == period_key,
            Publication.superseded_at.is_(None),
            Publication.withdrawn_at.is_(None),
        )
    )


def histories(session: Session, units: list[Unit]) -> dict[int, list[Publication]]:
    """Every publication of each of ``units``, newest period first, superseded
    ones too: one statement however many units (the city page lists them all)."""
    found: dict[int, list[Publication]] = {u.id: [] for u in units}
    if not found:
        return found
    for publication in session.scalars(
        select(Publication)
        .where(Publication.unit_id.in_(list(found)))
        .order_by(Publication.period_end.desc(), Publication.published_at.desc())
    ):
        found[publication.unit_id].append(publication)
    return found


def history(session: Session, unit: Unit) -> list[Publication]:
    """Every publication of the unit, newest period first, superseded ones too."""
    return histories(session, [unit])[unit.id]


def current(session: Session, unit: Unit) -> list[Publication]:
    """The unit's publications in force (not superseded or withdrawn), newest first."""
    return [p for p in history(session, unit) if in_force(p)]
