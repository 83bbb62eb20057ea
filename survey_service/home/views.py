"""The staff home page, unit pages and the health check."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    render_template,
    send_from_directory,
)
from flask_login import current_user, login_required
from sqlalchemy import text

from survey_service.core import periods
from survey_service.core.db import get_session
from survey_service.core.models import ROLE_CAPABILITIES, ROLE_LABELS, Role
from survey_service.core.statistics import POSITION_LABELS
from survey_service.followup import worklist
from survey_service.outreach import digest
from survey_service.units import service as unit_service
from survey_service.web.requests import local_today, unit_in_scope

bp = Blueprint("main", __name__)


@bp.app_context_processor
def _layout() -> dict[str, object]:
    return {"ROLE_LABELS": ROLE_LABELS, "POSITION_LABELS": POSITION_LABELS}


@bp.route("/")
def home() -> str:
    """Staff see their work; everyone else the city's published results."""
    if not current_user.is_authenticated:
        # The city's published results, as /hasil/ shows them: the publishing
        # domain's own page, reached by its endpoint rather than its module.
        return str(current_app.view_functions["public.city"]())
    db = get_session()
    units = unit_service.units_for(db, current_user)
    alerts = summaries = week = None
    if current_user.role in (Role.HEAD, Role.ADMIN):
        today, tz = local_today(), current_app.config["TIMEZONE"]
        ids = None if current_user.role is Role.ADMIN else [u.id for u in units]
        urgent = worklist.alert_list(
            db,
            ids,
            worklist.AlertState.OPEN,
            worklist.AlertOrder.URGENT,
            today,
            limit=worklist.MOST_URGENT,
        )
        alerts = (worklist.alert_counts(db, ids, today), urgent)
        # Last week at a glance, each figure a link into the unit's pages.
        week = periods.last_complete_week(today)
        summaries = digest.unit_digests(db, units, week, today, tz)
    return render_template(
        "main/home.html",
        units=units,
        week=week,
        summaries=summaries,
        capabilities=ROLE_CAPABILITIES[current_user.role],
        alerts=alerts,
        today=local_today(),
    )


@bp.route("/units/<code>")
@login_required
def unit(code: str) -> str:
    db = get_session()
    unit = unit_in_scope(code)
    return render_template(
        "main/unit.html",
        unit=unit,
        responses=unit_service.response_count(db, unit),
    )


@bp.route("/favicon.ico")
def favicon() -> Response:
    """The icon for browsers that ask for /favicon.ico without reading the page."""
    response = send_from_directory(
        current_app.static_folder or "static", "favicon.svg", max_age=86400
    )
    response.mimetype = "image/svg+xml"
    return response


LIVE = b'{"status":"ok"}\n'  # what jsonify would write, encoded once


@bp.route("/livez")
def livez() -> Response:
    """200 while the process serves requests; touches nothing (liveness probe)."""
    return current_app.response_class(LIVE, mimetype="application/json")


@bp.route("/healthz")
def healthz() -> tuple[dict[str, object], int]:
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        get_session().execute(text("SELECT 1"))
    except Exception as exc:
        return {
            "status": "unhealthy",
            "database": "unavailable",
            "error": type(exc).__name__,
        }, 503
    return {"status": "ok", "database": "ok"}, 200
