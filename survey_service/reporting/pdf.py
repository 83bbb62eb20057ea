"""The official SKM report as a PDF (ReportLab), laid out like the HTML page."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from survey_service.core.statistics import reader_number
from survey_service.followup.service import ACTION_STATUS_LABELS
from survey_service.reporting.service import SkmReport


def indonesian_number(value: float | None, places: int = 2) -> str:
    """A number as the Indonesian documents print it: 1.234,56 (counts: 1.234)."""
    return reader_number(value, "id", places)


_num = indonesian_number


_CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11)
_HEAD = ParagraphStyle("head", parent=_CELL, fontName="Helvetica-Bold")


def a4_document(
    buffer: io.BytesIO, title: str, top_bottom_mm: float
) -> SimpleDocTemplate:
    """An A4 document of this service: 18 mm side margins, the given top and
    bottom margin, the title and author in the PDF's metadata."""
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=top_bottom_mm * mm,
        bottomMargin=top_bottom_mm * mm,
        title=title,
        author="Survei Kepuasan",
    )


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


PREAMBLE = (
    "Survei Kepuasan Masyarakat diselenggarakan berdasarkan Undang-Undang Nomor 25 "
    "Tahun 2009 tentang Pelayanan Publik dan Peraturan Menteri PANRB Nomor 14 Tahun "
    "2017 tentang Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara "
    "Pelayanan Publik, untuk mengukur kepuasan penerima layanan secara berkala sebagai "
    "dasar perbaikan kualitas pelayanan."
)
COLLECTION = (
    "Data dikumpulkan dengan kuesioner sembilan unsur pelayanan (persyaratan; sistem, "
    "mekanisme dan prosedur; waktu penyelesaian; biaya/tarif; produk spesifikasi "
    "jenis pelayanan; kompetensi pelaksana; perilaku pelaksana; penanganan pengaduan, "
    "saran dan masukan; sarana dan prasarana), masing-masing dinilai 1 sampai 4, diisi "
    "warga tanpa nama melalui kode QR di loket, tiket survei sekali pakai, atau "
    "tablet kiosk."
)
PROCESSING = (
    "Nilai rata-rata unsur (NRR) adalah jumlah nilai jawaban dibagi jumlah responden "
    "yang menjawab; NRR tertimbang adalah NRR × 1/9; IKM adalah jumlah NRR "
    "tertimbang, dikonversi ke skala 25–100 dengan dikali 25."
)


def _chart(report: SkmReport, width: float) -> Drawing:
    """The nine elements' NRR as horizontal bars on the 1–4 scale."""
    lines = list(reversed(report.elements))  # U1 on top
    height = 70 * mm
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 18 * mm, 8 * mm
    chart.width, chart.height = width - 30 * mm, height - 14 * mm
    chart.data = [[e.nrr or 0 for e in lines]]
    chart.categoryAxis.categoryNames = [e.code for e in lines]
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 1, 4
    chart.valueAxis.valueStep = 0.5
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.valueAxis.labels.fontSize = 8
    chart.bars[0].fillColor = colors.HexColor("#2f7d4f")
    for k, e in enumerate(lines):
        if e.weakest:
            chart.bars[(0, k)].fillColor = colors.HexColor("#c0392b")
    drawing.add(chart)
    drawing.add(
        String(
            18 * mm,
            1 * mm,
            "NRR per unsur (1–4); merah: unsur terlemah",
            fontName="Helvetica",
            fontSize=8,
        )
    )
    return drawing


def _page_number(canvas: Canvas, document: SimpleDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, f"Halaman {document.page}")
    canvas.restoreState()


def render_pdf(report: SkmReport, place: str = "") -> bytes:
    """The report as PDF bytes (A4, standard fonts, no external resources), in
    the chapters Permenpan RB 14/2017 lays out. Every table cell wraps, so no
    text runs over another; pages are numbered; times are local."""
    styles = getSampleStyleSheet()
    body, heading, sub = styles["BodyText"], styles["Heading2"], styles["Heading4"]

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    buffer = io.BytesIO()
    document = a4_document(
        buffer, f"Laporan SKM {report.unit.name} {report.period.key}", 16
    )
    unit, period, summary = report.unit, report.period, report.summary
    grade = summary.grade  # only from 30 responses (the grade gate)
    note, params = report.sample_note
    story: list[Flowable] = [
        para("LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT (SKM)", styles["Title"]),
        para(
            f"{unit.name} — periode {period.key} "
            f"({period.start:%d-%m-%Y} s.d. {period.end:%d-%m-%Y})"
        ),
        para("BAB I. PENDAHULUAN", heading),
        para(PREAMBLE),
        para(
            f"Laporan ini memuat hasil survei pada {unit.name} untuk periode "
            f"{period.start:%d-%m-%Y} sampai {period.end:%d-%m-%Y}."
        ),
        para("BAB II. PENGUMPULAN DATA", heading),
        para(COLLECTION),
        para(note % params),
        para("Profil responden", sub),
    ]
    for profile in report.profile:
        story.append(
            KeepTogether(
                [
                    para(profile.title, styles["Heading5"]),
                    table(
                        [
                            ["Kategori", "Jumlah"],
                            *([label, _num(count, 0)] for label, count in profile.rows),
                        ],
                        [80, 30],
                    ),
                ]
            )
        )
    adequacy = report.adequacy
    sample = (
        "–"
        if adequacy.required is None
        else f"{adequacy.required} dari {adequacy.population} layanan"
    )
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
    story += [
        para("BAB III. PENGOLAHAN DATA", heading),
        para(PROCESSING),
        table(rows, [70, 18, 26, 32, 20]),
        Spacer(1, 3 * mm),
        _chart(report, 174 * mm),
        Spacer(1, 3 * mm),
        table(
            [
                ["Ukuran", "Nilai"],
                ["Jumlah responden (sah)", _num(summary.n, 0)],
                ["Sampel minimal (Krejcie & Morgan)", sample],
                ["Nilai IKM (1–4)", _num(report.ikm_1_to_4, 3)],
                [
                    "Nilai IKM konversi (25–100)",
                    _num(summary.value_shown)
                    if summary.shown
                    else f"Belum cukup data (n = {_num(summary.n, 0)}).",
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
        ),
    ]
    if summary.low_shown is not None:
        story.append(
            para(
                "Artinya: dengan tingkat keyakinan 95%, IKM seluruh penerima layanan "
                f"pada periode ini berada antara {_num(summary.low_shown)} dan "
                f"{_num(summary.high_shown)}. Interval ini tambahan di luar ketentuan "
                "Permenpan RB 14/2017 (metode DirEnd½); makin banyak responden, makin "
                "sempit."
            )
        )
    weakest = [f"{e.code} {e.name} ({_num(e.nrr)})" for e in report.weakest]
    story += [
        para("BAB IV. ANALISIS", heading),
        para(
            "Unsur dengan nilai terendah, prioritas perbaikan: " + ", ".join(weakest)
            if weakest
            else "Belum cukup data untuk menentukan unsur terlemah."
        ),
        para("Rencana tindak lanjut", sub),
    ]
    if report.actions:
        story.append(
            table(
                [
                    [
                        "No",
                        "Unsur prioritas",
                        "Program/kegiatan",
                        "Waktu",
                        "Penanggung jawab",
                        "Status",
                    ],
                    *(
                        [
                            str(k),
                            a.element_code or "umum",
                            a.action
                            + (
                                f" (SP4N-LAPOR! #{a.lapor_tracking_id})"
                                if a.lapor_tracking_id
                                else ""
                            ),
                            a.due_date.strftime("%d-%m-%Y") if a.due_date else "–",
                            a.owner,
                            ACTION_STATUS_LABELS[a.status],
                        ]
                        for k, a in enumerate(report.actions, start=1)
                    ),
                ],
                [10, 20, 62, 22, 34, 26],
            )
        )
    else:
        story.append(para("Belum ada rencana tindak lanjut untuk periode ini."))
    story.append(
        para(
            f"Status tindak lanjut periode sebelumnya ({report.previous_period.key})",
            sub,
        )
    )
    if report.previous_actions:
        story.append(
            table(
                [
                    ["No", "Unsur", "Program/kegiatan", "Status", "Hasil"],
                    *(
                        [
                            str(k),
                            a.element_code or "umum",
                            a.action,
                            ACTION_STATUS_LABELS[a.status]
                            + (
                                f" ({a.completed_on:%d-%m-%Y})"
                                if a.completed_on
                                else ""
                            ),
                            a.outcome_note or "–",
                        ]
                        for k, a in enumerate(report.previous_actions, start=1)
                    ),
                ],
                [10, 18, 66, 32, 48],
            )
        )
    else:
        story.append(para("Tidak ada rencana tindak lanjut pada periode sebelumnya."))
    detail = report.detail
    story += [
        para("Forum konsultasi publik", sub),
        para(
            f"Diselenggarakan pada {detail.forum_date:%d-%m-%Y}. "
            + (detail.forum_note or "")
            if detail and detail.forum_date
            else "Tidak ada forum konsultasi publik yang dicatat untuk periode ini."
        ),
        para("BAB V. KESIMPULAN", heading),
    ]
    if grade:
        conclusion = (
            f"IKM {unit.name} periode {period.key} adalah "
            f"{_num(summary.value_shown)}, mutu pelayanan {grade.letter} "
            f"({grade.label})."
        )
    elif summary.shown:
        conclusion = (
            f"IKM {unit.name} periode {period.key} adalah "
            f"{_num(summary.value_shown)}; mutu pelayanan belum ditetapkan karena "
            "responden kurang dari 30."
        )
    else:
        conclusion = (
            "Data periode ini belum cukup untuk menyimpulkan IKM "
            f"(n = {_num(summary.n, 0)})."
        )
    if weakest:
        conclusion += (
            " Perbaikan diprioritaskan pada unsur terlemah sesuai rencana tindak "
            "lanjut di atas."
        )
    generated = report.generated
    story += [
        para(conclusion),
        Spacer(1, 8 * mm),
        KeepTogether(
            [
                para(f"{place + ', ' if place else ''}{generated:%d-%m-%Y}"),
                para(f"Kepala {unit.name}"),
                Spacer(1, 18 * mm),
                para(unit.head_name or "(nama kepala unit belum diisi)"),
                para(f"NIP {unit.head_nip or '–'}"),
            ]
        ),
        Spacer(1, 6 * mm),
        para(
            f"Dibuat {generated:%d-%m-%Y %H:%M} {generated.tzname() or ''} oleh "
            "Survei Kepuasan.",
            styles["Italic"],
        ),
    ]
    document.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()
