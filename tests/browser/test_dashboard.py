"""A head's Monday morning in the browser: charts render, hostile comments stay text."""

from __future__ import annotations

import datetime as dt

from survey_service.collection.responses import new_response
from survey_service.core.clock import now_utc
from survey_service.core.models import Role
from tests.factories import CounterFactory, UserFactory
from tests.support.browser import ARTIFACTS, screenshot, sign_in

HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">'


def test_dashboard_charts_render_and_comments_run_no_script(
    live_app, live_server, live_session, browser
):
    counter = CounterFactory()
    tz = live_app.config["TIMEZONE"]
    start = now_utc() - dt.timedelta(days=20)
    for k in range(60):
        live_session.add(
            new_response(
                scores={f"U{i}": 2 + (k + i) % 3 for i in range(1, 10)},
                submitted_at=start + dt.timedelta(hours=7 * k),
                tz=tz,
                unit_id=counter.unit_id,
                counter_id=counter.id,
                questionnaire_id=1,
                channel="poster",
                comment=HOSTILE if k == 59 else None,
            )
        )
    UserFactory(username="kepala.live", role=Role.HEAD, units=[counter.unit])
    live_session.commit()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        sign_in(page, live_server, "kepala.live")
        page.goto(
            f"{live_server}/units/{counter.unit.code}/dashboard?period="
            f"{(now_utc() - dt.timedelta(days=20)).strftime('%Y')}"
        )
        page.wait_for_function("typeof Chart !== 'undefined'")
        for chart in ("#elements-chart", "#trend-chart"):
            drawn = page.eval_on_selector(
                chart, "c => c.toDataURL().length > 3000 && !!Chart.getChart(c)"
            )
            assert drawn, chart
        # The trend shows the band of the data, not the flat 25-100 scale.
        low, high = page.eval_on_selector(
            "#trend-chart",
            "c => [Chart.getChart(c).scales.y.min, Chart.getChart(c).scales.y.max]",
        )
        assert 25 < low < high < 100, (low, high)
        screenshot(page, "dashboard")
        # Sorting the counters table by index works without a page load.
        page.locator("table.sortable").first.get_by_role(
            "button", name="n", exact=True
        ).click()
        assert page.locator("table.sortable th[aria-sort]").count() == 1

        page.goto(
            f"{live_server}/units/{counter.unit.code}/report?period="
            f"{(now_utc() - dt.timedelta(days=20)).strftime('%Y')}"
        )
        page.emulate_media(media="print")
        pdf = page.pdf(path=str(ARTIFACTS / "report-printed.pdf"))
        assert len(pdf) > 5000
        screenshot(page, "report")
        page.emulate_media(media="screen")

        page.goto(
            f"{live_server}/units/{counter.unit.code}/comments?period="
            f"{(now_utc() - dt.timedelta(days=20)).strftime('%Y')}"
        )
        assert (
            page.get_by_text("<script>window.pwned=1</script>", exact=False).count()
            == 1
        )
        assert page.evaluate("window.pwned") is None
    finally:
        context.close()
