"""The city overview page and its yearly PEKPPP recap, for leaders and admins."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, render_template

from survey_service.core import periods
from survey_service.core import writers as exports
from survey_service.core.db import get_session
from survey_service.core.models import Role
from survey_service.overview import service
from survey_service.units import service as unit_service
from survey_service.web.auth import role_required
from survey_service.web.requests import (
    csv_download,
    local_today,
    requested_period,
    xlsx_download,
)
from survey_service.web.urls import public_url

bp = Blueprint("overview", __name__, url_prefix="/city")


@bp.route("/")
@role_required(Role.LEADER)
def city() -> str:
    today = local_today()
    period = requested_period("year", page=True)
    db = get_session()
    rows = service.city_overview(
        db,
        unit_service.active_units(db),
        period,
        today,
        current_app.config["TIMEZONE"],
    )
    return render_template(
        "overview/city.html",
        rows=rows,
        axis=service.interval_axis(rows),
        period=period,
        previous=periods.previous(period),
        today=today,
        years=range(today.year, today.year - 5, -1),
    )


@bp.route("/pekppp-<int:year>.<fmt>")
@role_required(Role.LEADER)
def pekppp(year: int, fmt: str) -> Any:
    """The yearly recap for the public-service evaluation, CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    if not 2000 <= year <= local_today().year:
        abort(404)
    db = get_session()
    units = unit_service.active_units(db)
    rows = service.pekppp_rows(
        db, units, year, {u.id: public_url("public.unit", code=u.code) for u in units}
    )
    name = f"pekppp-{year}.{fmt}"
    if fmt == "csv":
        return csv_download(exports.csv_lines(rows, service.PEKPPP_COLUMNS), name)
    return xlsx_download(
        [exports.object_sheet(f"PEKPPP {year}", rows, service.PEKPPP_COLUMNS)],
        name,
    )
