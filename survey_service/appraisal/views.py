"""Appraisal pages for evaluators (and admins): indicators by period, exports."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Session

from survey_service.appraisal import evidence as evidence_service
from survey_service.appraisal import service as appraisal
from survey_service.appraisal.exports import INDICATOR_COLUMNS, json_chunks
from survey_service.appraisal.forms import CloseForm, IncludeLateForm, ReopenForm
from survey_service.core import periods
from survey_service.core import writers as exports
from survey_service.core.db import get_session
from survey_service.core.errors import DomainError
from survey_service.core.models import Employee, Role, Unit
from survey_service.core.statistics import POSITION_LABELS, Position
from survey_service.units import service as unit_service
from survey_service.web.auth import require_unit, role_required, signed_in_user
from survey_service.web.i18n import error_text, period_name
from survey_service.web.requests import (
    csv_download,
    local_today,
    requested_period,
    xlsx_download,
)

bp = Blueprint("appraisal", __name__, url_prefix="/appraisal")


def _period(*, page: bool = False) -> periods.Period:
    """The appraisal period asked for (a month, quarter, half-year or year),
    else this quarter."""
    kinds = tuple(k.value for k in appraisal.APPRAISAL_KINDS)
    return requested_period("quarter", kinds, page=page)


def _units() -> list[Unit]:
    """The units in scope, narrowed by ?unit=CODE (404 if not one of them)."""
    units = unit_service.units_for(get_session(), current_user)
    code = request.args.get("unit")
    if code:
        units = [u for u in units if u.code == code]
        if not units:
            abort(404)
    return units


@bp.route("/")
@role_required(Role.EVALUATOR)
def index() -> str:
    period, units = _period(page=True), _units()
    rows, frozen = appraisal.indicator_rows(get_session(), period, units)
    appraisal.record_pull(get_session(), signed_in_user(), period, "page", units)
    return render_template(
        "appraisal/index.html",
        period=period,
        rows=rows,
        frozen=frozen,
        units=unit_service.units_for(get_session(), current_user),
        unit_code=request.args.get("unit", ""),
        reopen_form=ReopenForm(),
        include_form=IncludeLateForm(),
        late=appraisal.late_answers(get_session(), period, units),
        labels={p.value: label for p, label in POSITION_LABELS.items()},
        can_close=period.end < local_today(),
        can_reopen=current_user.role is Role.ADMIN,
        closures=appraisal.active_closures(get_session(), period, units),
        units_by_id={u.id: u.code for u in units},
        not_assessable=Position.NOT_ASSESSABLE.value,
    )


@bp.route("/close", methods=["GET", "POST"])
@role_required(Role.EVALUATOR)
def close() -> Any:
    """GET: what closing will freeze (nothing is written). POST: freeze it."""
    period, units = _period(), _units()
    form = CloseForm()
    actor = signed_in_user()
    try:
        if form.validate_on_submit():
            closed = appraisal.close_period(
                get_session(), period, actor, units, local_today()
            )
            flash(
                _(
                    "Periode %(key)s ditutup untuk %(units)s; indikator dibekukan.",
                    key=period_name(period),
                    units=", ".join(u.code for u in closed),
                ),
                "info",
            )
            return redirect(url_for("appraisal.index", period=period.key))
        preview = appraisal.close_preview(get_session(), period, units, local_today())
    except DomainError as exc:
        flash(error_text(exc), "error")
        return redirect(url_for("appraisal.index", period=period.key))
    return render_template(
        "appraisal/close.html",
        period=period,
        preview=preview,
        form=form,
        unit_code=request.args.get("unit", ""),
    )


@bp.route("/reopen", methods=["POST"])
@role_required()  # admins only: undoing a freeze is not an evaluator's call
def reopen() -> Any:
    period, units = _period(), _units()
    form = ReopenForm()
    if not form.validate_on_submit():
        flash(_("Tuliskan alasan membuka kembali."), "error")
        return redirect(url_for("appraisal.index", period=period.key))
    db, reason = get_session(), form.reason.data or ""
    try:
        reopened = appraisal.reopen_period(db, period, signed_in_user(), reason, units)
        included = (
            appraisal.include_late(db, period, signed_in_user(), reason, reopened)
            if form.include_late.data
            else 0
        )
    except DomainError as exc:
        flash(error_text(exc), "error")
    else:
        flash(
            _(
                "Periode %(period)s dibuka kembali untuk %(units)s; cuplikan "
                "lama tetap tersimpan.",
                period=period_name(period),
                units=", ".join(u.code for u in reopened),
            ),
            "info",
        )
        _say_late(period, reopened, included)
    return redirect(url_for("appraisal.index", period=period.key))


def _say_late(period: periods.Period, units: list[Unit], included: int) -> None:
    if included:
        flash(_("%(n)s jawaban yang tiba terlambat kini dihitung.", n=included), "info")
    waiting = appraisal.late_answers(get_session(), period, units)
    if waiting:
        flash(
            _(
                "%(n)s jawaban tiba setelah periode ditutup dan belum dihitung; "
                "sertakan dengan alasan di bawah bila memang sah.",
                n=waiting,
            ),
            "info",
        )


@bp.route("/late", methods=["POST"])
@role_required()  # admins only, as reopening
def include_late() -> Any:
    """Count the answers that arrived after the period was closed (it must be
    open again), with a reason."""
    period, units = _period(), _units()
    form = IncludeLateForm()
    if not form.validate_on_submit():
        flash(_("Tuliskan alasan menyertakan jawaban ini."), "error")
        return redirect(url_for("appraisal.index", period=period.key))
    try:
        included = appraisal.include_late(
            get_session(), period, signed_in_user(), form.reason.data or "", units
        )
    except DomainError as exc:
        flash(error_text(exc), "error")
    else:
        _say_late(period, units, included)
    return redirect(url_for("appraisal.index", period=period.key))


@bp.route("/export.<fmt>")
@role_required(Role.EVALUATOR)
def export(fmt: str) -> Response:
    """CSV and JSON stream; XLSX is written row by row (openpyxl write-only)."""
    if fmt not in ("csv", "json", "xlsx"):
        abort(404)
    period, units = _period(), _units()
    rows, frozen = appraisal.indicator_rows(get_session(), period, units)
    appraisal.record_pull(
        get_session(),
        signed_in_user(),
        period,
        f"export.{fmt}",
        units,
    )
    name = f"indikator-{period.key}{'-' + units[0].code if len(units) == 1 else ''}"
    if fmt == "csv":
        return csv_download(exports.csv_lines(rows, INDICATOR_COLUMNS), f"{name}.csv")
    if fmt == "json":
        return Response(
            stream_with_context(json_chunks(rows, frozen)),
            mimetype="application/json",
            headers={"Content-Disposition": f'attachment; filename="{name}.json"'},
        )
    return xlsx_download(
        [exports.object_sheet("Indikator", rows, INDICATOR_COLUMNS)],
        f"{name}.xlsx",
    )


@bp.route("/employees/<nip>")
@role_required(Role.EVALUATOR)
def employee(nip: str) -> str:
    """One employee's indicator for a period, with elements, weeks and counters."""
    db = get_session()
    person = employee_in_scope(db, nip)
    period = _period(page=True)
    detail = appraisal.employee_detail(db, person, period)
    appraisal.record_pull(
        db,
        signed_in_user(),
        period,
        f"employee:{person.nip}",
        [person.unit],
    )
    evidence = evidence_service.for_employee(db, person.nip, period.key)
    return render_template(
        "appraisal/employee.html",
        d=detail,
        period=period,
        comments=None,
        self_view=False,
        labels=_labels(),
        evidence=evidence,
        sentence=evidence_service.sentence(
            evidence, evidence_service.verify_url(evidence)
        )
        if evidence
        else None,
    )


def _labels() -> dict[str, str]:
    return {p.value: label for p, label in POSITION_LABELS.items()}


self_bp = Blueprint("self_view", __name__)


@self_bp.route("/me")
@role_required(Role.STAFF)
def me() -> Any:
    """A staff member's own results: indicator, elements, weeks, comments (masked).

    Only the signed-in employee's own numbers: never a colleague's.
    """
    person = current_user.employee
    if person is None:
        abort(403)
    period = _period()
    db = get_session()
    return render_template(
        "appraisal/employee.html",
        d=appraisal.employee_detail(db, person, period),
        period=period,
        comments=appraisal.employee_comments(db, person, period),
        self_view=True,
        labels=_labels(),
    )


def employee_in_scope(session: Session, nip: str) -> Employee:
    """The employee with ``nip`` whose unit the signed-in user may see
    (404 when there is none, 403 outside the user's units)."""
    person = appraisal.employee_for_view(session, nip[:18])
    if person is None:
        abort(404)
    require_unit(person.unit)
    return person
