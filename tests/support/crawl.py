"""Every page of the app as every role, for the crawl tests."""

from __future__ import annotations

ROLES = ("anonymous", "staff", "head", "other_head", "evaluator", "leader", "admin")


def get_urls(app, world):
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        values = {arg: world.get(arg, "1") for arg in rule.arguments}
        if rule.endpoint == "main.unit" or rule.endpoint.startswith(
            ("review.", "counters.posters", "admin.unit")
        ):
            values["code"] = world["code"]
        if rule.endpoint.startswith("counters.") and "code" in rule.arguments:
            values["code"] = (
                "CRAWL-L1" if rule.endpoint != "counters.posters" else (world["code"])
            )
        urls.append((rule.endpoint, rule.build(values, append_unknown=False)[1]))
    return urls


def html_pages(app, client, world):
    """(endpoint, body) of every page ``client`` may open as an HTML page."""
    for endpoint, url in get_urls(app, world):
        with client.get(url) as response:
            if response.status_code == 200 and response.mimetype == "text/html":
                yield endpoint, response.get_data(as_text=True)
