"""A demo of Kota Sawahlunto: units, counters, staff, rosters and responses.

Idempotent: what already exists is left alone, so running it twice changes
nothing. The numbers are synthetic but shaped like real SKM data: answers pile
up at 3 and 4, some counters and staff are clearly weaker, and one element
(U3, completion time) is clearly the weakest.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from typing import cast
from zoneinfo import ZoneInfo

from sqlalchemy import exists, insert, select
from sqlalchemy.orm import Session

from survey_service import results as rollups
from survey_service.accounts import service as accounts
from survey_service.collection.responses import response_row
from survey_service.core import periods, skm
from survey_service.core.models import (
    Channel,
    Counter,
    DutyAssignment,
    Employee,
    Response,
    Role,
    ServiceType,
    ServiceVolume,
    Unit,
    User,
    VolumeSource,
)
from survey_service.demo import loop, questionnaire
from survey_service.demo.data import (
    BAD_COMMENTS,
    ELEMENT_EFFECT,
    FAMILY,
    GIVEN_FEMALE,
    GIVEN_MALE,
    GOOD_COMMENTS,
    POSITIONS,
    UNITS,
    WEAK_COUNTERS,
)
from survey_service.questionnaires import service as questionnaires

WEEKS = 12
SEED = 14_2017  # Permenpan RB 14/2017

DEMO_PASSWORD = "sawahlunto-2026"  # noqa: S105 - printed demo login, refused in production
DEMO_USERS = (
    ("admin", Role.ADMIN, (), None),
    ("kepala.dukcapil", Role.HEAD, ("DUKCAPIL",), None),
    ("penilai", Role.EVALUATOR, ("DUKCAPIL", "DPMPTSP", "RSUD"), None),
    ("petugas", Role.STAFF, (), 0),  # the first employee of DUKCAPIL
    ("pimpinan", Role.LEADER, (), None),  # the city overview, read only
)


@dataclass(frozen=True)
class SeedReport:
    created_units: int
    created_employees: int
    created_responses: int
    logins: tuple[tuple[str, str, str], ...]  # (username, role, password)


# The first demo employee (DUKCAPIL, the `petugas` login), named in the README.
EXAMPLE_NIP = "198503122010011001"


def _nip(rng: random.Random, sequence: int) -> str:
    born = dt.date(1968, 1, 1) + dt.timedelta(days=rng.randrange(365 * 30))
    appointed = born.year + rng.randint(22, 30)
    sex = rng.choice("12")
    return f"{born:%Y%m%d}{appointed}{rng.randint(1, 12):02d}{sex}{sequence:03d}"


def _create_units(session: Session, rng: random.Random) -> tuple[list[Unit], int]:
    """The demo units that do not exist yet, with counters, services and staff."""
    units: list[Unit] = []
    employees = 0
    sequence = 1
    for code, name, address, counters, services in UNITS:
        if session.scalar(select(exists().where(Unit.code == code))):
            continue
        unit = Unit(code=code, name=name, address=address, target_index=80.0)
        session.add(unit)
        for suffix, counter_name, location in counters:
            session.add(
                Counter(
                    unit=unit,
                    code=f"{code}-{suffix}",
                    name=counter_name,
                    location=location,
                )
            )
        for service_code, service_name in services:
            session.add(ServiceType(unit=unit, code=service_code, name=service_name))
        for _ in range(len(counters) * 2 + 1):
            nip = _nip(rng, sequence)
            if sequence == 1:
                nip = EXAMPLE_NIP  # the README's examples name this employee
            sequence += 1
            given = GIVEN_MALE if nip[14] == "1" else GIVEN_FEMALE
            session.add(
                Employee(
                    nip=nip,
                    unit=unit,
                    position=rng.choice(POSITIONS),
                    name=f"{rng.choice(given)} {rng.choice(FAMILY)}",
                )
            )
            employees += 1
        units.append(unit)
    session.flush()
    return units, employees


def _demo_days(today: dt.date) -> list[dt.date]:
    """Weekdays of the twelve complete weeks before this one, and this week so far."""
    first = periods.week_start(today) - dt.timedelta(weeks=WEEKS)
    days = (first + dt.timedelta(days=i) for i in range((today - first).days))
    return [d for d in days if d.weekday() < 5]


def _scores(rng: random.Random, quality: float) -> dict[str, int]:
    person = rng.gauss(quality, 0.45)  # one person's mood: the nine are correlated
    scores = {}
    for code in skm.ELEMENT_CODES:
        latent = 3.35 + person + ELEMENT_EFFECT[code] + rng.gauss(0, 0.45)
        scores[code] = min(4, max(1, round(latent)))
    return scores


def _profile(rng: random.Random) -> dict[str, str | None]:
    if rng.random() < 0.3:  # the profile is optional; many skip it
        return {"age_band": None, "sex": None, "education": None, "occupation": None}
    return {
        "age_band": rng.choices(list(skm.AGE_BANDS), weights=(2, 5, 4, 2))[0],
        "sex": rng.choice(list(skm.SEXES)),
        "education": rng.choices(
            list(skm.EDUCATIONS), weights=(1, 3, 5, 10, 4, 6, 2, 1)
        )[0],
        "occupation": rng.choices(list(skm.OCCUPATIONS), weights=(2, 1, 5, 5, 3, 4))[0],
    }


def _create_activity(
    session: Session,
    rng: random.Random,
    units: list[Unit],
    tz: ZoneInfo,
    today: dt.date,
) -> int:
    """Daily duty shifts and the responses given at each counter of ``units``."""
    questionnaire = questionnaires.ensure_baseline(session)
    days = _demo_days(today)
    rows: list[dict[str, object]] = []
    for unit in units:
        staff = list(unit.employees)
        # A few staff are clearly weaker or stronger than their colleagues.
        quality = {e.id: rng.choice((0.0, 0.0, 0.0, 0.15, -0.2)) for e in staff}
        quality[staff[-1].id] = -0.7
        services = list(unit.service_types)
        for index, counter in enumerate(unit.counters):
            team = staff[index * 2 : index * 2 + 2] or staff[:1]
            base = WEAK_COUNTERS.get(counter.code, 0.0)
            for day in days:
                on_duty = team[(day.toordinal() // 7) % len(team)]
                if day.weekday() == 4 and len(staff) > len(team):
                    on_duty = staff[-1]  # Friday cover by the weakest colleague
                opens = dt.datetime.combine(day, dt.time(8), tz)
                session.add(
                    DutyAssignment(
                        employee_id=on_duty.id,
                        counter_id=counter.id,
                        starts_at=opens,
                        ends_at=opens + dt.timedelta(hours=8, minutes=30),
                    )
                )
                for _ in range(max(0, round(rng.gauss(9, 3)))):
                    at = opens + dt.timedelta(minutes=rng.randrange(8 * 60 + 30))
                    scores = _scores(rng, base + quality[on_duty.id])
                    low = min(scores.values()) <= 2
                    comment = None
                    if rng.random() < (0.35 if low else 0.08):
                        comment = rng.choice(BAD_COMMENTS if low else GOOD_COMMENTS)
                    rows.append(
                        response_row(
                            scores=scores,
                            submitted_at=at,
                            tz=tz,
                            unit_id=unit.id,
                            counter_id=counter.id,
                            employee_id=on_duty.id,
                            service_type_id=rng.choice(services).id,
                            questionnaire_id=questionnaire.id,
                            channel=rng.choices(
                                (Channel.POSTER, Channel.KIOSK), weights=(8, 2)
                            )[0],
                            comment=comment,
                            **_profile(rng),
                        )
                    )
    if rows:
        session.execute(insert(Response), rows)
    _create_volumes(session, units, rows, days)
    return len(rows)


def _create_volumes(
    session: Session,
    units: list[Unit],
    rows: list[dict[str, object]],
    days: list[dt.date],
) -> None:
    """Monthly transactions served: about three for every response received."""
    months = sorted(
        {periods.period_containing("month", d) for d in days}, key=lambda p: p.start
    )
    for unit in units:
        for month in months:
            answered = sum(
                1
                for r in rows
                if r["unit_id"] == unit.id
                and month.contains(cast(dt.date, r["local_date"]))
            )
            session.add(
                ServiceVolume(
                    unit_id=unit.id,
                    period_start=month.start,
                    period_end=month.end,
                    transactions=math.ceil(answered * 3.2),
                    source=VolumeSource.MANUAL,
                )
            )


def _create_users(session: Session) -> tuple[tuple[str, str, str], ...]:
    logins = []
    for username, role, unit_codes, employee_index in DEMO_USERS:
        logins.append((username, role.value, DEMO_PASSWORD))
        if session.scalar(select(exists().where(User.username == username))):
            continue
        nip = None
        if employee_index is not None:
            nip = session.scalar(
                select(Employee.nip)
                .join(Unit)
                .where(Unit.code == "DUKCAPIL")
                .order_by(Employee.id)
                .offset(employee_index)
                .limit(1)
            )
        accounts.create_user(
            session,
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            unit_codes=unit_codes,
            employee_nip=nip,
            actor="seed-demo",
        )
    return tuple(logins)


def existing_logins(session: Session) -> tuple[tuple[str, str, str], ...]:
    """The demo accounts present in the database, as (username, role, password)."""
    names = [username for username, *_ in DEMO_USERS]
    users = session.scalars(select(User).where(User.username.in_(names)))
    return tuple((u.username, u.role.value, DEMO_PASSWORD) for u in users)


def seed_demo(session: Session, tz: ZoneInfo, today: dt.date) -> SeedReport:
    """Create whatever of the demo city is missing; commit; say what was made."""
    rng = random.Random(SEED)  # noqa: S311 - synthetic data, not security
    questionnaires.ensure_baseline(session)
    new_units, new_employees = _create_units(session, rng)
    loop.sign(new_units)
    responses = _create_activity(session, rng, new_units, tz, today)
    for unit in new_units:
        if unit.code == "DUKCAPIL":
            loop.newcomer(session, unit, today)
    logins = _create_users(session)
    for unit in new_units:
        if unit.code == "DUKCAPIL":
            questionnaire.own_questionnaire(session, unit, tz, today, rng)
    rollups.rebuild(session, today)  # the responses were inserted in bulk
    session.commit()
    _publish_demo(session, new_units, today)
    if new_units:
        loop.close_the_loop(session, new_units, today, rng)
    return SeedReport(len(new_units), new_employees, responses, logins)


def _publish_demo(session: Session, units: list[Unit], today: dt.date) -> None:
    """Follow-up actions on the weakest element and four published weeks, so the
    review and public pages of a new demo are not empty."""
    if not units:
        return
    from survey_service.followup import service as followup
    from survey_service.publishing import service as publications

    head = session.scalar(select(User).where(User.username == "kepala.dukcapil"))
    admin = session.scalar(select(User).where(User.username == "admin"))
    last = periods.last_complete_week(today)
    for unit in units:
        if unit.code == "DUKCAPIL" and head is not None:
            followup.create_action(
                session,
                unit,
                period=periods.period_containing("month", last.start),
                action="Menambah satu petugas perekaman KTP-el pada jam 09.00–12.00",
                owner="Kepala Seksi Pelayanan",
                element_code="U3",
                counter_id=None,
                due_date=last.end + dt.timedelta(days=30),
                actor=head,
            )
        if admin is None:
            continue
        for weeks_back in (3, 2, 1, 0):
            week = periods.period_containing(
                "week", last.start - dt.timedelta(weeks=weeks_back)
            )
            publications.publish(session, unit, week, admin, today)
