"""The unit-period tabulation as the regulation lays it out: the column names
and their order are a contract with whoever copies them into national
reporting (docs/tabulation.md), so a change here must be deliberate."""

from __future__ import annotations

import csv
import io
from http import HTTPStatus

from openpyxl import load_workbook

from survey_service.reporting import tabulation as service
from tests.support.review_data import login_head, make_unit_week

WEEK = "2026-W47"


def test_the_columns_are_pinned():
    assert service.RESPONDENT_COLUMNS == (
        "no", "tanggal", "jenis_layanan",
        "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9",
        "jumlah_nilai", "usia", "jenis_kelamin", "pendidikan", "pekerjaan",
    )  # fmt: skip
    assert service.ELEMENT_COLUMNS == (
        "unsur", "nama_unsur", "jawaban_1", "jawaban_2", "jawaban_3", "jawaban_4",
        "jumlah_responden", "jumlah_nilai", "nrr", "nrr_tertimbang",
    )  # fmt: skip
    assert service.SUMMARY_COLUMNS == ("ukuran", "nilai")
    assert service.PROFILE_COLUMNS == ("kategori", "pilihan", "jumlah")
    assert service.QUESTION_COLUMNS == (
        "no", "pertanyaan", "jenis", "masih_ditanyakan", "jawaban", "jumlah",
        "persen", "menjawab", "rerata", "interval_95_bawah", "interval_95_atas",
    )  # fmt: skip
    assert service.TEXT_COLUMNS == ("tanggal", "pertanyaan", "jawaban")


def read_csv(response) -> list[list[str]]:
    return list(
        csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))
    )


def test_the_tables_agree_with_the_report(client, auth, db_session):
    unit, _scores = make_unit_week(db_session)
    db_session.commit()
    login_head(auth, unit)
    base = f"/units/{unit.code}/tabulasi.csv?period={WEEK}"

    elements = read_csv(client.get(base + "&table=unsur"))
    respondents = read_csv(client.get(base + "&table=responden"))
    summary = dict(read_csv(client.get(base + "&table=ringkasan"))[1:])
    profile = read_csv(client.get(base + "&table=profil"))

    assert tuple(elements[0]) == service.ELEMENT_COLUMNS
    assert len(elements) == 10
    counted = respondents[1:]
    assert tuple(respondents[0]) == service.RESPONDENT_COLUMNS
    assert summary["jumlah_responden"] == str(len(counted))
    u1 = elements[1]
    answers = [int(x) for x in u1[2:6]]
    assert sum(answers) == len(counted)
    assert answers == [sum(1 for r in counted if r[3] == str(k)) for k in (1, 2, 3, 4)]
    assert int(u1[7]) == sum(int(r[3]) for r in counted)
    report = client.get(f"/units/{unit.code}/report?period={WEEK}").get_data(
        as_text=True
    )
    assert u1[8].replace(".", ",") in report  # NRR as the report shows it
    assert summary["ikm_25_100"].replace(".", ",") in report
    assert sum(int(r[2]) for r in profile[1:] if r[0] == "Usia") == len(counted)
    assert all(int(r[12]) == sum(int(x) for x in r[3:12]) for r in counted)


def test_the_workbook_has_the_sheets_with_the_same_numbers(client, auth, db_session):
    unit, _ = make_unit_week(db_session)
    db_session.commit()
    login_head(auth, unit)

    with client.get(f"/units/{unit.code}/tabulasi.xlsx?period={WEEK}") as response:
        assert response.status_code == HTTPStatus.OK
        data = response.data
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == [
        "Unsur",
        "Ringkasan",
        "Profil",
        "Responden",
        "Pertanyaan unit",
        "Isian",
    ]
    header = next(book["Responden"].iter_rows(values_only=True))
    assert header == service.RESPONDENT_COLUMNS
    csv_rows = read_csv(
        client.get(f"/units/{unit.code}/tabulasi.csv?period={WEEK}&table=unsur")
    )
    sheet_rows = list(book["Unsur"].iter_rows(values_only=True))
    assert [str(v) for v in sheet_rows[1][:8]] == csv_rows[1][:8]


def test_bad_requests_are_explained(client, auth, db_session):
    unit, _ = make_unit_week(db_session)
    db_session.commit()
    login_head(auth, unit)
    assert client.get(f"/units/{unit.code}/tabulasi.pdf").status_code == 404
    bad = client.get(f"/units/{unit.code}/tabulasi.csv?table=semua")
    assert bad.status_code == HTTPStatus.BAD_REQUEST
    assert "responden" in bad.get_data(as_text=True)


def test_a_sheet_longer_than_a_spreadsheet_goes_on_in_the_next(monkeypatch):
    from survey_service.core import writers as exports

    monkeypatch.setattr(exports, "XLSX_MAX_DATA_ROWS", 3)
    buffer = io.BytesIO()
    exports.write_xlsx(buffer, [("Responden", ("no",), ([k] for k in range(1, 8)))])
    book = load_workbook(io.BytesIO(buffer.getvalue()), read_only=True)
    assert book.sheetnames == ["Responden", "Responden (2)", "Responden (3)"]
    values = [
        [row[0] for row in book[name].iter_rows(values_only=True)]
        for name in book.sheetnames
    ]
    assert values == [["no", 1, 2, 3], ["no", 4, 5, 6], ["no", 7]]


def test_a_respondent_sheet_too_long_for_a_quick_download_points_to_the_csv(
    client, auth, db_session, monkeypatch
):
    unit, _ = make_unit_week(db_session)
    db_session.commit()
    login_head(auth, unit)
    monkeypatch.setattr(service, "XLSX_RESPONDENT_LIMIT", 10)

    with client.get(f"/units/{unit.code}/tabulasi.xlsx?period={WEEK}") as response:
        book = load_workbook(io.BytesIO(response.data), read_only=True)

    rows = list(book["Responden"].iter_rows(values_only=True))
    assert len(rows) == 2
    assert "table=responden" in rows[1][0]
    csv_rows = read_csv(
        client.get(f"/units/{unit.code}/tabulasi.csv?period={WEEK}&table=responden")
    )
    assert len(csv_rows) > 11  # the CSV has them all
