"""Appraisal indicators: live while open, frozen with checksums when closed."""

from __future__ import annotations

import csv
import io
import json
from http import HTTPStatus

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from survey_service.appraisal import service as appraisal
from survey_service.core import periods
from survey_service.core.models import (
    AuditEntry,
    IndicatorSnapshot,
    PeriodClosure,
    Response,
    ResponseStatus,
    Role,
)
from tests.factories import CounterFactory, EmployeeFactory, UserFactory
from tests.support.appraisal import PERIOD, close, evaluator
from tests.support.clock import city_today
from tests.support.review_data import add, text_of
from tests.support.web import token_in


def snapshot_rows(db_session):
    db_session.expire_all()
    return [
        (s.nip, s.responses, s.indicator, s.interval_low, s.checksum)
        for s in db_session.scalars(
            select(IndicatorSnapshot)
            .where(IndicatorSnapshot.superseded_at.is_(None))
            .order_by(IndicatorSnapshot.nip)
        )
    ]


def test_open_period_shows_provisional_rows_and_fewer_than_10_is_not_assessable(
    client, auth, unit_quarter
):
    unit, strong, _ = unit_quarter
    evaluator(auth, unit)

    body = client.get(f"/appraisal/?period={PERIOD}").get_data(as_text=True)

    assert "sementara" in body
    assert strong.nip in body
    assert "Tidak dapat dinilai" in body  # Budi, 4 responses


def test_a_closed_snapshot_never_changes(
    client, auth, db_session, unit_quarter, monkeypatch
):
    unit, strong, _ = unit_quarter
    evaluator(auth, unit)
    assert close(client).status_code == HTTPStatus.FOUND
    frozen = snapshot_rows(db_session)
    assert len(frozen) == 2

    # Late responses, a later exclusion and a new method version...
    counter = unit.counters[0]
    add(db_session, counter, 20, [1] * 9, employee_id=strong.id)
    first = db_session.scalars(select(IndicatorSnapshot)).first()

    some = db_session.scalars(
        select(Response).where(Response.employee_id == strong.id)
    ).first()
    some.status = ResponseStatus.EXCLUDED
    db_session.commit()
    monkeypatch.setattr(appraisal, "METHOD_VERSION", "2: something new")

    # ...leave it equal, checksum included.
    assert snapshot_rows(db_session) == frozen
    assert first.checksum == appraisal.checksum(
        {
            **{
                k: getattr(first, k) for k in appraisal.CHECKSUM_FIELDS if k != "period"
            },
            "period": PERIOD,
        }
    )
    body = client.get(f"/appraisal/?period={PERIOD}").get_data(as_text=True)
    assert "dibekukan" in body


def test_only_an_admin_reopens_with_a_reason_audited_old_snapshot_kept(
    client, auth, db_session, unit_quarter
):
    unit, _, _ = unit_quarter
    evaluator(auth, unit)
    close(client)
    page = client.get(f"/appraisal/?period={PERIOD}")
    refused = client.post(
        f"/appraisal/reopen?period={PERIOD}",
        data={"csrf_token": token_in(page), "reason": "saya mau"},
    )
    assert refused.status_code == HTTPStatus.FORBIDDEN
    auth.logout()
    UserFactory(username="admin", role=Role.ADMIN)
    auth.login("admin")
    page = client.get(f"/appraisal/?period={PERIOD}")

    client.post(
        f"/appraisal/reopen?period={PERIOD}",
        data={"csrf_token": token_in(page), "reason": "koreksi jadwal"},
    )

    db_session.expire_all()
    all_snapshots = db_session.scalars(select(IndicatorSnapshot)).all()
    assert len(all_snapshots) == 2
    assert all(s.superseded_at is not None for s in all_snapshots)
    entry = db_session.scalar(
        select(AuditEntry).where(AuditEntry.action == "period.reopen")
    )
    assert entry.details["reason"] == "koreksi jadwal"
    closure = db_session.scalar(select(PeriodClosure))
    assert closure.reopen_reason == "koreksi jadwal"
    assert "sementara" in client.get(f"/appraisal/?period={PERIOD}").get_data(
        as_text=True
    )


def test_a_period_that_has_not_ended_cannot_be_closed(
    client, auth, db_session, unit_quarter
):
    unit, _, _ = unit_quarter
    evaluator(auth, unit)
    today = city_today()
    running = periods.period_containing("quarter", today)

    page = client.get(f"/appraisal/close?period={running.key}", follow_redirects=True)
    posted = client.post(
        f"/appraisal/close?period={running.key}",
        data={"csrf_token": token_in(page), "confirm": "y"},
    )
    body = page.get_data(as_text=True)

    assert posted.status_code == HTTPStatus.FOUND
    assert f"berakhir {periods.day_label(running.end)}" in body
    assert "Tutup periode dan bekukan indikator…" not in body
    assert snapshot_rows(db_session) == []


def test_the_confirmation_page_says_what_will_be_frozen_and_writes_nothing(
    client, auth, db_session, unit_quarter
):
    unit, _, _ = unit_quarter
    evaluator(auth, unit)

    body = text_of(client.get(f"/appraisal/close?period={PERIOD}"))
    page = client.get(f"/appraisal/close?period={PERIOD}")
    unticked = client.post(
        f"/appraisal/close?period={PERIOD}", data={"csrf_token": token_in(page)}
    )

    # Two employees, 16 responses, one of them below the gate of 10.
    assert f"{unit.code} {unit.name} 2 16 1 akan dibekukan" in body
    assert unticked.status_code == HTTPStatus.OK
    assert "Centang konfirmasi" in unticked.get_data(as_text=True)
    assert snapshot_rows(db_session) == []


def test_closing_freezes_only_the_units_in_the_evaluator_s_scope(
    client, auth, db_session, unit_quarter
):
    unit, _, _ = unit_quarter
    other = CounterFactory(code="B-L1")
    colleague = EmployeeFactory(unit=other.unit, name="Tono")
    for k in range(12):
        add(db_session, other, 16 + k % 7, [3] * 9, employee_id=colleague.id)
    db_session.commit()
    evaluator(auth, unit)

    close(client)

    db_session.expire_all()
    frozen_units = {s.unit_code for s in db_session.scalars(select(IndicatorSnapshot))}
    assert frozen_units == {unit.code}
    auth.logout()
    UserFactory(username="penilai.b", role=Role.EVALUATOR, units=[other.unit])
    auth.login("penilai.b")
    body = client.get(f"/appraisal/?period={PERIOD}").get_data(as_text=True)
    assert "sementara" in body  # unit B is still live for its own evaluator


def test_exports_parse_back_to_the_same_rows(client, auth, db_session, unit_quarter):
    unit, strong, _ = unit_quarter
    evaluator(auth, unit)
    close(client)

    base = f"/appraisal/export.{{}}?period={PERIOD}&unit={unit.code}"
    with client.get(base.format("csv")) as response:
        as_csv = response.get_data(as_text=True)
    with client.get(base.format("json")) as response:
        data = json.loads(response.get_data(as_text=True))
    with client.get(base.format("xlsx")) as response:
        as_xlsx = response.data

    rows = list(csv.DictReader(io.StringIO(as_csv.lstrip("\ufeff"))))
    sheet = load_workbook(io.BytesIO(as_xlsx)).active
    values = list(sheet.values)
    assert data["frozen"] is True
    assert [r["NIP"] for r in rows] == [r["NIP"] for r in data["rows"]]
    by_nip = {r["NIP"]: r for r in data["rows"]}
    assert (
        float(next(r for r in rows if r["NIP"] == strong.nip)["indicator"])
        == (by_nip[strong.nip]["indicator"])
    )
    assert values[0][0] == "NIP"
    assert sheet.freeze_panes == "A2"
    xlsx_row = next(v for v in values[1:] if v[0] == strong.nip)
    assert isinstance(xlsx_row[6], float)  # typed numeric cell
    assert xlsx_row[6] == by_nip[strong.nip]["indicator"]
    assert xlsx_row[13] == by_nip[strong.nip]["snapshot_id"]
    pulls = db_session.scalars(
        select(AuditEntry.details).where(AuditEntry.action == "indicators.pull")
    ).all()
    assert {p["what"] for p in pulls} >= {"export.csv", "export.json", "export.xlsx"}


def test_an_evaluator_of_unit_a_cannot_pull_unit_b(
    client, auth, db_session, unit_quarter
):
    unit, _, _ = unit_quarter
    evaluator(auth, CounterFactory().unit, username="penilai.b")

    with client.get(f"/appraisal/export.csv?unit={unit.code}") as response:
        assert response.status_code == 404
    assert unit.code not in client.get("/appraisal/").get_data(as_text=True)


@pytest.mark.parametrize("period", ["2026-W47", "kemarin"])
def test_weeks_and_nonsense_are_not_appraisal_periods(
    client, auth, unit_quarter, period
):
    unit, _, _ = unit_quarter
    evaluator(auth, unit)

    assert client.get(f"/appraisal/?period={period}").status_code == 400


def test_heads_and_staff_cannot_open_the_appraisal_pages(client, auth, unit_quarter):
    unit, _, _ = unit_quarter
    UserFactory(username="kepala", role=Role.HEAD, units=[unit])
    auth.login("kepala")

    assert client.get("/appraisal/").status_code == 403


def test_evaluator_sees_an_employee_page(client, auth, db_session, unit_quarter):
    unit, strong, _ = unit_quarter
    evaluator(auth, unit)

    page = client.get(f"/appraisal/employees/{strong.nip}?period={PERIOD}")

    body = page.get_data(as_text=True)
    assert page.status_code == HTTPStatus.OK
    assert strong.name in body
    assert "Minggu 16–22 Nov 2026" in body  # a week of the trend, in words
    assert "A-L1" in body or unit.counters[0].name in body


def test_staff_self_view_shows_own_numbers_and_masked_comments_only(
    client, auth, db_session, unit_quarter
):
    unit, strong, thin = unit_quarter
    add(
        db_session,
        unit.counters[0],
        18,
        [2] * 9,
        employee_id=strong.id,
        comment="Lama, hubungi 0812-6612-3345",
    )
    add(
        db_session,
        unit.counters[0],
        18,
        [2] * 9,
        employee_id=thin.id,
        comment="Komentar untuk Budi",
    )
    db_session.commit()
    UserFactory(username="siti", role=Role.STAFF, employee=strong, units=[unit])
    auth.login("siti")

    body = client.get(f"/me?period={PERIOD}").get_data(as_text=True)

    assert "Hasil pelayanan saya" in body
    assert strong.nip in body
    assert thin.nip not in body
    assert "Komentar untuk Budi" not in body
    assert "[nomor telepon disamarkan]" in body
    assert client.get("/appraisal/").status_code == HTTPStatus.FORBIDDEN
    assert client.get(f"/appraisal/employees/{thin.nip}").status_code == 403


def test_a_formula_in_a_name_stays_inert_in_csv_and_xlsx(
    client, auth, db_session, unit_quarter
):
    unit, strong, _ = unit_quarter
    strong.name = '=HYPERLINK("http://evil.example","klik")'
    strong.position = "+Pelaksana"
    db_session.commit()
    evaluator(auth, unit)
    base = f"/appraisal/export.{{}}?period={PERIOD}&unit={unit.code}"

    with client.get(base.format("csv")) as response:
        text = response.get_data(as_text=True)
    with client.get(base.format("xlsx")) as response:
        sheet = load_workbook(io.BytesIO(response.data)).active

    row = next(r for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
               if r["NIP"] == strong.nip)  # fmt: skip
    assert row["name"] == "'" + strong.name
    assert row["position"] == "'+Pelaksana"
    cells = next(r for r in sheet.iter_rows() if r[0].value == strong.nip)
    assert cells[1].value == strong.name
    assert cells[1].data_type == "s"  # a string, not a formula
    assert cells[2].data_type == "s"
    assert cells[6].data_type == "n"  # numbers stay numbers


def test_the_employee_import_refuses_formulas(client, auth, db_session):
    from survey_service.core.models import Unit

    UserFactory(username="admin", role=Role.ADMIN)
    unit = db_session.scalars(select(Unit)).first() or CounterFactory().unit
    db_session.commit()
    auth.login("admin")
    page = client.get("/admin/import/employees")
    text = (
        "nip,name,position,unit_code\n"
        f"198503122010011001,\"=cmd|' /C calc'!A0\",Pelaksana,{unit.code}\n"
    )

    response = client.post(
        "/admin/import/employees",
        data={
            "csrf_token": token_in(page),
            "file": (io.BytesIO(text.encode()), "e.csv"),
        },
        content_type="multipart/form-data",
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "dibaca sebagai rumus" in response.get_data(as_text=True)
