"""Public results (no login): the city, each unit, open data and a badge.

Only published periods; never employees, comments or flagged responses.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from xml.sax.saxutils import escape

from flask import Blueprint, Response, abort, render_template, request

from survey_service.core import periods, writers
from survey_service.core.db import get_session
from survey_service.core.models import Publication, Unit
from survey_service.followup.callbacks import LAPOR_URL
from survey_service.publishing import service as publications
from survey_service.units import service as unit_service
from survey_service.web.requests import public_unit

bp = Blueprint("public", __name__, url_prefix="/hasil")

OPEN_DATA_COLUMNS = (
    "unit",
    "unit_name",
    "period",
    "period_start",
    "period_end",
    "responses",
    "index",
    "interval_low",
    "interval_high",
    "grade",
    "grade_label",
    "weakest",
    "published_at",
    "superseded_at",
    "withdrawn_at",
    "withdraw_reason",
    "method_version",
    "licence",
)


def _units() -> list[Unit]:
    return unit_service.active_units(get_session())


def _rows(pubs: list[Publication]) -> list[dict[str, Any]]:
    rows = []
    for p in pubs:
        data = dict(p.data)
        rows.append(
            {
                **{k: data.get(k) for k in OPEN_DATA_COLUMNS},
                "weakest": " ".join(data.get("weakest") or []),
                "published_at": p.published_at.isoformat(),
                "superseded_at": p.superseded_at.isoformat()
                if p.superseded_at
                else None,
                "withdrawn_at": p.withdrawn_at.isoformat() if p.withdrawn_at else None,
                "withdraw_reason": p.withdraw_reason,
            }
        )
    return rows


def _cacheable(body: str | bytes, mimetype: str, pubs: list[Publication]) -> Response:
    response = Response(body, mimetype=mimetype)
    response.set_etag(
        hashlib.sha256(body if isinstance(body, bytes) else body.encode()).hexdigest()[
            :32
        ]
    )
    if pubs:
        response.last_modified = max(
            max(t for t in (p.published_at, p.superseded_at, p.withdrawn_at) if t)
            for p in pubs
        )
    response.cache_control.public = True
    response.cache_control.max_age = 300
    response.make_conditional(request)  # sets 304 in place when unchanged
    return response


def _open_data(pubs: list[Publication], fmt: str) -> Response:
    rows = _rows(pubs)
    if fmt == "json":
        body = json.dumps(
            {
                "licence": publications.LICENCE,
                "columns": OPEN_DATA_COLUMNS,
                "rows": rows,
            },
            ensure_ascii=False,
        )
        return _cacheable(body, "application/json", pubs)
    lines = writers.table_lines(
        OPEN_DATA_COLUMNS, ([row[c] for c in OPEN_DATA_COLUMNS] for row in rows)
    )
    return _cacheable("".join(lines), "text/csv", pubs)


QUERY_LENGTH = 80


def front_door() -> str:
    """The city's results for anyone: every unit with its latest published
    period and trend, narrowed by ``?q=`` (part of a unit's name or code)."""
    db = get_session()
    query = " ".join(request.args.get("q", "")[:QUERY_LENGTH].split())
    units = _units()
    shown = [u for u in units if _matches(u, query)] if query else units
    entries = []
    every = publications.histories(db, shown)
    for unit in shown:
        pubs = [p for p in every[unit.id] if publications.in_force(p)]
        entries.append((unit, pubs[0] if pubs else None, list(reversed(pubs[:8]))))
    return render_template(
        "public/city.html",
        entries=entries,
        query=query,
        total=len(units),
        lapor_url=LAPOR_URL,
    )


def _matches(unit: Unit, query: str) -> bool:
    needle = query.casefold()
    return needle in unit.name.casefold() or needle in unit.code.casefold()


@bp.route("/")
def city() -> str:
    """The same page as the home page of a visitor who is not signed in."""
    return front_door()


@bp.route("/data.<fmt>")
def city_data(fmt: str) -> Response:
    if fmt not in ("csv", "json"):
        abort(404)
    db = get_session()
    units = _units()
    every = publications.histories(db, units)
    pubs = [p for unit in units for p in every[unit.id]]
    return _open_data(pubs, fmt)


@bp.route("/<code>")
def unit(code: str) -> str:
    unit = public_unit(code)
    db = get_session()
    history = publications.history(db, unit)
    latest = next((p for p in history if publications.in_force(p)), None)
    actions = (
        publications.public_actions(db, unit, periods.parse_period(latest.period_key))
        if latest
        else []
    )
    return render_template(
        "public/unit.html",
        unit=unit,
        latest=latest,
        d=latest.data if latest else None,
        actions=actions,
        history=history,
    )


@bp.route("/<code>/data.<fmt>")
def unit_data(code: str, fmt: str) -> Response:
    if fmt not in ("csv", "json"):
        abort(404)
    return _open_data(publications.history(get_session(), public_unit(code)), fmt)


@bp.route("/<code>/<period>.json")
def unit_period_data(code: str, period: str) -> Response:
    pubs = [
        p
        for p in publications.history(get_session(), public_unit(code))
        if p.period_key == period
    ]
    if not pubs:
        abort(404)
    return _open_data(pubs, "json")


@bp.route("/<code>/badge.svg")
def badge(code: str) -> Response:
    """A small badge with the latest published grade and index, for embedding."""
    unit = public_unit(code)
    pubs = publications.current(get_session(), unit)
    data = pubs[0].data if pubs else None
    if data and data.get("enough_data"):
        value = f"{data.get('grade') or ''} {data['index']:.2f}".replace(
            ".", ","
        ).strip()
    else:
        value = "belum cukup data" if data else "belum terbit"
    color = {"A": "#1e6b34", "B": "#2f7d32", "C": "#b26a00", "D": "#a4161a"}.get(
        (data or {}).get("grade") or "", "#5b6470"
    )
    width = 60 + 7 * len(value)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" '
        f'role="img" aria-label="SKM {escape(unit.code)}: {escape(value)}">'
        f'<rect width="52" height="20" fill="#0b5e3c"/>'
        f'<rect x="52" width="{width - 52}" height="20" fill="{color}"/>'
        '<g fill="#fff" font-family="Verdana,sans-serif" font-size="11">'
        '<text x="8" y="14">SKM</text>'
        f'<text x="58" y="14">{escape(value)}</text></g></svg>'
    )
    response = _cacheable(svg, "image/svg+xml", pubs)
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response
