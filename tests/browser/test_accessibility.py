"""axe-core (the engine behind most accessibility audits) finds no violation on
the pages citizens, heads, evaluators and admins open, in both languages."""

from __future__ import annotations

import pytest

from survey_service.core import periods
from survey_service.core.models import Alert, AlertKind, Role
from tests.factories import CounterFactory, ServiceTypeFactory, UserFactory
from tests.support.browser import last_week_of_responses, sign_in, violations
from tests.support.clock import city_today

axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")


def audit(browser, base: str, username: str | None, paths: list[str]):
    """axe's violations on each of ``paths``, opened by ``username`` (or by
    someone not signed in) in a fresh desktop browser."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    if username:
        sign_in(page, base, username)
    found = {}
    for path in paths:
        response = page.goto(base + path)
        assert response is not None
        assert response.status < 400, f"{path}: {response.status}"
        if problems := violations(page):
            found[f"{username or 'anonymous'} {path}"] = problems
    context.close()
    return found


def test_axe_finds_no_violation_on_any_role_s_pages(live_server, live_session, browser):
    counter = CounterFactory()
    ServiceTypeFactory(unit=counter.unit, code="KTP")
    unit = counter.unit.code
    last_week_of_responses(live_session, counter)
    UserFactory(username="kepala.axe", role=Role.HEAD, units=[counter.unit])
    UserFactory(username="penilai.axe", role=Role.EVALUATOR, units=[counter.unit])
    UserFactory(username="admin.axe", role=Role.ADMIN)
    alert = Alert(
        unit_id=counter.unit.id,
        kind=AlertKind.LOW_SCORE,
        message="Nilai 1 pada U3",
        params={"elements": "U3", "counter": counter.name},
        due_on=city_today(),
    )
    live_session.add(alert)
    live_session.commit()
    week = periods.last_complete_week(city_today()).key
    found: dict[str, list[str]] = {}

    found |= audit(
        browser,
        live_server,
        None,
        [
            "/",
            "/?lang=en",
            f"/hasil/{unit}",
            f"/s/{counter.public_key}?lang=id",
            f"/s/{counter.public_key}?lang=en",
            f"/s/{counter.public_key}?lang=min",
            "/login",
        ],
    )
    found |= audit(
        browser,
        live_server,
        "kepala.axe",
        [
            "/",
            f"/units/{unit}",
            f"/units/{unit}/dashboard?period={week}",
            f"/units/{unit}/report?period={week}",
            f"/units/{unit}/actions",
            f"/units/{unit}/comments?period={week}",
            f"/units/{unit}/flagged",
            f"/units/{unit}/alerts?status=semua",
            f"/alerts/{alert.id}",
            f"/counters/{counter.code}/tickets",
            "/account/password",
            "/account/tokens",
            f"/units/{unit}/dashboard?period={week}&lang=en",
        ],
    )
    found |= audit(
        browser, live_server, "penilai.axe", ["/", "/appraisal/?period=2026-Q4"]
    )
    found |= audit(
        browser,
        live_server,
        "admin.axe",
        [
            "/admin/",
            f"/admin/units/{unit}",
            f"/admin/counters/{counter.code}",
            "/admin/users",
            "/admin/users/kepala.axe",
            "/admin/import/rosters",
            "/city/?period=2026",
            "/alerts",
        ],
    )

    assert found == {}, "\n".join(f"{p}: {v}" for p, v in found.items())


def test_the_audit_sees_an_image_without_alt_text(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content('<html lang="id"><title>x</title><main><img src="x.png"></main>')

    found = violations(page)

    context.close()
    assert any(v.startswith("image-alt") for v in found), found
