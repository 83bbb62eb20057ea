"""The admin's pages for a unit's staff: duty shifts, an employee on/off, and
the CSV imports of employees and rosters. Routes of the admin blueprint."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext

from survey_service.core.clock import now_utc
from survey_service.core.db import get_session
from survey_service.core.errors import DomainError, NotFoundError
from survey_service.core.skm import N_
from survey_service.units import admin, imports
from survey_service.units.forms import (
    EndShiftForm,
    ImportForm,
)
from survey_service.units.views import IMPORTS, _shift_form, _unit, bp
from survey_service.web.auth import role_required, signed_in_user
from survey_service.web.forms import ToggleForm
from survey_service.web.i18n import error_text


@bp.route("/units/<code>/shifts", methods=["POST"])
@role_required()
def add_shift(code: str) -> Any:
    """One duty shift, checked like a roster import (overlaps, unit, times)."""
    unit = _unit(code)
    form = _shift_form(unit)
    if form.validate_on_submit():
        row = {
            "nip": form.nip.data or "",
            "counter_code": form.counter_code.data or "",
            "starts_at": form.starts_at.data or "",
            "ends_at": form.ends_at.data or "",
        }
        result = imports.add_shifts(
            get_session(),
            [(1, row)],
            current_app.config["TIMEZONE"],
            signed_in_user(),
            {unit.id},
        )
        for error in result.errors:
            flash(error_text(error), "error")
        if not result.errors:
            flash(_("Jadwal tugas ditambahkan."), "info")
    else:
        flash(_("Isi NIP, loket dan waktu mulai."), "error")
    return redirect(url_for("admin.unit", code=unit.code))


@bp.route("/employees/<nip>/active", methods=["POST"])
@role_required()
def toggle_employee(nip: str) -> Any:
    """Deactivate or reactivate an employee; their history stays."""
    form = ToggleForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        employee = admin.employee_by_nip(get_session(), nip)
        admin.set_employee_active(
            get_session(), nip, not employee.active, signed_in_user()
        )
    except DomainError as exc:
        flash(error_text(exc), "error")
        return redirect(url_for("admin.index"))
    return redirect(url_for("admin.unit", code=employee.unit.code))


@bp.route("/shifts/<int:shift_id>/end", methods=["POST"])
@role_required()
def end_shift(shift_id: int) -> Any:
    form = EndShiftForm()

    def end(db: Any, shift: Any) -> None:
        ends_at = (
            admin.parse_local_time(form.ends_at.data, current_app.config["TIMEZONE"])
            if form.ends_at.data
            else now_utc()
        )
        admin.end_shift(db, shift, ends_at, signed_in_user())

    return _on_shift(shift_id, form, end, _("Jadwal tugas diakhiri."))


@bp.route("/shifts/<int:shift_id>/delete", methods=["POST"])
@role_required()
def delete_shift(shift_id: int) -> Any:
    return _on_shift(
        shift_id,
        ToggleForm(),
        lambda db, shift: admin.delete_shift(db, shift, signed_in_user()),
        _("Jadwal tugas dihapus."),
    )


def _on_shift(
    shift_id: int, form: Any, act: Callable[[Any, Any], None], done: str
) -> Any:
    """Do ``act`` to a duty shift and go back to its counter's page."""
    if not form.validate_on_submit():
        abort(400)
    db = get_session()
    try:
        shift = admin.shift_by_id(db, shift_id)
        code = shift.counter.code
        act(db, shift)
    except NotFoundError:
        abort(404)
    except DomainError as exc:
        flash(error_text(exc), "error")
    else:
        flash(done, "info")
    return redirect(url_for("admin.counter", counter_code=code))


@bp.route("/import/<kind>", methods=["GET", "POST"])
@role_required()
def import_csv(kind: str) -> Any:
    """Upload a CSV; every row is checked and nothing is imported if any is wrong."""
    if kind not in IMPORTS:
        abort(404)
    title, columns, _example = IMPORTS[kind]
    form = ImportForm()
    result = None
    if form.validate_on_submit():
        data = form.file.data.read(5 * 1024 * 1024 + 1)
        try:
            if len(data) > 5 * 1024 * 1024:
                raise DomainError(N_("Berkas terlalu besar (paling besar 5 MB)"))
            if kind == "employees":
                result = imports.import_employees(get_session(), data, signed_in_user())
            else:
                result = imports.import_rosters(
                    get_session(),
                    data,
                    current_app.config["TIMEZONE"],
                    signed_in_user(),
                )
        except DomainError as exc:
            form.file.errors = [error_text(exc)]
        else:
            if not result.errors:
                flash(
                    ngettext(
                        "%(num)d baris diimpor.",
                        "%(num)d baris diimpor.",
                        result.imported,
                    ),
                    "info",
                )
                return redirect(url_for("admin.import_csv", kind=kind))
    status = 400 if (result and result.errors) or form.file.errors else 200
    return render_template(
        "admin/import.html",
        kind=kind,
        title=title,
        columns=columns,
        form=form,
        result=result,
    ), status


@bp.route("/import/<kind>/template.csv")
@role_required()
def import_template(kind: str) -> Response:
    if kind not in IMPORTS:
        abort(404)
    _, columns, example = IMPORTS[kind]
    return Response(
        imports.template_csv(columns, example),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="templat-{kind}.csv"'},
    )
