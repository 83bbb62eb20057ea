"""The city overview for leaders: every unit side by side with honest rank
ranges, the follow-up loop in numbers, and the yearly PEKPPP recap."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from http import HTTPStatus

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from survey_service.core.models import (
    ActionStatus,
    Alert,
    AlertKind,
    FollowUpAction,
    Role,
    Unit,
)
from survey_service.publishing import service as publications
from tests.factories import CounterFactory, UnitFactory, UserFactory
from tests.support.review_data import add, text_of

MONTH = "2026-11"


def spread(db_session, counter, n, answers):
    """``n`` responses in November cycling through ``answers`` (lists of nine)."""
    for k in range(n):
        add(db_session, counter, 2 + k % 25, answers[k % len(answers)])


@pytest.fixture
def city(db_session):
    """Three units: two good ones whose intervals overlap and one clearly lower,
    and a fourth with too few responses to rank."""
    high = CounterFactory(code="HI-L1", unit=UnitFactory(code="HI", name="Unit Tinggi"))
    near = CounterFactory(code="NE-L1", unit=UnitFactory(code="NE", name="Unit Dekat"))
    low = CounterFactory(code="LO-L1", unit=UnitFactory(code="LO", name="Unit Rendah"))
    few = CounterFactory(code="FE-L1", unit=UnitFactory(code="FE", name="Unit Sedikit"))
    spread(db_session, high, 40, [[4] * 9, [3] * 9, [4] * 9])
    spread(db_session, near, 40, [[4] * 9, [3] * 9, [3] * 9, [4] * 9])
    spread(db_session, low, 40, [[2] * 9, [2] * 9, [3] * 9])
    spread(db_session, few, 3, [[4] * 9])
    UserFactory(username="pimpinan", role=Role.LEADER)
    db_session.commit()
    return high.unit, near.unit, low.unit, few.unit


def rank_cell(body: str, name: str) -> str:
    row = re.search(
        rf"<th scope=\"row\"><a [^>]*>{name}</a>.*?</th>(.*?)</tr>", body, re.S
    )
    row = row.group(1)
    return re.findall(r"<td>(.*?)</td>", row, re.S)[0]


def test_a_leader_sees_every_unit_with_rank_ranges_not_false_precision(
    client, auth, city
):
    auth.login("pimpinan")
    page = client.get(f"/city/?period={MONTH}")

    assert page.status_code == HTTPStatus.OK
    body = page.get_data(as_text=True)
    assert rank_cell(body, "Unit Tinggi") == "1–2"  # overlaps Unit Dekat
    assert rank_cell(body, "Unit Dekat") == "1–2"
    assert rank_cell(body, "Unit Rendah") == "3"  # certainly below both
    assert rank_cell(body, "Unit Sedikit") == "–"  # three responses: no rank
    # By rank range, then by name: the overlapping pair in no false order.
    table = body[body.index('id="ikhtisar"') :]
    order = [table.index(n) for n in ("Unit Dekat", "Unit Tinggi", "Unit Rendah")]
    assert order == sorted(order)
    chart = body[body.index("<svg") : body.index("</svg>")]
    assert chart.count("<circle") == 3  # the unit with three responses: no dot
    assert 'href="/units/HI"' in body  # each unit links to its pages
    assert "berbagi peringkat" in text_of(page)


def test_the_follow_up_loop_in_numbers(client, auth, city, db_session):
    high, *_ = city
    for due, done_on, status in (
        (dt.date(2026, 11, 10), dt.date(2026, 11, 9), ActionStatus.DONE),  # on time
        (dt.date(2026, 11, 12), dt.date(2026, 11, 20), ActionStatus.DONE),  # late
        (dt.date(2026, 11, 14), None, ActionStatus.IN_PROGRESS),  # not done
        (dt.date(2027, 1, 5), None, ActionStatus.PLANNED),  # not due in November
    ):
        db_session.add(
            FollowUpAction(
                unit_id=high.id,
                period_start=dt.date(2026, 11, 1),
                period_end=dt.date(2026, 11, 30),
                action="Perbaiki antrean",
                owner="Kasi",
                due_date=due,
                status=status,
                completed_on=done_on,
            )
        )
    opened = dt.datetime(2026, 11, 3, 2, tzinfo=dt.UTC)
    for hours in (24, 72, 120):  # closed after 1, 3 and 5 days: median 3
        db_session.add(
            Alert(
                unit_id=high.id,
                kind=AlertKind.LOW_SCORE,
                message="x",
                created_at=opened,
                acknowledged_at=opened + dt.timedelta(hours=hours),
            )
        )
    db_session.add(
        Alert(
            unit_id=high.id,
            kind=AlertKind.LOW_SCORE,
            message="y",
            due_on=dt.date(2026, 11, 6),
        )
    )
    db_session.commit()
    auth.login("pimpinan")

    body = client.get(f"/city/?period={MONTH}").get_data(as_text=True)

    row = re.search(r"Unit Tinggi</a>.*?</th>(.*?)</tr>", body, re.S).group(1)
    assert "1 / 3 (33%)" in row
    assert "3,0" in row  # median days from opening to closing
    assert "(3 ditutup)" in row
    assert '<strong class="bad">1</strong>' in row  # overdue now


def test_a_leader_reads_the_city_and_nothing_else(client, auth, city):
    high, *_ = city
    auth.login("pimpinan")
    home = client.get("/").get_data(as_text=True)
    assert "Ikhtisar kota" in home
    assert client.get(f"/units/{high.code}/dashboard").status_code == 403
    assert client.get(f"/units/{high.code}/comments").status_code == 403
    assert client.get("/admin/").status_code == 403
    assert client.get("/appraisal/").status_code in (403, 404)
    assert client.get("/city/?period=zzz").status_code == HTTPStatus.BAD_REQUEST


def test_the_pekppp_recap_as_csv_and_xlsx(client, auth, city, db_session):
    high, _near, low, _few = city
    low.name = '=HYPERLINK("http://evil.example","klik")'
    db_session.add(
        FollowUpAction(
            unit_id=high.id,
            period_start=dt.date(2026, 11, 1),
            period_end=dt.date(2026, 11, 30),
            action="Perbaiki antrean",
            owner="Kasi",
            status=ActionStatus.DONE,
            completed_on=dt.date(2026, 12, 1),
            lapor_tracking_id="2411983",
        )
    )
    admin = UserFactory(username="admin.kota", role=Role.ADMIN)
    db_session.commit()
    publications.publish(
        db_session, high, publications_period(), admin, today=dt.date(2026, 12, 3)
    )
    db_session.commit()
    auth.login("pimpinan")

    response = client.get("/city/pekppp-2026.csv")

    assert response.status_code == HTTPStatus.OK
    rows = list(
        csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))
    )
    by_code = {r["kode_unit"]: r for r in rows}
    assert set(by_code) == {"HI", "NE", "LO", "FE"}
    hi = by_code["HI"]
    assert hi["jumlah_responden"] == "40"
    assert hi["bulan_survei_berjalan"] == "1"
    assert hi["periode_dipublikasikan"] == MONTH
    assert hi["alamat_publikasi"].endswith("/hasil/HI")
    assert (hi["tindak_lanjut_direncanakan"], hi["tindak_lanjut_selesai_12_bulan"]) == (
        "1",
        "1",
    )
    assert hi["nomor_sp4n_lapor"] == "2411983"
    assert by_code["FE"]["ikm"] == ""  # three responses: no index
    assert by_code["LO"]["nama_unit"].startswith("'=")  # inert in a spreadsheet
    with client.get("/city/pekppp-2026.xlsx") as workbook:
        book = load_workbook(io.BytesIO(workbook.data))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    names = [
        row[header.index("nama_unit")]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert low.name in names  # a string cell, never a formula
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert client.get("/city/pekppp-2026.pdf").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/city/pekppp-2999.csv").status_code == HTTPStatus.NOT_FOUND


def publications_period():
    from survey_service.core import periods

    return periods.parse_period(MONTH)


def test_only_leaders_and_admins_are_created_without_units(db_session, runner):
    unit = db_session.scalar(select(Unit)) or UnitFactory(code="X")
    db_session.commit()
    bad = runner.invoke(
        args=[
            *("users", "create", "pimpinan.dua", "--role", "leader"),
            *("--unit", unit.code, "--password-stdin"),
        ],
        input="panjang-sekali-rahasia\n",
    )
    assert bad.exit_code != 0
    assert "seluruh kota" in bad.output
    ok = runner.invoke(
        args=[
            "users",
            "create",
            "pimpinan.tiga",
            "--role",
            "leader",
            "--password-stdin",
        ],
        input="panjang-sekali-rahasia\n",
    )
    assert ok.exit_code == 0, ok.output
