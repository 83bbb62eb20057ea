"""The SKM report of a unit for a period: as a page, as a PDF, and its forum minutes."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _

from survey_service.core.db import get_session
from survey_service.core.errors import DomainError
from survey_service.core.models import Role
from survey_service.followup import service as followup
from survey_service.reporting import service as skm_report
from survey_service.reporting.forms import (
    ForumForm,
)
from survey_service.reporting.pdf import render_pdf
from survey_service.web.auth import role_required, signed_in_user
from survey_service.web.i18n import current_language, error_text
from survey_service.web.requests import local_now, requested_period, unit_in_scope

bp = Blueprint("reporting", __name__)


@bp.route("/units/<code>/report")
@role_required(Role.HEAD)
def report(code: str) -> str:
    """The official SKM report for a period, printable (HTML)."""
    unit = unit_in_scope(code)
    period = requested_period(page=True)
    data = skm_report.build_report(
        get_session(), unit, period, local_now(), current_language()
    )
    form = ForumForm(
        forum_date=data.detail.forum_date if data.detail else None,
        forum_note=data.detail.forum_note if data.detail else None,
    )
    return render_template(
        "review/report.html",
        r=data,
        unit=unit,
        labels=followup.ACTION_STATUS_LABELS,
        forum_form=form,
        place=current_app.config["SURVEY_PLACE"],
        signature_gaps=skm_report.signature_gaps(
            unit, current_app.config["SURVEY_PLACE"]
        ),
        can_edit_unit=signed_in_user().role is Role.ADMIN,
    )


@bp.route("/units/<code>/report/forum", methods=["POST"])
@role_required(Role.HEAD)
def report_forum(code: str) -> Any:
    """Record the period's public consultation forum (shown in the report)."""
    unit = unit_in_scope(code)
    period = requested_period()
    form = ForumForm()
    if form.validate_on_submit():
        try:
            skm_report.record_forum(
                get_session(),
                unit,
                period,
                form.forum_date.data,
                form.forum_note.data or "",
                signed_in_user(),
            )
        except DomainError as exc:
            get_session().rollback()
            flash(error_text(exc), "error")
        else:
            flash(_("Forum konsultasi publik dicatat."), "info")
    else:
        flash(_("Tanggal forum tidak sah (contoh: 2026-11-20)."), "error")
    return redirect(url_for("reporting.report", code=unit.code, period=period.key))


@bp.route("/units/<code>/report.pdf")
@role_required(Role.HEAD)
def report_pdf(code: str) -> Response:
    unit = unit_in_scope(code)
    period = requested_period()
    data = skm_report.build_report(get_session(), unit, period, local_now())
    response = make_response(render_pdf(data, current_app.config["SURVEY_PLACE"]))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="laporan-skm-{unit.code}-{period.key}.pdf"'
    )
    return response
