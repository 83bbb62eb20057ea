"""The head's weekly review: dashboard numbers, scope, comments, flagged responses."""

from __future__ import annotations

import re
from http import HTTPStatus

import numpy as np
import pytest
from sqlalchemy import select

from survey_service.core import periods
from survey_service.core.models import AuditEntry, Role
from survey_service.core.statistics import format_number, ikm_from_counts, index_summary
from tests.factories import CounterFactory, UserFactory
from tests.support.clock import city_today
from tests.support.review_data import WEEK, add, login_head, text_of
from tests.support.web import token_in


def test_dashboard_shows_the_engine_numbers_for_the_week(client, auth, unit_week):
    unit, scores = unit_week
    login_head(auth, unit)

    page = client.get(f"/units/{unit.code}/dashboard?period={WEEK}")

    assert page.status_code == HTTPStatus.OK
    expected = index_summary(scores)
    body = text_of(page)
    assert format_number(expected.value) in body
    assert f"{expected.low:.1f}".replace(".", ",") in body
    assert f"Mutu {expected.grade.letter}" in body
    assert "Tidak dihitung: 1 ditandai" in body
    counts = np.zeros((9, 4), dtype=int)
    for row in scores:
        for k, answer in enumerate(row):
            counts[k, answer - 1] += 1
    weakest = np.argsort(counts @ [1, 2, 3, 4])[:3]
    marked = re.findall(
        r'<tr class="weak"><th scope="row">(U\d)', page.get_data(as_text=True)
    )
    assert sorted(marked) == sorted(f"U{k + 1}" for k in weakest)
    assert ikm_from_counts(counts).value == expected.value


def test_default_period_is_the_last_complete_week(client, auth, unit_week):
    unit, _ = unit_week
    login_head(auth, unit)

    body = client.get(f"/units/{unit.code}/dashboard").get_data(as_text=True)

    week = periods.last_complete_week(city_today())
    assert f"<strong>{periods.label(week)}</strong>" in body  # "Minggu 23–29 Nov 2026"
    assert f"?period={week.key}" in body  # the compact key stays in links


def test_a_malformed_period_is_a_clear_400(client, auth, unit_week):
    unit, _ = unit_week
    login_head(auth, unit)

    response = client.get(f"/units/{unit.code}/dashboard?period=minggu-lalu")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Periode tidak dikenal" in response.get_data(as_text=True)


@pytest.mark.parametrize("page", ["dashboard", "comments", "flagged"])
def test_head_of_another_unit_gets_403(client, auth, unit_week, page):
    unit, _ = unit_week
    login_head(auth, CounterFactory().unit, username="kepala.b")

    assert client.get(f"/units/{unit.code}/{page}").status_code == 403


def test_staff_and_evaluators_do_not_get_the_dashboard(client, auth, unit_week):
    unit, _ = unit_week
    UserFactory(username="penilai", role=Role.EVALUATOR, units=[unit])
    auth.login("penilai")

    assert client.get(f"/units/{unit.code}/dashboard").status_code == 403


def test_comments_are_masked_newest_first_and_shown_as_text(
    client, auth, db_session, unit_week
):
    unit, _ = unit_week
    counter = unit.counters[0]
    add(db_session, counter, 19, [4] * 9, comment="Ramah. Hubungi 0812-6612-3345")
    add(
        db_session,
        counter,
        20,
        [1] * 9,
        comment="NIK 1373012304880002 <script>alert(1)</script>"
        "<img src=x onerror=alert(2)>",
    )
    db_session.commit()
    login_head(auth, unit)

    page = client.get(f"/units/{unit.code}/comments?period={WEEK}")
    body = page.get_data(as_text=True)

    assert "0812-6612-3345" not in body
    assert "1373012304880002" not in body
    assert "[nomor telepon disamarkan]" in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert body.index("NIK disamarkan") < body.index("Ramah")  # newest first
    low = client.get(f"/units/{unit.code}/comments?period={WEEK}&low=1")
    assert "Ramah" not in low.get_data(as_text=True)


def test_excluding_a_flagged_response_is_audited(client, auth, db_session, unit_week):
    unit, _ = unit_week
    login_head(auth, unit)
    page = client.get(f"/units/{unit.code}/flagged")
    token = token_in(page)
    response_id = int(
        re.search(r"/flagged/(\d+)", page.get_data(as_text=True)).group(1)
    )

    done = client.post(
        f"/units/{unit.code}/flagged/{response_id}",
        data={
            "csrf_token": token,
            "decision": "exclude",
            "reason": "satu ponsel, 12 kali",
        },
    )

    assert done.status_code == HTTPStatus.FOUND
    db_session.expire_all()
    entry = db_session.scalar(
        select(AuditEntry).where(AuditEntry.action == "response.exclude")
    )
    assert entry.actor == "kepala.a"
    assert entry.details["reason"] == "satu ponsel, 12 kali"
    again = client.post(
        f"/units/{unit.code}/flagged/{response_id}",
        data={"csrf_token": token, "decision": "include", "reason": "lagi"},
        follow_redirects=True,
    )
    assert "sudah ditinjau" in again.get_data(as_text=True)


def test_including_a_flagged_response_makes_it_count(
    client, auth, db_session, unit_week
):
    unit, scores = unit_week
    login_head(auth, unit)
    page = client.get(f"/units/{unit.code}/flagged")
    token = token_in(page)
    response_id = int(
        re.search(r"/flagged/(\d+)", page.get_data(as_text=True)).group(1)
    )

    client.post(
        f"/units/{unit.code}/flagged/{response_id}",
        data={"csrf_token": token, "decision": "include", "reason": "wajar"},
    )

    body = text_of(client.get(f"/units/{unit.code}/dashboard?period={WEEK}"))
    expected = index_summary(np.vstack([scores, [[1] * 9]]))
    assert format_number(expected.value) in body


def test_a_decision_without_csrf_token_is_refused(client, auth, db_session, unit_week):
    unit, _ = unit_week
    login_head(auth, unit)

    response = client.post(
        f"/units/{unit.code}/flagged/1", data={"decision": "exclude", "reason": "x"}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_the_dashboard_says_how_many_responses_are_held_back_and_why(
    client, auth, db_session
):
    """A unit whose low ratings are mostly flagged must stand out."""
    from survey_service.core.models import ResponseStatus
    from tests.factories import CounterFactory
    from tests.support.review_data import add

    counter = CounterFactory(code="F-L1")
    for day in range(16, 22):
        add(db_session, counter, day, [4] * 9)
    for day in (16, 17, 18, 19):
        add(
            db_session,
            counter,
            day,
            [1] * 9,
            status=ResponseStatus.FLAGGED,
            status_reason="pola jawaban identik berulang dari alamat yang sama",
        )
    add(db_session, counter, 20, [1] * 9)
    db_session.commit()
    login_head(auth, counter.unit)

    body = text_of(client.get(f"/units/{counter.unit.code}/dashboard?period={WEEK}"))

    assert "Respons yang tidak dihitung periode ini: 4, indeksnya 25,00" in body
    assert "pola jawaban identik berulang dari alamat yang sama: 4" in body
    assert "sebagian besar penilaian rendah periode ini (4 dari 5)" in body
