"""The official SKM report: HTML and a real PDF, read back by extracting its text."""

from __future__ import annotations

import io
from http import HTTPStatus

import numpy as np
from pypdf import PdfReader

from survey_service.core.statistics import format_number, ikm_from_counts
from tests.support.review_data import WEEK, login_head, text_of


def expected_counts(scores):
    counts = np.zeros((9, 4), dtype=int)
    for row in scores:
        for k, answer in enumerate(row):
            counts[k, answer - 1] += 1
    return counts


def test_report_page_shows_the_regulation_numbers(client, auth, unit_week):
    unit, scores = unit_week
    login_head(auth, unit)

    page = client.get(f"/units/{unit.code}/report?period={WEEK}")

    assert page.status_code == HTTPStatus.OK
    ikm = ikm_from_counts(expected_counts(scores))
    body = text_of(page)
    assert format_number(ikm.value) in body
    assert format_number(ikm.element_means[2]) in body
    assert ikm.grade.label in body
    assert "Jumlah responden (sah) 40" in body
    assert "Tidak diisi 40" in body  # no profile given in the fixture
    assert "Waktu survei" in body  # recorded from the time of each response
    assert "08.00–12.00 40" in body  # every fixture response came at 10:00


def test_report_pdf_is_a_real_pdf_with_the_same_numbers(client, auth, unit_week):
    unit, scores = unit_week
    login_head(auth, unit)

    response = client.get(f"/units/{unit.code}/report.pdf?period={WEEK}")

    assert response.status_code == HTTPStatus.OK
    assert response.headers["Content-Type"] == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    ikm = ikm_from_counts(expected_counts(scores))
    assert "LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT" in text
    assert format_number(ikm.value) in text
    assert ikm.grade.label in text
    assert unit.name in text


def test_another_units_head_gets_403_on_the_report(client, auth, unit_week):
    from tests.factories import CounterFactory

    unit, _ = unit_week
    login_head(auth, CounterFactory().unit, username="kepala.b")

    assert client.get(f"/units/{unit.code}/report").status_code == 403
    assert client.get(f"/units/{unit.code}/report.pdf").status_code == 403
