"""Public results: publishing rules, privacy, open data, caching, the badge."""

from __future__ import annotations

import csv
import datetime as dt
import io
from http import HTTPStatus

import pytest
from sqlalchemy import select

from survey_service.core.models import AuditEntry, Publication
from survey_service.core.statistics import format_number, index_summary
from tests.factories import UnitFactory
from tests.support.clock import city_today
from tests.support.review_data import login_head
from tests.support.web import token_in

MONTH = "2026-W47"  # ended: a period is published only once it is over


def publish(client, unit, period=MONTH, note=""):
    """Open the preview, tick the confirmation, publish."""
    page = client.get(f"/units/{unit.code}/dashboard?period={period}")
    return client.post(
        f"/units/{unit.code}/publish?period={period}",
        data={"csrf_token": token_in(page), "note": note, "confirm": "y"},
    )


@pytest.fixture
def published(client, auth, unit_week):
    unit, scores = unit_week
    login_head(auth, unit)
    publish(client, unit)
    auth.logout()
    return unit, scores


def test_unpublished_periods_are_invisible(client, unit_week):
    unit, _ = unit_week

    body = client.get(f"/hasil/{unit.code}").get_data(as_text=True)
    data = client.get(f"/hasil/{unit.code}/data.json").get_json()

    assert "Belum ada hasil yang diterbitkan" in body
    assert data["rows"] == []


def test_a_published_month_shows_the_engine_numbers(client, published):
    unit, scores = published

    body = client.get(f"/hasil/{unit.code}").get_data(as_text=True)

    expected = index_summary(scores)
    assert format_number(expected.value) in body
    assert "diprioritaskan untuk diperbaiki" in body
    city = client.get("/hasil/").get_data(as_text=True)
    assert unit.name in city


def test_open_data_parses_back_equal_to_the_engine(client, published):
    unit, scores = published
    expected = index_summary(scores)

    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(f"/hasil/{unit.code}/data.csv").get_data(as_text=True)
            )
        )
    )
    data = client.get(f"/hasil/{unit.code}/{MONTH}.json").get_json()

    assert float(rows[0]["index"]) == expected.value
    assert data["rows"][0]["index"] == expected.value
    assert data["rows"][0]["interval_low"] == round(expected.low, 2)
    assert data["licence"]
    assert data["rows"][0]["method_version"]


def test_nothing_personal_is_ever_public(client, db_session, published):
    from survey_service.core.models import Employee, Response

    unit, _ = published
    names = [e.name for e in db_session.scalars(select(Employee))]
    nips = [e.nip for e in db_session.scalars(select(Employee))]
    comments = [c for c in db_session.scalars(select(Response.comment)) if c]
    pages = [
        client.get(url).get_data(as_text=True)
        for url in (
            "/hasil/",
            f"/hasil/{unit.code}",
            "/hasil/data.csv",
            "/hasil/data.json",
            f"/hasil/{unit.code}/data.csv",
            f"/hasil/{unit.code}/data.json",
            f"/hasil/{unit.code}/badge.svg",
        )
    ]

    for text in pages:
        assert not any(n in text for n in names + nips + comments)


def test_open_data_is_cacheable(client, published):
    unit, _ = published
    first = client.get(f"/hasil/{unit.code}/data.json")

    again = client.get(
        f"/hasil/{unit.code}/data.json",
        headers={"If-None-Match": first.headers["ETag"]},
    )

    assert first.headers["Last-Modified"]
    assert again.status_code == HTTPStatus.NOT_MODIFIED


def test_a_correction_supersedes_and_keeps_the_old_one(
    client, auth, db_session, published
):
    unit, _ = published
    login_head(auth, unit, username="kepala.koreksi")

    refused = publish(client, unit)
    told = client.get(refused.headers["Location"]).get_data(as_text=True)
    corrected = publish(client, unit, note="respons ganda dikeluarkan")

    assert "catatan alasan" in told
    data = client.get(f"/hasil/{unit.code}/data.json").get_json()
    assert len(data["rows"]) == 2
    assert sum(1 for r in data["rows"] if r["superseded_at"]) == 1
    assert "digantikan oleh koreksi" in client.get(f"/hasil/{unit.code}").get_data(
        as_text=True
    )
    audits = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "period.publish")
    ).all()
    assert len(audits) == 2
    assert corrected.status_code == HTTPStatus.FOUND


def test_a_period_that_has_not_ended_cannot_be_published(client, auth, unit_week):
    unit, _ = unit_week
    login_head(auth, unit)

    response = publish(client, unit, period="2030")

    assert "belum selesai" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_badge_is_an_svg_with_the_grade_and_index(client, published):
    unit, scores = published

    response = client.get(f"/hasil/{unit.code}/badge.svg")

    assert response.mimetype == "image/svg+xml"
    text = response.get_data(as_text=True)
    assert text.startswith("<svg")
    assert format_number(index_summary(scores).value) in text


def test_below_five_responses_says_belum_cukup_data(client, auth, db_session):
    from tests.factories import CounterFactory
    from tests.support.review_data import add

    counter = CounterFactory(code="SMALL-L1")
    for day in (16, 17, 18):
        add(db_session, counter, day, [3] * 9)
    db_session.commit()
    login_head(auth, counter.unit)
    publish(client, counter.unit)

    body = client.get(f"/hasil/{counter.unit.code}").get_data(as_text=True)

    assert "Belum cukup data" in body


def test_no_employee_or_comment_reaches_the_public_over_the_seeded_demo(
    app, runner, client, db_session
):
    from survey_service.core import periods
    from survey_service.core.models import Employee, Response, Unit, User
    from survey_service.publishing import service as publications

    runner.invoke(args=["seed-demo"])
    admin = db_session.scalar(select(User).where(User.username == "admin"))
    today = city_today()
    week = periods.last_complete_week(today)
    units = list(db_session.scalars(select(Unit)))
    for unit in units:  # the demo publishes recent weeks itself; make sure of this one
        if publications.current_for(db_session, unit, week.key) is None:
            publications.publish(db_session, unit, week, admin, today)
    secrets = [e.name for e in db_session.scalars(select(Employee))]
    secrets += [e.nip for e in db_session.scalars(select(Employee))]
    secrets += [c for c in db_session.scalars(select(Response.comment)) if c]
    urls = ["/hasil/", "/hasil/data.csv", "/hasil/data.json"]
    for unit in units:
        urls += [
            f"/hasil/{unit.code}",
            f"/hasil/{unit.code}/data.csv",
            f"/hasil/{unit.code}/data.json",
            f"/hasil/{unit.code}/badge.svg",
            f"/hasil/{unit.code}/{week.key}.json",
        ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        text = response.get_data(as_text=True)
        leaked = [s for s in secrets if s in text]
        assert leaked == [], url


def test_the_preview_is_the_public_page_and_writes_nothing(
    client, auth, db_session, unit_week
):
    unit, scores = unit_week
    login_head(auth, unit)

    preview = client.get(f"/units/{unit.code}/publish?period={MONTH}")
    unticked = client.post(
        f"/units/{unit.code}/publish?period={MONTH}",
        data={"csrf_token": token_in(preview)},
    )

    body = preview.get_data(as_text=True)
    assert "pratinjau, belum terbit" in body
    assert format_number(index_summary(scores).value) in body
    assert unticked.status_code == HTTPStatus.OK
    assert "Centang konfirmasi" in unticked.get_data(as_text=True)
    assert db_session.scalars(select(Publication)).all() == []
    assert "Belum ada hasil" in client.get(f"/hasil/{unit.code}").get_data(as_text=True)


def test_a_running_period_offers_no_publishing(client, auth, unit_week):
    unit, _ = unit_week
    login_head(auth, unit)

    body = client.get(f"/units/{unit.code}/dashboard?period=2030").get_data(
        as_text=True
    )

    assert "Pratinjau dan terbitkan" not in body
    assert "dapat diterbitkan setelah" in body


def test_a_head_withdraws_a_publication_with_a_public_reason(
    client, auth, db_session, published
):
    unit, _ = published
    login_head(auth, unit, username="kepala.tarik")
    publication = db_session.scalars(select(Publication)).one()
    page = client.get(f"/units/{unit.code}/dashboard?period={MONTH}")

    no_reason = client.post(
        f"/units/{unit.code}/publications/{publication.id}/withdraw",
        data={"csrf_token": token_in(page), "reason": ""},
    )
    client.post(
        f"/units/{unit.code}/publications/{publication.id}/withdraw",
        data={"csrf_token": token_in(page), "reason": "data ganda ditemukan"},
    )

    assert no_reason.status_code == HTTPStatus.FOUND
    public = client.get(f"/hasil/{unit.code}").get_data(as_text=True)
    assert "Belum ada hasil yang diterbitkan" in public
    assert "ditarik" in public
    assert "data ganda ditemukan" in public
    audit = db_session.scalar(
        select(AuditEntry).where(AuditEntry.action == "period.withdraw")
    )
    assert audit.details["reason"] == "data ganda ditemukan"


def test_the_public_follow_up_shows_the_action_s_status_now(
    client, auth, db_session, published
):
    from survey_service.core.models import ActionStatus, FollowUpAction

    unit, _ = published
    action = FollowUpAction(
        unit_id=unit.id,
        period_start=dt.date(2026, 11, 16),
        period_end=dt.date(2026, 11, 22),
        action="Menambah kursi ruang tunggu",
        owner="Kasi Pelayanan",
        status=ActionStatus.DONE,
    )
    db_session.add(action)
    db_session.commit()

    body = client.get(f"/hasil/{unit.code}").get_data(as_text=True)

    assert "Menambah kursi ruang tunggu" in body
    assert "Selesai" in body


def test_the_home_page_shows_every_unit_with_its_ikm_named_and_in_words(
    client, published
):
    unit, scores = published
    expected = index_summary(scores)
    UnitFactory(name="Badan Pendapatan Daerah", code="BAPENDA")

    body = client.get("/").get_data(as_text=True)

    assert unit.name in body
    assert "Badan Pendapatan Daerah" in body
    assert "IKM (Indeks Kepuasan Masyarakat)" in body
    assert format_number(expected.value) in body
    words = (
        f"95% yakin nilai sebenarnya antara {format_number(expected.low)}"
        f" dan {format_number(expected.high)}"
    )
    assert words in body
    assert "Skala 25–100" in body
    assert "Bagaimana penilaian Anda dipakai" in body
    assert "lapor.go.id" in body
    assert 'href="/login"' in body


def test_the_home_page_in_english_uses_english_numbers_and_words(client, published):
    _, scores = published
    expected = index_summary(scores)

    body = client.get("/?lang=en").get_data(as_text=True)

    assert "IKM (Community Satisfaction Index)" in body
    assert format_number(expected.value, 2, ".") in body
    assert (
        f"95% sure the true value lies between {format_number(expected.low, 1, '.')}"
        in body
    )
    assert "Staff sign-in" in body


def test_the_search_box_narrows_the_units_and_says_so(client, published):
    unit, _ = published
    UnitFactory(name="Badan Pendapatan Daerah", code="BAPENDA")

    found = client.get("/?q=pendapatan").get_data(as_text=True)
    none = client.get("/?q=<script>x</script>").get_data(as_text=True)

    assert "Badan Pendapatan Daerah" in found
    assert unit.name not in found
    assert "1 dari 2 unit cocok" in found
    assert "Tidak ada unit yang cocok" in none
    assert "<script>x</script>" not in none


def test_counts_are_grouped_by_thousands_in_the_reader_s_language(app):
    with app.test_request_context("/?lang=en"):
        from flask import render_template_string

        english = render_template_string("{{ 12345.678|num }} {{ 1500|num(0) }}")
    with app.test_request_context("/?lang=id"):
        indonesian = render_template_string("{{ 12345.678|num }} {{ 1500|num(0) }}")

    assert english == "12,345.68 1,500"
    assert indonesian == "12.345,68 1.500"


def test_browsers_get_the_icon_at_favicon_ico(client):
    response = client.get("/favicon.ico")
    body = response.get_data(as_text=True)
    response.close()

    assert response.status_code == HTTPStatus.OK
    assert response.mimetype == "image/svg+xml"
    assert body.startswith("<svg")


@pytest.mark.parametrize(
    "reason",
    [
        '=HYPERLINK("http://evil.example","klik")',
        "+62 salah hitung",
        "-1 responden ganda",
        "@SUM(A1)",
        "\tdata ganda",
        " =1+1",
        "\n=1+1",
        "\uff1d1+1",  # the full-width equals sign
    ],
)
def test_open_data_keeps_a_withdrawal_reason_that_looks_like_a_formula_as_text(
    client, db_session, published, reason
):
    unit, _ = published
    publication = db_session.scalars(select(Publication)).one()
    publication.withdrawn_at = publication.published_at
    publication.withdraw_reason = reason
    db_session.commit()

    body = client.get(f"/hasil/{unit.code}/data.csv").get_data(as_text=True)

    (row,) = csv.DictReader(io.StringIO(body.lstrip("\ufeff")))
    assert row["withdraw_reason"] == "'" + reason  # shown, never evaluated
