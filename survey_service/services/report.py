"""The official SKM report of a unit for a period, as units publish it.

Respondent profile, each element's mean (NRR) and weighted mean, the index and
its conversion, grade and performance label, the weakest elements and the
follow-up plan (Permenpan RB 14/2017), plus the 95% intervals the regulation
does not ask for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey_service import skm
from survey_service.models import FollowUpAction, Response, ResponseStatus, Unit
from survey_service.periods import Period
from survey_service.services import questionnaires
from survey_service.services.aggregates import GroupBy, figures_of, group_sums
from survey_service.services.followup import actions_in_period
from survey_service.services.review import population
from survey_service.skm import N_
from survey_service.statistics import IndexSummary, SampleAdequacy, sample_adequacy

PROFILE_FIELDS = (
    ("age_band", N_("Usia"), skm.AGE_BANDS),
    ("sex", N_("Jenis kelamin"), skm.SEXES),
    ("education", N_("Pendidikan"), skm.EDUCATIONS),
    ("occupation", N_("Pekerjaan"), skm.OCCUPATIONS),
)


@dataclass(frozen=True)
class ElementLine:
    code: str
    name: str
    nrr: float | None
    weighted: float | None  # NRR x 1/9
    low: float | None
    high: float | None
    weakest: bool


@dataclass(frozen=True)
class ProfileTable:
    title: str
    rows: list[tuple[str, int]]  # label, count (with "Tidak diisi")


@dataclass(frozen=True)
class SkmReport:
    unit: Unit
    period: Period
    generated: dt.datetime
    summary: IndexSummary  # value, interval and grade behind their gates
    ikm_1_to_4: float | None  # the index before conversion, as reports show it
    adequacy: SampleAdequacy
    elements: list[ElementLine]
    profile: list[ProfileTable]
    actions: list[FollowUpAction]


def build_report(
    session: Session, unit: Unit, period: Period, generated: dt.datetime
) -> SkmReport:
    """Everything the report shows; every number from SQL sums and the engine."""
    sums = group_sums(
        session, period, [GroupBy.UNIT], unit_ids=[unit.id], elements=True
    )
    figures = figures_of(sums, sums.index_of((unit.id,)))
    version = questionnaires.current_version(session)
    names = {e.code: e.name_id for e in version.elements} if version else {}
    by_code = {e.code: e for e in figures.elements}
    elements = [
        ElementLine(
            code=code,
            name=names.get(code, code),
            nrr=by_code[code].mean if code in by_code else None,
            weighted=by_code[code].weighted if code in by_code else None,
            low=by_code[code].low if code in by_code else None,
            high=by_code[code].high if code in by_code else None,
            weakest=code in by_code and by_code[code].weakest,
        )
        for code in skm.ELEMENT_CODES
    ]
    summary = figures.summary
    return SkmReport(
        unit=unit,
        period=period,
        generated=generated,
        summary=summary,
        ikm_1_to_4=figures.ikm_1_to_4,
        adequacy=sample_adequacy(summary.n, population(session, unit, period)),
        elements=elements,
        profile=_profile(session, unit, period),
        actions=actions_in_period(session, unit, period),
    )


def _profile(session: Session, unit: Unit, period: Period) -> list[ProfileTable]:
    """Respondent profile counts, from one GROUP BY over the four fields."""
    columns = [getattr(Response, name) for name, _, _ in PROFILE_FIELDS]
    rows = session.execute(
        select(*columns, func.count())
        .where(
            Response.unit_id == unit.id,
            Response.status == ResponseStatus.VALID,
            Response.local_date >= period.start,
            Response.local_date <= period.end,
        )
        .group_by(*columns)
    ).all()
    tables = []
    for position, (_, title, options) in enumerate(PROFILE_FIELDS):
        counts: dict[str | None, int] = {}
        for row in rows:
            counts[row[position]] = counts.get(row[position], 0) + row[-1]
        lines = [(label, counts.get(value, 0)) for value, label in options.items()]
        lines.append((N_("Tidak diisi"), counts.get(None, 0)))
        tables.append(ProfileTable(title, lines))
    return tables
