"""The security suite: who may open what, CSRF on every form, headers, hostile input.

The route table below must name every endpoint of the app: a new route without
a rule fails here until someone decides who may use it.
"""

from __future__ import annotations

import re
from http import HTTPStatus

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from survey_service.core.models import Response, Role
from tests import factories
from tests.support.crawl import ROLES, get_urls
from tests.support.web import STAFF_PAGE, AuthActions, token_in

PUBLIC = {"anonymous", "staff", "head", "other_head", "evaluator", "leader", "admin"}
SIGNED_IN = PUBLIC - {"anonymous"}
HEADS = {"head", "admin"}  # other_head is out of scope: 403 on the world's unit
COUNTER_STAFF = {"staff", "head", "admin"}
EVALUATORS = {"evaluator", "admin"}
TOKEN = "token"  # bearer tokens, no session: 401 for everyone here

RULES: dict[str, set[str] | str] = {
    "static": PUBLIC,
    "main.livez": PUBLIC,
    "main.favicon": PUBLIC,
    "main.healthz": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": SIGNED_IN,
    "auth.tokens": SIGNED_IN,
    "outreach.settings": SIGNED_IN,
    "auth.password": SIGNED_IN,
    "auth.revoke_token": SIGNED_IN,
    "main.home": PUBLIC,
    "main.unit": {"staff", "head", "evaluator", "leader", "admin"},  # leaders see all
    "citizen.poster": PUBLIC,
    "citizen.ticket": PUBLIC,
    "citizen.thanks": PUBLIC,
    "citizen.request_callback": PUBLIC,  # one per low rating, by its key
    "citizen.kiosk": set(),  # needs the kiosk cookie of the device: 403 otherwise
    "citizen.kiosk_queue": set(),  # the kiosk's cookie and signature: 403 otherwise
    "citizen.kiosk_manifest": PUBLIC,  # what installs the kiosk: no secret in it
    "citizen.kiosk_worker": PUBLIC,  # the kiosk's service worker script
    "counters.posters": COUNTER_STAFF,
    "counters.issue_ticket": COUNTER_STAFF,
    # the issuer and whoever may act for the unit (its head, an admin)
    "counters.print_ticket": {"staff", "head", "admin"},
    "counters.text_ticket": {"staff", "head"},
    "counters.kiosk": COUNTER_STAFF,
    "counters.revoke_kiosk": HEADS,
    "review.dashboard": HEADS,
    "review.comments": HEADS,
    "review.flagged": HEADS,
    "review.decide": HEADS,
    "followup.actions": HEADS,
    "followup.update_action": HEADS,
    "followup.unit_alerts": HEADS | {"leader"},
    "followup.city_alerts": {"leader", "admin"},
    "followup.alert": HEADS | {"leader"},
    "reporting.report": HEADS,
    "reporting.report_pdf": HEADS,
    "reporting.report_forum": HEADS,
    "tabulation.download": HEADS,
    "publishing.publish": HEADS,
    "publishing.withdraw": HEADS,
    "overview.city": {"leader", "admin"},
    "overview.pekppp": {"leader", "admin"},
    "admin.index": {"admin"},
    "admin.unit": {"admin"},
    "admin.add_counter": {"admin"},
    "admin.add_service": {"admin"},
    "admin.counter": {"admin"},
    "displays.screen": set(),  # a signed link only: 403 without it, for everyone
    "displays.manage": HEADS,
    # the unit's questionnaire, and the city's default (admins)
    "questionnaires.editor": HEADS,
    "questionnaires.start": HEADS,
    "questionnaires.save": HEADS,
    "questionnaires.discard": HEADS,
    "questionnaires.preview": HEADS,
    "questionnaires.confirm": HEADS,
    "questionnaires.city_editor": {"admin"},
    "questionnaires.city_start": {"admin"},
    "questionnaires.city_save": {"admin"},
    "questionnaires.city_discard": {"admin"},
    "questionnaires.city_preview": {"admin"},
    "questionnaires.city_confirm": {"admin"},
    "displays.revoke": HEADS,
    "admin.edit_service": {"admin"},
    "admin.end_shift": {"admin"},
    "admin.delete_shift": {"admin"},
    "admin.import_csv": {"admin"},
    "admin.import_template": {"admin"},
    "accounts.users": {"admin"},
    "accounts.toggle_user": {"admin"},
    "accounts.edit_user": {"admin"},
    "accounts.reset_password": {"admin"},
    "admin.add_shift": {"admin"},
    "admin.toggle_employee": {"admin"},
    "appraisal.index": EVALUATORS,
    "appraisal.close": EVALUATORS,
    "appraisal.reopen": EVALUATORS,
    "appraisal.include_late": EVALUATORS,
    "appraisal.export": EVALUATORS,
    "appraisal.employee": EVALUATORS,
    "evidence.sheet": EVALUATORS,
    "evidence.verify": PUBLIC,  # an unguessable code names one sheet
    "self_view.me": {"staff"},
    "public.city": PUBLIC,
    "public.city_data": PUBLIC,
    "public.unit": PUBLIC,
    "public.unit_data": PUBLIC,
    "public.unit_period_data": PUBLIC,
    "public.badge": PUBLIC,
    "api.openapi": PUBLIC,
    "api.issue_ticket": TOKEN,
    "api.indicators": TOKEN,
    "api.employee_indicator": TOKEN,
    "api.unit_weekly": TOKEN,
}
DENIED = {401, 403, 404}
NOT_A_PAGE = {"static", "main.livez", "main.healthz", "main.favicon"}


def test_every_route_has_a_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}

    assert endpoints - set(RULES) == set()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_the_table_allows(app, client, world, role):
    if role != "anonymous":
        AuthActions(client).login(role)
    wrong = []
    for endpoint, url in get_urls(app, world):
        rule = RULES[endpoint]
        with client.get(url) as response:
            status = response.status_code
            to_login = status == 302 and "/login" in response.headers["Location"]
        if rule == TOKEN:
            ok = status == 401
        elif role in rule:
            ok = status not in (401, 403) and not to_login
        else:
            ok = status in DENIED or to_login
        if not ok:
            wrong.append((endpoint, url, status))
    assert wrong == []


def post_endpoints(app):
    return sorted(
        {
            r.endpoint
            for r in app.url_map.iter_rules()
            if "POST" in r.methods and not r.endpoint.startswith(("api.", "citizen."))
        }
    )


def test_every_form_refuses_a_post_without_a_csrf_token(app, client, world):
    AuthActions(client).login("admin")
    values = {"code": world["code"], "nip": world["nip"], "kind": "employees"}
    refused = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in post_endpoints(app):
            continue
        args = {a: values.get(a, "1") for a in rule.arguments}
        url = rule.build(args, append_unknown=False)[1]
        refused[rule.endpoint] = client.post(url, data={"x": "1"}).status_code
    assert refused
    assert {e: s for e, s in refused.items() if s != HTTPStatus.BAD_REQUEST} == {}


def test_citizen_forms_store_nothing_without_a_valid_token(client, db_session, world):
    page = client.get(f"/s/{world['public_key']}")
    data = dict.fromkeys((f"u{i}" for i in range(1, 10)), "3")
    data["submission_key"] = re.search(
        r'name="submission_key" type="hidden" '
        r'value="([^"]+)"',
        page.get_data(as_text=True),
    ).group(1)

    client.post(f"/s/{world['public_key']}", data=data)

    assert db_session.scalar(select(func.count()).select_from(Response)) == 1  # world's


def test_session_changes_at_login_and_ends_at_logout(app, client, world):
    client.get("/login")
    before = client.get_cookie("session")
    AuthActions(client).login("head")
    after = client.get_cookie("session")

    assert before is None or before.value != after.value
    AuthActions(client).logout()
    assert client.get(STAFF_PAGE).status_code == HTTPStatus.FOUND


def test_production_cookies_are_secure_httponly_samesite():
    from survey_service import create_app

    app = create_app(
        {
            "SURVEY_ENV": "production",
            "SECRET_KEY": "x" * 40,
            "DATABASE_URL": "sqlite://",
        }
    )

    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.parametrize(
    ("path", "referrer_policy"),
    [
        ("/login", "same-origin"),
        ("/hasil/", "same-origin"),
        ("/api/v1/openapi.json", "same-origin"),
        ("/s/nope", "no-referrer"),
        ("/t/nope", "no-referrer"),
        ("/k/nope", "no-referrer"),
    ],
)
def test_security_headers_on_every_kind_of_page(
    client, db_session, path, referrer_policy
):
    response = client.get(path)

    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # Staff pages let the browser send a same-origin Referer (the HTTPS CSRF
    # check needs it); addresses that carry a token send none at all.
    assert response.headers["Referrer-Policy"] == referrer_policy


def test_an_oversized_body_is_refused_early(client, world):
    response = client.post(
        f"/s/{world['public_key']}", data={"comment": "x" * (2 * 1024 * 1024)}
    )

    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE


@pytest.mark.parametrize("username", ["staff", "head", "evaluator", "admin"])
@pytest.mark.parametrize(
    "path", ["/admin/import/employees", "/account/tokens", "/logout", "/login"]
)
def test_a_signed_in_oversized_post_gets_the_friendly_413_page(
    client, auth, world, username, path
):
    auth.login(username)

    response = client.post(path, data={"file": "x" * (2 * 1024 * 1024)})

    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert "Data terlalu besar" in response.get_data(as_text=True)


hostile = st.one_of(
    st.text(max_size=50),
    st.sampled_from(
        [
            "'; DROP TABLE responses; --",
            "<script>alert(1)</script>",
            "\x00",
            "0",
            "5",
            "-1",
            "3.5",
            "1e309",
            "NaN",
            "𝟛",
            "٣",
            " 3 ",
            "x" * 5000,
        ]
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.dictionaries(
        st.sampled_from(
            [f"u{i}" for i in range(1, 10)]
            + [
                "comment",
                "age_band",
                "sex",
                "education",
                "occupation",
                "service_type",
                "submission_key",
                "csrf_token",
                "other",
            ]
        ),
        hostile,
        max_size=14,
    ),
    st.booleans(),
)
def test_hostile_survey_bodies_never_crash_or_store_bad_rows(app, world, body, fresh):
    client = app.test_client()
    page = client.get(f"/s/{world['public_key']}")
    if fresh:  # half the time with a real token and key, to reach the service
        body = {
            **{
                k: v
                for k, v in body.items()
                if k not in ("csrf_token", "submission_key")
            },
            "csrf_token": token_in(page),
            "submission_key": re.search(
                r'name="submission_key" type="hidden" '
                r'value="([^"]+)"',
                page.get_data(as_text=True),
            ).group(1),
        }
    response = client.post(f"/s/{world['public_key']}", data=body)

    assert response.status_code < 500


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.text(max_size=30),
        st.dictionaries(st.text(max_size=10), hostile, max_size=5),
        st.lists(hostile, max_size=3),
    )
)
@example(body={"counter": "CRAWL-L1\x00"})  # PostgreSQL text cannot hold NUL
@example(body={"counter": "CRAWL-L1", "employee": "1\x00", "service": "\x00"})
def test_hostile_api_bodies_get_json_errors(app, world, body):
    from survey_service.accounts import service as accounts
    from survey_service.core.models import Role
    from tests.factories import UserFactory

    session = UserFactory._meta.sqlalchemy_session
    _, token = accounts.create_api_token(session, UserFactory(role=Role.ADMIN))
    session.commit()
    response = app.test_client().post(
        "/api/v1/tickets", json=body, headers={"Authorization": f"Bearer {token}"}
    )

    assert response.status_code < 500
    assert response.is_json


HTTPS = "https://skm.example.go.id"


def _https_login(client, referer: str | None):
    page = client.get("/login", base_url=HTTPS)
    assert page.headers["Referrer-Policy"] == "same-origin"
    headers = {"Referer": referer} if referer else {}
    return client.post(
        "/login",
        base_url=HTTPS,
        headers=headers,
        data={
            "username": "head",
            "password": factories.PASSWORD,
            "csrf_token": token_in(page),
        },
    )


def test_over_https_a_same_origin_post_signs_in(client, world):
    response = _https_login(client, referer=f"{HTTPS}/login")

    assert response.status_code == HTTPStatus.FOUND
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    "referer",
    [None, "https://evil.example/login", "http://skm.example.go.id/login"],
)
def test_over_https_a_post_without_our_origin_is_refused(client, world, referer):
    response = _https_login(client, referer=referer)

    assert response.status_code == HTTPStatus.BAD_REQUEST


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example",
        "/%0a/evil.example",
        "//evil.example",
        "/\\evil.example",
        "%2F%2Fevil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        " //evil.example",
    ],
)
def test_sign_in_never_redirects_off_site(client, world, target):
    page = client.get(f"/login?next={target}")
    response = client.post(
        f"/login?next={target}",
        data={
            "username": "head",
            "password": factories.PASSWORD,
            "csrf_token": token_in(page),
        },
    )

    location = response.headers["Location"]
    assert location.startswith("/")
    assert not location.startswith("//")
    assert "evil.example" not in location.split("?")[0].lstrip("/").split("/")[0]


def test_a_same_site_next_path_is_kept(client, world):
    page = client.get("/login?next=/appraisal/%3Fperiod%3D2026-11")
    response = client.post(
        "/login?next=/appraisal/%3Fperiod%3D2026-11",
        data={
            "username": "head",
            "password": factories.PASSWORD,
            "csrf_token": token_in(page),
        },
    )

    assert response.headers["Location"] == "/appraisal/?period=2026-11"


def test_pages_with_personal_data_are_never_cached(app, client, auth, world):
    public = app.test_client().get("/hasil/")  # anonymous: cacheable
    auth.login("head")

    staff = client.get(f"/units/{world['code']}/comments")

    assert "no-store" in staff.headers["Cache-Control"]
    assert "no-store" not in public.headers.get("Cache-Control", "")


def test_production_sends_strict_transport_security(app):
    from tests.support.databases import make_test_app

    production = make_test_app(app.config["DATABASE_URL"], SURVEY_ENV="production")
    response = production.test_client().get("/livez", base_url="https://skm.example")

    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in app.test_client().get("/livez").headers


def test_an_answer_that_never_read_the_session_does_not_vary_by_cookie(
    client, auth, db_session
):
    """A health probe reads no session: its answer says nothing about cookies.
    A page that may show a signed-in user or a message varies by cookie; a
    public page sets none for a reader who brought none."""
    factories.UserFactory(username="admin.kota", role=Role.ADMIN)
    probe = client.get("/livez")
    public = client.get("/hasil/")
    auth.login("admin.kota")
    staff = client.get("/")

    assert probe.get_json() == {"status": "ok"}
    assert "Vary" not in probe.headers
    assert "Set-Cookie" not in probe.headers
    assert "Set-Cookie" not in public.headers
    assert "Cookie" in staff.headers["Vary"]
