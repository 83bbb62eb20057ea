"""The SKM report in the regulation's chapters, HTML and PDF: headings, the
follow-up table, the sample-size note, the signature block, and a PDF whose
text boxes never overlap even with long names and long actions."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from survey_service.core.models import FollowUpAction, ServiceVolume, VolumeSource
from tests.support.review_data import login_head, make_unit_week, text_of
from tests.support.web import token_in

WEEK = "2026-W47"
HEAD_NIP = "197005152000031002"
CHAPTERS = (
    "BAB I. PENDAHULUAN",
    "BAB II. PENGUMPULAN DATA",
    "BAB III. PENGOLAHAN DATA",
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


def text_runs(page) -> list[tuple[float, float, float, float, str]]:
    """Every text run of ``page`` as a box (x0, y0, x1, y1) with its text."""
    runs = []

    def visit(text, cm, tm, font, size):
        if not text.strip() or not font:
            return
        name = str(font.get("/BaseFont", "/Helvetica")).lstrip("/")
        scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
        height = size * scale
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        width = stringWidth(text.rstrip(), name, height)
        runs.append((x, y, x + width, y + height * 0.7, text.strip()))

    page.extract_text(visitor_text=visit)
    return runs


def overlapping(runs):
    pairs = []
    for a, b in itertools.combinations(runs, 2):
        if (
            min(a[2], b[2]) - max(a[0], b[0]) > 0.5
            and min(a[3], b[3]) - max(a[1], b[1]) > 0.5
        ):
            pairs.append((a[4][:30], b[4][:30]))
    return pairs


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
            "Pengolahan Data",
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
    assert "Diselenggarakan pada 20-11-2026. Di aula kantor" in text_of(client.get(url))
    pdf = client.get(f"/units/{unit.code}/report.pdf?period={WEEK}")
    pdf_text = " ".join(
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(io.BytesIO(pdf.data)).pages
    )
    assert "Diselenggarakan pada 20-11-2026" in pdf_text
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
