"""The official SKM report as a PDF (ReportLab), laid out like the HTML page."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.graphics import renderPDF
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

from survey_service.core import periods
from survey_service.core.models import QuestionKind
from survey_service.core.statistics import reader_number
from survey_service.followup.service import ACTION_STATUS_LABELS
from survey_service.reporting.service import SkmReport, TrendPoint


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
    chart.x, chart.y = 18 * mm, 14 * mm
    chart.width, chart.height = width - 30 * mm, height - 18 * mm
    chart.data = [[e.nrr or 0 for e in lines]]
    chart.categoryAxis.categoryNames = [e.code for e in lines]
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 1, 4
    chart.valueAxis.valueStep = 0.5
    chart.valueAxis.labelTextFormat = lambda value: _num(value, 1)  # 1,5 not 1.5
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
            2 * mm,
            "NRR per unsur (1–4); merah: unsur terlemah",
            fontName="Helvetica",
            fontSize=8,
        )
    )
    return drawing


class FittedDrawing(Flowable):
    """A drawing that shrinks into the room left on the page (down to
    ``min_height``) instead of moving on and leaving the page half empty."""

    def __init__(self, drawing: Drawing, min_height: float) -> None:
        super().__init__()
        self.drawing, self.min_height, self.scale = drawing, min_height, 1.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = self.drawing.width, self.drawing.height
        self.scale = min(1.0, avail_width / width)
        if self.min_height <= avail_height < height * self.scale:
            self.scale = avail_height / height
        return width * self.scale, height * self.scale

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.scale(self.scale, self.scale)
        renderPDF.draw(self.drawing, self.canv, 0, 0)
        self.canv.restoreState()


def _page_number(canvas: Canvas, document: SimpleDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, f"Halaman {document.page}")
    canvas.restoreState()


def _day(day: dt.date) -> str:
    return periods.day_label(day, "id")


def _zone(moment: dt.datetime) -> str:
    if isinstance(moment.tzinfo, ZoneInfo):
        return periods.zone_name(moment.tzinfo)
    return moment.tzname() or ""


def _trend_table(trend: list[TrendPoint]) -> Table:
    return table(
        [
            ["Periode", "Responden", "IKM", "Interval 95%", "Mutu pelayanan"],
            *(
                [
                    periods.label(t.period),
                    _num(t.summary.n, 0),
                    _num(t.summary.value_shown) if t.summary.shown else "–",
                    "–"
                    if t.summary.low_shown is None
                    else f"{_num(t.summary.low_shown)} – {_num(t.summary.high_shown)}",
                    t.summary.grade.letter if t.summary.grade else "–",
                ]
                for t in trend
            ),
        ],
        [50, 26, 22, 40, 32],
    )


def _versions_note(report: SkmReport) -> str:
    spans = "; ".join(
        f"versi {'unit' if v.own else 'kota'} {v.version} "
        f"({_day(v.first_day)} – {_day(v.last_day)}, {_num(v.responses, 0)} respons)"
        for v in report.versions
    )
    return (
        f"Periode ini mencakup {len(report.versions)} versi kuesioner: {spans}. "
        "Kata-kata pertanyaan dapat berbeda antarversi; IKM tetap dihitung dari "
        "sembilan unsur yang sama."
    )


def _own_questions(
    report: SkmReport,
    para: Callable[..., Paragraph],
    sub: ParagraphStyle,
) -> list[Flowable]:
    """The unit's own questions: a section of Bab III after the nine, outside
    the IKM (texts are counted, never printed)."""
    if not report.own_questions:
        return []
    story: list[Flowable] = [
        para("Pertanyaan tambahan unit (di luar IKM)", sub),
        para(
            "Pertanyaan yang ditambahkan unit sendiri, ditanyakan setelah sembilan "
            "unsur. Tidak dihitung dalam IKM."
        ),
    ]
    for k, r in enumerate(report.own_questions, start=1):
        title = f"{k}. {r.text}" + ("" if r.asked_now else " (tidak ditanyakan lagi)")
        if r.kind is QuestionKind.TEXT:
            story.append(para(f"{title} — {_num(r.answered, 0)} jawaban isian."))
            continue
        if r.kind is QuestionKind.RATING and r.mean is not None:
            summary = (
                f"Rata-rata {_num(r.mean)} (skala 1–4), interval 95% "
                f"{_num(r.low)} – {_num(r.high)}, dari {_num(r.answered, 0)} jawaban."
            )
        else:
            summary = f"{_num(r.answered, 0)} orang menjawab."
        story.append(
            KeepTogether(
                [
                    para(title),
                    para(summary),
                    table(
                        [
                            ["Jawaban", "Jumlah", "%"],
                            *(
                                [
                                    o.label + (" (pilihan lama)" if o.retired else ""),
                                    _num(o.count, 0),
                                    "–" if o.share is None else _num(o.share, 1),
                                ]
                                for o in r.options
                            ),
                        ],
                        [110, 30, 30],
                    ),
                ]
            )
        )
    return story


def render_pdf(report: SkmReport, place: str = "") -> bytes:
    """The report as PDF bytes (A4, standard fonts, no external resources), in
    the chapters Permenpan RB 14/2017 lays out. Every table cell wraps, so no
    text runs over another; pages are numbered; times are local."""
    styles = getSampleStyleSheet()
    body, heading, sub = styles["BodyText"], styles["Heading2"], styles["Heading4"]

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    buffer = io.BytesIO()
    unit, period, summary = report.unit, report.period, report.summary
    named = periods.label(period)  # the period as people say it, never its code
    document = a4_document(buffer, f"Laporan SKM {unit.name} {named}", 16)
    grade = summary.grade  # only from 30 responses (the grade gate)
    note, params = report.sample_note
    story: list[Flowable] = [
        para("LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT (SKM)", styles["Title"]),
        para(f"{unit.name} — {named} ({_day(period.start)} – {_day(period.end)})"),
        para("BAB I. PENDAHULUAN", heading),
        para(PREAMBLE),
        para(
            f"Laporan ini memuat hasil survei pada {unit.name} untuk periode "
            f"{_day(period.start)} sampai {_day(period.end)}."
        ),
        para("BAB II. PENGUMPULAN DATA", heading),
        para(COLLECTION),
        para(
            f"Survei dilaksanakan terus-menerus dari {_day(period.start)} sampai "
            f"{_day(period.end)}: warga mengisi sendiri setelah dilayani, tanpa "
            "nama, dan setiap perangkat hanya dapat menilai satu loket sekali "
            "dalam beberapa menit. Jawaban yang sah menurut cara pengisian:"
        ),
        table(
            [
                ["Cara pengisian", "Jumlah"],
                *([label, _num(count, 0)] for label, count in report.channels),
            ],
            [80, 30],
        ),
        para(note % params),
        *([para(_versions_note(report))] if len(report.versions) > 1 else []),
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
        para("BAB III. HASIL PENGOLAHAN DATA", heading),
        para(PROCESSING),
        table(rows, [70, 18, 26, 32, 20]),
        Spacer(1, 3 * mm),
        FittedDrawing(_chart(report, 174 * mm), min_height=40 * mm),
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
    story += _own_questions(report, para, sub)
    weakest = [f"{e.code} {e.name} ({_num(e.nrr)})" for e in report.weakest]
    strengths = [f"{e.code} {e.name} ({_num(e.nrr)})" for e in report.strengths]
    story.append(para("BAB IV. ANALISIS", heading))
    if strengths:
        story.append(
            para(
                "Unsur dengan nilai tertinggi, kekuatan yang perlu dipertahankan: "
                + ", ".join(strengths)
                + "."
            )
        )
    story += [
        para(
            "Unsur dengan nilai terendah, prioritas perbaikan: "
            + ", ".join(weakest)
            + "."
            if weakest
            else "Belum cukup data untuk menentukan unsur terlemah."
        ),
        para("Perkembangan IKM", sub),
        _trend_table(report.trend),
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
                            _day(a.due_date) if a.due_date else "–",
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
            "Status tindak lanjut periode sebelumnya "
            f"({periods.label(report.previous_period)})",
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
                            + (f" ({_day(a.completed_on)})" if a.completed_on else ""),
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
            f"Diselenggarakan pada {_day(detail.forum_date)}. "
            + (detail.forum_note or "")
            if detail and detail.forum_date
            else "Tidak ada forum konsultasi publik yang dicatat untuk periode ini."
        ),
    ]
    if grade:
        conclusion = (
            f"IKM {unit.name} periode {named} adalah "
            f"{_num(summary.value_shown)}, mutu pelayanan {grade.letter} "
            f"({grade.label})."
        )
    elif summary.shown:
        conclusion = (
            f"IKM {unit.name} periode {named} adalah "
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
    blank = "……………………………………"  # to be written by hand, never printed empty
    # Bab V, its conclusion and the signature stay on one page.
    story += [
        KeepTogether(
            [
                para("BAB V. KESIMPULAN", heading),
                para(conclusion),
                Spacer(1, 6 * mm),
                para(f"{place or '…………………'}, {_day(generated.date())}"),
                para(f"Kepala {unit.name}"),
                Spacer(1, 16 * mm),
                para(unit.head_name or blank),
                para(f"NIP {unit.head_nip or blank}"),
            ]
        ),
        Spacer(1, 4 * mm),
        para(
            f"Dibuat {_day(generated.date())} {generated:%H:%M} {_zone(generated)} "
            "oleh Survei Kepuasan.",
            styles["Italic"],
        ),
        para("LAMPIRAN. KUESIONER", heading),
        para(
            "Pertanyaan sebagaimana ditanyakan kepada warga, dengan empat pilihan "
            "jawaban bernilai 1 sampai 4."
        ),
        *(
            para(
                f"{k}. {q.code} {q.name_id}. {q.question_id} "
                + "; ".join(
                    f"{v} = {label}" for v, label in enumerate(q.labels_id, start=1)
                )
            )
            for k, q in enumerate(report.questionnaire, start=1)
        ),
    ]
    if report.own_asked:
        story.append(para("Pertanyaan tambahan unit (tidak dihitung dalam IKM):"))
        story += [
            para(
                f"{k}. {x.text.id}"
                + ("" if x.required else " (boleh dikosongkan)")
                + (" " + "; ".join(o.id for o in x.options) if x.options else "")
            )
            for k, x in enumerate(report.own_asked, start=1)
        ]
    document.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()
