"""Minangkabau (``?lang=min``) on what a citizen reads: the form, its errors
and the thank-you page, from the same Babel catalogs, with Indonesian numbers
and dates; staff pages keep Bahasa Indonesia and English."""

from __future__ import annotations

import re
from http import HTTPStatus

from tests.support.answers import ANSWERS, fill, hidden_fields, stored
from tests.support.catalogs import ENGLISH, MINANGKABAU


def words(page) -> set[str]:
    """The texts of a page: each element's text and each attribute a reader
    meets (labels, placeholders)."""
    html = page.get_data(as_text=True)
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return {
        re.sub(r"\s+", " ", t).strip() for t in re.split(r"<[^>]+>", html) if t.strip()
    }


def untranslated(page) -> list[str]:
    """Indonesian messages of the app left as they are on ``page``."""
    return sorted(
        text
        for text in words(page)
        if text in ENGLISH and MINANGKABAU.get(text) != text
    )


def test_the_form_is_in_minangkabau_with_nothing_left_in_indonesian(
    client, db_session, counter
):
    page = client.get(f"/s/{counter.public_key}?lang=min")

    html = page.get_data(as_text=True)
    assert page.status_code == HTTPStatus.OK
    assert '<html lang="min"' in html
    assert "Baa palayanan nan Sanak tarimo hari ko?" in html
    assert "Baa pandapek Sanak tantang kasasuaian pasyaratan" in html
    assert "Sangaik sasuai" in html
    assert "Kirim panilaian" in html
    assert "Bagaimana" not in html
    assert untranslated(page) == []
    # The other two languages are one tap away.
    assert 'href="?lang=id"' in html
    assert 'href="?lang=en"' in html


def test_errors_and_the_thank_you_page_speak_minangkabau(client, db_session, counter):
    path = f"/s/{counter.public_key}"
    client.get(f"{path}?lang=min")  # the choice is kept in a cookie
    missing = dict(ANSWERS)
    del missing["u4"]

    refused, _ = fill(client, path, missing)
    done, _ = fill(
        client,
        path,
        {**ANSWERS, "service_type": str(counter.unit.service_types[0].id)},
    )
    thanks = client.get(done.headers["Location"])

    assert refused.status_code == HTTPStatus.BAD_REQUEST
    text = refused.get_data(as_text=True)
    assert "Ado jawaban nan alun diisi" in text
    assert "Piliah ciek jawaban" in text
    assert untranslated(refused) == []
    assert "Tarimo kasih!" in thanks.get_data(as_text=True)
    assert "alah kami tarimo" in thanks.get_data(as_text=True)
    assert untranslated(thanks) == []
    assert len(stored(db_session)) == 1


def test_a_low_rating_s_complaint_and_callback_offer_in_minangkabau(
    client, db_session, counter
):
    path = f"/s/{counter.public_key}"
    client.get(f"{path}?lang=min")
    low = {**ANSWERS, "u7": "1", "service_type": str(counter.unit.service_types[0].id)}

    done, _ = fill(client, path, low)
    thanks = client.get(done.headers["Location"])

    text = thanks.get_data(as_text=True)
    assert "Nio manyampaikan pangaduan?" in text
    assert "Nio dihubungi kapalo unit?" in text
    assert untranslated(thanks) == []


def test_numbers_stay_indonesian_and_staff_pages_offer_no_minangkabau(
    app, client, db_session, counter
):
    with app.test_request_context("/?lang=min"):
        from survey_service.web.i18n import number

        assert number(1234.5) == "1.234,50"
    page = client.get("/login?lang=min")

    assert page.status_code == HTTPStatus.OK
    html = page.get_data(as_text=True)
    assert "Baso Minang" not in html
    assert "Masuk" in html  # Bahasa Indonesia where the catalog has nothing


def test_the_kiosk_thanks_and_waiting_words_in_minangkabau(
    client, auth, db_session, counter
):
    from tests.support.answers import enable_kiosk

    enable_kiosk(client, auth, counter)
    page = client.get(f"/k/{counter.public_key}?lang=min")

    html = page.get_data(as_text=True)
    assert 'data-waiting="{n} manunggu dikirim"' in html
    assert "dikirim surang sakali jaringan alah baliak" in html
    assert hidden_fields(page)["submission_key"]
