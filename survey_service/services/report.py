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
from survey_service.services.aggregates import GroupBy, group_sums
from survey_service.services.followup import actions_in_period
from survey_service.services.review import population
from survey_service.skm import N_
from survey_service.statistics import (
    Ikm,
    IndexSummary,
    SampleAdequacy,
    ikm_from_counts,
    sample_adequacy,
    summary_from_sums,
    weakest_elements,
)

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
    ikm: Ikm
    summary: IndexSummary
    adequacy: SampleAdequacy
    elements: list[ElementLine]
    profile: list[ProfileTable]
    actions: list[FollowUpAction]

    @property
    def ikm_1_to_4(self) -> float | None:
        """The index before conversion (sum of weighted NRR), as reports show it."""
        if any(e.weighted is None for e in self.elements):
            return None
        return round(sum(e.weighted or 0.0 for e in self.elements), 3)


def build_report(
    session: Session, unit: Unit, period: Period, generated: dt.datetime
) -> SkmReport:
    """Everything the report shows; every number from SQL sums and the engine."""
    sums = group_sums(
        session, period, [GroupBy.UNIT], unit_ids=[unit.id], elements=True
    )
    i = sums.index_of((unit.id,))
    if i is None or sums.element_counts is None:
        counts = None
        summary = summary_from_sums(0, 0, 0)
    else:
        counts = sums.element_counts[i]
        summary = summary_from_sums(
            int(sums.n[i]), int(sums.total_sum[i]), int(sums.total_sumsq[i])
        )
    ikm = ikm_from_counts(counts if counts is not None else [[0] * 4] * 9)
    version = questionnaires.current_version(session)
    names = {e.code: e.name_id for e in version.elements} if version else {}
    bounds = sums.element_intervals() if counts is not None else None
    means = ikm.element_means
    weakest = weakest_elements(means)
    elements = [
        ElementLine(
            code=code,
            name=names.get(code, code),
            nrr=means[k],
            weighted=ikm.weighted_means[k],
            low=float(bounds.low[i, k])
            if bounds is not None and means[k] is not None
            else None,
            high=float(bounds.high[i, k])
            if bounds is not None and means[k] is not None
            else None,
            weakest=k in weakest,
        )
        for k, code in enumerate(skm.ELEMENT_CODES)
    ]
    return SkmReport(
        unit=unit,
        period=period,
        generated=generated,
        ikm=ikm,
        summary=summary,
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
