"""The one-page evidence sheet (ReportLab): the figures, the elements, the
method in a paragraph, the checksum, and a QR code to the verification page."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, Spacer, Table

from survey_service.appraisal.evidence import Evidence, position_words
from survey_service.collection.qr import qr_png
from survey_service.core.statistics import MIN_RESPONSES_APPRAISAL
from survey_service.reporting.pdf import a4_document, indonesian_number, table

METHOD = (
    "Setiap respons warga menilai sembilan unsur pelayanan (Permenpan RB 14/2017) "
    "dengan skala 1–4; nilai satu respons adalah jumlahnya dikali 25/9 (skala "
    "25–100). Indikator pegawai adalah rata-rata respons atas layanannya yang "
    "disesuaikan ke arah rata-rata unit menurut banyaknya respons, dengan interval "
    "kepercayaan 95%; di bawah {min} respons tidak ada angka untuk penilaian. "
    "Angka dibekukan saat periode ditutup; checksum SHA-256 di bawah dihitung dari "
    "semua angka, identitas pegawai, unit, periode dan versi metode."
)


def _qr(url: str, size: float) -> Image:
    """The verification link as the same QR code the posters use (a PNG)."""
    return Image(io.BytesIO(qr_png(url, box_size=8, border=2)), width=size, height=size)


def evidence_pdf(
    evidence: Evidence,
    sentence: str,
    verify_url: str,
    element_means: list[tuple[str, str, float | None]],
    printed_at: str,
) -> bytes:
    """The sheet as PDF bytes (A4, one page, standard fonts)."""
    styles = getSampleStyleSheet()
    body = ParagraphStyle("sheet", parent=styles["BodyText"], fontSize=9, leading=11)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)
    heading = ParagraphStyle(
        "h", parent=styles["Heading4"], spaceBefore=4, spaceAfter=2
    )
    title = ParagraphStyle("t", parent=styles["Title"], fontSize=14, spaceAfter=4)

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    r = evidence.row
    buffer = io.BytesIO()
    document = a4_document(
        buffer, f"Lembar bukti indikator kepuasan {r.nip} {r.period}", 14
    )
    value = (
        indonesian_number(r.indicator)
        if evidence.sufficient
        else f"belum dapat dinilai (kurang dari {MIN_RESPONSES_APPRAISAL} respons)"
    )
    interval = (
        f"{indonesian_number(r.interval_low)} – {indonesian_number(r.interval_high)}"
        if evidence.sufficient
        else "–"
    )
    story = [
        para("LEMBAR BUKTI INDIKATOR KEPUASAN PENERIMA LAYANAN", title),
        para(f"{r.name} · NIP {r.nip} · {r.position}"),
        para(f"{evidence.unit_name} · periode {evidence.period_label}"),
        Spacer(1, 2 * mm),
        table(
            [
                ["Ukuran", "Nilai"],
                ["Indikator (skala 25–100)", value],
                ["Interval kepercayaan 95%", interval],
                ["Jumlah respons", indonesian_number(r.responses, 0)],
                ["Rata-rata mentah", indonesian_number(r.raw_mean)],
                ["Target unit", indonesian_number(r.target)],
                ["Posisi terhadap target", position_words(r)],
                [
                    "Bukti",
                    "cukup" if evidence.sufficient else "belum cukup",
                ],
            ],
            [70, 100],
        ),
        Spacer(1, 2 * mm),
        para("Kalimat untuk e-Kinerja", heading),
        para(sentence),
        Spacer(1, 2 * mm),
        para("Rincian per unsur (rata-rata 1–4)", heading),
        table(
            [["Unsur", "Nama", "Rata-rata"]]
            + [
                [code, name, indonesian_number(mean)]
                for code, name, mean in element_means
            ],
            [16, 120, 34],
        ),
        Spacer(1, 2 * mm),
        para("Metode", heading),
        para(METHOD.format(min=MIN_RESPONSES_APPRAISAL), small),
        Spacer(1, 2 * mm),
        Table(
            [
                [
                    _qr(verify_url, 30 * mm),
                    [
                        para(f"Kode verifikasi: {evidence.code}"),
                        para(f"Checksum SHA-256: {r.checksum}", small),
                        para(f"Periksa keaslian: {verify_url}", small),
                        para(f"Dicetak {printed_at}.", small),
                    ],
                ]
            ],
            colWidths=[34 * mm, 140 * mm],
            style=[("VALIGN", (0, 0), (-1, -1), "TOP")],
        ),
    ]
    document.build(story)
    return buffer.getvalue()
