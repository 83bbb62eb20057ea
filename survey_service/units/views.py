"""Administration pages (admins only): units, counters, services, imports, users."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from survey_service.core.clock import now_utc
from survey_service.core.db import get_session
from survey_service.core.errors import DomainError
from survey_service.core.models import Counter, Unit
from survey_service.core.skm import N_
from survey_service.units import admin, imports
from survey_service.units import service as unit_service
from survey_service.units.forms import (
    CounterEditForm,
    CounterForm,
    EndShiftForm,
    ServiceEditForm,
    ServiceTypeForm,
    ShiftForm,
    UnitForm,
)
from survey_service.web.auth import role_required, signed_in_user
from survey_service.web.forms import ToggleForm
from survey_service.web.i18n import error_text

bp = Blueprint("admin", __name__, url_prefix="/admin")

IMPORTS = {
    "employees": (
        N_("Impor pegawai"),
        imports.EMPLOYEE_COLUMNS,
        imports.EMPLOYEE_EXAMPLE,
    ),
    "rosters": (
        N_("Impor jadwal tugas loket"),
        imports.ROSTER_COLUMNS,
        imports.ROSTER_EXAMPLE,
    ),
}


@bp.route("/", methods=["GET", "POST"])
@role_required()
def index() -> Any:
    """Every unit, and a form for a new one."""
    form = UnitForm()
    if form.validate_on_submit():
        try:
            unit = admin.create_unit(
                get_session(),
                code=form.code.data or "",
                name=form.name.data or "",
                address=form.address.data,
                target_index=float(form.target_index.data),
                actor=signed_in_user(),
            )
        except DomainError as exc:
            form.code.errors = [error_text(exc)]
        else:
            flash(_("Unit %(code)s dibuat.", code=unit.code), "info")
            return redirect(url_for("admin.unit", code=unit.code))
    units = unit_service.units_for(get_session(), signed_in_user())
    return render_template(
        "admin/index.html", units=units, form=form, imports=IMPORTS
    ), 400 if form.errors else 200


def _unit(code: str) -> Unit:
    unit = unit_service.unit_by_code(get_session(), code)
    if unit is None:
        abort(404)
    return unit


@bp.route("/units/<code>", methods=["GET", "POST"])
@role_required()
def unit(code: str) -> Any:
    unit = _unit(code)
    form = UnitForm(obj=unit)  # posted values, when there are any, take precedence
    form.code.data = unit.code  # the code is the unit's identity: not edited
    if form.validate_on_submit():
        try:
            admin.update_unit(
                get_session(),
                unit,
                name=form.name.data or "",
                address=form.address.data,
                target_index=float(form.target_index.data),
                active=bool(form.active.data),
                alert_due_working_days=form.alert_due_working_days.data,
                head_name=form.head_name.data or "",
                head_nip=form.head_nip.data or "",
                actor=signed_in_user(),
            )
        except DomainError as exc:
            flash(error_text(exc), "error")
        else:
            flash(_("Unit disimpan."), "info")
            return redirect(url_for("admin.unit", code=unit.code))
    return render_template(
        "admin/unit.html",
        unit=unit,
        form=form,
        counter_form=CounterForm(prefix="counter"),
        service_form=ServiceTypeForm(prefix="service"),
        service_forms={
            s.id: ServiceEditForm(formdata=None, prefix=f"service-{s.id}", obj=s)
            for s in unit.service_types
        },
        shift_form=_shift_form(unit),
        toggle_form=ToggleForm(),
    ), 400 if form.errors else 200


def _shift_form(unit: Unit) -> ShiftForm:
    form = ShiftForm(prefix="shift")
    form.counter_code.choices = [
        SelectChoice(c.code, f"{c.code} {c.name}") for c in unit.counters
    ]
    return form


@bp.route("/units/<code>/counters", methods=["POST"])
@role_required()
def add_counter(code: str) -> Any:
    unit = _unit(code)
    form = CounterForm(prefix="counter")
    if form.validate_on_submit():
        try:
            admin.create_counter(
                get_session(),
                unit,
                code=form.code.data or "",
                name=form.name.data or "",
                location=form.location.data,
                actor=signed_in_user(),
            )
        except DomainError as exc:
            flash(error_text(exc), "error")
        else:
            flash(_("Loket ditambahkan."), "info")
    else:
        flash(_("Isi kode dan nama loket."), "error")
    return redirect(url_for("admin.unit", code=unit.code))


@bp.route("/units/<code>/services", methods=["POST"])
@role_required()
def add_service(code: str) -> Any:
    unit = _unit(code)
    form = ServiceTypeForm(prefix="service")
    if form.validate_on_submit():
        try:
            admin.create_service_type(
                get_session(),
                unit,
                code=form.code.data or "",
                name=form.name.data or "",
                actor=signed_in_user(),
            )
        except DomainError as exc:
            flash(error_text(exc), "error")
        else:
            flash(_("Jenis layanan ditambahkan."), "info")
    else:
        flash(_("Isi kode dan nama layanan."), "error")
    return redirect(url_for("admin.unit", code=unit.code))


def _managed_counter(code: str) -> Counter:
    counter = unit_service.counter_by_code(get_session(), code)
    if counter is None:
        abort(404)
    return counter


@bp.route("/counters/<counter_code>", methods=["GET", "POST"])
@role_required()
def counter(counter_code: str) -> Any:
    """Edit or retire a counter; its duty roster, with the running and coming
    shifts that can still be ended or removed."""
    counter = _managed_counter(counter_code)
    form = CounterEditForm(obj=counter)
    if form.validate_on_submit():
        try:
            admin.update_counter(
                get_session(),
                counter,
                name=form.name.data or "",
                location=form.location.data,
                address_hourly_limit=form.address_hourly_limit.data,
                active=bool(form.active.data),
                actor=signed_in_user(),
            )
        except DomainError as exc:
            flash(error_text(exc), "error")
        else:
            flash(
                _("Loket disimpan.")
                if counter.active
                else _(
                    "Loket dipensiunkan: poster dan kiosknya tidak lagi menerima "
                    "penilaian, respons lamanya tetap tercatat padanya."
                ),
                "info",
            )
            return redirect(url_for("admin.counter", counter_code=counter.code))
    now = now_utc()
    shifts = [
        (shift, admin.shift_state(shift, now)) for shift in counter.duty_assignments
    ]
    return render_template(
        "admin/counter.html",
        counter=counter,
        form=form,
        shifts=shifts,
        end_form=EndShiftForm(),
        toggle_form=ToggleForm(),
    ), 400 if form.errors else 200


@bp.route("/units/<code>/services/<service_code>", methods=["POST"])
@role_required()
def edit_service(code: str, service_code: str) -> Any:
    """Rename a service type or stop offering it (its responses keep it)."""
    unit = _unit(code)
    service = next((s for s in unit.service_types if s.code == service_code), None)
    if service is None:
        abort(404)
    form = ServiceEditForm(prefix=f"service-{service.id}")
    if form.validate_on_submit():
        try:
            admin.update_service_type(
                get_session(),
                service,
                name=form.name.data or "",
                active=bool(form.active.data),
                actor=signed_in_user(),
            )
        except DomainError as exc:
            flash(error_text(exc), "error")
        else:
            flash(_("Jenis layanan disimpan."), "info")
    else:
        flash(_("Isi nama layanan."), "error")
    return redirect(url_for("admin.unit", code=unit.code))
