"""The weekly digest: each head's units (and the whole city for admins) in one
email, both as HTML and plain text, in the reader's language, queued once per
user and week through the outbox."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app, g, render_template
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_service.core import outbox, periods, scope
from survey_service.core.models import (
    ActionStatus,
    Alert,
    FollowUpAction,
    OutboxChannel,
    OutboxMessage,
    Role,
    Unit,
    User,
)
from survey_service.core.periods import Period
from survey_service.core.statistics import PeriodFigures
from survey_service.results.aggregates import GroupBy, figures_of, group_sums, sums_of
from survey_service.review import moderation
from survey_service.review import service as review
from survey_service.units.service import units_for
from survey_service.web.urls import public_base, public_url

DIGEST_ROLES = (Role.HEAD, Role.ADMIN, Role.LEADER)


@dataclass(frozen=True)
class UnitDigest:
    unit: Unit
    figures: PeriodFigures
    change: review.Change
    weakest: list[str]  # element codes, lowest first
    alerts_opened: int
    alerts_closed: int
    alerts_overdue: int
    alerts_open: int
    actions_due: list[FollowUpAction]
    actions_open: int
    flagged_waiting: int
    dashboard_url: str
    alerts_url: str


def unit_digests(
    session: Session, units: list[Unit], week: Period, today: dt.date, tz: dt.tzinfo
) -> list[UnitDigest]:
    """What a head should know of each of ``units`` after ``week``, with one
    query a figure for them all (an admin's home page lists every unit)."""
    ids = [u.id for u in units]
    if not ids:
        return []
    this = group_sums(session, week, [GroupBy.UNIT], unit_ids=ids, elements=True)
    before = group_sums(session, periods.previous(week), [GroupBy.UNIT], unit_ids=ids)
    since = dt.datetime.combine(week.start, dt.time(), tz)
    until = dt.datetime.combine(week.end + dt.timedelta(days=1), dt.time(), tz)
    open_alert = Alert.acknowledged_at.is_(None)
    alerts = {
        unit_id: counts
        for unit_id, *counts in session.execute(
            select(
                Alert.unit_id,
                func.count(Alert.id).filter(
                    Alert.created_at >= since, Alert.created_at < until
                ),
                func.count(Alert.id).filter(
                    Alert.acknowledged_at >= since, Alert.acknowledged_at < until
                ),
                func.count(Alert.id).filter(open_alert, Alert.due_on < today),
                func.count(Alert.id).filter(open_alert),
            )
            .where(Alert.unit_id.in_(ids))
            .group_by(Alert.unit_id)
        )
    }
    undone = FollowUpAction.status != ActionStatus.DONE
    actions_open = dict(
        session.execute(
            select(FollowUpAction.unit_id, func.count(FollowUpAction.id))
            .where(FollowUpAction.unit_id.in_(ids), undone)
            .group_by(FollowUpAction.unit_id)
        )
        .tuples()
        .all()
    )
    due: dict[int, list[FollowUpAction]] = {}
    for action in session.scalars(
        select(FollowUpAction)
        .where(
            FollowUpAction.unit_id.in_(ids),
            undone,
            FollowUpAction.due_date <= today + dt.timedelta(days=7),
        )
        .order_by(FollowUpAction.due_date, FollowUpAction.id)
    ):
        due.setdefault(action.unit_id, []).append(action)
    flagged = moderation.flagged_waiting(session, ids)
    digests = []
    for unit in units:
        i, j = this.index_of((unit.id,)), before.index_of((unit.id,))
        figures = figures_of(this, i)
        opened, closed, overdue, still_open = alerts.get(unit.id, (0, 0, 0, 0))
        digests.append(
            UnitDigest(
                unit=unit,
                figures=figures,
                change=review.compare(sums_of(this, i), sums_of(before, j)),
                weakest=list(figures.weakest),
                alerts_opened=int(opened or 0),
                alerts_closed=int(closed or 0),
                alerts_overdue=int(overdue or 0),
                alerts_open=int(still_open or 0),
                actions_due=due.get(unit.id, []),
                actions_open=int(actions_open.get(unit.id) or 0),
                flagged_waiting=flagged.get(unit.id, 0),
                dashboard_url=public_url(
                    "review.dashboard", code=unit.code, period=week.key
                ),
                alerts_url=public_url("main.home") + "#peringatan",
            )
        )
    return digests


def recipients(session: Session) -> list[User]:
    """Active heads, admins and leaders with an email address who want the digest."""
    return list(
        session.scalars(
            select(User)
            .where(
                User.active.is_(True),
                User.role.in_(DIGEST_ROLES),
                User.email.is_not(None),
                User.email != "",
                User.digest_enabled.is_(True),
            )
            .order_by(User.username)
        )
    )


def units_of(session: Session, user: User) -> list[Unit]:
    """The active units in ``user``'s digest: those they may see (core.scope)."""
    return [u for u in units_for(session, user) if u.active]


def digest_key(user: User, week: Period) -> str:
    return f"digest:{user.id}:{week.key}"


@dataclass(frozen=True)
class Planned:
    user: User
    units: list[UnitDigest]
    queued: bool  # False: queued before (or a dry run)


def queue_digests(
    session: Session,
    week: Period,
    today: dt.date,
    tz: dt.tzinfo,
    *,
    dry_run: bool = False,
) -> list[Planned]:
    """Queue this week's digest for every recipient who has not had it; the
    caller commits (a dry run queues nothing)."""
    planned = []
    users = []  # (user, dedupe key, units; None when already sent)
    for user in recipients(session):
        key = digest_key(user, week)
        sent = session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)
        )
        users.append((user, key, None if sent else units_of(session, user)))
    every_unit = {u.id: u for _, _, units in users for u in units or []}
    cache = {
        d.unit.id: d
        for d in unit_digests(session, list(every_unit.values()), week, today, tz)
    }
    for user, key, units in users:
        if units is None:
            planned.append(Planned(user, [], False))
            continue
        digests = [cache[unit.id] for unit in units]
        if not dry_run:
            subject, text, html = render(user, week, digests)
            outbox.enqueue(
                session,
                channel=OutboxChannel.EMAIL,
                recipient=user.email or "",
                subject=subject,
                text=text,
                html=html,
                key=key,
            )
        planned.append(Planned(user, digests, not dry_run))
    return planned


def render(user: User, week: Period, digests: list[UnitDigest]) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one user's digest, in their language.

    Rendered in a request context of its own (the page helpers expect one),
    with the reader's language instead of a visitor's."""
    language = user.language or "id"
    context = {
        "user": user,
        "week": week,
        "digests": digests,
        "city": scope.covers_every_unit(user),
        # Leaders read the city overview, not the units' dashboards.
        "overview_url": public_url("overview.city")
        if user.role is Role.LEADER
        else None,
        "settings_url": public_url("outreach.settings"),
    }
    with (
        current_app.test_request_context(base_url=public_base()),
        force_locale(language),
    ):
        g.language = language  # what the number filter reads
        subject = render_template("outreach/digest_subject.txt", **context).strip()
        text = render_template("outreach/digest.txt", **context)
        html = render_template("outreach/digest.html", **context)
    return " ".join(subject.split()), text, html
