"""End to end in Chromium: a citizen gives a 1, sees SP4N-LAPOR! and asks to be
called back; the head sees the alert with the callback and its deadline and
closes it with a root cause."""

from __future__ import annotations

from sqlalchemy import select

from survey_service.core.models import Alert, CallbackRequest, Response, Role
from tests.factories import (
    CounterFactory,
    ServiceTypeFactory,
    UserFactory,
)
from tests.support.browser import screenshot, sign_in


def test_a_low_rating_reaches_the_head_who_closes_it_with_a_root_cause(
    live_server, live_session, browser, phone
):
    counter = CounterFactory(name="Loket 2 Akta")
    ServiceTypeFactory(unit=counter.unit, code="AKTA", name="Akta kelahiran")
    UserFactory(username="kepala.loket2", role=Role.HEAD, units=[counter.unit])
    live_session.commit()

    citizen = phone.new_page()
    citizen.goto(f"{live_server}/s/{counter.public_key}")
    citizen.get_by_label("Jenis layanan yang Anda terima").select_option(
        label="Akta kelahiran"
    )
    for element in range(1, 10):
        citizen.locator(f"#u{element}-{0 if element == 5 else 2}").check()
    citizen.get_by_role("button", name="Kirim penilaian").click()
    citizen.get_by_role("heading", name="Terima kasih!").wait_for()
    lapor = citizen.get_by_role("link", name="Buka SP4N-LAPOR!")
    assert lapor.get_attribute("href") == "https://www.lapor.go.id"
    citizen.get_by_label("Nama (boleh dikosongkan)").fill("Rina")
    citizen.get_by_label("Nomor telepon/WhatsApp atau email").fill("0812 6612 3345")
    citizen.get_by_label("Saya setuju dihubungi").check()
    # As large to touch as the answers: every field and the consent.
    for target in (
        citizen.get_by_label("Nomor telepon/WhatsApp atau email"),
        citizen.locator(".callback-form label.o"),
        citizen.get_by_role("button", name="Minta dihubungi"),
    ):
        assert target.bounding_box()["height"] >= 44
    screenshot(citizen, "callback-request")
    citizen.get_by_role("button", name="Minta dihubungi").click()
    citizen.get_by_text("Kepala unit akan menghubungi Anda").wait_for()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        head = context.new_page()
        sign_in(head, live_server, "kepala.loket2")
        # The home page: the most urgent alerts, one click each.
        head.locator("ul.alerts li").filter(has_text="Nilai 1 pada U5").get_by_role(
            "link"
        ).click()
        head.get_by_role("heading", name="Tutup peringatan").wait_for()
        page_text = head.locator("main").inner_text()
        assert "+6281266123345" in page_text  # kept in one form
        assert "Tenggat" in page_text
        screenshot(head, "alert-with-callback")
        # A refused close keeps what was chosen and says what is missing there.
        head.get_by_label("Akar masalah", exact=True).select_option(
            label="Sarana dan prasarana"
        )
        head.get_by_role("button", name="Tutup peringatan").click()
        head.get_by_text("Tautkan tindak lanjut, atau tulis mengapa").wait_for()
        assert (
            head.get_by_label("Akar masalah", exact=True).input_value() == "facilities"
        )
        screenshot(head, "alert-refused-close")
        head.get_by_label("Atau: mengapa tidak perlu tindak lanjut").fill(
            "Sudah ditelepon; kursi ruang tunggu ditambah hari itu juga"
        )
        head.get_by_role("button", name="Tutup peringatan").click()
        head.get_by_text("Peringatan ditutup.").wait_for()
        screenshot(head, "alert-worklist")
        assert head.get_by_text("Nilai 1 pada U5").count() == 0
    finally:
        context.close()

    live_session.expire_all()
    # The live database is shared with other browser tests: this unit's alert.
    closed = live_session.scalar(select(Alert).where(Alert.unit_id == counter.unit_id))
    assert closed.root_cause == "facilities"
    assert closed.acknowledged_at is not None
    kept = select(CallbackRequest).join(
        Response, Response.id == CallbackRequest.response_id
    )
    assert (
        live_session.scalars(kept.where(Response.unit_id == counter.unit_id)).all()
        == []
    )
