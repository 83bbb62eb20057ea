"""The citizen's survey over HTTP: every path, limit, flag and privacy rule."""

from __future__ import annotations

import datetime as dt
import re
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import inspect, select, text

from survey_service.collection import tickets
from survey_service.core import skm
from survey_service.core.clock import now_utc
from survey_service.core.models import Channel, DutyAssignment, ResponseStatus, Role
from tests.factories import (
    CounterFactory,
    EmployeeFactory,
    UserFactory,
    put_on_duty,
)
from tests.support.answers import (
    enable_kiosk,
    fill,
    hidden_fields,
    poster_path,
    stored,
    with_service,
)
from tests.support.databases import TEST_SECRET
from tests.support.web import STAFF_PAGE, AuthActions


@pytest.fixture
def on_duty(db_session, counter):
    employee = EmployeeFactory(unit=counter.unit)
    put_on_duty(db_session, employee, counter)
    return employee


def test_poster_form_has_nine_grouped_elements_in_indonesian(client, counter):
    page = client.get(poster_path(counter))

    body = page.get_data(as_text=True)
    assert page.status_code == HTTPStatus.OK
    assert '<html lang="id">' in body
    assert body.count("<fieldset") == 9
    assert body.count("<legend>") == 9
    assert body.count('type="radio"') == 36
    assert "Waktu Penyelesaian" in body
    assert set(hidden_fields(page)) == {"csrf_token", "submission_key", "v"}
    assert "skm_d=" in page.headers["Set-Cookie"]


def test_english_is_one_tap_away(client, counter):
    body = client.get(poster_path(counter) + "?lang=en").get_data(as_text=True)

    assert '<html lang="en">' in body
    assert "Completion time" in body


def test_submission_is_stored_with_counter_and_on_duty_employee(
    client, db_session, counter, on_duty
):
    response, _ = fill(
        client,
        poster_path(counter),
        with_service(counter),
        comment="Cepat sekali",
        age_years="31",
    )

    assert response.status_code == HTTPStatus.FOUND
    thanks = client.get(response.headers["Location"])
    assert thanks.status_code == HTTPStatus.OK
    assert "Terima kasih" in thanks.get_data(as_text=True)
    [row] = stored(db_session)
    assert (row.counter_id, row.unit_id, row.employee_id) == (
        counter.id,
        counter.unit_id,
        on_duty.id,
    )
    assert row.channel is Channel.POSTER
    assert row.status is ResponseStatus.VALID
    assert row.total == 27
    assert row.comment == "Cepat sekali"
    assert row.age_years == 31
    assert row.age_band == "25-39"  # banded for the report
    assert row.time_slot == skm.time_slot(
        row.submitted_at.astimezone(ZoneInfo("Asia/Jakarta")).hour
    )


@pytest.mark.parametrize(
    ("profile", "stored_as"),
    [
        ({}, (None, None, None)),  # skipped: the usual case
        ({"sex": "", "education": "", "occupation": ""}, (None, None, None)),
        ({"sex": "P", "education": "sma"}, ("P", "sma", None)),
        ({"sex": "X"}, "refused"),
        ({"education": "s3 luar negeri"}, "refused"),
    ],
)
def test_profile_questions_may_be_skipped_but_not_answered_off_the_list(
    client, db_session, counter, profile, stored_as
):
    response, _ = fill(client, poster_path(counter), with_service(counter), **profile)

    rows = stored(db_session)
    if stored_as == "refused":
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert rows == []
    else:
        assert response.status_code == HTTPStatus.FOUND
        [row] = rows
        assert (row.sex, row.education, row.occupation) == stored_as


@pytest.mark.parametrize("age", ["7", "101", "tiga puluh", "30.5"])
def test_an_impossible_age_is_said_next_to_it_and_every_answer_stays(
    client, db_session, counter, age
):
    response, _ = fill(
        client, poster_path(counter), with_service(counter), age_years=age
    )

    body = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Usia antara 15 dan 100 tahun" in body
    assert "Ada jawaban yang belum diisi" not in body
    assert len(re.findall(r'value="3" id="u\d-2" checked', body)) == 9
    assert stored(db_session) == []


def test_nobody_on_duty_means_no_employee(client, db_session, counter):
    fill(client, poster_path(counter), with_service(counter))

    assert stored(db_session)[0].employee_id is None


# Shifts as (employee, counter "here" or "next door", starts, ends) in minutes
# from now; the employee the rating is attributed to.
ROSTERS = {
    "a hand-over: the shift that started last": (
        [("Ani", "here", -120, 120), ("Budi", "here", -10, 120)],
        "Budi",
    ),
    "an open shift (no end yet)": ([("Ani", "here", -60, None)], "Ani"),
    "a shift that ended a minute ago": ([("Ani", "here", -60, -1)], None),
    "a shift that starts in a minute": ([("Ani", "here", 1, 60)], None),
    "on duty next door only": ([("Ani", "next door", -60, 60)], None),
}


@pytest.mark.parametrize("roster", ROSTERS.values(), ids=ROSTERS.keys())
def test_a_rating_counts_for_whoever_was_on_duty_at_its_counter(
    client, db_session, counter, roster
):
    shifts, expected = roster
    next_door = CounterFactory(unit=counter.unit)
    staff = {
        name: EmployeeFactory(unit=counter.unit, name=name) for name in ("Ani", "Budi")
    }
    now = now_utc()
    db_session.add_all(
        DutyAssignment(
            employee_id=staff[name].id,
            counter_id=(counter if where == "here" else next_door).id,
            starts_at=now + dt.timedelta(minutes=starts),
            ends_at=None if ends is None else now + dt.timedelta(minutes=ends),
        )
        for name, where, starts, ends in shifts
    )
    db_session.commit()

    fill(client, poster_path(counter), with_service(counter))

    [row] = stored(db_session)
    assert row.employee_id == (staff[expected].id if expected else None)


def test_a_resent_post_stores_one_response_and_shows_the_same_thanks(
    client, db_session, counter
):
    first, data = fill(client, poster_path(counter), with_service(counter))

    again = client.post(poster_path(counter), data=data)

    assert again.status_code == HTTPStatus.FOUND
    assert again.headers["Location"] == first.headers["Location"]
    assert len(stored(db_session)) == 1


def test_a_missing_answer_reshows_the_form_with_answers_kept(
    client, db_session, counter
):
    answers = with_service(counter)
    del answers["u5"]
    answers["u2"] = "4"

    response, _ = fill(client, poster_path(counter), answers, comment="Antre lama")

    body = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert re.search(r'id="u5-e">Pilih salah satu jawaban', body)
    assert re.search(r'name="u2" value="4" id="u2-3" checked', body)
    assert "Antre lama" in body
    assert stored(db_session) == []


def test_a_comment_over_1000_characters_is_refused_next_to_the_field(
    client, db_session, counter
):
    response, _ = fill(
        client, poster_path(counter), with_service(counter), comment="a" * 1001
    )

    body = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert 'id="comment-e">Komentar terlalu panjang: paling banyak 1000' in body
    assert "Komentar terlalu panjang. Persingkat komentar" in body
    assert "Ada jawaban yang belum diisi" not in body  # every answer was given
    assert 'value="3" id="u1-2" checked' in body  # and they are all still there
    assert stored(db_session) == []


def test_an_expired_csrf_token_gives_a_fresh_form_with_answers_kept(
    client, db_session, counter
):
    page = client.get(poster_path(counter))
    data = {
        **hidden_fields(page),
        **with_service(counter),
        "u9": "1",
        "csrf_token": "expired-or-forged-token",
    }

    response = client.post(poster_path(counter), data=data)

    body = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.OK
    assert "Formulir sudah lama terbuka" in body
    assert re.search(r'name="u9" value="1" id="u9-0" checked', body)
    assert hidden_fields(response)["csrf_token"] != "expired-or-forged-token"
    assert stored(db_session) == []
    # ...and sending it again works.
    resend = client.post(poster_path(counter), data={**data, **hidden_fields(response)})
    assert resend.status_code == HTTPStatus.FOUND


def test_unknown_poster_gets_a_friendly_404(client, db_session):
    response = client.get("/s/tidakadaini")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


def test_an_inactive_counter_takes_no_ratings(client, db_session, counter):
    counter.active = False
    db_session.commit()

    page = client.get(poster_path(counter))
    posted = client.post(poster_path(counter), data={"u1": "4"})

    assert page.status_code == HTTPStatus.GONE  # an old poster: said plainly
    assert "Silakan pindai kode QR di loket" in page.get_data(as_text=True)
    assert posted.status_code == HTTPStatus.GONE


def test_a_device_that_just_rated_is_told_when_the_form_opens_in_its_language(
    client, db_session, counter
):
    """Before answering nine questions, not after: the form does not open
    again for ten minutes, and says so in the page's language."""
    fill(client, poster_path(counter), with_service(counter))

    again = client.get(poster_path(counter))
    english = client.get(f"{poster_path(counter)}?lang=en")
    minang = client.get(f"{poster_path(counter)}?lang=min")

    assert again.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert again.headers["Retry-After"] == "600"
    page = again.get_data(as_text=True)
    assert "baru saja mengisi survei" in page
    assert "sekali setiap 10 menit" in page
    assert 'name="u1"' not in page  # no form to fill in vain
    assert "once every 10 minutes" in english.get_data(as_text=True)
    assert "Sanak baru sajo maisi survei" in minang.get_data(as_text=True)
    assert len(stored(db_session)) == 1


def test_a_second_form_opened_before_the_first_was_sent_is_refused_on_sending(
    client, db_session, counter
):
    """Two tabs opened at once: the second sent within ten minutes is refused
    with the same words, and nothing more is stored."""
    first, second = (
        {**hidden_fields(client.get(poster_path(counter))), **with_service(counter)}
        for _ in range(2)
    )
    client.post(poster_path(counter), data=first)

    response = client.post(poster_path(counter), data=second)

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "baru saja mengisi survei" in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "600"
    assert len(stored(db_session)) == 1


def varied(counter, i):
    """A plausible set of answers, different for every i from 0 to 26."""
    answers = {f"u{k}": str(2 + (i // 3 ** (k - 1)) % 3 if k <= 3 else 3)
               for k in range(1, 10)}  # fmt: skip
    return {**with_service(counter), **answers}


def test_seven_phones_behind_one_address_are_all_stored_and_counted(
    app, db_session, counter
):
    """An office, a school or a carrier: seven people, one address, one hour."""
    statuses = []
    for i in range(7):
        phone = app.test_client()  # its own cookie jar: its own device
        phone.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 (Linux; Android 13)"
        response, _ = fill(phone, poster_path(counter), varied(counter, i))
        assert response.status_code == HTTPStatus.FOUND, i
    statuses = [r.status for r in stored(db_session)]

    assert statuses == [ResponseStatus.VALID] * 7


def test_one_phone_rating_seven_times_counts_once(client, db_session, counter):
    forms = [hidden_fields(client.get(poster_path(counter))) for _ in range(7)]
    codes = [client.post(poster_path(counter), data={**f, **varied(counter, i)})
             .status_code for i, f in enumerate(forms)]  # fmt: skip

    assert codes == [HTTPStatus.FOUND] + [HTTPStatus.TOO_MANY_REQUESTS] * 6
    assert [r.status for r in stored(db_session)] == [ResponseStatus.VALID]


def test_a_volume_no_counter_serves_from_one_address_is_flagged(
    app, db_session, counter, monkeypatch
):
    monkeypatch.setitem(app.config, "SURVEY_ADDRESS_HOURLY_LIMIT", 3)
    for i in range(5):
        fill(app.test_client(), poster_path(counter), varied(counter, i))

    rows = stored(db_session)

    assert [r.status for r in rows] == [ResponseStatus.VALID] * 3 + [
        ResponseStatus.FLAGGED
    ] * 2
    assert "lebih dari 3 respons dalam satu jam" in rows[3].status_reason


def test_a_counter_can_raise_its_own_address_limit(
    app, db_session, counter, monkeypatch
):
    monkeypatch.setitem(app.config, "SURVEY_ADDRESS_HOURLY_LIMIT", 3)
    counter.address_hourly_limit = 10
    db_session.commit()
    for i in range(5):
        fill(app.test_client(), poster_path(counter), varied(counter, i))

    assert [r.status for r in stored(db_session)] == [ResponseStatus.VALID] * 5


def test_bursts_from_one_device_are_flagged_not_dropped(
    app, client, db_session, counter, monkeypatch
):
    monkeypatch.setitem(app.config, "SURVEY_SUBMIT_INTERVAL_SECONDS", 0)
    monkeypatch.setitem(app.config, "SURVEY_BURST_LIMIT", 2)
    for i in range(4):
        assert (
            fill(client, poster_path(counter), varied(counter, i))[0].status_code == 302
        )

    statuses = [r.status for r in stored(db_session)]

    assert statuses[:2] == [ResponseStatus.VALID] * 2
    assert statuses[2:] == [ResponseStatus.FLAGGED] * 2
    assert "perangkat yang sama dalam satu jam" in stored(db_session)[3].status_reason


def test_the_same_answers_repeated_from_one_address_are_flagged(
    app, db_session, counter
):
    for _ in range(3):  # three "different phones", identical answers, minutes apart
        fill(app.test_client(), poster_path(counter), with_service(counter))

    first, second, third = stored(db_session)

    assert first.status is second.status is ResponseStatus.VALID
    assert third.status is ResponseStatus.FLAGGED
    assert "pola jawaban identik" in third.status_reason


def test_no_raw_ip_address_is_stored_anywhere(app, db_session, counter):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "203.0.113.77"
    fill(client, poster_path(counter), with_service(counter), comment="ok")
    bind = db_session.connection()

    for table in inspect(bind).get_table_names():
        rows = bind.execute(text(f'SELECT * FROM "{table}"')).all()  # noqa: S608
        assert all("203.0.113.77" not in str(value) for row in rows for value in row)
    row = stored(db_session)[0]
    assert len(row.client_hash) == 32


# --- tickets -------------------------------------------------------------


def issue(db_session, counter, employee=None, service=None, **kw):
    ticket, token = tickets.issue_ticket(
        db_session,
        TEST_SECRET,
        counter_code=counter.code,
        employee_nip=employee.nip if employee else None,
        service_code=service,
        ttl_hours=72,
        **kw,
    )
    db_session.commit()
    return ticket, token


def test_ticket_rating_is_attributed_to_the_ticket_employee(
    client, db_session, counter, on_duty
):
    other = EmployeeFactory(unit=counter.unit)
    ticket, token = issue(db_session, counter, employee=other, service="KTP")

    page = client.get(f"/t/{token}")
    assert 'name="service_type"' not in page.get_data(as_text=True)  # known already
    response, _ = fill(client, f"/t/{token}")

    assert response.status_code == HTTPStatus.FOUND
    [row] = stored(db_session)
    assert (row.ticket_id, row.employee_id, row.channel) == (
        ticket.id,
        other.id,
        Channel.TICKET,
    )
    assert row.service_type_id == counter.unit.service_types[0].id


def test_a_used_ticket_is_refused_with_409(client, db_session, counter):
    _, token = issue(db_session, counter, service="KTP")
    fill(client, f"/t/{token}")

    response = client.get(f"/t/{token}")

    assert response.status_code == HTTPStatus.CONFLICT
    assert "sudah dipakai" in response.get_data(as_text=True)


def test_a_used_ticket_resent_by_the_same_form_shows_the_same_thanks(
    client, db_session, counter
):
    _, token = issue(db_session, counter, service="KTP")
    first, data = fill(client, f"/t/{token}")

    again = client.post(f"/t/{token}", data=data)

    assert again.headers["Location"] == first.headers["Location"]
    assert len(stored(db_session)) == 1


def test_an_expired_ticket_is_refused_with_410(client, db_session, counter):
    _, token = issue(db_session, counter, now=now_utc() - dt.timedelta(hours=73))

    response = client.get(f"/t/{token}")

    assert response.status_code == HTTPStatus.GONE
    assert "kedaluwarsa" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "token", ["x", "ImFiYyI.forged-signature", "a" * 300, "%00%27%22<script>"]
)
def test_forged_or_malformed_tickets_get_a_friendly_404(client, db_session, token):
    response = client.get(f"/t/{token}")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Tiket tidak dikenal" in response.get_data(as_text=True)


def test_a_ticket_signed_with_another_key_is_refused(client, db_session, counter):
    ticket, _ = issue(db_session, counter)
    forged = tickets.token_for("another-secret", ticket)

    assert client.get(f"/t/{forged}").status_code == HTTPStatus.NOT_FOUND


def test_tickets_are_not_held_to_the_poster_limit(client, db_session, counter):
    fill(client, poster_path(counter), with_service(counter))
    _, token = issue(db_session, counter, service="KTP")

    response, _ = fill(client, f"/t/{token}")

    assert response.status_code == HTTPStatus.FOUND


# --- kiosk ---------------------------------------------------------------


def test_kiosk_form_needs_the_device_to_be_enabled(client, db_session, counter):
    response = client.get(f"/k/{counter.public_key}")

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Mode kiosk belum diaktifkan" in response.get_data(as_text=True)


def test_kiosk_thanks_returns_to_a_fresh_form_and_rapid_repeats_are_refused(
    client, auth, db_session, counter
):
    enabled = enable_kiosk(client, auth, counter)
    assert enabled.headers["Location"] == f"/k/{counter.public_key}?lang=id"

    first, _ = fill(client, f"/k/{counter.public_key}", with_service(counter))
    thanks = client.get(first.headers["Location"]).get_data(as_text=True)
    second, _ = fill(client, f"/k/{counter.public_key}", with_service(counter))

    assert f'content="5;url=/k/{counter.public_key}?lang=id&amp;teks=biasa"' in thanks
    assert second.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Mohon tunggu sebentar" in second.get_data(as_text=True)
    assert [r.channel for r in stored(db_session)] == [Channel.KIOSK]


def test_identical_kiosk_bursts_are_flagged_like_any_other_channel(
    app, client, auth, db_session, counter, monkeypatch
):
    """Four identical all-4 ratings from one kiosk within minutes: the kiosk
    stands where an address would, so the repeats are held for review."""
    monkeypatch.setitem(app.config, "SURVEY_KIOSK_INTERVAL_SECONDS", 0)
    enable_kiosk(client, auth, counter)
    all_fours = {**with_service(counter), **{f"u{k}": "4" for k in range(1, 10)}}
    for _ in range(4):
        fill(client, f"/k/{counter.public_key}", all_fours)

    rows = stored(db_session)

    assert [r.status for r in rows] == [ResponseStatus.VALID] * 2 + [
        ResponseStatus.FLAGGED
    ] * 2
    assert "kiosk ini" in rows[2].status_reason


# --- budget --------------------------------------------------------------


def test_the_form_page_and_everything_it_loads_fit_in_30_kb(client, counter):
    page = client.get(poster_path(counter))
    body = page.get_data(as_text=True)
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', body)
    total = len(page.data)
    for asset in assets:
        with client.get(asset) as response:
            total += len(response.data)

    assert assets  # the stylesheet and script are counted
    assert not re.search(r'(?:href|src)="(?:https?:)?//', body)  # nothing external
    assert total <= 30 * 1024, total


def test_the_form_is_compressed_for_clients_that_accept_it(client, counter):
    response = client.get(poster_path(counter), headers={"Accept-Encoding": "gzip"})

    assert response.headers["Content-Encoding"] == "gzip"
    assert len(response.data) < 4000


def test_enabling_a_kiosk_ends_the_staff_session_on_the_tablet(
    client, auth, db_session, counter
):
    enabled = enable_kiosk(client, auth, counter)

    assert enabled.headers["Location"] == f"/k/{counter.public_key}?lang=id"
    for page in (STAFF_PAGE, "/me", f"/counters/{counter.code}/tickets"):
        response = client.get(page)
        assert response.status_code == HTTPStatus.FOUND, page
        assert response.headers["Location"].startswith("/login"), page
    assert "Keluar" not in client.get("/").get_data(as_text=True)  # public home
    assert client.get(f"/k/{counter.public_key}").status_code == HTTPStatus.OK


def test_a_head_revokes_a_kiosk_and_sees_its_last_use(
    app, client, auth, db_session, counter
):
    from survey_service.core.models import KioskDevice

    tablet = app.test_client()
    enable_kiosk(tablet, AuthActions(tablet), counter)
    fill(tablet, f"/k/{counter.public_key}", with_service(counter))
    device = db_session.scalars(select(KioskDevice)).one()
    UserFactory(username="kepala.kiosk", role=Role.HEAD, units=[counter.unit])
    db_session.commit()
    auth.login("kepala.kiosk")
    page = client.get(f"/counters/{counter.code}/kiosk")
    assert "Terakhir dipakai" in page.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(KioskDevice, device.id).last_used_at is not None

    client.post(
        f"/counters/{counter.code}/kiosks/{device.id}/revoke",
        data={"csrf_token": hidden_fields(page)["csrf_token"]},
    )

    refused = tablet.get(f"/k/{counter.public_key}")
    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert "Mode kiosk belum diaktifkan" in refused.get_data(as_text=True)


def test_the_kiosk_thanks_page_has_no_way_out_and_resets_to_the_default_language(
    client, auth, db_session, counter
):
    enable_kiosk(client, auth, counter)
    first, _ = fill(client, f"/k/{counter.public_key}?lang=en", with_service(counter))
    thanks = client.get(first.headers["Location"]).get_data(as_text=True)

    assert f"url=/k/{counter.public_key}?lang=id&amp;teks=biasa" in thanks
    assert "/hasil/" not in thanks  # no link out of the kiosk


def test_an_edit_reaches_the_form_at_once_here_and_within_seconds_elsewhere(
    client, db_session, counter, monkeypatch
):
    """The form's counter is kept a few seconds per process: an edit through
    the ORM in this process is seen at the next request; a change this process
    did not make (another worker's) is seen once those seconds are over."""
    from survey_service.units import service as units

    assert "Loket 1 KTP-el" in client.get(poster_path(counter)).get_data(as_text=True)
    counter.name = "Loket Satu"
    db_session.commit()
    renamed = client.get(poster_path(counter)).get_data(as_text=True)
    db_session.execute(
        text("UPDATE counters SET active = :no WHERE id = :id"),
        {"no": False, "id": counter.id},
    )
    db_session.commit()
    still_kept = client.get(poster_path(counter))
    monkeypatch.setattr(units, "FORM_COUNTER_SECONDS", 0.0)
    retired = client.get(poster_path(counter))

    assert "Loket Satu" in renamed
    assert still_kept.status_code == HTTPStatus.OK
    assert retired.status_code == HTTPStatus.GONE


def test_a_citizen_is_given_cookies_once_and_never_a_cleared_sign_in(client, counter):
    """The first form sets the device cookie and the session that keeps the
    form's CSRF secret; sending it, the thank-you page and the next form set
    nothing more: no rewritten session, no cleared remember-me cookie (the
    sign-in guard used to take a citizen's session for a stolen one)."""
    first = client.get(poster_path(counter))
    sent = client.post(
        poster_path(counter), data={**hidden_fields(first), **with_service(counter)}
    )
    thanks = client.get(sent.headers["Location"])
    again = client.get(poster_path(counter))

    assert sent.status_code == HTTPStatus.FOUND
    assert thanks.status_code == HTTPStatus.OK
    set_first = " ".join(first.headers.getlist("Set-Cookie"))
    assert "skm_d=" in set_first
    assert "session=" in set_first
    for later in (sent, thanks, again):
        assert later.headers.getlist("Set-Cookie") == []
