"""The demo city's loop, closed the way a working office closes it: heads who
sign, alerts open, overdue and closed with their causes, actions in every
status, a newcomer below the appraisal gate, and a closed month.

So that every page a visitor opens after `make run` shows what it is for.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from survey_service.appraisal import service as appraisal
from survey_service.core import periods, skm
from survey_service.core.models import (
    ActionStatus,
    Alert,
    AlertKind,
    Counter,
    Employee,
    Response,
    ResponseStatus,
    Unit,
    User,
)
from survey_service.followup import service as followup

HEAD_NAMES = (
    "Drs. Hendra Saputra, M.Si.",
    "Yenni Marlina, S.E., M.M.",
    "dr. Ahmad Fauzi, Sp.PD.",
    "Rahmat Hidayat, S.Sos.",
    "Ir. Nofrizal, M.T.",
    "Sri Wahyuni, S.Kom.",
    "Zulfikar, S.IP., M.AP.",
)
ALERT_DAYS = 21  # ratings of a 1 in this many recent days raise the demo's alerts
LEFT_OVERDUE = 2  # per unit, past their deadline and still open
LEFT_OPEN = 3  # per unit, the newest, still within their deadline
NEWCOMER_RESPONSES = 6  # below the appraisal gate of 10: "tidak dapat dinilai"
CAUSES = ("waiting", "staff", "requirements", "facilities", "system")


def head_nip(k: int) -> str:
    """A well-formed NIP for the k-th head: birth date, appointment month,
    sex and a sequence number."""
    birth = f"19{68 + k % 10:02d}{1 + k % 12:02d}{10 + k % 18:02d}"
    return f"{birth}{1995 + k % 20}{1 + (k * 5) % 12:02d}{1 + k % 2}{k + 1:03d}"


def sign(units: list[Unit]) -> None:
    """Every demo unit has a head who signs its SKM report."""
    for k, unit in enumerate(units):
        unit.head_name = HEAD_NAMES[k % len(HEAD_NAMES)]
        unit.head_nip = head_nip(k)


def newcomer(session: Session, unit: Unit, today: dt.date) -> None:
    """An employee who joined last week: a handful of ratings this quarter,
    so the appraisal page shows the gate ("tidak dapat dinilai")."""
    person = Employee(
        nip=head_nip(40),
        unit_id=unit.id,
        name="Rina Oktaviani",
        position="Pengadministrasi Kependudukan",
    )
    session.add(person)
    session.flush()
    week = periods.last_complete_week(today)
    recent = session.scalars(
        select(Response.id)
        .where(
            Response.unit_id == unit.id,
            Response.local_date >= week.start,
            Response.local_date <= week.end,
        )
        .order_by(Response.id)
        .limit(NEWCOMER_RESPONSES)
    ).all()
    session.execute(
        update(Response).where(Response.id.in_(recent)).values(employee_id=person.id)
    )


def _raise_alerts(session: Session, unit: Unit, today: dt.date) -> list[Alert]:
    """The alerts the recent ratings of a 1 would have raised, as of when they
    were given (so the older ones are past their deadline)."""
    since = today - dt.timedelta(days=ALERT_DAYS)
    ones = or_(*(getattr(Response, c.lower()) == 1 for c in skm.ELEMENT_CODES))
    counters = {c.id: c for c in session.scalars(select(Counter))}
    raised = []
    for response in session.scalars(
        select(Response)
        .where(
            Response.unit_id == unit.id,
            Response.status == ResponseStatus.VALID,
            Response.local_date >= since,
            ones,
        )
        .order_by(Response.submitted_at)
    ):
        alert = followup.alert_for_response(response, counters[response.counter_id])
        if alert is not None:
            alert.created_at = response.submitted_at
            session.add(alert)
            raised.append(alert)
    session.flush()
    return raised


def close_the_loop(
    session: Session, units: list[Unit], today: dt.date, rng: random.Random
) -> None:
    """Alerts and actions of the demo, and last month closed for appraisal."""
    head = session.scalar(select(User).where(User.username == "kepala.dukcapil"))
    evaluator = session.scalar(select(User).where(User.username == "penilai"))
    if head is None:
        return
    month = periods.period_containing("month", periods.last_complete_week(today).start)
    dukcapil = next((u for u in units if u.code == "DUKCAPIL"), None)
    dukcapil_id = dukcapil.id if dukcapil is not None else None
    actions = []
    if dukcapil is not None:
        for text, element, status, note in (
            ("Menata ulang alur antrean dengan nomor antrean daring", "U3",
             ActionStatus.IN_PROGRESS, None),
            ("Memasang papan persyaratan di setiap loket", "U1",
             ActionStatus.DONE, "Papan terpasang di tiga loket"),
            ("Pelatihan pelayanan prima untuk petugas baru", "U7",
             ActionStatus.PLANNED, None),
        ):  # fmt: skip
            action = followup.create_action(
                session,
                dukcapil,
                period=month,
                action=text,
                owner="Kepala Seksi Pelayanan",
                element_code=element,
                counter_id=None,
                due_date=today + dt.timedelta(days=rng.randrange(10, 40)),
                actor=head,
            )
            if status is not ActionStatus.PLANNED:
                followup.update_action(
                    session,
                    dukcapil,
                    action.id,
                    status=status,
                    outcome_note=note,
                    actor=head,
                    today=today,
                )
            actions.append(action)
    admin = session.scalar(select(User).where(User.username == "admin"))
    for unit in units:
        alerts = _raise_alerts(session, unit, today)
        session.commit()
        # Most alerts were closed with a cause; a couple were let lie past
        # their deadline (overdue); the newest wait (open, within it).
        late = [a for a in alerts if a.due_on is not None and a.due_on < today]
        waiting = {a.id for a in late[-LEFT_OVERDUE:] + alerts[-LEFT_OPEN:]}
        closer = head if unit is dukcapil else admin or head
        for k, alert in enumerate(a for a in alerts if a.id not in waiting):
            linked = actions[k % len(actions)].id if actions and k % 3 == 0 else None
            followup.acknowledge(
                session,
                alert.id,
                closer,
                None,
                linked if unit is dukcapil else None,
                root_cause=CAUSES[k % len(CAUSES)],
                no_action_reason=""
                if linked and unit is dukcapil
                else "Sudah dijelaskan kepada warga di tempat",
            )
    last = periods.last_complete_week(today)
    for weeks_back in range(4):
        day = last.start - dt.timedelta(weeks=weeks_back)
        followup.raise_week_alerts(
            session, units, periods.period_containing("week", day)
        )
    session.commit()
    # A week below target is discussed at the next weekly meeting: only the
    # latest one of each unit still waits.
    newest: dict[int, Alert] = {}
    for alert in session.scalars(
        select(Alert)
        .where(Alert.kind == AlertKind.WEEK_BELOW_TARGET)
        .order_by(Alert.week_start.desc())
    ):
        if alert.unit_id not in newest:
            newest[alert.unit_id] = alert
            continue
        followup.acknowledge(
            session,
            alert.id,
            head,
            None,
            actions[0].id if actions and alert.unit_id == dukcapil_id else None,
            root_cause="waiting",
            no_action_reason="Dibahas dalam rapat evaluasi mingguan",
        )
    if evaluator is not None and dukcapil is not None:
        previous = periods.previous(periods.period_containing("month", today))
        appraisal.close_period(session, previous, evaluator, [dukcapil], today)
