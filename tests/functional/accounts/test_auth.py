"""Signing in and out through the real pages."""

from __future__ import annotations

from http import HTTPStatus

from sqlalchemy import select

from survey_service.core.models import AuditEntry, Role, User
from tests.factories import UnitFactory, UserFactory
from tests.support.web import STAFF_PAGE, AuthActions, csrf_token, token_in


def test_login_with_right_password_reaches_home(client, auth, db_session):
    unit = UnitFactory(code="DKP")
    UserFactory(username="kepala", role=Role.HEAD, units=[unit])

    response = auth.login("kepala")

    assert response.status_code == HTTPStatus.FOUND
    assert response.headers["Location"] == "/"
    home = client.get("/")
    assert home.status_code == HTTPStatus.OK
    assert "Kepala Unit" in home.get_data(as_text=True)
    assert (
        db_session.scalar(select(AuditEntry.action).where(AuditEntry.actor == "kepala"))
        == "auth.login"
    )


def test_wrong_password_gets_a_clear_message_and_no_session(client, auth):
    UserFactory(username="kepala")

    response = auth.login("kepala", "wrong-password")

    assert response.status_code == HTTPStatus.OK
    assert "Nama pengguna atau kata sandi salah" in response.get_data(as_text=True)
    assert client.get(STAFF_PAGE).status_code == HTTPStatus.FOUND  # still signed out


def test_unknown_user_gets_the_same_message_as_a_wrong_password(auth):
    response = auth.login("nobody", "whatever-password")

    assert "Nama pengguna atau kata sandi salah" in response.get_data(as_text=True)


def test_repeated_failures_are_refused_even_with_the_right_password(app, auth):
    UserFactory(username="kepala")
    limit = app.config["SURVEY_LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        assert auth.login("kepala", "wrong-password").status_code == HTTPStatus.OK

    response = auth.login("kepala")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Terlalu banyak percobaan" in response.get_data(as_text=True)


def test_inactive_user_cannot_sign_in(auth):
    UserFactory(username="pensiun", active=False)

    assert auth.login("pensiun").status_code == HTTPStatus.OK  # form again


def test_login_without_csrf_token_is_refused(client):
    UserFactory(username="kepala")

    response = client.post(
        "/login", data={"username": "kepala", "password": "correct-horse-battery"}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert client.get(STAFF_PAGE).status_code == HTTPStatus.FOUND


def test_next_parameter_cannot_redirect_to_another_site(client):
    UserFactory(username="kepala")
    token = csrf_token(client, "/login")

    response = client.post(
        "/login?next=//evil.example/phish",
        data={
            "username": "kepala",
            "password": "correct-horse-battery",
            "csrf_token": token,
        },
    )

    assert response.headers["Location"] == "/"


def test_logout_ends_the_session(client, auth):
    UserFactory(username="kepala")
    auth.login("kepala")

    response = auth.logout()

    assert response.status_code == HTTPStatus.FOUND
    assert client.get(STAFF_PAGE).status_code == HTTPStatus.FOUND  # back to login


def test_logout_by_get_is_not_allowed(client, auth):
    UserFactory(username="kepala")
    auth.login("kepala")

    assert client.get("/logout").status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert client.get(STAFF_PAGE).status_code == HTTPStatus.OK  # still signed in


def test_a_visitor_sees_the_public_results_at_home_and_a_sign_in_link(client):
    UnitFactory(name="Dinas Kependudukan dan Pencatatan Sipil")

    home = client.get("/")
    staff_page = client.get(STAFF_PAGE)

    body = home.get_data(as_text=True)
    assert home.status_code == HTTPStatus.OK
    assert "Dinas Kependudukan dan Pencatatan Sipil" in body
    assert 'href="/login"' in body
    assert staff_page.status_code == HTTPStatus.FOUND
    assert staff_page.headers["Location"].startswith("/login")


def _stolen_session(app, client):
    """A copy of the signed-in browser's session cookie, in another browser."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_an_old_session_cookie_stops_working_after_logout(app, client, auth):
    from tests.factories import UserFactory

    UserFactory(username="kepala")
    auth.login("kepala")
    copy = _stolen_session(app, client)
    assert copy.get(STAFF_PAGE).status_code == 200  # the copy works while signed in

    auth.logout()

    assert copy.get(STAFF_PAGE).headers["Location"].startswith("/login")


def test_deactivating_an_employee_ends_their_sessions_and_tokens(
    app, client, auth, db_session
):
    from survey_service.accounts import service as accounts
    from survey_service.core.models import Role
    from tests.factories import EmployeeFactory, UserFactory

    employee = EmployeeFactory()
    staff = UserFactory(
        username="petugas", role=Role.STAFF, employee=employee, units=[employee.unit]
    )
    _, token = accounts.create_api_token(db_session, staff, "kasir")
    UserFactory(username="admin", role=Role.ADMIN)
    db_session.commit()
    auth.login("petugas")
    auth.logout()
    their_browser = app.test_client()
    AuthActions(their_browser).login("petugas")
    assert their_browser.get(STAFF_PAGE).status_code == 200

    auth.login("admin")
    page = client.get(f"/admin/units/{employee.unit.code}")
    client.post(
        f"/admin/employees/{employee.nip}/active",
        data={"csrf_token": token_in(page)},
    )

    assert their_browser.get(STAFF_PAGE).headers["Location"].startswith("/login")
    api = their_browser.get(
        "/api/v1/indicators?period=2026-11",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 401
    db_session.expire_all()
    assert db_session.get(type(staff), staff.id).active is False


def test_changing_the_password_ends_other_sessions_and_tokens(
    app, client, auth, db_session
):
    from survey_service.accounts import service as accounts

    user = UserFactory(username="kepala")
    _, token = accounts.create_api_token(db_session, user, "laporan")
    db_session.commit()
    other_device = app.test_client()
    AuthActions(other_device).login("kepala")
    auth.login("kepala")
    page = client.get("/account/password")

    wrong = client.post(
        "/account/password",
        data={"csrf_token": token_in(page), "current": "nope", "new": "x" * 12},
    )
    changed = client.post(
        "/account/password",
        data={
            "csrf_token": token_in(page),
            "current": "correct-horse-battery",
            "new": "a-new-long-password",
        },
    )

    assert "Kata sandi saat ini salah" in wrong.get_data(as_text=True)
    assert changed.status_code == HTTPStatus.FOUND
    assert client.get(STAFF_PAGE).status_code == HTTPStatus.OK  # this browser stays in
    assert other_device.get(STAFF_PAGE).headers["Location"].startswith("/login")
    api = client.get(
        "/api/v1/units/X/weekly?week=2026-W47",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == HTTPStatus.UNAUTHORIZED
    assert (
        AuthActions(app.test_client())
        .login("kepala", "a-new-long-password")
        .status_code
        == HTTPStatus.FOUND
    )


def test_an_admin_deactivating_an_account_ends_it_at_once(
    app, client, auth, db_session
):
    UserFactory(username="penilai", role=Role.EVALUATOR)
    UserFactory(username="admin", role=Role.ADMIN)
    db_session.commit()
    theirs = app.test_client()
    AuthActions(theirs).login("penilai")
    auth.login("admin")
    page = client.get("/admin/users")

    client.post("/admin/users/penilai/active", data={"csrf_token": token_in(page)})
    own = client.post("/admin/users/admin/active", data={"csrf_token": token_in(page)})

    assert theirs.get(STAFF_PAGE).headers["Location"].startswith("/login")
    assert "tidak dapat menonaktifkan akun Anda sendiri" in client.get(
        own.headers["Location"]
    ).get_data(as_text=True)


def test_taking_a_role_or_unit_away_ends_sessions_and_tokens_at_once(
    app, client, auth, db_session
):
    from survey_service.accounts import service as accounts

    first, second = UnitFactory(code="DKP"), UnitFactory(code="RSUD")
    head = UserFactory(username="kepala", role=Role.HEAD, units=[first, second])
    UserFactory(username="admin", role=Role.ADMIN)
    _, token = accounts.create_api_token(db_session, head, "laporan")
    db_session.commit()
    theirs = app.test_client()
    AuthActions(theirs).login("kepala")
    auth.login("admin")
    page = client.get("/admin/users/kepala")
    assert 'selected value="RSUD"' in page.get_data(as_text=True)

    # Adding a unit keeps the session: nothing was taken away.
    third = UnitFactory(code="PUPR")
    db_session.commit()
    added = client.post(
        "/admin/users/kepala",
        data={
            "csrf_token": token_in(page),
            "role": "head",
            "units": ["DKP", "RSUD", third.code],
        },
    )
    assert added.status_code == HTTPStatus.FOUND
    assert theirs.get(STAFF_PAGE).status_code == HTTPStatus.OK

    # Removing one ends it, and the API token with it.
    client.post(
        "/admin/users/kepala",
        data={"csrf_token": token_in(page), "role": "head", "units": ["DKP"]},
    )
    assert theirs.get(STAFF_PAGE).headers["Location"].startswith("/login")
    api = app.test_client().get(
        "/api/v1/units/DKP/weekly?week=2026-W47",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == HTTPStatus.UNAUTHORIZED

    # A new role: signs in again into the new role only.
    AuthActions(theirs).login("kepala")
    client.post(
        "/admin/users/kepala",
        data={"csrf_token": token_in(page), "role": "evaluator", "units": ["DKP"]},
    )
    assert theirs.get(STAFF_PAGE).headers["Location"].startswith("/login")
    db_session.expire_all()
    changed = db_session.scalar(select(User).where(User.username == "kepala"))
    assert changed.role is Role.EVALUATOR
    assert [u.code for u in changed.units] == ["DKP"]
    assert (
        db_session.scalars(
            select(AuditEntry.action).where(AuditEntry.target == "user:kepala")
        )
        .all()
        .count("user.access")
        == 3
    )


def test_an_access_change_that_breaks_a_rule_is_refused_and_changes_nothing(
    client, auth, db_session
):
    unit = UnitFactory(code="DKP")
    UserFactory(username="kepala", role=Role.HEAD, units=[unit])
    UserFactory(username="admin", role=Role.ADMIN)
    db_session.commit()
    auth.login("admin")
    page = client.get("/admin/users/kepala")

    no_unit = client.post(
        "/admin/users/kepala",
        data={"csrf_token": token_in(page), "role": "head", "units": []},
    )
    staff_without_employee = client.post(
        "/admin/users/kepala",
        data={"csrf_token": token_in(page), "role": "staff", "units": ["DKP"]},
    )
    own = client.post(
        "/admin/users/admin",
        data={"csrf_token": token_in(page), "role": "head", "units": ["DKP"]},
    )
    unknown = client.get("/admin/users/nobody")

    assert no_unit.status_code == HTTPStatus.OK
    assert "minimal satu unit" in no_unit.get_data(as_text=True)
    assert "ditautkan ke pegawai" in staff_without_employee.get_data(as_text=True)
    assert "akun Anda sendiri" in own.get_data(as_text=True)
    assert unknown.status_code == HTTPStatus.NOT_FOUND
    db_session.expire_all()
    roles = dict(db_session.execute(select(User.username, User.role)).all())
    assert roles == {"kepala": Role.HEAD, "admin": Role.ADMIN}


def test_an_admin_s_password_reset_makes_the_user_choose_a_new_one_first(
    app, client, auth, db_session
):
    from survey_service.accounts import service as accounts

    head = UserFactory(username="kepala", role=Role.HEAD, units=[UnitFactory()])
    UserFactory(username="admin", role=Role.ADMIN)
    _, token = accounts.create_api_token(db_session, head, "laporan")
    db_session.commit()
    theirs = app.test_client()
    AuthActions(theirs).login("kepala")
    auth.login("admin")
    page = client.get("/admin/users/kepala")
    url = "/admin/users/kepala/password"

    weak = client.post(url, data={"csrf_token": token_in(page), "temporary": "k" * 12})
    own = client.post(
        "/admin/users/admin/password",
        data={"csrf_token": token_in(page), "temporary": "sementara-lembah-9"},
    )
    done = client.post(
        url, data={"csrf_token": token_in(page), "temporary": "sementara-lembah-9"}
    )

    assert weak.status_code == HTTPStatus.BAD_REQUEST
    assert "terlalu umum" in weak.get_data(as_text=True)
    assert own.status_code == HTTPStatus.BAD_REQUEST
    assert done.status_code == HTTPStatus.FOUND
    # The old session and token end; the old password no longer signs in.
    assert theirs.get(STAFF_PAGE).headers["Location"].startswith("/login")
    api = client.get(
        "/api/v1/units/X/weekly?week=2026-W47",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == HTTPStatus.UNAUTHORIZED
    assert AuthActions(theirs).login("kepala").status_code == HTTPStatus.OK

    # With the temporary one, every page leads to the password form first.
    signed_in = AuthActions(theirs).login("kepala", "sementara-lembah-9")
    first = theirs.get(signed_in.headers["Location"])
    assert first.headers["Location"] == "/account/password"
    assert theirs.get("/account/tokens").headers["Location"] == "/account/password"
    form = theirs.get("/account/password")
    assert "direset oleh admin" in form.get_data(as_text=True)
    theirs.post(
        "/account/password",
        data={
            "csrf_token": token_in(form),
            "current": "sementara-lembah-9",
            "new": "pilihan-saya-sendiri-7",
        },
    )
    assert theirs.get(STAFF_PAGE).status_code == HTTPStatus.OK
    db_session.expire_all()
    assert (
        db_session.scalar(
            select(AuditEntry.actor).where(AuditEntry.action == "user.password_reset")
        )
        == "admin"
    )
