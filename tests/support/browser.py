"""What the browser tests share: Chromium's path and flags, screenshots,
signing in through the page, axe, a week of responses to look at."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Error as PlaywrightError

from survey_service.core import periods
from tests.factories import (
    EmployeeFactory,
)
from tests.support.clock import city_today
from tests.support.review_data import JAKARTA, add_at

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page, base: str, username: str) -> None:
    """Sign ``username`` in (demo password) through the sign-in page, in Indonesian."""
    from tests.factories import PASSWORD

    page.goto(f"{base}/login?lang=id")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def violations(page) -> list[str]:
    """What axe-core finds wrong on ``page`` (the test skips without axe)."""
    axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")
    results = axe_playwright.Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
    ]


def last_week_of_responses(session, counter) -> None:
    week = periods.last_complete_week(city_today())
    staff = [EmployeeFactory(unit=counter.unit) for _ in range(3)]
    rng = np.random.default_rng(7)
    for k in range(45):
        scores = rng.choice([1, 2, 3, 4], size=9, p=[0.05, 0.2, 0.5, 0.25]).tolist()
        when = dt.datetime.combine(
            week.start + dt.timedelta(days=k % 7), dt.time(8 + k % 8), JAKARTA
        )
        add_at(session, counter, when, scores, employee_id=staff[k % 3].id)


def answers_on_the_device(page, seconds: float = 20) -> int:
    """How many answers the tablet still keeps, once it has sent what it can
    (the page may start afresh meanwhile: the count is asked again)."""
    left = -1
    for _ in range(int(seconds * 4)):
        try:
            left = page.evaluate("KioskQueue.count()")
        except PlaywrightError:  # the page was navigating
            left = -1
        if left == 0:
            return 0
        page.wait_for_timeout(250)
    return left


def counter_with_a_service(name: str):  # type: ignore[no-untyped-def]
    """A counter whose unit offers one service (KTP elektronik)."""
    from tests.factories import CounterFactory, ServiceTypeFactory

    counter = CounterFactory(name=name)
    ServiceTypeFactory(unit=counter.unit, code="KTP", name="KTP elektronik")
    return counter


def answer_the_nine(page) -> None:
    """Choose the service and answer the nine elements (2s and 3s)."""
    page.locator("select[name=service_type]").select_option(index=1)
    for element in range(1, 10):
        page.locator(f"#u{element}-{2 + element % 2}").check()
