"""Every query parameter of every GET route, with arbitrary values, as every role:
a clear 4xx with a message for bad values, never a server error."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.support.crawl import ROLES, get_urls

# Every name a view reads from request.args (a test below keeps this complete).
PARAMETERS = ("period", "week", "unit", "lang", "next", "low", "element", "page",
              "per_page", "table", "nilai", "n", "bawah", "atas", "q",
              "teks", "kunci", "bahasa")  # fmt: skip

values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "2026-99999999999999999999",
            "99999999999999999999",
            "2026-W99",
            "2026-Q0",
            "2026-13",
            "0000",
            "-1",
            "1e309",
            "NaN",
            "٢٠٢٦-١١",  # Arabic-Indic digits
            "2026-W48\x00",
            "//evil.example",
            "%00",
            "9" * 400,
        ]
    ),
)


def test_the_parameter_list_names_every_request_arg_the_views_read():
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parents[3] / "survey_service"
    read = set()
    for source in package.rglob("*.py"):
        text = source.read_text()
        read |= set(re.findall(r'request\.args\.get\(\s*"([a-z_]+)"', text))
        read |= set(re.findall(r'_int_arg\(\s*"([a-z_]+)"', text))
    assert read <= set(PARAMETERS), read - set(PARAMETERS)


queries = st.dictionaries(st.sampled_from(PARAMETERS), values, min_size=1)


@pytest.mark.parametrize("role", ROLES)
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=queries)
@example(query={"period": "2026-99999999999999999999"})
@example(query={"week": "2026-W99999999999999999999", "unit": "\x00"})
@example(query=dict.fromkeys(PARAMETERS, "9" * 400))
def test_arbitrary_query_values_never_cause_a_server_error(
    app, client, auth, world, role, query
):
    """Each drawn query goes to every GET route (the URL map, as the crawl)."""
    if role != "anonymous" and not client.get_cookie("session"):
        auth.login(role)
    for endpoint, url in get_urls(app, world):
        with client.get(f"{url}?{urlencode(query)}") as response:
            assert response.status_code < 500, (endpoint, query, response.status_code)
            if response.status_code == 400:
                assert response.get_data(as_text=True).strip(), "400 needs a message"
