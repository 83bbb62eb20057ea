"""The four tables of a unit-period's tabulation; their columns are a contract
(docs/tabulation.md, pinned by tests/functional/test_tabulation.py).

- ``responden``: one row per counted response (the regulation's worksheet),
  streamed from the database in chunks, so any size exports in bounded memory;
- ``unsur``: per element the answer counts, the sum of values, NRR and
  weighted NRR;
- ``ringkasan``: respondents, IKM on both scales, interval, grade, sample;
- ``profil``: respondent profile counts;
- ``pertanyaan``: the unit's own questions (never in the IKM): per answer its
  count and share, a rating's mean and interval; a text's number of answers;
- ``isian``: the answers to its own text questions, masked (for staff only).
Figures follow the same gates and the one rounding rule as every page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_service.core import skm
from survey_service.core.models import (
    QuestionKind,
    Response,
    ResponseStatus,
    ServiceType,
    Unit,
)
from survey_service.core.periods import Period
from survey_service.core.statistics import shown
from survey_service.questionnaires.results import text_answers
from survey_service.reporting.service import PROFILE_FIELDS, SkmReport
from survey_service.results.aggregates import GroupBy, group_sums

CHUNK = 5_000
# Python writes XLSX at about 3,000 rows a second: past this many respondents
# the workbook's Responden sheet points to the CSV instead (seconds, any size),
# so the download ends well within the server's 60 s.
XLSX_RESPONDENT_LIMIT = 50_000
XLSX_TOO_MANY = (
    "Lebih dari {limit} respons: unduh tabel responden sebagai CSV "
    "(tabulasi.csv?table=responden) — ukurannya tidak terbatas."
)

TABLES = ("responden", "unsur", "ringkasan", "profil", "pertanyaan", "isian")

RESPONDENT_COLUMNS = (
    "no",
    "tanggal",
    "jenis_layanan",
    *(code.lower() for code in skm.ELEMENT_CODES),
    "jumlah_nilai",
    "usia",
    "jenis_kelamin",
    "pendidikan",
    "pekerjaan",
)
ELEMENT_COLUMNS = (
    "unsur",
    "nama_unsur",
    "jawaban_1",
    "jawaban_2",
    "jawaban_3",
    "jawaban_4",
    "jumlah_responden",
    "jumlah_nilai",
    "nrr",
    "nrr_tertimbang",
)
SUMMARY_COLUMNS = ("ukuran", "nilai")
PROFILE_COLUMNS = ("kategori", "pilihan", "jumlah")
QUESTION_COLUMNS = (
    "no",
    "pertanyaan",
    "jenis",
    "masih_ditanyakan",
    "jawaban",
    "jumlah",
    "persen",
    "menjawab",
    "rerata",
    "interval_95_bawah",
    "interval_95_atas",
)
TEXT_COLUMNS = ("tanggal", "pertanyaan", "jawaban")

COLUMNS = {
    "responden": RESPONDENT_COLUMNS,
    "unsur": ELEMENT_COLUMNS,
    "ringkasan": SUMMARY_COLUMNS,
    "profil": PROFILE_COLUMNS,
    "pertanyaan": QUESTION_COLUMNS,
    "isian": TEXT_COLUMNS,
}


@dataclass(frozen=True)
class Tabulation:
    """The small tables, built at once; ``responden`` is streamed separately."""

    unsur: list[tuple[object, ...]]
    ringkasan: list[tuple[object, ...]]
    profil: list[tuple[object, ...]]
    pertanyaan: list[tuple[object, ...]]
    isian: list[tuple[object, ...]]


def tables(session: Session, report: SkmReport) -> Tabulation:
    unit, period = report.unit, report.period
    sums = group_sums(
        session, period, [GroupBy.UNIT], unit_ids=[unit.id], elements=True
    )
    i = sums.index_of((unit.id,))
    counts = (
        sums.element_counts[i].tolist()
        if i is not None and sums.element_counts is not None
        else [[0, 0, 0, 0] for _ in skm.ELEMENT_CODES]
    )
    elements: list[tuple[object, ...]] = []
    for line, row in zip(report.elements, counts, strict=True):
        elements.append(
            (
                line.code,
                line.name,
                *row,
                sum(row),
                sum(k * c for k, c in zip((1, 2, 3, 4), row, strict=True)),
                shown(line.nrr),
                shown(line.weighted, 3),
            )
        )
    s, grade = report.summary, report.summary.grade
    summary: list[tuple[object, ...]] = [
        ("unit", f"{unit.code} {unit.name}"),
        (
            "periode",
            f"{period.key} ({period.start:%d-%m-%Y} s.d. {period.end:%d-%m-%Y})",
        ),
        ("jumlah_responden", s.n),
        ("sampel_minimal_krejcie_morgan", report.adequacy.required),
        ("ikm_1_4", shown(report.ikm_1_to_4, 3)),
        ("ikm_25_100", shown(s.value_shown)),
        ("interval_95_bawah", shown(s.low_shown)),
        ("interval_95_atas", shown(s.high_shown)),
        ("mutu", grade.letter if grade else None),
        ("kinerja", grade.label if grade else None),
    ]
    profile: list[tuple[object, ...]] = [
        (table.title, label, count)
        for table in report.profile
        for label, count in table.rows
    ]
    return Tabulation(
        elements,
        summary,
        profile,
        _own_question_rows(report),
        [
            (t.local_date.isoformat(), t.question, t.text)
            for t in text_answers(
                session, unit.id, period.start, period.end, "id", limit=TEXT_LIMIT
            )
        ],
    )


TEXT_LIMIT = 10_000  # a unit-period's text answers in one table


def _own_question_rows(report: SkmReport) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for k, r in enumerate(report.own_questions, start=1):
        asked = "ya" if r.asked_now else "tidak"
        if r.kind is QuestionKind.TEXT:
            rows.append((k, r.text, r.kind.value, asked, "", None, None, r.answered))
            continue
        for option in r.options:
            rows.append(
                (
                    k,
                    r.text,
                    r.kind.value,
                    asked,
                    option.label,
                    option.count,
                    shown(option.share, 1),
                    r.answered,
                    *(
                        (shown(r.mean), shown(r.low), shown(r.high))
                        if r.kind is QuestionKind.RATING
                        else (None, None, None)
                    ),
                )
            )
    return rows


def respondent_rows(
    session: Session, unit: Unit, period: Period
) -> Iterator[tuple[object, ...]]:
    """The counted responses of the unit-period, oldest first, ``CHUNK`` at a
    time from a server-side cursor: memory stays flat at any size."""
    labels = {field: options for field, _title, options in PROFILE_FIELDS}
    services = dict(
        session.execute(
            select(ServiceType.id, ServiceType.name).where(
                ServiceType.unit_id == unit.id
            )
        )
        .tuples()
        .all()
    )
    columns = [getattr(Response, code.lower()) for code in skm.ELEMENT_CODES]
    query = (
        select(
            Response.local_date,
            Response.service_type_id,
            *columns,
            Response.total,
            Response.age_band,
            Response.sex,
            Response.education,
            Response.occupation,
        )
        .where(
            Response.unit_id == unit.id,
            Response.status == ResponseStatus.VALID,
            Response.local_date >= period.start,
            Response.local_date <= period.end,
        )
        .order_by(Response.submitted_at, Response.id)
        .execution_options(yield_per=CHUNK)
    )
    for number, row in enumerate(session.execute(query), start=1):
        day, service, *rest = row
        *scores, total, age, sex, education, occupation = rest
        yield (
            number,
            day.isoformat(),
            services.get(service, ""),
            *scores,
            total,
            labels["age_band"].get(age, ""),
            labels["sex"].get(sex, ""),
            labels["education"].get(education, ""),
            labels["occupation"].get(occupation, ""),
        )


def xlsx_respondent_rows(
    session: Session, report: SkmReport
) -> Iterator[tuple[object, ...]]:
    """The Responden sheet's rows, or one row pointing to the CSV when there
    are more than XLSX_RESPONDENT_LIMIT."""
    if report.summary.n > XLSX_RESPONDENT_LIMIT:
        return iter([(XLSX_TOO_MANY.format(limit=f"{XLSX_RESPONDENT_LIMIT:,}"),)])
    return respondent_rows(session, report.unit, report.period)
