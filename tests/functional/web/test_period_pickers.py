"""Periods as people say them: every page picks from real, named periods, and
a period of the wrong kind explains itself on the page, with the picker."""

from __future__ import annotations

import re
from http import HTTPStatus

from survey_service.core import periods
from survey_service.core.models import Role
from tests.factories import UserFactory
from tests.support.clock import city_today
from tests.support.review_data import login_head, make_unit_week

OPTION = re.compile(r'<option value="([^"]+)"( selected)?>([^<]+)</option>')


def options(page) -> list[tuple[str, bool, str]]:
    picker = page.get_data(as_text=True).split('id="period-choice"', 1)[1]
    picker = picker.split("</select>", 1)[0]
    return [(key, bool(sel), name) for key, sel, name in OPTION.findall(picker)]


def test_the_dashboard_offers_real_periods_by_their_names(client, auth, db_session):
    unit, _ = make_unit_week(db_session)
    login_head(auth, unit)
    today = city_today()

    page = client.get(f"/units/{unit.code}/dashboard?period=2026-W47")

    offered = options(page)
    keys = [key for key, _, _ in offered]
    this_quarter = periods.period_containing("quarter", today)
    assert this_quarter.key in keys
    assert (this_quarter.key, False, periods.label(this_quarter)) in offered
    assert ("2026-W47", True, "Minggu 16–22 Nov 2026") in offered
    assert len([k for k in keys if "-W" in k]) >= 12  # the weeks before too
    assert 'placeholder="2026-W47"' not in page.get_data(as_text=True)


def test_a_week_on_the_appraisal_page_explains_itself_with_the_picker(
    client, auth, db_session
):
    unit, _ = make_unit_week(db_session)
    UserFactory(username="penilai", role=Role.EVALUATOR, units=[unit])
    auth.login("penilai")

    page = client.get("/appraisal/?period=2026-W47")

    assert page.status_code == HTTPStatus.BAD_REQUEST
    body = page.get_data(as_text=True)
    assert "Periode di sini harus salah satu dari: bulan, triwulan, semester" in body
    assert "Indikator kepuasan pegawai" in body  # the page itself, not an error page
    kinds = {key for key, _, _ in options(page)}
    assert not any("-W" in key for key in kinds)  # weeks are not offered here
    selected = [key for key, sel, _ in options(page) if sel]
    assert selected == [periods.period_containing("quarter", city_today()).key]


def test_an_export_of_the_wrong_kind_is_still_a_plain_400(client, auth, db_session):
    unit, _ = make_unit_week(db_session)
    UserFactory(username="penilai", role=Role.EVALUATOR, units=[unit])
    auth.login("penilai")

    export = client.get("/appraisal/export.csv?period=2026-W47")

    assert export.status_code == HTTPStatus.BAD_REQUEST
    assert "text/csv" not in export.content_type


def test_a_period_that_is_no_period_keeps_the_page_and_says_why(
    client, auth, db_session
):
    unit, _ = make_unit_week(db_session)
    login_head(auth, unit)

    page = client.get(f"/units/{unit.code}/report?period=2026-W99")

    assert page.status_code == HTTPStatus.BAD_REQUEST
    body = page.get_data(as_text=True)
    assert "Periode tidak dikenal" in body
    assert "Laporan Hasil Survei Kepuasan Masyarakat" in body
    assert options(page)
