"""The SKM report in the regulation's chapters, HTML and PDF: headings, the
follow-up table, the sample-size note, the signature block, and a PDF whose
text boxes never overlap even with long names and long actions."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from survey_service.core import periods
from survey_service.core.models import FollowUpAction, ServiceVolume, VolumeSource
from tests.support.browser import ARTIFACTS
from tests.support.pdf import half_empty_pages, overlapping, text_runs
from tests.support.review_data import login_head, make_unit_week, text_of
from tests.support.web import token_in

WEEK = "2026-W47"
HEAD_NIP = "197005152000031002"
CHAPTERS = (
    "BAB I. PENDAHULUAN",
    "BAB II. PENGUMPULAN DATA",
    "BAB III. HASIL PENGOLAHAN DATA",
    "BAB IV. ANALISIS",
    "BAB V. KESIMPULAN",
)


def long_unit(db_session):
    unit, _ = make_unit_week(db_session)
    unit.name = (
        "Dinas Kependudukan dan Pencatatan Sipil, Pemberdayaan Masyarakat dan Desa, "
        "serta Pengendalian Penduduk dan Keluarga Berencana Kota Sawahlunto"
    )
    unit.head_name = "Drs. H. Muhammad Yusuf Chaniago, M.Si."
    unit.head_nip = HEAD_NIP
    for k in range(3):
        db_session.add(
            FollowUpAction(
                unit_id=unit.id,
                element_code="U3",
                period_start=dt.date(2026, 11, 16),
                period_end=dt.date(2026, 11, 22),
                action=(
                    "Menambah petugas loket perekaman KTP-el pada jam sibuk pagi, "
                    "menata ulang alur antrean dengan nomor antrean daring, dan "
                    "mengumumkan waktu layanan di papan informasi serta media sosial "
                )
                * (k + 1),
                owner="Kepala Seksi Pelayanan Pendaftaran Penduduk dan Catatan Sipil",
                due_date=dt.date(2026, 12, 15),
            )
        )
    db_session.add(
        FollowUpAction(
            unit_id=unit.id,
            element_code="U5",
            period_start=dt.date(2026, 11, 9),
            period_end=dt.date(2026, 11, 15),
            action="Memperbaiki ruang tunggu",
            owner="Kasubag Umum",
            outcome_note="Kursi ditambah 20",
        )
    )
    db_session.add(
        ServiceVolume(
            unit_id=unit.id,
            period_start=dt.date(2026, 11, 16),
            period_end=dt.date(2026, 11, 22),
            transactions=1200,
            source=VolumeSource.MANUAL,
        )
    )
    db_session.commit()
    return unit


def test_the_pdf_has_the_chapters_the_plan_the_signature_and_no_overlaps(
    client, auth, db_session
):
    unit = long_unit(db_session)
    login_head(auth, unit)

    pdf = client.get(f"/units/{unit.code}/report.pdf?period={WEEK}")

    reader = PdfReader(io.BytesIO(pdf.data))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    for heading in CHAPTERS:
        assert heading in text
    for column in ("No", "Unsur prioritas", "Program/kegiatan", "Waktu", "Penanggung"):
        assert column in text
    assert f"NIP {HEAD_NIP}" in text
    assert "Muhammad Yusuf Chaniago" in text
    assert "Sampel belum mencukupi: 40 responden" in text
    assert "Kursi ditambah 20" in text  # the previous period's plan and outcome
    assert "WIB" in text  # local time, with its zone
    for number, page in enumerate(reader.pages, start=1):
        assert f"Halaman {number}" in (page.extract_text() or "")
        assert overlapping(text_runs(page)) == [], f"page {number}"


def test_the_overlap_check_catches_overlapping_text():
    assert overlapping([(0, 0, 50, 7, "a"), (40, 2, 90, 9, "b")]) == [("a", "b")]
    assert overlapping([(0, 0, 50, 7, "a"), (60, 0, 90, 7, "b")]) == []
    assert overlapping([(0, 0, 50, 7, "a"), (0, 10, 50, 17, "b")]) == []


def test_the_html_report_has_the_same_chapters_and_records_the_forum(
    client, auth, db_session
):
    unit = long_unit(db_session)
    login_head(auth, unit)
    url = f"/units/{unit.code}/report?period={WEEK}"
    page = client.get(url)
    body = text_of(page)
    for roman, name in zip(
        ("I", "II", "III", "IV", "V"),
        (
            "Pendahuluan",
            "Pengumpulan Data",
            "Hasil Pengolahan Data",
            "Analisis",
            "Kesimpulan",
        ),
        strict=True,
    ):
        assert f"Bab {roman}. {name}" in body
    assert "Sampel belum mencukupi" in body
    assert "Tidak ada forum konsultasi publik" in body
    assert f"NIP {HEAD_NIP}" in body

    client.post(
        f"/units/{unit.code}/report/forum?period={WEEK}",
        data={
            "csrf_token": token_in(page),
            "forum_date": "2026-11-20",
            "forum_note": "Di aula kantor",
        },
    )
    assert "Diselenggarakan pada 20 Nov 2026. Di aula kantor" in text_of(
        client.get(url)
    )
    pdf = client.get(f"/units/{unit.code}/report.pdf?period={WEEK}")
    pdf_text = " ".join(
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(io.BytesIO(pdf.data)).pages
    )
    assert "Diselenggarakan pada 20 Nov 2026" in pdf_text
    bad = client.post(
        f"/units/{unit.code}/report/forum?period={WEEK}",
        data={"csrf_token": token_in(page), "forum_date": "kemarin"},
        follow_redirects=True,
    )
    assert "Tanggal forum tidak sah" in bad.get_data(as_text=True)


def test_an_admin_records_who_signs_and_a_bad_nip_is_explained(
    client, auth, db_session
):
    from survey_service.core.models import Role
    from tests.factories import UserFactory

    unit, _ = make_unit_week(db_session)
    UserFactory(username="admin.kota", role=Role.ADMIN)
    db_session.commit()
    auth.login("admin.kota")
    page = client.get(f"/admin/units/{unit.code}")
    form = {
        "csrf_token": token_in(page),
        "name": unit.name,
        "target_index": "80",
        "active": "y",
        "head_name": "Rina Marlina",
    }
    bad = client.post(
        f"/admin/units/{unit.code}",
        data={**form, "head_nip": "123"},
        follow_redirects=True,
    )
    assert "NIP kepala unit" in bad.get_data(as_text=True)
    client.post(f"/admin/units/{unit.code}", data={**form, "head_nip": HEAD_NIP})
    db_session.expire_all()
    assert (unit.head_name, unit.head_nip) == ("Rina Marlina", HEAD_NIP)
    assert re.search(
        r"NIP\s+" + HEAD_NIP,
        text_of(client.get(f"/units/{unit.code}/report?period={WEEK}")),
    )


def test_the_indonesian_documents_group_thousands_and_use_a_decimal_comma():
    from survey_service.reporting.pdf import indonesian_number

    assert indonesian_number(12345, 0) == "12.345"
    assert indonesian_number(1234.5) == "1.234,50"
    assert indonesian_number(78.125) == "78,13"
    assert indonesian_number(None) == "–"


@pytest.mark.parametrize("period", ["2026-W47", "2026-11", "2026-Q4", "2026"])
def test_each_kind_of_report_prints_as_a_head_can_sign_it(
    client, auth, db_session, period
):
    """Week, month, quarter and year: no text over text, no page more than
    half empty but the last, the conclusion and the whole signature on one
    page, and the period and dates in words."""
    unit = long_unit(db_session)
    login_head(auth, unit)

    pdf = client.get(f"/units/{unit.code}/report.pdf?period={period}")

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"report-{period}.pdf").write_bytes(pdf.data)
    reader = PdfReader(io.BytesIO(pdf.data))
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    assert half_empty_pages(reader) == [], period
    for number, page in enumerate(reader.pages, start=1):
        assert overlapping(text_runs(page)) == [], f"{period}: page {number}"
    [closing] = [text for text in pages if "BAB V. KESIMPULAN" in text]
    tail = closing[closing.index("BAB V. KESIMPULAN") :]
    said = periods.label(periods.parse_period(period))
    assert f"periode {said} adalah" in tail or "belum cukup" in tail
    for line in ("Kepala " + unit.name[:40], "Muhammad Yusuf Chaniago", HEAD_NIP):
        assert line in tail, line
    text = " ".join(pages)
    if "-" in period:  # a code ("2026-W47") is never in a sentence
        assert period not in text
    assert "BAB III. HASIL PENGOLAHAN DATA" in text
    assert "LAMPIRAN. KUESIONER" in text
    assert "Perkembangan IKM" in text
    assert not re.search(r"\b\d{2}-\d{2}-\d{4}\b", text)  # dates in words


def test_a_missing_signature_is_said_before_printing_and_never_printed_blank(
    client, auth, db_session
):
    unit, _ = make_unit_week(db_session)
    unit.head_name, unit.head_nip = None, None
    db_session.commit()
    login_head(auth, unit)

    page = text_of(client.get(f"/units/{unit.code}/report?period={WEEK}"))
    pdf = client.get(f"/units/{unit.code}/report.pdf?period={WEEK}")

    assert "Sebelum mencetak" in page
    assert "nama kepala unit" in page
    assert "NIP kepala unit" in page
    text = " ".join(
        (p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf.data)).pages
    )
    assert "NIP ……" in text  # a line to write on, not an empty NIP
    assert "belum diisi" not in text


def test_the_half_empty_check_sees_a_page_cut_short():
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    buffer = io.BytesIO()
    style = getSampleStyleSheet()["BodyText"]
    SimpleDocTemplate(buffer).build(
        [Paragraph("Bab I", style), PageBreak(), Paragraph("Bab II", style)]
    )

    assert half_empty_pages(PdfReader(io.BytesIO(buffer.getvalue()))) == [1]
