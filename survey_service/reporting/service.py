"""The official SKM report of a unit for a period, as units publish it.

Respondent profile, each element's mean (NRR) and weighted mean, the index and
its conversion, grade and performance label, the weakest elements and the
follow-up plan (Permenpan RB 14/2017), plus the 95% intervals the regulation
does not ask for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_service import results as rollups
from survey_service.core import audit, periods, skm
from survey_service.core.errors import DomainError
from survey_service.core.models import (
    Channel,
    FollowUpAction,
    ReportDetail,
    Unit,
    User,
)
from survey_service.core.models.rollups import (
    CHANNEL_COLUMNS,
    PROFILE_COLUMNS,
    channel_column,
)
from survey_service.core.periods import Period
from survey_service.core.skm import N_
from survey_service.core.statistics import (
    IndexSummary,
    SampleAdequacy,
    sample_adequacy,
    summary_from_sums,
)
from survey_service.followup.service import actions_in_period
from survey_service.questionnaires import results as own_results
from survey_service.questionnaires import service as questionnaires
from survey_service.questionnaires.service import OwnQuestion
from survey_service.results.aggregates import (
    GroupBy,
    figures_of,
    group_sums,
    version_spans,
)
from survey_service.review.service import population

PROFILE_FIELDS = (
    ("age_band", N_("Usia"), skm.AGE_BANDS),
    ("sex", N_("Jenis kelamin"), skm.SEXES),
    ("education", N_("Pendidikan"), skm.EDUCATIONS),
    ("occupation", N_("Pekerjaan"), skm.OCCUPATIONS),
    ("time_slot", N_("Waktu survei"), skm.TIME_SLOTS),
)


@dataclass(frozen=True)
class ElementLine:
    code: str
    name: str  # Bahasa Indonesia, as in the formal report
    name_en: str
    nrr: float | None
    weighted: float | None  # NRR x 1/9
    low: float | None
    high: float | None
    weakest: bool

    def name_in(self, language: str) -> str:
        return self.name_en if language == "en" else self.name


CHANNEL_LABELS = {
    Channel.POSTER: N_("kode QR di loket"),
    Channel.TICKET: N_("tiket survei sekali pakai"),
    Channel.KIOSK: N_("tablet kiosk"),
}
TREND_PERIODS = 4  # the report's period and the three before it
STRENGTHS = 3  # the best elements the analysis names


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    summary: IndexSummary


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
    previous_period: Period
    previous_actions: list[FollowUpAction]  # the plan of the period before
    detail: ReportDetail | None  # the public consultation forum, if recorded
    channels: list[tuple[str, int]]  # how answers came (label, valid count)
    trend: list[TrendPoint]  # this period and the ones before, oldest first
    questionnaire: tuple[skm.ElementText, ...]  # the nine questions as asked
    own_asked: tuple[OwnQuestion, ...]  # the unit's own questions as asked
    own_questions: list[own_results.QuestionResult]  # their results (not IKM)
    versions: list[own_results.VersionSpan]  # more than one: wording changed

    @property
    def sample_note(self) -> tuple[str, dict[str, int]]:
        """What the sample size means, as (message, parameters) for gettext or
        ``%``: too small is said plainly."""
        a = self.adequacy
        if a.required is None:
            return SAMPLE_UNKNOWN, {"n": a.responses}
        if not a.adequate:
            return SAMPLE_TOO_SMALL, {
                "n": a.responses,
                "required": a.required,
                "population": a.population or 0,
            }
        return SAMPLE_ENOUGH, {
            "n": a.responses,
            "required": a.required,
            "population": a.population or 0,
        }

    @property
    def weakest(self) -> list[ElementLine]:
        return [e for e in self.elements if e.weakest]

    @property
    def strengths(self) -> list[ElementLine]:
        """The best-rated elements (not among the weakest), best first."""
        rated = [e for e in self.elements if e.nrr is not None and not e.weakest]
        return sorted(rated, key=lambda e: -(e.nrr or 0))[:STRENGTHS]


MISSING_HEAD_NAME = N_("nama kepala unit")
MISSING_HEAD_NIP = N_("NIP kepala unit")
MISSING_PLACE = N_("tempat penandatanganan (SURVEY_PLACE)")


def signature_gaps(unit: Unit, place: str) -> list[str]:
    """What the signature block lacks (message ids), so the head is told
    before printing instead of signing a blank."""
    gaps = []
    if not (unit.head_name or "").strip():
        gaps.append(MISSING_HEAD_NAME)
    if not (unit.head_nip or "").strip():
        gaps.append(MISSING_HEAD_NIP)
    if not place.strip():
        gaps.append(MISSING_PLACE)
    return gaps


SAMPLE_UNKNOWN = N_(
    "Jumlah responden %(n)d. Volume layanan unit pada periode ini belum dicatat, "
    "sehingga kecukupan sampel (Krejcie & Morgan) tidak dapat dinilai."
)
SAMPLE_TOO_SMALL = N_(
    "Sampel belum mencukupi: %(n)d responden, sedangkan untuk %(population)d "
    "layanan diperlukan paling sedikit %(required)d (Krejcie & Morgan, tingkat "
    "kepercayaan 95%%). Hasil periode ini belum dapat dianggap mewakili seluruh "
    "penerima layanan; perpanjang periode survei atau tambah responden."
)
SAMPLE_ENOUGH = N_(
    "Sampel mencukupi: %(n)d responden dari paling sedikit %(required)d yang "
    "diperlukan untuk %(population)d layanan (Krejcie & Morgan, tingkat "
    "kepercayaan 95%%)."
)


def build_report(
    session: Session,
    unit: Unit,
    period: Period,
    generated: dt.datetime,
    language: str = "id",
) -> SkmReport:
    """Everything the report shows; every number from SQL sums and the engine."""
    sums = group_sums(
        session, period, [GroupBy.UNIT], unit_ids=[unit.id], elements=True
    )
    figures = figures_of(sums, sums.index_of((unit.id,)))
    spans = version_spans(session, unit.id, period.start, period.end)
    # The questions as the period's last answers were asked (else as now).
    version = (
        questionnaires.version_by_id(session, spans[-1].questionnaire_id)
        if spans
        else questionnaires.current_version(session, unit_id=unit.id)
    )
    names = (
        {e.code: (e.name_id, e.name_en) for e in version.elements} if version else {}
    )
    by_code = {e.code: e for e in figures.elements}
    elements = [
        ElementLine(
            code=code,
            name=names.get(code, (code, code))[0],
            name_en=names.get(code, (code, code))[1],
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
        previous_period=periods.previous(period),
        previous_actions=actions_in_period(session, unit, periods.previous(period)),
        detail=session.scalar(
            select(ReportDetail).where(
                ReportDetail.unit_id == unit.id, ReportDetail.period_key == period.key
            )
        ),
        channels=_channels(session, unit, period),
        trend=_trend(session, unit, period),
        questionnaire=version.elements if version else skm.ELEMENTS,
        own_asked=version.questions if version else (),
        own_questions=own_results.question_results(
            session, unit.id, period.start, period.end, language
        ),
        versions=spans,
    )


def _channels(session: Session, unit: Unit, period: Period) -> list[tuple[str, int]]:
    """How the period's valid answers came in, per channel, from the daily sums."""
    counts = _unit_sums(session, unit, period, CHANNEL_COLUMNS)
    return [
        (label, counts[channel_column(channel)])
        for channel, label in CHANNEL_LABELS.items()
    ]


def _trend(session: Session, unit: Unit, period: Period) -> list[TrendPoint]:
    """The index of this period and of the TREND_PERIODS - 1 before it."""
    spans = [period]
    while len(spans) < TREND_PERIODS:
        spans.append(periods.previous(spans[-1]))
    points = []
    for span in reversed(spans):
        sums = group_sums(session, span, [GroupBy.UNIT], unit_ids=[unit.id])
        at = sums.index_of((unit.id,))
        summary = (
            sums.summaries()[at] if at is not None else summary_from_sums(0, 0, 0, 0)
        )
        points.append(TrendPoint(span, summary))
    return points


def _profile(session: Session, unit: Unit, period: Period) -> list[ProfileTable]:
    """Respondent profile counts of the valid responses, from the daily sums."""
    counts = _unit_sums(session, unit, period, PROFILE_COLUMNS)
    tables = []
    for field, title, options in PROFILE_FIELDS:
        lines = [
            (label, counts[f"{field}_{i}"]) for i, label in enumerate(options.values())
        ]
        lines.append((N_("Tidak diisi"), counts[f"{field}_none"]))
        tables.append(ProfileTable(title, lines))
    return tables


def _unit_sums(
    session: Session, unit: Unit, period: Period, names: Sequence[str]
) -> dict[str, int]:
    """The unit's sums of the daily-sum columns ``names`` over ``period``."""
    row = session.execute(
        rollups.source(
            session, period.start, period.end, ["unit_id"], names, unit_ids=[unit.id]
        )
    ).first()
    return {name: int((row[k + 1] if row else 0) or 0) for k, name in enumerate(names)}


def record_forum(
    session: Session,
    unit: Unit,
    period: Period,
    forum_date: dt.date | None,
    note: str,
    actor: User,
) -> ReportDetail:
    """Record (or clear) the public consultation forum of the unit's period."""
    if forum_date is not None and forum_date > period.end + dt.timedelta(days=366):
        raise DomainError(N_("Tanggal forum terlalu jauh dari periode laporan"))
    detail = session.scalar(
        select(ReportDetail).where(
            ReportDetail.unit_id == unit.id, ReportDetail.period_key == period.key
        )
    )
    if detail is None:
        detail = ReportDetail(unit_id=unit.id, period_key=period.key)
        session.add(detail)
    detail.forum_date = forum_date
    detail.forum_note = note.strip()[:300] or None
    detail.updated_by_id = actor.id
    audit.record(
        session,
        actor,
        "report.forum",
        f"unit:{unit.code}:{period.key}",
        forum_date=forum_date.isoformat() if forum_date else None,
    )
    session.commit()
    return detail
