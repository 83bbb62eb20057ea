"""Administration pages (admins only): units, counters, services, imports, users."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from survey_service.accounts import service as accounts
from survey_service.core.clock import now_utc
from survey_service.core.db import get_session
from survey_service.core.errors import DomainError, NotFoundError
from survey_service.core.models import ROLE_LABELS, Counter, Role, Unit
from survey_service.core.skm import N_
from survey_service.units import admin
from survey_service.units import service as unit_service
from survey_service.units.forms import (
    AccessForm,
    CounterEditForm,
    CounterForm,
    EndShiftForm,
    ImportForm,
    ResetPasswordForm,
    ServiceEditForm,
    ServiceTypeForm,
    ShiftForm,
    ToggleForm,
    UnitForm,
    UserForm,
)
from survey_service.web.auth import role_required
from survey_service.web.i18n import error_text

bp = Blueprint("admin", __name__, url_prefix="/admin")

IMPORTS = {
    "employees": (N_("Impor pegawai"), admin.EMPLOYEE_COLUMNS, admin.EMPLOYEE_EXAMPLE),
    "rosters": (
        N_("Impor jadwal tugas loket"),
        admin.ROSTER_COLUMNS,
        admin.ROSTER_EXAMPLE,
    ),
}


def _actor() -> Any:
    return current_user._get_current_object()


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
                actor=_actor(),
            )
        except DomainError as exc:
            form.code.errors = [error_text(exc)]
        else:
            flash(_("Unit %(code)s dibuat.", code=unit.code), "info")
            return redirect(url_for("admin.unit", code=unit.code))
    units = unit_service.units_for(get_session(), _actor())
    return render_template("admin/index.html", units=units, form=form, imports=IMPORTS)


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
                actor=_actor(),
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
    )


def _shift_form(unit: Unit) -> ShiftForm:
    form = ShiftForm(prefix="shift")
    form.counter_code.choices = [
        SelectChoice(c.code, f"{c.code} {c.name}") for c in unit.counters
    ]
    return form


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
        result = admin.add_shifts(
            get_session(),
            [(1, row)],
            current_app.config["TIMEZONE"],
            _actor(),
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
        admin.set_employee_active(get_session(), nip, not employee.active, _actor())
    except DomainError as exc:
        flash(error_text(exc), "error")
        return redirect(url_for("admin.index"))
    return redirect(url_for("admin.unit", code=employee.unit.code))


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
                actor=_actor(),
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
                actor=_actor(),
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
                actor=_actor(),
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
        admin.end_shift(db, shift, ends_at, _actor())

    return _on_shift(shift_id, form, end, _("Jadwal tugas diakhiri."))


@bp.route("/shifts/<int:shift_id>/delete", methods=["POST"])
@role_required()
def delete_shift(shift_id: int) -> Any:
    return _on_shift(
        shift_id,
        ToggleForm(),
        lambda db, shift: admin.delete_shift(db, shift, _actor()),
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
                actor=_actor(),
            )
        except DomainError as exc:
            flash(error_text(exc), "error")
        else:
            flash(_("Jenis layanan disimpan."), "info")
    else:
        flash(_("Isi nama layanan."), "error")
    return redirect(url_for("admin.unit", code=unit.code))


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
                result = admin.import_employees(get_session(), data, _actor())
            else:
                result = admin.import_rosters(
                    get_session(), data, current_app.config["TIMEZONE"], _actor()
                )
        except DomainError as exc:
            form.file.errors = [error_text(exc)]
        else:
            if not result.errors:
                flash(
                    _("%(imported)s baris diimpor.", imported=result.imported), "info"
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
        admin.template_csv(columns, example),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="templat-{kind}.csv"'},
    )


@bp.route("/users", methods=["GET", "POST"])
@role_required()
def users() -> Any:
    db = get_session()
    form = _with_access_choices(UserForm())
    if form.validate_on_submit():
        try:
            accounts.create_user(
                db,
                username=form.username.data or "",
                password=form.password.data or "",
                role=form.role.data or "",
                unit_codes=form.units.data or [],
                employee_nip=form.employee.data or None,
                actor=_actor(),
            )
            db.commit()
        except DomainError as exc:
            db.rollback()
            form.username.errors = [error_text(exc)]
        else:
            flash(_("Akun %(username)s dibuat.", username=form.username.data), "info")
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/users.html",
        form=form,
        users=accounts.list_users(db),
        labels=ROLE_LABELS,
        toggle_form=ToggleForm(),
    )


def _with_access_choices(form: AccessForm) -> AccessForm:
    form.role.choices = [SelectChoice(r.value, _(ROLE_LABELS[r])) for r in Role]
    form.units.choices = [
        SelectChoice(u.code, f"{u.code} {u.name}")
        for u in unit_service.units_for(get_session(), _actor())
    ]
    return form


def _user_or_404(username: str) -> Any:
    user = next(
        (u for u in accounts.list_users(get_session()) if u.username == username),
        None,
    )
    if user is None:
        abort(404)
    return user


@bp.route("/users/<username>", methods=["GET", "POST"])
@role_required()
def edit_user(username: str) -> Any:
    """Change an account's role or units; taking access away ends its sessions."""
    db = get_session()
    user = _user_or_404(username)
    form = _access_form(user)
    if form.validate_on_submit():
        try:
            shrank = accounts.change_access(
                db,
                user,
                role=form.role.data or "",
                unit_codes=form.units.data or [],
                actor=_actor(),
            )
        except DomainError as exc:
            db.rollback()
            form.role.errors = [error_text(exc)]
        else:
            db.commit()
            flash(
                _(
                    "Akses %(username)s diubah; semua sesi dan token API-nya berakhir.",
                    username=username,
                )
                if shrank
                else _("Akses %(username)s disimpan.", username=username),
                "info",
            )
            return redirect(url_for("admin.users"))
    return _user_page(user, form, ResetPasswordForm(formdata=None), 200)


def _access_form(user: Any, *, posted: bool = True) -> AccessForm:
    """The account's role and units: as posted, or (posted=False) as stored."""
    data = {"role": user.role.value, "units": [u.code for u in user.units]}
    if posted:
        return _with_access_choices(AccessForm(data=data))
    return _with_access_choices(AccessForm(formdata=None, data=data))


def _user_page(
    user: Any, access: AccessForm, reset: ResetPasswordForm, status: int
) -> Any:
    return render_template(
        "admin/user_edit.html",
        form=access,
        user=user,
        labels=ROLE_LABELS,
        reset_form=reset,
    ), status


@bp.route("/users/<username>/password", methods=["POST"])
@role_required()
def reset_password(username: str) -> Any:
    """Give an account a temporary password; its sessions and tokens end and
    the user must choose a new password at the next sign-in."""
    db = get_session()
    user = _user_or_404(username)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(db, user, form.temporary.data or "", _actor())
        except DomainError as exc:
            db.rollback()
            form.temporary.errors = [error_text(exc)]
        else:
            db.commit()
            flash(
                _(
                    "Kata sandi %(username)s direset. Sampaikan kata sandi sementara "
                    "itu kepadanya secara langsung; ia wajib menggantinya saat masuk.",
                    username=username,
                ),
                "info",
            )
            return redirect(url_for("admin.users"))
    return _user_page(user, _access_form(user, posted=False), form, 400)


@bp.route("/users/<username>/active", methods=["POST"])
@role_required()
def toggle_user(username: str) -> Any:
    """Deactivate (sessions and API tokens end at once) or reactivate an account."""
    if not ToggleForm().validate_on_submit():
        abort(400)
    db = get_session()
    user = _user_or_404(username)
    try:
        accounts.set_active(db, user, not user.active, _actor())
    except DomainError as exc:
        db.rollback()
        flash(error_text(exc), "error")
    else:
        db.commit()
        flash(
            _("Akun %(username)s diaktifkan.", username=username)
            if user.active
            else _("Akun %(username)s dinonaktifkan.", username=username),
            "info",
        )
    return redirect(url_for("admin.users"))
