"""The evidence of one frozen indicator: its sentence, its verification code,
and the check a stranger can run on it.

The code is the first 20 hexadecimal characters of the snapshot's checksum
(SHA-256 over every figure, the employee, the unit, the period and the method):
80 bits, so it cannot be guessed, and it changes with any figure. Verifying
recomputes the checksum from the snapshot as stored; a figure changed in the
database, a different code, or a sheet whose numbers differ from the page all
show.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_service.appraisal import service as appraisal
from survey_service.appraisal.service import IndicatorRow
from survey_service.core import periods
from survey_service.core.models import AppraisalPeriod, IndicatorSnapshot, Unit
from survey_service.core.statistics import (
    MIN_RESPONSES_APPRAISAL,
    POSITION_LABELS,
    Position,
    format_number,
)
from survey_service.web.urls import public_url

CODE_LENGTH = 20


def code_of(checksum: str) -> str:
    return checksum[:CODE_LENGTH].upper()


@dataclass(frozen=True)
class Evidence:
    row: IndicatorRow  # the frozen figures
    unit_name: str
    period_label: str  # "2026-Q4 (01-10-2026 s.d. 31-12-2026)"
    code: str
    superseded: bool  # the period was reopened for the unit: no longer in force
    intact: bool  # the checksum recomputed from the stored figures matches

    @property
    def sufficient(self) -> bool:
        return self.row.indicator is not None


def _evidence(session: Session, snapshot: IndicatorSnapshot) -> Evidence:
    record = session.get(AppraisalPeriod, snapshot.period_id)
    assert record is not None  # noqa: S101 - a foreign key
    row = appraisal.snapshot_row(snapshot, record.key)
    unit = session.scalar(select(Unit).where(Unit.code == snapshot.unit_code))
    return Evidence(
        row=row,
        unit_name=unit.name if unit else snapshot.unit_code,
        period_label=(
            f"{periods.label(periods.parse_period(record.key))} "
            f"({periods.day_label(record.start)} – {periods.day_label(record.end)})"
        ),
        code=code_of(snapshot.checksum),
        superseded=snapshot.superseded_at is not None,
        intact=appraisal.checksum(row.as_dict()) == snapshot.checksum,
    )


def for_employee(session: Session, nip: str, period_key: str) -> Evidence | None:
    """The evidence in force for the employee's closed period, if any."""
    snapshot = session.scalar(
        select(IndicatorSnapshot)
        .join(AppraisalPeriod, AppraisalPeriod.id == IndicatorSnapshot.period_id)
        .where(
            IndicatorSnapshot.nip == nip,
            AppraisalPeriod.key == period_key,
            IndicatorSnapshot.superseded_at.is_(None),
        )
    )
    return _evidence(session, snapshot) if snapshot is not None else None


def by_code(session: Session, code: str) -> Evidence | None:
    """The snapshot a verification code names (any case), superseded ones too."""
    cleaned = code.strip().lower()
    if len(cleaned) != CODE_LENGTH or any(c not in "0123456789abcdef" for c in cleaned):
        return None
    snapshot = session.scalar(
        select(IndicatorSnapshot).where(IndicatorSnapshot.checksum.like(cleaned + "%"))
    )
    return _evidence(session, snapshot) if snapshot is not None else None


def position_words(row: IndicatorRow) -> str:
    """The indicator's position against the unit's target, as the page says it
    (Bahasa Indonesia, as the sheet and the sentence are)."""
    return str(POSITION_LABELS[Position(row.position_against_target)])


def sentence(evidence: Evidence, verify_url: str) -> str:
    """The sentence an evaluator pastes into e-Kinerja (Bahasa Indonesia)."""
    r = evidence.row
    who = f"{r.name} (NIP {r.nip}) pada {evidence.unit_name}"
    if evidence.sufficient:
        figures = (
            f"indikator kepuasan penerima layanan {format_number(r.indicator)} "
            f"(skala 25–100; interval kepercayaan 95%: "
            f"{format_number(r.interval_low)}–{format_number(r.interval_high)}) "
            f"dari {r.responses} respons; bukti cukup "
            f"(minimal {MIN_RESPONSES_APPRAISAL} respons); posisi terhadap target "
            f"unit {format_number(r.target)}: {position_words(r).lower()}"
        )
    else:
        figures = (
            f"indikator kepuasan penerima layanan belum dapat dinilai: {r.responses} "
            f"respons, kurang dari {MIN_RESPONSES_APPRAISAL} yang diperlukan; "
            "bukti belum cukup"
        )
    return (
        f"Survei Kepuasan Masyarakat periode {evidence.period_label}, {who}: "
        f"{figures}. Kode verifikasi {evidence.code} ({verify_url})."
    )


@dataclass(frozen=True)
class SheetCheck:
    """The figures printed on a sheet (carried in its QR link) against the
    snapshot: None where the link carried none."""

    matches: bool | None
    differing: tuple[str, ...]


SHEET_FIELDS = {  # query parameter -> row field
    "nilai": "indicator",
    "n": "responses",
    "bawah": "interval_low",
    "atas": "interval_high",
}


def sheet_parameters(evidence: Evidence) -> dict[str, str]:
    """The figures a sheet carries in its QR link, as shown (two decimals)."""
    out = {}
    for name, field in SHEET_FIELDS.items():
        value = getattr(evidence.row, field)
        out[name] = (
            str(value) if isinstance(value, int) else format_number(value, 2, ".")
        )
    return out


def check_sheet(evidence: Evidence, shown: dict[str, str]) -> SheetCheck:
    given = {k: v.strip() for k, v in shown.items() if k in SHEET_FIELDS}
    if not given:
        return SheetCheck(None, ())
    expected = sheet_parameters(evidence)
    differing = tuple(k for k, v in given.items() if v != expected[k])
    return SheetCheck(not differing, differing)


def verify_url(evidence: Evidence) -> str:
    """The verification page of ``evidence``, carrying the sheet's figures."""
    return public_url(
        "evidence.verify", code=evidence.code, **sheet_parameters(evidence)
    )
