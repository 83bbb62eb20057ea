"""Every GET page of the app, as every role: never a server error.

The URL map is enumerated, so a new page is crawled without anyone adding it.
"""

from __future__ import annotations

import pytest

from tests.support.crawl import ROLES, get_urls


@pytest.mark.parametrize("role", ROLES)
def test_no_page_gives_a_server_error_to_any_role(app, client, auth, world, role):
    if role != "anonymous":
        auth.login(role)
    failures = []
    for endpoint, url in get_urls(app, world):
        for suffix in ("", "?period=2026-W47", "?period=zzz&lang=en&low=1"):
            with client.get(url + suffix) as response:
                if response.status_code >= 500:
                    failures.append((endpoint, url + suffix, response.status_code))
    assert failures == []
