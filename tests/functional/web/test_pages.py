"""Pages every deployment relies on: health check, error pages, headers."""

from __future__ import annotations

from http import HTTPStatus

from tests.support.databases import make_test_app


def test_healthz_reports_a_working_database(client):
    response = client.get("/healthz")

    assert response.status_code == HTTPStatus.OK
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path):
    app = make_test_app("postgresql+psycopg://nobody@127.0.0.1:1/none")

    response = app.test_client().get("/healthz")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.get_json()["status"] == "unhealthy"


def test_unknown_page_gets_the_indonesian_404_page(client):
    response = client.get("/no-such-page")

    assert response.status_code == HTTPStatus.NOT_FOUND
    body = response.get_data(as_text=True)
    assert "Halaman tidak ditemukan" in body
    assert '<html lang="id">' in body


def test_error_pages_follow_the_chosen_language(client):
    response = client.get("/no-such-page?lang=en")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert '<html lang="en">' in response.get_data(as_text=True)
    assert "lang=en" in response.headers["Set-Cookie"]


def test_a_crash_shows_the_500_page_without_a_traceback():
    # Not the testing config: that one lets exceptions through to the test.
    app = make_test_app("sqlite://", SURVEY_ENV="development")

    @app.get("/crash-for-test")
    def _crash():
        raise RuntimeError("boom: secret detail")

    response = app.test_client().get("/crash-for-test")

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    body = response.get_data(as_text=True)
    assert "Terjadi kesalahan" in body
    assert "secret detail" not in body
    assert "Traceback" not in body


def test_pages_send_security_headers(client):
    response = client.get("/login")

    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_httponly_and_samesite(client, auth):
    from tests.factories import UserFactory

    UserFactory(username="kepala")
    response = auth.login("kepala")

    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_a_citizen_post_during_an_outage_gets_a_503_that_keeps_hope(monkeypatch):
    from survey_service.questionnaires import service as questionnaires

    monkeypatch.setattr(questionnaires, "_latest", None)  # nothing cached yet
    app = make_test_app("postgresql+psycopg://nobody@127.0.0.1:1/none")

    response = app.test_client().post("/s/abcdefghjk", data={"u1": "3"})

    body = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "coba lagi sebentar lagi" in body
    assert "Tekan tombol Kembali" in body


def test_during_an_outage_the_posted_answers_come_back_with_their_key(monkeypatch):
    from survey_service.core import skm
    from survey_service.questionnaires import service as questionnaires

    monkeypatch.setattr(
        questionnaires, "_latest", questionnaires.Version(1, 1, skm.ELEMENTS)
    )
    app = make_test_app("postgresql+psycopg://nobody@127.0.0.1:1/none")
    answers = {f"u{i}": "3" for i in range(1, 10)} | {"u3": "1"}

    response = app.test_client().post(
        "/s/abcdefghjk",
        data={**answers, "comment": "antre lama", "submission_key": "k" * 32},
    )

    body = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "coba lagi sebentar lagi" in body
    assert 'name="u3" value="1" id="u3-0" checked' in body
    assert "antre lama" in body
    assert 'value="' + "k" * 32 + '"' in body  # the same key: stored once later
