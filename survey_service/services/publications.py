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

from survey_service import skm
from survey_service.db import utcnow
from survey_service.models import Publication, Unit, User
from survey_service.periods import Period
from survey_service.services import DomainError, audit, questionnaires
from survey_service.services.aggregates import GroupBy, group_sums
from survey_service.services.followup import ACTION_STATUS_LABELS, actions_in_period
from survey_service.statistics import (
    METHOD_VERSION,
    ikm_from_counts,
    summary_from_sums,
    weakest_elements,
)

LICENCE = "CC BY 4.0"


def _published_numbers(session: Session, unit: Unit, period: Period) -> dict[str, Any]:
    sums = group_sums(
        session, period, [GroupBy.UNIT], unit_ids=[unit.id], elements=True
    )
    i = sums.index_of((unit.id,))
    n = int(sums.n[i]) if i is not None else 0
    summary = (
        summary_from_sums(n, int(sums.total_sum[i]), int(sums.total_sumsq[i]))
        if i is not None
        else summary_from_sums(0, 0, 0)
    )
    version = questionnaires.current_version(session)
    names = (
        {e.code: (e.name_id, e.name_en) for e in version.elements} if version else {}
    )
    elements: list[dict[str, Any]] = []
    if summary.shown and i is not None and sums.element_counts is not None:
        ikm = ikm_from_counts(sums.element_counts[i])
        bounds = sums.element_intervals()
        for k, code in enumerate(skm.ELEMENT_CODES):
            mean = ikm.element_means[k]
            elements.append(
                {
                    "code": code,
                    "name_id": names.get(code, (code, code))[0],
                    "name_en": names.get(code, (code, code))[1],
                    "mean": None if mean is None else round(mean, 2),
                    "low": None if mean is None else round(float(bounds.low[i, k]), 2),
                    "high": None
                    if mean is None
                    else round(float(bounds.high[i, k]), 2),
                }
            )
        positions = weakest_elements([e["mean"] for e in elements])
        weakest = [elements[k]["code"] for k in sorted(positions)]
    else:
        weakest = []
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
        "interval_low": round(summary.low, 2)
        if summary.shown and summary.low
        else None,
        "interval_high": round(summary.high, 2)
        if summary.shown and summary.high
        else None,
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
    if period.end >= today:
        raise DomainError(
            f"Periode {period.key} belum selesai; terbitkan setelah "
            f"{period.end:%d-%m-%Y}"
        )
    previous = current_for(session, unit, period.key)
    if previous is not None and not (note or "").strip():
        raise DomainError("Periode ini sudah terbit; koreksi memerlukan catatan alasan")
    now = utcnow()
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


def current_for(session: Session, unit: Unit, period_key: str) -> Publication | None:
    return session.scalar(
        select(Publication).where(
            Publication.unit_id == unit.id,
            Publication.period_key == period_key,
            Publication.superseded_at.is_(None),
        )
    )


def history(session: Session, unit: Unit) -> list[Publication]:
    """Every publication of the unit, newest period first, superseded ones too."""
    return list(
        session.scalars(
            select(Publication)
            .where(Publication.unit_id == unit.id)
            .order_by(Publication.period_end.desc(), Publication.published_at.desc())
        )
    )


def current(session: Session, unit: Unit) -> list[Publication]:
    """The unit's current (not superseded) publications, newest period first."""
    return [p for p in history(session, unit) if p.superseded_at is None]
