"""The admin's pages for staff accounts: create, role and units, password, on/off."""

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

from survey_service.accounts import service as accounts
from survey_service.accounts.forms import (
    AccessForm,
    ResetPasswordForm,
    UserForm,
)
from survey_service.core.db import get_session
from survey_service.core.errors import DomainError
from survey_service.core.models import ROLE_LABELS, Role
from survey_service.core.queries import units_in
from survey_service.web.auth import role_required, signed_in_user
from survey_service.web.forms import ToggleForm
from survey_service.web.i18n import error_text

bp = Blueprint("accounts", __name__, url_prefix="/admin")


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
                actor=signed_in_user(),
            )
            db.commit()
        except DomainError as exc:
            db.rollback()
            form.username.errors = [error_text(exc)]
        else:
            flash(_("Akun %(username)s dibuat.", username=form.username.data), "info")
            return redirect(url_for("accounts.users"))
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
        for u in units_in(get_session(), None)
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
                actor=signed_in_user(),
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
            return redirect(url_for("accounts.users"))
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
            accounts.reset_password(
                db, user, form.temporary.data or "", signed_in_user()
            )
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
            return redirect(url_for("accounts.users"))
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
        accounts.set_active(db, user, not user.active, signed_in_user())
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
    return redirect(url_for("accounts.users"))
