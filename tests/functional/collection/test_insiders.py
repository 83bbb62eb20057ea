"""Insiders cannot bend ratings: who may name whom on a ticket, who may print
it, and which redemptions are held for a head's review."""

from __future__ import annotations

import datetime as dt
from http import HTTPStatus
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from survey_service.accounts import service as accounts
from survey_service.core import periods
from survey_service.core.clock import now_utc
from survey_service.core.models import ResponseStatus, Role, Ticket, User
from tests.factories import CounterFactory, EmployeeFactory, UserFactory, put_on_duty
from tests.support.answers import fill, stored
from tests.support.web import AuthActions, token_in

CITIZEN_ADDRESS = {"REMOTE_ADDR": "203.0.113.50"}


@pytest.fixture
def desk(db_session):
    """A counter, two staff members of its unit (one of them on duty) and a head."""
    counter = CounterFactory(code="DKP-L1")
    own = EmployeeFactory(unit=counter.unit, name="Siti")
    colleague = EmployeeFactory(unit=counter.unit, name="Budi")
    on_duty = EmployeeFactory(unit=counter.unit, name="Rina")
    put_on_duty(db_session, on_duty, counter)
    staff = UserFactory(
        username="siti", role=Role.STAFF, employee=own, units=[counter.unit]
    )
    UserFactory(
        username="budi", role=Role.STAFF, employee=colleague, units=[counter.unit]
    )
    UserFactory(username="kepala", role=Role.HEAD, units=[counter.unit])
    db_session.commit()
    return counter, own, colleague, on_duty, staff


def survey_path_on(client, receipt):
    """The survey form's path from the receipt's typeable short link."""
    short = receipt[receipt.index("/t/") :].split('"')[0].split("<")[0]
    opened = client.get(short)
    assert opened.status_code == HTTPStatus.FOUND
    return urlsplit(opened.headers["Location"]).path


def issue_on_page(client, counter, nip):
    page = client.get(f"/counters/{counter.code}/tickets")
    return client.post(
        f"/counters/{counter.code}/tickets",
        data={"csrf_token": token_in(page), "employee": nip, "service": ""},
    )


def test_staff_may_name_only_themselves_or_the_employee_on_duty(
    client, auth, db_session, desk
):
    counter, own, colleague, on_duty, _ = desk
    auth.login("siti")

    mine = issue_on_page(client, counter, own.nip)
    on_duty_ticket = issue_on_page(client, counter, on_duty.nip)
    colleague_ticket = issue_on_page(client, counter, colleague.nip)

    assert mine.status_code == HTTPStatus.FOUND
    assert on_duty_ticket.status_code == HTTPStatus.FOUND
    assert colleague_ticket.status_code == HTTPStatus.OK
    assert "atas namanya sendiri" in colleague_ticket.get_data(as_text=True)
    named = db_session.scalars(select(Ticket.employee_id)).all()
    assert sorted(named) == sorted([own.id, on_duty.id])


def test_a_staff_token_naming_a_colleague_off_duty_is_refused(app, db_session, desk):
    counter, own, colleague, _on_duty, staff = desk
    _, token = accounts.create_api_token(db_session, staff, "antrean")
    db_session.commit()
    api = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    refused = api.post(
        "/api/v1/tickets",
        json={"counter": counter.code, "employee": colleague.nip},
        headers=headers,
    )
    allowed = api.post(
        "/api/v1/tickets",
        json={"counter": counter.code, "employee": own.nip},
        headers=headers,
    )

    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert "atas namanya sendiri" in refused.get_json()["error"]["message"]
    assert allowed.status_code == HTTPStatus.CREATED
    ticket = db_session.scalar(select(Ticket))
    assert (ticket.issued_by_id, ticket.employee_id) == (staff.id, own.id)
    assert ticket.issued_from is not None  # the issuing address, as a keyed hash


def test_a_head_may_name_anyone_of_the_unit(client, auth, db_session, desk):
    counter, _own, colleague, _on_duty, _ = desk
    auth.login("kepala")

    assert issue_on_page(client, counter, colleague.nip).status_code == HTTPStatus.FOUND


def test_a_self_issued_ticket_redeemed_from_the_issuer_s_browser_is_flagged(
    client, auth, db_session, desk
):
    counter, own, *_ = desk
    auth.login("siti")
    printed = issue_on_page(client, counter, own.nip)
    receipt = client.get(printed.headers["Location"]).get_data(as_text=True)
    survey_path = survey_path_on(client, receipt)

    response, _ = fill(client, survey_path)

    assert response.status_code == HTTPStatus.FOUND
    [row] = stored(db_session)
    assert row.status is ResponseStatus.FLAGGED
    assert "browser penerbitnya" in row.status_reason
    assert "alamat jaringan yang menerbitkannya" in row.status_reason
    assert "detik setelah diterbitkan" in row.status_reason


def test_a_ticket_redeemed_by_a_citizen_later_from_elsewhere_counts(
    app, client, auth, db_session, desk
):
    counter, own, *_ = desk
    auth.login("siti")
    printed = issue_on_page(client, counter, own.nip)
    ticket = db_session.scalar(select(Ticket))
    ticket.issued_at -= dt.timedelta(minutes=3)  # the citizen rated at home
    db_session.commit()
    receipt = client.get(printed.headers["Location"]).get_data(as_text=True)
    survey_path = survey_path_on(client, receipt)
    phone = app.test_client()
    phone.environ_base.update(CITIZEN_ADDRESS)

    response, _ = fill(phone, survey_path)

    assert response.status_code == HTTPStatus.FOUND
    [row] = stored(db_session)
    assert row.status is ResponseStatus.VALID
    assert row.employee_id == own.id


def test_only_the_issuer_or_the_head_prints_and_ids_are_not_counted(
    app, client, auth, db_session, desk
):
    counter, own, *_ = desk
    auth.login("siti")
    printed = issue_on_page(client, counter, own.nip)
    location = printed.headers["Location"]
    ticket = db_session.scalar(select(Ticket))
    colleague, head = app.test_client(), app.test_client()
    AuthActions(colleague).login("budi")
    AuthActions(head).login("kepala")

    assert str(ticket.id) not in location.split("/")
    assert client.get(location).status_code == HTTPStatus.OK
    assert head.get(location).status_code == HTTPStatus.OK
    assert colleague.get(location).status_code == HTTPStatus.FORBIDDEN
    assert client.get(f"/tickets/{ticket.id}/print").status_code == HTTPStatus.NOT_FOUND


def test_the_dashboard_shows_who_rates_themselves_through_their_own_tickets(
    client, auth, db_session, desk
):
    from survey_service.collection import tickets
    from survey_service.core.models import Channel
    from tests.factories import ResponseFactory
    from tests.support.databases import TEST_SECRET

    counter, own, colleague, _on_duty, staff = desk
    for _ in range(6):  # six self-issued tickets, each rated 4 everywhere
        ticket, _token = tickets.issue_ticket(
            db_session,
            TEST_SECRET,
            counter_code=counter.code,
            employee_nip=own.nip,
            ttl_hours=1,
            issued_by=staff,
        )
        ResponseFactory(
            counter=counter,
            employee_id=own.id,
            channel=Channel.TICKET,
            ticket_id=ticket.id,
            scores=[4] * 9,
        )
    for channel, scores in [(Channel.POSTER, [2] * 5 + [3] * 4)] * 3 + [
        (Channel.KIOSK, [3] * 9)
    ]:  # walk-ins: (3 x 22 + 27) / 4 / 9 x 25 = 64.58
        ResponseFactory(
            counter=counter, employee_id=own.id, channel=channel, scores=scores
        )
    budi = db_session.scalar(select(User).where(User.username == "budi"))
    for k in range(2):  # tickets a colleague issued: neither own nor walk-in
        ticket = Ticket(
            token_id=f"budi-{k}",
            counter_id=counter.id,
            employee_id=own.id,
            issued_at=now_utc(),
            expires_at=now_utc() + dt.timedelta(hours=1),
            issued_by_id=budi.id,
        )
        db_session.add(ticket)
        db_session.flush()
        ResponseFactory(
            counter=counter,
            employee_id=own.id,
            channel=Channel.TICKET,
            ticket_id=ticket.id,
            scores=[1] * 9,
        )
    for _ in range(8):  # a colleague rated through the poster only
        ResponseFactory(counter=counter, employee_id=colleague.id, scores=[3] * 9)
    db_session.commit()
    auth.login("kepala")

    week = periods.period_containing(
        "week", periods.local_date(now_utc(), ZoneInfo("Asia/Jakarta"))
    )
    page = client.get(
        f"/units/{counter.unit.code}/dashboard?period={week.key}"
    ).get_data(as_text=True)

    section = page[page.index('id="tiket"') :]
    siti = section[
        section.index("Siti") : section.index("</tr>", section.index("Siti"))
    ]
    assert "<td>6</td><td>6</td>" in siti  # issued, rated
    assert "6 / 12 (50%)" in siti
    assert "100,00" in siti
    assert "64,58" in siti
    assert "pola menonjol" in siti
    budi_row = section[
        section.index("Budi") : section.index("</tr>", section.index("Budi"))
    ]
    assert "<td>2</td><td>2</td>" in budi_row  # issued for Siti, both rated
    assert "0 / 8" in budi_row  # Budi's own ratings: the poster only
