"""Appraisal evidence: the e-Kinerja sentence, the one-page sheet, and the
public verification page that recomputes the figures from the snapshot."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from survey_service.core.models import IndicatorSnapshot
from survey_service.core.statistics import format_number
from tests.support.appraisal import PERIOD, close, evaluator


def snapshot_of(db_session, employee):
    db_session.expire_all()
    return db_session.scalar(
        select(IndicatorSnapshot).where(
            IndicatorSnapshot.nip == employee.nip,
            IndicatorSnapshot.superseded_at.is_(None),
        )
    )


def sentence_on(page) -> str:
    body = page.get_data(as_text=True)
    return html.unescape(
        re.search(r'<textarea id="kalimat"[^>]*>(.*?)</textarea>', body, re.S).group(1)
    )


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 1  # one page
    return " ".join((reader.pages[0].extract_text() or "").split())


def test_the_sentence_matches_the_snapshot_exactly(
    client, auth, db_session, unit_quarter
):
    unit, strong, thin = unit_quarter
    evaluator(auth, unit)
    open_page = client.get(f"/appraisal/employees/{strong.nip}?period={PERIOD}")
    assert "setelah periode ini ditutup" in open_page.get_data(as_text=True)
    assert (
        client.get(
            f"/appraisal/employees/{strong.nip}/evidence.pdf?period={PERIOD}"
        ).status_code
        == HTTPStatus.NOT_FOUND
    )
    close(client)
    snap = snapshot_of(db_session, strong)

    sentence = sentence_on(
        client.get(f"/appraisal/employees/{strong.nip}?period={PERIOD}")
    )

    assert f"{strong.name} (NIP {strong.nip})" in sentence
    assert "periode November 2026 (1 Nov 2026 – 30 Nov 2026)" in sentence
    assert f"penerima layanan {format_number(snap.indicator)} " in sentence
    assert (
        f"95%: {format_number(snap.interval_low)}–{format_number(snap.interval_high)}) "
        f"dari {snap.responses} respons; bukti cukup" in sentence
    )
    assert f"Kode verifikasi {snap.checksum[:20].upper()}" in sentence
    said = {"above_target": "di atas target", "consistent_with_target": "sesuai target"}
    assert (
        f"posisi terhadap target unit {format_number(snap.target)}: "
        f"{said.get(snap.position_against_target, 'di bawah target')}" in sentence
    )
    thin_sentence = sentence_on(
        client.get(f"/appraisal/employees/{thin.nip}?period={PERIOD}")
    )
    assert "belum dapat dinilai: 4 respons" in thin_sentence
    assert "bukti belum cukup" in thin_sentence


def test_the_sheet_carries_the_figures_checksum_and_verification_link(
    client, auth, db_session, unit_quarter
):
    unit, strong, _thin = unit_quarter
    evaluator(auth, unit)
    close(client)
    snap = snapshot_of(db_session, strong)

    sheet = client.get(
        f"/appraisal/employees/{strong.nip}/evidence.pdf?period={PERIOD}"
    )

    assert sheet.status_code == HTTPStatus.OK
    assert sheet.headers["Content-Type"] == "application/pdf"
    text = pdf_text(sheet)
    assert "LEMBAR BUKTI" in text
    assert format_number(snap.indicator) in text
    assert snap.checksum[:40] in text.replace(" ", "")
    assert "U1" in text
    assert "U9" in text
    assert f"/verifikasi/{snap.checksum[:20].upper()}" in text
    assert "Posisi terhadap target" in text


def test_the_verification_page_accepts_the_genuine_and_rejects_the_forged(
    app, client, auth, db_session, unit_quarter
):
    unit, strong, _thin = unit_quarter
    evaluator(auth, unit)
    close(client)
    snap = snapshot_of(db_session, strong)
    code = snap.checksum[:20].upper()
    anyone = app.test_client()
    shown = format_number(snap.indicator, 2, ".")

    genuine = anyone.get(
        f"/verifikasi/{code}?nilai={shown}&n={snap.responses}"
        f"&bawah={format_number(snap.interval_low, 2, '.')}"
        f"&atas={format_number(snap.interval_high, 2, '.')}"
    )
    assert genuine.status_code == HTTPStatus.OK
    body = genuine.get_data(as_text=True)
    assert "Utuh" in body
    assert "cocok" in body
    assert "BERBEDA" not in body
    assert strong.name in body

    altered = anyone.get(f"/verifikasi/{code}?nilai=99.00&n={snap.responses}")
    assert "BERBEDA" in altered.get_data(as_text=True)
    assert "nilai" in altered.get_data(as_text=True)

    for forged in (code[:-1] + ("0" if code[-1] != "0" else "1"), "XYZ", code + "00"):
        wrong = anyone.get(f"/verifikasi/{forged}")
        assert wrong.status_code == HTTPStatus.NOT_FOUND
        assert "tidak dikenal" in wrong.get_data(as_text=True)

    snap.indicator = 99.0  # somebody edits the frozen figure in the database
    db_session.commit()
    tampered = anyone.get(f"/verifikasi/{code}")
    assert "TIDAK UTUH" in tampered.get_data(as_text=True)


def test_the_verification_link_in_the_sheet_works_as_printed(
    app, client, auth, db_session, unit_quarter
):
    unit, strong, _thin = unit_quarter
    evaluator(auth, unit)
    close(client)
    text = pdf_text(
        client.get(f"/appraisal/employees/{strong.nip}/evidence.pdf?period={PERIOD}")
    )
    url = re.search(r"Periksa keaslian: (\S+)", text).group(1)
    page = app.test_client().get(urlsplit(url).path + "?" + urlsplit(url).query)
    assert page.status_code == HTTPStatus.OK
    assert "cocok" in page.get_data(as_text=True)
    assert "BERBEDA" not in page.get_data(as_text=True)


def test_the_sheet_s_qr_code_decodes_to_its_verification_link(
    client, auth, db_session, unit_quarter, tmp_path
):
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        pytest.skip("zbarimg not installed (Debian package zbar-tools)")
    unit, strong, _thin = unit_quarter
    evaluator(auth, unit)
    close(client)
    sheet = client.get(
        f"/appraisal/employees/{strong.nip}/evidence.pdf?period={PERIOD}"
    )
    text = pdf_text(sheet)
    printed = re.search(r"Periksa keaslian: (\S+)", text).group(1)
    [image] = PdfReader(io.BytesIO(sheet.data)).pages[0].images
    path = tmp_path / "qr.png"
    image.image.save(path)

    decoded = subprocess.run(
        [zbarimg, "--quiet", "--raw", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()

    assert decoded == printed
    assert (
        f"/verifikasi/{snapshot_of(db_session, strong).checksum[:20].upper()}?"
        in decoded
    )


def test_the_public_verification_page_masks_the_nip_and_leads_with_the_verdict(
    app, client, auth, db_session, unit_quarter
):
    unit, strong, _thin = unit_quarter
    evaluator(auth, unit)
    close(client)
    code = snapshot_of(db_session, strong).checksum[:20].upper()
    anyone = app.test_client()

    altered = anyone.get(f"/verifikasi/{code}?nilai=99.00")
    body = altered.get_data(as_text=True)

    assert strong.name in body
    assert strong.nip not in body  # birth date, sex, appointment month
    assert strong.nip[-4:] in body
    assert body.index("BERBEDA") < body.index("Utuh")  # the red warning first
    assert altered.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert "November 2026" in body  # the period in words, the method too
    assert "Permenpan RB 14/2017" in body
    english = anyone.get(f"/verifikasi/{code}?lang=en").get_data(as_text=True)
    assert "Employee assessed" in english
    assert "s.d." not in english
    assert "Position against the target" in english


def test_guessing_verification_codes_is_slowed_like_ticket_codes(app, db_session):
    anyone = app.test_client()

    misses = [anyone.get(f"/verifikasi/TEBAKAN{k:04d}") for k in range(21)]

    assert {m.status_code for m in misses[:20]} == {HTTPStatus.NOT_FOUND}
    assert misses[20].status_code == HTTPStatus.TOO_MANY_REQUESTS
