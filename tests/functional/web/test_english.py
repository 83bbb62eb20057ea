"""Every page in English, as every role: no Indonesian text from the message
catalog is left untranslated (flash messages, labels, errors, headings)."""

from __future__ import annotations

import re

import pytest

from survey_service.core.errors import DomainError
from survey_service.core.models import Role
from survey_service.core.skm import N_
from tests.factories import UnitFactory, UserFactory
from tests.support.catalogs import ENGLISH
from tests.support.crawl import ROLES, html_pages
from tests.support.web import bearer, token_in, upload, visible_text

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")


def fragments() -> dict[str, str]:
    """Indonesian pieces long enough to be sure they are ours, with their msgid."""
    # Names kept in English too ("Survei Kepuasan", "SP4N-LAPOR!") are not
    # Indonesian left behind.
    english_text = "\n".join(ENGLISH.values())
    found = {}
    for msgid in ENGLISH:
        for piece in PLACEHOLDER.split(msgid):
            piece = piece.strip(" .,:;·()")
            if len(piece) >= 12 and piece not in english_text:
                found[piece] = msgid
    return found


@pytest.mark.parametrize("role", ROLES)
def test_english_pages_leave_no_catalog_text_in_indonesian(
    app, client, auth, world, role
):
    if role != "anonymous":
        auth.login(role)
    client.get("/?lang=en")
    pieces = fragments()
    left = set()
    for endpoint, body in html_pages(app, client, world):
        text = visible_text(body)
        left |= {(endpoint, piece) for piece in pieces if piece in text}
    assert sorted(left) == [], "\n".join(f"{e}: {p}" for e, p in sorted(left))


def test_labels_form_fields_and_flash_messages_follow_the_language(client, auth, world):
    client.get("/?lang=en")
    login_page = client.get("/login").get_data(as_text=True)
    auth.login("head")
    home = client.get("/").get_data(as_text=True)
    auth.logout()
    signed_out = client.get("/login").get_data(as_text=True)

    assert "Username" in login_page
    assert "Nama pengguna" not in login_page
    assert "Unit head" in home
    assert "Kepala Unit" not in home
    assert "Review your unit's weekly survey results" in home
    assert "You have signed out." in signed_out


def test_a_refusal_by_a_domain_rule_is_said_in_the_reader_s_language(
    client, auth, world
):
    auth.login("head")
    client.get("/?lang=en")
    page = client.get("/account/password")

    wrong = client.post(
        "/account/password",
        data={"csrf_token": token_in(page), "current": "nope", "new": "x" * 14},
    ).get_data(as_text=True)

    assert "The current password is wrong" in wrong
    assert "Kata sandi saat ini salah" not in wrong


def test_a_domain_error_keeps_its_indonesian_text_and_its_parts():
    error = DomainError(N_("Unit %(code)s tidak ditemukan"), code="DKP")

    assert str(error) == "Unit DKP tidak ditemukan"
    assert error.message == "Unit %(code)s tidak ditemukan"
    assert error.params == {"code": "DKP"}


def test_import_row_errors_and_the_words_inside_messages_are_in_english(
    client, auth, db_session
):
    UserFactory(username="admin", role=Role.ADMIN)
    UnitFactory(code="DUKCAPIL")
    auth.login("admin")
    client.get("/?lang=en")
    text = "nip,name,position,unit_code\n12345,Budi,Pelaksana,\n,=Rina,Staff,DUKCAPIL\n"

    body = upload(client, "employees", text).get_data(as_text=True)
    page = client.get("/admin/")
    created = client.post(
        "/admin/",
        data={"csrf_token": token_in(page), "code": "bad code!", "name": "X"},
    ).get_data(as_text=True)

    assert "NIP 12345: a NIP has 18 digits" in body
    assert "Unit (empty) is unknown" in body
    assert "Column name cannot start with = + - @ or a tab" in body
    assert "tidak dikenal" not in body
    assert "Code (unit) of 1–32" in created


def test_the_api_answers_in_english_when_asked(client, db_session):
    _, headers = bearer(db_session, Role.EVALUATOR, [UnitFactory()])

    indonesian = client.get("/api/v1/indicators?period=kemarin", headers=headers)
    english = client.get("/api/v1/indicators?period=kemarin&lang=en", headers=headers)
    missing = client.get("/api/v1/indicators?period=2026-Q4&lang=en")

    assert indonesian.status_code == english.status_code == 400
    assert indonesian.json["error"]["message"].startswith("Periode tidak dikenal")
    assert english.json["error"]["message"].startswith("Unknown period: kemarin")
    assert (
        missing.json["error"]["message"] == "Authorization: Bearer <token> is required"
    )


def test_the_forms_own_checks_are_said_in_the_reader_s_language(client, auth, world):
    """WTForms has no Indonesian: its built-in messages are said as ours."""
    auth.login("admin")
    path = f"/admin/units/{world['code']}"
    page = client.get(path)
    wrong = {
        "csrf_token": token_in(page),
        "name": "",
        "target_index": "80",
        "alert_due_working_days": "tiga",
    }

    indonesian = client.post(path, data=wrong).get_data(as_text=True)
    english = client.post(f"{path}?lang=en", data=wrong).get_data(as_text=True)

    assert "Wajib diisi." in indonesian
    assert "This field is required." not in indonesian
    assert "Tulis bilangan bulat, misalnya 3." in indonesian
    assert "Required." in english
    assert "Write a whole number, for example 3." in english
