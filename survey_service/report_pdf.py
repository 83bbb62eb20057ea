"""The official SKM report as a PDF (ReportLab), laid out like the HTML page."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from survey_service.services.followup import ACTION_STATUS_LABELS
from survey_service.services.report import SkmReport
from survey_service.statistics import format_number


def _num(value: float | None, places: int = 2) -> str:
    return format_number(value, places)


_CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11)
_HEAD = ParagraphStyle("head", parent=_CELL, fontName="Helvetica-Bold")


def table(rows: list[list[str]], widths: list[float]) -> Table:
    """A grid whose cells wrap within their column (a long unit name or action
    never runs over its neighbour); the first row is the header, repeated on
    each page."""
    wrapped = [
        [Paragraph(escape(cell), _HEAD if i == 0 else _CELL) for cell in row]
        for i, row in enumerate(rows)
    ]
    grid = Table(wrapped, colWidths=[w * mm for w in widths], repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e2f1e8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return grid


def render_pdf(report: SkmReport) -> bytes:
    """The report as PDF bytes (A4, standard fonts, no external resources)."""
    styles = getSampleStyleSheet()
    body, heading = styles["BodyText"], styles["Heading2"]

    def para(text: str, style=body) -> Paragraph:
        return Paragraph(escape(text), style)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"Laporan SKM {report.unit.name} {report.period.key}",
        author="Survei Kepuasan",
    )
    unit, period, summary = report.unit, report.period, report.summary
    story = [
        para("LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT (SKM)", styles["Title"]),
        para(
            f"{unit.name} — periode {period.key} "
            f"({period.start:%d-%m-%Y} s.d. {period.end:%d-%m-%Y})"
        ),
        para(
            "Metode: Permenpan RB No. 14 Tahun 2017; bobot unsur 1/9 persis, "
            "pembulatan akhir 2 desimal."
        ),
        Spacer(1, 4 * mm),
        para("1. Hasil", heading),
    ]
    grade = summary.grade  # only from 30 responses (the grade gate)
    adequacy = report.adequacy
    sample = (
        "–"
        if adequacy.required is None
        else f"{adequacy.required} dari {adequacy.population} layanan"
    )
    story.append(
        table(
            [
                ["Ukuran", "Nilai"],
                ["Jumlah responden (sah)", str(summary.n)],
                ["Sampel minimal (Krejcie & Morgan)", sample],
                ["Nilai IKM (1–4)", _num(report.ikm_1_to_4, 3)],
                [
                    "Nilai IKM konversi (25–100)",
                    _num(summary.value_shown)
                    if summary.shown
                    else f"Belum cukup data (n = {summary.n}).",
                ],
                [
                    "Interval kepercayaan 95%",
                    "–"
                    if summary.low_shown is None
                    else f"{_num(summary.low_shown)} – {_num(summary.high_shown)}",
                ],
                ["Mutu pelayanan", grade.letter if grade else "–"],
                ["Kinerja unit pelayanan", grade.label if grade else "–"],
            ],
            [80, 90],
        )
    )
    story += [Spacer(1, 4 * mm), para("2. Nilai per unsur", heading)]
    rows = [["Unsur", "NRR", "NRR tertimbang", "Interval 95%", "Prioritas"]]
    for e in report.elements:
        rows.append(
            [
                f"{e.code} {e.name}",
                _num(e.nrr),
                _num(e.weighted, 3),
                "–" if e.low is None else f"{_num(e.low)} – {_num(e.high)}",
                "terlemah" if e.weakest else "",
            ]
        )
    story.append(table(rows, [70, 18, 26, 32, 20]))
    weakest = [f"{e.code} {e.name}" for e in report.elements if e.weakest]
    story.append(
        para(
            "Unsur terlemah (prioritas perbaikan): "
            + (", ".join(weakest) if weakest else "–")
        )
    )
    story += [Spacer(1, 4 * mm), para("3. Profil responden", heading)]
    for profile in report.profile:
        story.append(para(profile.title, styles["Heading4"]))
        story.append(
            table(
                [
                    ["Kategori", "Jumlah"],
                    *([label, str(count)] for label, count in profile.rows),
                ],
                [80, 30],
            )
        )
    story += [Spacer(1, 4 * mm), para("4. Rencana tindak lanjut", heading)]
    if report.actions:
        story.append(
            table(
                [
                    ["Unsur", "Tindakan", "Penanggung jawab", "Target", "Status"],
                    *(
                        [
                            a.element_code or "umum",
                            a.action
                            + (
                                f" (SP4N-LAPOR! #{a.lapor_tracking_id})"
                                if a.lapor_tracking_id
                                else ""
                            ),
                            a.owner,
                            a.due_date.strftime("%d-%m-%Y") if a.due_date else "–",
                            ACTION_STATUS_LABELS[a.status],
                        ]
                        for a in report.actions
                    ),
                ],
                [16, 70, 36, 22, 26],
            )
        )
    else:
        story.append(para("Belum ada rencana tindak lanjut untuk periode ini."))
    story.append(Spacer(1, 6 * mm))
    story.append(
        para(
            f"Dibuat {report.generated:%d-%m-%Y %H:%M} oleh Survei Kepuasan. "
            "Interval kepercayaan adalah tambahan di luar ketentuan "
            "Permenpan RB 14/2017 (metode DirEnd½)."
        )
    )
    document.build(story)
    return buffer.getvalue()
