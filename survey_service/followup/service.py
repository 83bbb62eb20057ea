"""Alerts a head must see, and the follow-up actions (rencana tindak lanjut) taken.

The city's policy asks for corrective action when satisfaction is low: a
response with a 1, a comment on such a response, or a week whose interval lies
wholly below the unit's target raises an alert that stays until a head
acknowledges it, optionally linking the action taken.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from survey_service.core import audit, periods, skm
from survey_service.core.clock import now_utc
from survey_service.core.errors import DomainError, NotFoundError
from survey_service.core.models import (
    ActionStatus,
    Alert,
    AlertKind,
    Counter,
    FollowUpAction,
    Response,
    Unit,
    User,
)
from survey_service.core.periods import Period
from survey_service.core.skm import N_
from survey_service.core.statistics import reader_number
from survey_service.followup import callbacks
from survey_service.results.aggregates import GroupBy, group_sums

log = logging.getLogger(__name__)

ACTION_STATUS_LABELS = {
    ActionStatus.PLANNED: N_("Direncanakan"),
    ActionStatus.IN_PROGRESS: N_("Sedang berjalan"),
    ActionStatus.DONE: N_("Selesai"),
}


DEFAULT_ALERT_DUE_WORKING_DAYS = 3

# Why an alert happened, chosen by the head who closes it (with free text).
ROOT_CAUSES = {
    "waiting": N_("Antrean atau waktu tunggu"),
    "staff": N_("Sikap atau kompetensi petugas"),
    "requirements": N_("Persyaratan atau prosedur tidak jelas"),
    "facilities": N_("Sarana dan prasarana"),
    "system": N_("Sistem atau jaringan bermasalah"),
    "cost": N_("Biaya atau pungutan"),
    "citizen": N_("Di luar kendali unit"),
    "other": N_("Lainnya"),
}


def due_date(opened: dt.date, working_days: int) -> dt.date:
    """``working_days`` working days (Monday to Friday) after ``opened``.
    National holidays are not known to the service; a unit that loses days to
    them can give itself more (Unit.alert_due_working_days)."""
    day, left = opened, max(0, working_days)
    while left:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def _working_days(unit: Unit) -> int:
    return unit.alert_due_working_days or DEFAULT_ALERT_DUE_WORKING_DAYS


# What each kind of alert says; ``params`` of the alert fill the placeholders
# (numbers and the week are formatted for the reader where it is shown).
ALERT_MESSAGES = {
    AlertKind.LOW_SCORE: N_("Nilai 1 pada %(elements)s di %(counter)s"),
    AlertKind.LOW_SCORE_COMMENT: N_(
        "Nilai 1 pada %(elements)s di %(counter)s dengan komentar"
    ),
    AlertKind.WEEK_BELOW_TARGET: N_(
        "%(week)s: indeks %(value)s dengan interval %(low)s–%(high)s seluruhnya "
        "di bawah target %(target)s"
    ),
}


def alert_words(
    kind: AlertKind, params: dict[str, Any], language: str
) -> dict[str, Any]:
    """The alert's parts as a reader of ``language`` reads them: the week as
    people say it and the figures in their number format."""
    if kind is not AlertKind.WEEK_BELOW_TARGET:
        return params
    figures = ("value", "low", "high", "target")
    return {
        "week": periods.label(periods.parse_period(params["week"]), language),
        **{name: reader_number(params[name], language) for name in figures},
    }


def alert_for_response(response: Response, counter: Counter) -> Alert | None:
    """The alert a freshly stored response raises, if any (not yet added), due
    the unit's number of working days after the day of the rating."""
    values = alert_values(
        response.scores, response.comment, response.local_date, counter
    )
    return None if values is None else Alert(**values, response_id=response.id)


def alert_values(
    scores: Mapping[str, int], comment: str | None, day: dt.date, counter: Counter
) -> dict[str, Any] | None:
    """The columns of the alert that a response with ``scores`` and
    ``comment``, given on ``day`` at ``counter``, raises; None when it raises
    none (no element rated 1)."""
    ones = skm.low_elements(scores)
    if not ones:
        return None
    kind = AlertKind.LOW_SCORE_COMMENT if comment else AlertKind.LOW_SCORE
    params = {"elements": ", ".join(ones), "counter": counter.name}
    return {
        "unit_id": counter.unit_id,
        "kind": kind,
        "message": (ALERT_MESSAGES[kind] % params)[:300],
        "params": params,
        "due_on": due_date(day, _working_days(counter.unit)),
    }


def raise_week_alerts(session: Session, units: Iterable[Unit], week: Period) -> int:
    """Alert each unit whose ``week`` interval lies wholly below its target.

    Idempotent (one alert per unit and week); adds the alerts to ``session``
    and returns how many, the caller commits. Called when the first response
    of a new week reaches a unit (``check_ended_week``), when a reviewer
    includes a flagged response, and by ``flask alerts check`` (cron): never
    by viewing a page.
    """
    units = list(units)
    if not units:
        return 0
    sums = group_sums(session, week, [GroupBy.UNIT], unit_ids=[u.id for u in units])
    summaries = dict(zip([k[0] for k in sums.keys], sums.summaries(), strict=True))
    raised = 0
    for unit in units:
        summary = summaries.get(unit.id)
        if summary is None or not summary.shown or summary.high is None:
            continue
        if summary.high >= unit.target_index:
            continue
        already = session.scalar(
            select(
                exists().where(
                    Alert.unit_id == unit.id,
                    Alert.kind == AlertKind.WEEK_BELOW_TARGET,
                    Alert.week_start == week.start,
                )
            )
        )
        if not already:
            raised += 1
            params = {
                "week": week.key,
                "value": summary.value,
                "low": summary.low,
                "high": summary.high,
                "target": unit.target_index,
            }
            kind = AlertKind.WEEK_BELOW_TARGET
            session.add(
                Alert(
                    unit_id=unit.id,
                    kind=AlertKind.WEEK_BELOW_TARGET,
                    week_start=week.start,
                    # Opened on the Monday after the week, whenever it is noticed.
                    due_on=due_date(
                        week.end + dt.timedelta(days=1), _working_days(unit)
                    ),
                    message=ALERT_MESSAGES[kind] % alert_words(kind, params, "id"),
                    params=params,
                )
            )
    return raised


# (unit id, week start) pairs this process has already checked: the check runs
# once per unit and ended week per process, not on every response.
_checked_weeks: set[tuple[int, dt.date]] = set()


def check_ended_week(session: Session, unit_id: int, today: dt.date) -> None:
    """After a response to ``unit`` is stored: check the last complete week once.

    Runs in its own transaction after the response is committed, so a failure
    here is logged and never costs the citizen's response.
    """
    week = periods.last_complete_week(today)
    key = (unit_id, week.start)
    if key in _checked_weeks:
        return
    try:
        unit = session.get(Unit, unit_id)
        if unit is not None:
            raise_week_alerts(session, [unit], week)
            session.commit()
    except SQLAlchemyError:
        session.rollback()
        log.warning("week alert check for unit %s failed", unit_id, exc_info=True)
        return
    _checked_weeks.add(key)


def open_alerts(session: Session, unit_ids: Iterable[int] | None) -> list[Alert]:
    """Unacknowledged alerts, newest first; ``unit_ids`` None means every unit."""
    query = select(Alert).where(Alert.acknowledged_at.is_(None))
    if unit_ids is not None:
        query = query.where(Alert.unit_id.in_(list(unit_ids)))
    return list(session.scalars(query.order_by(Alert.created_at.desc()).limit(200)))


def acknowledge(
    session: Session,
    alert_id: int,
    actor: User,
    allowed_units: Collection[int] | None,
    action_id: int | None = None,
    *,
    root_cause: str = "",
    root_cause_note: str = "",
    no_action_reason: str = "",
) -> Alert:
    """Close an alert: a root cause from ROOT_CAUSES (and a note for "other")
    and either a follow-up action of the unit or a reason why none is needed.
    How long it stayed open is kept (created_at to acknowledged_at)."""
    alert = session.get(Alert, alert_id)
    if alert is None or (
        allowed_units is not None and alert.unit_id not in allowed_units
    ):
        raise NotFoundError(N_("Peringatan tidak ditemukan"))
    if alert.acknowledged_at is not None:
        raise DomainError(N_("Peringatan ini sudah ditindaklanjuti"))
    if root_cause not in ROOT_CAUSES:
        raise DomainError(N_("Pilih akar masalah sebelum menutup peringatan"))
    note = root_cause_note.strip()
    if root_cause == "other" and not note:
        raise DomainError(N_("Jelaskan akar masalah 'Lainnya'"))
    reason = no_action_reason.strip()
    if action_id is None and not reason:
        raise DomainError(
            N_("Tautkan tindak lanjut, atau tulis mengapa tidak perlu tindak lanjut")
        )
    if action_id is not None:
        action = session.get(FollowUpAction, action_id)
        if action is None or action.unit_id != alert.unit_id:
            raise NotFoundError(N_("Tindak lanjut tidak ditemukan di unit ini"))
        alert.follow_up_action_id = action.id
    alert.root_cause = root_cause
    alert.root_cause_note = note[:2000] or None
    alert.no_action_reason = None if action_id is not None else reason[:2000]
    alert.acknowledged_at = now_utc()
    alert.acknowledged_by_id = actor.id
    if alert.response_id is not None:
        callbacks.forget(session, alert.response_id)  # kept no longer than needed
    audit.record(
        session,
        actor,
        "alert.acknowledge",
        f"alert:{alert.id}",
        follow_up_action=action_id,
        root_cause=root_cause,
        hours_open=round(
            (alert.acknowledged_at - alert.created_at).total_seconds() / 3600, 1
        ),
    )
    session.commit()
    return alert


def is_overdue(alert: Alert, today: dt.date) -> bool:
    return (
        alert.acknowledged_at is None
        and alert.due_on is not None
        and alert.due_on < today
    )


_LAPOR_ID = re.compile(r"^[A-Z0-9][A-Z0-9-]{3,39}$")


def lapor_tracking_id(text: str | None) -> str | None:
    """A SP4N-LAPOR! tracking id as typed ("#1234567", " 1234567 "), or None
    when empty; refuses anything else with a message."""
    cleaned = (text or "").strip().lstrip("#").strip().upper()
    if not cleaned:
        return None
    if not _LAPOR_ID.match(cleaned):
        raise DomainError(
            N_(
                "Nomor pelacakan SP4N-LAPOR! hanya berisi angka, "
                "huruf dan tanda hubung (4–40 karakter)"
            )
        )
    return cleaned


def create_action(
    session: Session,
    unit: Unit,
    *,
    period: Period,
    action: str,
    owner: str,
    element_code: str | None,
    counter_id: int | None,
    due_date: dt.date | None,
    actor: User,
    lapor_id: str | None = None,
) -> FollowUpAction:
    """Record a follow-up action against an element or a counter for a period,
    optionally answering a SP4N-LAPOR! complaint (its tracking id)."""
    if element_code is not None and element_code not in skm.ELEMENT_CODES:
        raise DomainError(N_("Unsur tidak dikenal"))
    if (
        counter_id is not None
        and session.scalar(select(Counter.unit_id).where(Counter.id == counter_id))
        != unit.id
    ):
        raise NotFoundError(N_("Loket tidak ditemukan di unit ini"))
    if not action.strip() or not owner.strip():
        raise DomainError(N_("Isi tindakan dan penanggung jawabnya"))
    record = FollowUpAction(
        unit_id=unit.id,
        element_code=element_code,
        counter_id=counter_id,
        period_start=period.start,
        period_end=period.end,
        action=action.strip(),
        owner=owner.strip(),
        due_date=due_date,
        lapor_tracking_id=lapor_tracking_id(lapor_id),
        created_by_id=actor.id,
    )
    session.add(record)
    session.flush()
    audit.record(
        session,
        actor,
        "action.create",
        f"action:{record.id}",
        unit=unit.code,
        element=element_code,
    )
    session.commit()
    return record


def update_action(
    session: Session,
    unit: Unit,
    action_id: int,
    *,
    status: ActionStatus,
    outcome_note: str | None,
    actor: User,
    today: dt.date,
    lapor_id: str | None = None,
) -> FollowUpAction:
    """Change an action's status; the day it becomes done is kept (done on
    time: ``completed_on <= due_date``). An empty ``lapor_id`` keeps the one
    recorded."""
    record = session.get(FollowUpAction, action_id)
    if record is None or record.unit_id != unit.id:
        raise NotFoundError(N_("Tindak lanjut tidak ditemukan di unit ini"))
    tracking = lapor_tracking_id(lapor_id)
    if tracking is not None:
        record.lapor_tracking_id = tracking
    if status is ActionStatus.DONE and record.status is not ActionStatus.DONE:
        record.completed_on = today
    elif status is not ActionStatus.DONE:
        record.completed_on = None
    record.status = status
    if outcome_note is not None and outcome_note.strip():
        record.outcome_note = outcome_note.strip()
    audit.record(
        session, actor, "action.update", f"action:{record.id}", status=status.value
    )
    session.commit()
    return record


def actions_in_period(
    session: Session, unit: Unit, period: Period
) -> list[FollowUpAction]:
    """The unit's actions whose period overlaps ``period`` (for reports)."""
    return list(
        session.scalars(
            select(FollowUpAction)
            .where(
                FollowUpAction.unit_id == unit.id,
                FollowUpAction.period_start <= period.end,
                FollowUpAction.period_end >= period.start,
            )
            .order_by(FollowUpAction.element_code, FollowUpAction.id)
        )
    )


def actions_for(session: Session, unit: Unit, until: dt.date) -> list[FollowUpAction]:
    """Actions of the unit that are still open, or whose period reaches ``until``'s
    quarter: what a head reads next to this period's numbers."""
    recent = periods.period_containing("quarter", until).start
    return list(
        session.scalars(
            select(FollowUpAction)
            .where(
                FollowUpAction.unit_id == unit.id,
                FollowUpAction.period_start <= until,
                or_(
                    FollowUpAction.status != ActionStatus.DONE,
                    FollowUpAction.period_end >= recent,
                ),
            )
            .order_by(FollowUpAction.period_start.desc(), FollowUpAction.id.desc())
        )
    )
