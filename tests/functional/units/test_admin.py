"""Administration pages and the all-or-nothing CSV imports."""

from __future__ import annotations

import datetime as dt
import re
from http import HTTPStatus

import pytest
from sqlalchemy import func, select

from survey_service.core import clock
from survey_service.core.models import (
    DutyAssignment,
    Employee,
    KioskDevice,
    Response,
    Role,
    Unit,
)
from tests.factories import (
    CounterFactory,
    EmployeeFactory,
    ServiceTypeFactory,
    UnitFactory,
    UserFactory,
)
from tests.support.review_data import JAKARTA, add
from tests.support.web import token_in, upload


@pytest.fixture
def admin(client, auth, db_session):
    UserFactory(username="admin", role=Role.ADMIN)
    auth.login("admin")
    return client


def count(db_session, model):
    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(model))


def test_admin_creates_a_unit_a_counter_and_a_service(admin, db_session):
    page = admin.get("/admin/")
    admin.post(
        "/admin/",
        data={
            "csrf_token": token_in(page),
            "code": "dpmptsp",
            "name": "DPMPTSP",
            "target_index": "80",
        },
    )
    unit_page = admin.get("/admin/units/DPMPTSP")
    token = token_in(unit_page)

    admin.post(
        "/admin/units/DPMPTSP/counters",
        data={
            "csrf_token": token,
            "counter-csrf_token": token,
            "counter-code": "DPM-L1",
            "counter-name": "Loket 1",
        },
    )
    admin.post(
        "/admin/units/DPMPTSP/services",
        data={
            "csrf_token": token,
            "service-csrf_token": token,
            "service-code": "NIB",
            "service-name": "Nomor Induk Berusaha",
        },
    )

    body = admin.get("/admin/units/DPMPTSP").get_data(as_text=True)
    assert "DPM-L1" in body
    assert "Nomor Induk Berusaha" in body
    unit = db_session.scalar(select(Unit).where(Unit.code == "DPMPTSP"))
    assert unit.target_index == 80.0


def test_employee_template_downloads_and_imports_cleanly(admin, db_session):
    UnitFactory(code="DUKCAPIL")
    template = admin.get("/admin/import/employees/template.csv")
    assert template.headers["Content-Type"].startswith("text/csv")

    response = upload(admin, "employees", template.get_data(as_text=True))

    assert response.status_code == HTTPStatus.FOUND
    assert count(db_session, Employee) == 1


def test_one_bad_employee_row_imports_nothing_and_says_why(admin, db_session):
    UnitFactory(code="DUKCAPIL")
    text = (
        "nip,name,position,unit_code\n"
        "198503122010011001,Siti,Pelaksana,DUKCAPIL\n"
        "12345,Budi,Pelaksana,DUKCAPIL\n"
        "198503122010011001,Siti lagi,Pelaksana,DUKCAPIL\n"
        "199001012015032002,Rina,Pelaksana,NOPE\n"
    )

    response = upload(admin, "employees", text)

    body = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Tidak ada yang diimpor" in body
    assert re.search(r"<td>3</td><td>NIP 12345: NIP harus terdiri dari 18 angka", body)
    assert re.search(r"<td>4</td><td>NIP 198503122010011001 sudah ada di baris 2", body)
    assert re.search(r"<td>5</td><td>Unit NOPE tidak dikenal", body)
    assert count(db_session, Employee) == 0


def test_rosters_import_and_refuse_overlaps(admin, db_session):
    counter = CounterFactory(code="DKP-L1")
    db_session.add(
        Employee(
            nip="198503122010011001", name="Siti", position="P", unit_id=counter.unit_id
        )
    )
    db_session.add(
        Employee(
            nip="199001012015032002", name="Rina", position="P", unit_id=counter.unit_id
        )
    )
    db_session.commit()
    good = (
        "nip,counter_code,starts_at,ends_at\n"
        "198503122010011001,DKP-L1,2026-12-01 08:00,2026-12-01 12:00\n"
        "199001012015032002,DKP-L1,2026-12-01 12:00,2026-12-01 16:00\n"
    )
    assert upload(admin, "rosters", good).status_code == HTTPStatus.FOUND
    assert count(db_session, DutyAssignment) == 2

    bad = (
        "nip,counter_code,starts_at,ends_at\n"
        "199001012015032002,DKP-L1,2026-12-02 08:00,2026-12-02 16:00\n"
        "198503122010011001,DKP-L1,2026-12-01 11:00,2026-12-01 13:00\n"
        "198503122010011001,DKP-L1,besok pagi,\n"
    )
    response = upload(admin, "rosters", bad)

    body = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Bertumpuk dengan jadwal tugas yang sudah ada" in body
    assert "YYYY-MM-DD HH:MM" in body
    assert count(db_session, DutyAssignment) == 2  # the good first row was not kept


def test_rosters_name_the_rows_that_overlap_in_the_file(admin, db_session):
    counter = CounterFactory(code="DKP-L1")
    other = CounterFactory(code="DKP-L2", unit=counter.unit)
    for nip in ("198503122010011001", "199001012015032002"):
        db_session.add(
            Employee(nip=nip, name=nip, position="P", unit_id=counter.unit_id)
        )
    db_session.commit()
    text = (
        "nip,counter_code,starts_at,ends_at\n"
        "198503122010011001,DKP-L1,2026-12-01 08:00,2026-12-01 12:00\n"  # 2
        "199001012015032002,DKP-L1,2026-12-01 11:00,2026-12-01 14:00\n"  # 3: L1
        "198503122010011001,DKP-L2,2026-12-01 10:00,2026-12-01 11:00\n"  # 4: Siti
        "199001012015032002,DKP-L2,2026-12-02 10:00,2026-12-02 11:00\n"  # 5: fine
    )

    body = upload(admin, "rosters", text).get_data(as_text=True)

    assert re.search(r"<td>3</td><td>Bertumpuk dengan baris 2 di loket yang sama", body)
    assert re.search(
        r"<td>4</td><td>Pegawai yang sama juga bertugas pada baris 2", body
    )
    assert "<td>5</td>" not in body
    assert count(db_session, DutyAssignment) == 0
    assert other.code == "DKP-L2"


def test_a_person_already_on_duty_elsewhere_is_refused(admin, db_session):
    counter = CounterFactory(code="DKP-L1")
    CounterFactory(code="DKP-L2", unit=counter.unit)
    db_session.add(
        Employee(
            nip="198503122010011001", name="Siti", position="P", unit_id=counter.unit_id
        )
    )
    db_session.commit()
    first = (
        "nip,counter_code,starts_at,ends_at\n"
        "198503122010011001,DKP-L1,2026-12-01 08:00,\n"  # open-ended
    )
    assert upload(admin, "rosters", first).status_code == HTTPStatus.FOUND
    second = (
        "nip,counter_code,starts_at,ends_at\n"
        "198503122010011001,DKP-L2,2026-12-03 08:00,2026-12-03 12:00\n"
    )

    body = upload(admin, "rosters", second).get_data(as_text=True)

    assert "Pegawai ini sudah terjadwal bertugas di waktu yang sama" in body
    assert count(db_session, DutyAssignment) == 1


@pytest.mark.parametrize("text", ["", "a,b\n1,2\n", "\xff\xfe garbage"])
def test_malformed_files_get_a_message(admin, db_session, text):
    response = upload(admin, "employees", text)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert 'class="error"' in response.get_data(as_text=True)


def test_admin_creates_a_head_account(admin, db_session, auth):
    UnitFactory(code="RSUD")
    page = admin.get("/admin/users")

    admin.post(
        "/admin/users",
        data={
            "csrf_token": token_in(page),
            "username": "kepala.rsud",
            "role": "head",
            "units": ["RSUD"],
            "password": "panjang-sekali-1",
        },
    )

    assert "kepala.rsud" in admin.get("/admin/users").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/admin/", "/admin/users", "/admin/import/rosters"])
def test_a_head_cannot_open_administration(client, auth, db_session, path):
    UserFactory(username="kepala", role=Role.HEAD, units=[UnitFactory()])
    auth.login("kepala")

    assert client.get(path).status_code == HTTPStatus.FORBIDDEN


def test_one_shift_is_checked_like_an_import(admin, db_session):
    counter = CounterFactory(code="DKP-L1")
    db_session.add(
        Employee(
            nip="198503122010011001", name="Siti", position="P", unit_id=counter.unit_id
        )
    )
    db_session.commit()
    token = token_in(admin.get(f"/admin/units/{counter.unit.code}"))
    shift = {
        "shift-csrf_token": token,
        "shift-nip": "198503122010011001",
        "shift-counter_code": "DKP-L1",
        "shift-starts_at": "2026-12-01 08:00",
        "shift-ends_at": "2026-12-01 16:00",
    }

    admin.post(f"/admin/units/{counter.unit.code}/shifts", data=shift)
    again = admin.post(
        f"/admin/units/{counter.unit.code}/shifts", data=shift, follow_redirects=True
    )

    assert count(db_session, DutyAssignment) == 1
    assert "Bertumpuk" in again.get_data(as_text=True)


def test_an_employee_can_be_deactivated_and_kept(admin, db_session):
    unit = UnitFactory(code="DKP")
    db_session.add(
        Employee(nip="198503122010011001", name="Siti", position="P", unit_id=unit.id)
    )
    db_session.commit()
    token = token_in(admin.get("/admin/units/DKP"))

    admin.post("/admin/employees/198503122010011001/active", data={"csrf_token": token})

    db_session.expire_all()
    employee = db_session.scalar(select(Employee))
    assert employee.active is False


def _shift(db_session, counter, employee, starts, ends):
    shift = DutyAssignment(
        employee_id=employee.id, counter_id=counter.id, starts_at=starts, ends_at=ends
    )
    db_session.add(shift)
    return shift


def test_a_retired_counter_keeps_its_history_and_its_old_poster_says_so(
    admin, client, db_session
):
    counter = CounterFactory(code="DKP-L1", name="Loket 1")
    employee = EmployeeFactory(unit=counter.unit)
    add(db_session, counter, 16, [3] * 9, employee_id=employee.id)
    now = clock.now_utc()
    hour = dt.timedelta(hours=1)
    past = _shift(db_session, counter, employee, now - 30 * hour, now - 20 * hour)
    running = _shift(db_session, counter, employee, now - hour, None)
    _shift(db_session, counter, employee, now + 20 * hour, now + 28 * hour)
    device = KioskDevice(counter_id=counter.id, token_hash="a" * 64)
    db_session.add(device)
    db_session.commit()
    page = admin.get("/admin/counters/DKP-L1")
    assert "Loket 1" in page.get_data(as_text=True)

    saved = admin.post(
        "/admin/counters/DKP-L1",
        data={"csrf_token": token_in(page), "name": "Loket Satu", "location": ""},
        follow_redirects=True,
    )

    db_session.expire_all()
    assert "Loket dipensiunkan" in saved.get_data(as_text=True)
    assert counter.active is False
    assert counter.name == "Loket Satu"
    assert (
        db_session.scalar(select(func.count()).where(Response.counter_id == counter.id))
        == 1
    )  # the response stays attributed to the counter and the employee
    shifts = db_session.scalars(
        select(DutyAssignment).order_by(DutyAssignment.starts_at)
    ).all()
    assert [s.id for s in shifts] == [past.id, running.id]  # the coming one is gone
    assert shifts[0].ends_at == past.ends_at
    assert now <= shifts[1].ends_at <= clock.now_utc()
    assert device.revoked_at is not None  # its kiosk stops too
    poster = client.get(f"/s/{counter.public_key}")
    assert poster.status_code == HTTPStatus.GONE
    assert "sudah tidak melayani survei" in poster.get_data(as_text=True)
    assert "dipensiunkan" in admin.get(f"/admin/units/{counter.unit.code}").get_data(
        as_text=True
    )


def test_a_roster_s_past_is_history_its_future_can_be_ended_or_removed(
    admin, db_session
):
    counter = CounterFactory(code="DKP-L1")
    employee = EmployeeFactory(unit=counter.unit)
    now = clock.now_utc()
    hour = dt.timedelta(hours=1)
    past = _shift(db_session, counter, employee, now - 30 * hour, now - 20 * hour)
    running = _shift(db_session, counter, employee, now - hour, None)
    coming = _shift(db_session, counter, employee, now + 20 * hour, now + 28 * hour)
    db_session.commit()
    token = token_in(admin.get("/admin/counters/DKP-L1"))
    end_later = (now + 24 * hour).astimezone(JAKARTA).strftime("%Y-%m-%d %H:%M")

    def post(url, **data):
        body = admin.post(url, data={"csrf_token": token, **data})
        return admin.get("/admin/counters/DKP-L1").get_data(as_text=True), body

    on_past, _ = post(f"/admin/shifts/{past.id}/end")
    past_delete, _ = post(f"/admin/shifts/{past.id}/delete")
    running_delete, _ = post(f"/admin/shifts/{running.id}/delete")
    shortened, _ = post(f"/admin/shifts/{coming.id}/end", ends_at=end_later)
    lengthened, _ = post(f"/admin/shifts/{coming.id}/end", ends_at="2099-01-01 08:00")
    garbled, _ = post(f"/admin/shifts/{coming.id}/end", ends_at="besok pagi")
    ended, _ = post(f"/admin/shifts/{running.id}/end")
    _, missing = post("/admin/shifts/999999/end")

    assert "Jadwal yang sudah berakhir tidak dapat diubah" in on_past
    assert "tidak dapat dihapus; akhiri saja" in past_delete
    assert "tidak dapat dihapus; akhiri saja" in running_delete
    assert "Jadwal hanya dapat dipersingkat" in lengthened
    assert "Waktu harus berformat YYYY-MM-DD HH:MM" in garbled
    assert "Jadwal tugas diakhiri." in shortened
    assert "Jadwal tugas diakhiri." in ended
    assert missing.status_code == HTTPStatus.NOT_FOUND
    db_session.expire_all()
    assert past.ends_at == now - 20 * hour  # untouched
    assert coming.ends_at == (now + 24 * hour).replace(second=0, microsecond=0)
    assert now <= running.ends_at <= clock.now_utc()

    removed, _ = post(f"/admin/shifts/{coming.id}/delete")

    assert "Jadwal tugas dihapus." in removed
    assert count(db_session, DutyAssignment) == 2


def test_a_service_type_is_renamed_or_no_longer_offered(admin, client, db_session):
    counter = CounterFactory(code="DKP-L1")
    service = ServiceTypeFactory(unit=counter.unit, code="KTP", name="KTP")
    db_session.commit()
    unit_page = admin.get(f"/admin/units/{counter.unit.code}")
    prefix = f"service-{service.id}"

    admin.post(
        f"/admin/units/{counter.unit.code}/services/KTP",
        data={
            f"{prefix}-csrf_token": token_in(unit_page),
            f"{prefix}-name": "KTP elektronik",
            f"{prefix}-active": "y",
        },
    )
    offered = client.get(f"/s/{counter.public_key}").get_data(as_text=True)
    admin.post(
        f"/admin/units/{counter.unit.code}/services/KTP",
        data={
            f"{prefix}-csrf_token": token_in(unit_page),
            f"{prefix}-name": "KTP elektronik",
        },
    )
    withdrawn = client.get(f"/s/{counter.public_key}").get_data(as_text=True)

    assert "KTP elektronik" in offered
    assert "KTP elektronik" not in withdrawn
    db_session.expire_all()
    assert service.active is False
    assert service.name == "KTP elektronik"


@pytest.mark.parametrize(
    ("typed", "stored"), [("80,5", 80.5), ("80.5", 80.5), ("76,61", 76.61)]
)
def test_a_target_typed_the_indonesian_way_is_understood(
    admin, db_session, typed, stored
):
    page = admin.get("/admin/")
    admin.post(
        "/admin/",
        data={
            "csrf_token": token_in(page),
            "code": "dpmptsp",
            "name": "DPMPTSP",
            "target_index": typed,
        },
    )

    unit = db_session.scalar(select(Unit).where(Unit.code == "DPMPTSP"))
    assert unit.target_index == stored
    shown = admin.get("/admin/units/DPMPTSP").get_data(as_text=True)
    [box] = re.findall(r"<input[^>]*name=\"target_index\"[^>]*>", shown)
    assert f'value="{stored:.2f}"'.replace(".", ",") in box
    assert 'type="text"' in box  # a number box would refuse the comma
    assert 'inputmode="decimal"' in box


def test_a_target_beyond_the_scale_is_explained_whichever_mark_is_used(
    admin, db_session
):
    page = admin.get("/admin/")
    refused = admin.post(
        "/admin/",
        data={
            "csrf_token": token_in(page),
            "code": "dpmptsp",
            "name": "DPMPTSP",
            "target_index": "1.234,5",
        },
    )

    assert db_session.scalar(select(Unit).where(Unit.code == "DPMPTSP")) is None
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert "Target indeks harus antara 25 dan 100" in refused.get_data(as_text=True)
