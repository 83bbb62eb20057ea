"""End to end, as a citizen: scan a real QR code, answer on a phone, get thanked."""

from __future__ import annotations

import subprocess

import pytest
from sqlalchemy import select

from survey_service.collection import tickets
from survey_service.collection.qr import write_qr
from survey_service.core.models import Channel, Response
from tests.factories import (
    CounterFactory,
    EmployeeFactory,
    ServiceTypeFactory,
    put_on_duty,
)
from tests.support.browser import screenshot
from tests.support.databases import TEST_SECRET

ANSWERS = (3, 4, 2, 4, 3, 3, 4, 3, 2)


@pytest.fixture
def counter(live_session):
    counter = CounterFactory(name="Loket 1 Perekaman KTP-el")
    ServiceTypeFactory(unit=counter.unit, code="KTP", name="KTP elektronik")
    employee = EmployeeFactory(unit=counter.unit)
    put_on_duty(live_session, employee, counter)
    return counter, employee


def decode(zbarimg: str, path) -> str:
    out = subprocess.run(
        [zbarimg, "--quiet", "--raw", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def answer_everything(page, choose_service: bool) -> None:
    if choose_service:
        page.get_by_label("Jenis layanan yang Anda terima").select_option(
            label="KTP elektronik"
        )
    for element, answer in enumerate(ANSWERS, start=1):
        page.locator(f"#u{element}-{answer - 1}").check()


def stored_for(live_session, counter_id):
    live_session.expire_all()
    return list(
        live_session.scalars(select(Response).where(Response.counter_id == counter_id))
    )


def test_poster_qr_to_thank_you_on_a_phone(
    live_app, live_server, live_session, phone, zbarimg, counter, tmp_path
):
    counter, employee = counter
    runner = live_app.test_cli_runner()
    result = runner.invoke(
        args=["qr", "poster", counter.code, "-o", str(tmp_path / "poster.png")]
    )
    assert result.exit_code == 0, result.output
    url = decode(zbarimg, tmp_path / "poster.png")
    assert url == f"{live_server}/s/{counter.public_key}"

    page = phone.new_page()
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("fieldset").count() == 9
    answer_everything(page, choose_service=True)
    screenshot(page, f"poster-form-{live_app.config['DATABASE_URL'][:6]}")
    page.get_by_role("button", name="Kirim penilaian").click()

    page.get_by_role("heading", name="Terima kasih!").wait_for()
    screenshot(page, f"poster-thanks-{live_app.config['DATABASE_URL'][:6]}")
    [row] = stored_for(live_session, counter.id)
    assert row.employee_id == employee.id
    assert [row.scores[f"U{i}"] for i in range(1, 10)] == list(ANSWERS)


def test_ticket_qr_works_once(
    live_server, live_session, phone, zbarimg, counter, tmp_path
):
    counter, employee = counter
    ticket, token = tickets.issue_ticket(
        live_session,
        TEST_SECRET,
        counter_code=counter.code,
        employee_nip=employee.nip,
        service_code="KTP",
        ttl_hours=72,
    )
    live_session.commit()
    write_qr(f"{live_server}/t/{token}", tmp_path / "ticket.png")
    url = decode(zbarimg, tmp_path / "ticket.png")

    page = phone.new_page()
    page.goto(url)
    answer_everything(page, choose_service=False)
    page.get_by_role("button", name="Kirim penilaian").click()
    page.get_by_role("heading", name="Terima kasih!").wait_for()

    again = page.goto(url)
    assert again.status == 409
    assert page.get_by_role("heading", name="Tiket sudah dipakai").is_visible()
    [row] = stored_for(live_session, counter.id)
    assert (row.ticket_id, row.channel) == (ticket.id, Channel.TICKET)


def test_the_form_works_with_javascript_disabled(
    live_server, live_session, browser, counter
):
    counter, _ = counter
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server}/s/{counter.public_key}")
        page.get_by_role("button", name="Kirim penilaian").click()  # nothing chosen
        assert page.locator(".err").count() >= 9  # told what is missing, server-side
        answer_everything(page, choose_service=True)
        page.get_by_role("button", name="Kirim penilaian").click()
        page.get_by_role("heading", name="Terima kasih!").wait_for()
        screenshot(page, "nojs-thanks")
    finally:
        context.close()
    assert len(stored_for(live_session, counter.id)) == 1
