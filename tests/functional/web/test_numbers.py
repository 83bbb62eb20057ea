"""One number, one rule, on every path: pages, PDF, exports, API, snapshot.

An employee with 16 responses summing to 450 has the index 25 x 450 / 144 =
78.125, which must read 78,13 / 78.13 everywhere (Python's float rounding gave
78.12 in the exports and the snapshot). Below the appraisal gate (10 responses)
no number reaches any appraisal path; below 30 no grade appears in the report.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from http import HTTPStatus

from pypdf import PdfReader
from sqlalchemy import select

from survey_service.accounts import service as accounts
from survey_service.core.models import IndicatorSnapshot, Role
from tests.factories import CounterFactory, EmployeeFactory, UserFactory
from tests.support.appraisal import close
from tests.support.review_data import add, text_of

QUARTER = "2026-11"  # an ended month: the data lie in 16-22 November 2026
WEEK = "2026-W47"


def _sixteen_summing_to_450(db_session, counter, employee):
    """14 responses with total 28 and 2 with total 29: n = 16, S = 450."""
    for k in range(16):
        scores = [4, 4 if k >= 14 else 3] + [3] * 7
        add(db_session, counter, 16 + k % 5, scores, employee_id=employee.id)


def _csv_rows(client, url):
    with client.get(url) as response:
        assert response.status_code == HTTPStatus.OK
        return list(csv.DictReader(io.StringIO(response.get_data(as_text=True)[1:])))


def test_78_125_reads_78_13_on_every_path(client, auth, db_session):
    counter = CounterFactory(code="N-L1")
    employee = EmployeeFactory(unit=counter.unit, name="Rina")
    _sixteen_summing_to_450(db_session, counter, employee)
    db_session.commit()
    UserFactory(username="penilai", role=Role.EVALUATOR, units=[counter.unit])
    UserFactory(username="kepala", role=Role.HEAD, units=[counter.unit])
    user = UserFactory(username="api", role=Role.EVALUATOR, units=[counter.unit])
    _token, secret = accounts.create_api_token(db_session, user, "t")
    db_session.commit()
    code = counter.unit.code

    auth.login("kepala")
    dashboard_page = client.get(f"/units/{code}/dashboard?period={QUARTER}")
    dashboard = text_of(dashboard_page)
    chart = re.search(
        r"id=\"trend-chart\"[^>]*data-labels='([^']*)'[^>]*data-values='([^']*)'",
        dashboard_page.get_data(as_text=True),
    )
    report = text_of(client.get(f"/units/{code}/report?period={QUARTER}"))
    pdf = client.get(f"/units/{code}/report.pdf?period={QUARTER}").data
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    auth.logout()
    assert "78,13" in dashboard
    assert "78,12" not in dashboard
    assert "78,13" in report
    # The chart plots the value as shown, against the week as people say it.
    weeks, values = json.loads(html.unescape(chart[1])), json.loads(chart[2])
    assert values[weeks.index("Minggu 16–22 Nov 2026")] == 78.13
    assert "78,13" in pdf_text
    # n = 16: a value, an interval, but no grade before 30 responses.
    assert "Mutu pelayanan –" in report
    assert "Mutu pelayanan –" in pdf_text.replace("\n", " ")

    auth.login("penilai")
    live = _csv_rows(client, f"/appraisal/export.csv?period={QUARTER}&unit={code}")
    close(client, QUARTER)  # through its confirmation page
    frozen = _csv_rows(client, f"/appraisal/export.csv?period={QUARTER}&unit={code}")
    with client.get(f"/appraisal/export.json?period={QUARTER}&unit={code}") as r:
        as_json = json.loads(r.get_data(as_text=True))["rows"]
    api = client.get(
        f"/api/v1/employees/{employee.nip}/indicator?period={QUARTER}",
        headers={"Authorization": f"Bearer {secret}"},
    ).get_json()
    snapshot = db_session.scalar(
        select(IndicatorSnapshot).where(IndicatorSnapshot.nip == employee.nip)
    )

    assert float(live[0]["raw_mean"]) == 78.13
    assert float(frozen[0]["raw_mean"]) == 78.13
    assert as_json[0]["raw_mean"] == 78.13
    assert snapshot.raw_mean == 78.13
    assert api["raw_mean"] == 78.13


def test_below_the_appraisal_gate_no_number_reaches_an_appraisal(
    client, auth, db_session
):
    counter = CounterFactory(code="G-L1")
    thin = EmployeeFactory(unit=counter.unit, name="Budi")
    add(db_session, counter, 17, [1] * 9, employee_id=thin.id)  # one response: 25.0
    db_session.commit()
    UserFactory(username="penilai", role=Role.EVALUATOR, units=[counter.unit])
    auth.login("penilai")
    code = counter.unit.code

    live = _csv_rows(client, f"/appraisal/export.csv?period={QUARTER}&unit={code}")
    close(client, QUARTER)  # through its confirmation page
    frozen = _csv_rows(client, f"/appraisal/export.csv?period={QUARTER}&unit={code}")
    snapshot = db_session.scalar(
        select(IndicatorSnapshot).where(IndicatorSnapshot.nip == thin.nip)
    )

    for row in (live[0], frozen[0]):
        assert row["responses"] == "1"
        assert row["raw_mean"] == row["indicator"] == row["interval_low"] == ""
    assert snapshot.raw_mean is None
    assert snapshot.indicator is None


def test_the_report_shows_no_value_below_five_responses(client, auth, db_session):
    counter = CounterFactory(code="R-L1")
    for day in (16, 17, 18):
        add(db_session, counter, day, [4] * 9)
    UserFactory(username="kepala", role=Role.HEAD, units=[counter.unit])
    db_session.commit()
    auth.login("kepala")

    report = text_of(client.get(f"/units/{counter.unit.code}/report?period={WEEK}"))

    assert "Belum cukup data (n = 3)." in report
    assert "100,00" not in report
