"""Alerts as a worklist: a unit's (and the city's) open, overdue and closed
alerts, and each alert's own page, where it is closed."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from survey_service.core import scope
from survey_service.core.db import get_session
from survey_service.core.errors import DomainError
from survey_service.core.models import Alert, Role, Unit
from survey_service.core.queries import units_in
from survey_service.followup import service as followup
from survey_service.followup import worklist
from survey_service.followup.forms import AcknowledgeForm
from survey_service.followup.views import bp
from survey_service.web.auth import require_unit, role_required, signed_in_user
from survey_service.web.i18n import error_text
from survey_service.web.requests import local_today, unit_in_scope


def _choice(enum_class: type[Any], name: str, default: Any) -> Any:
    """?status= / ?urutan= as one of ``enum_class``; anything else: ``default``."""
    try:
        return enum_class(request.args.get(name, default.value))
    except ValueError:
        return default


def _worklist(units: list[Unit], unit_ids: frozenset[int] | None, **page: Any) -> str:
    state = _choice(worklist.AlertState, "status", worklist.AlertState.OPEN)
    order = _choice(worklist.AlertOrder, "urutan", worklist.AlertOrder.URGENT)
    today = local_today()
    db = get_session()
    return render_template(
        "followup/alerts.html",
        alerts=worklist.alert_list(db, unit_ids, state, order, today),
        counts=worklist.alert_counts(db, unit_ids, today),
        state=state,
        order=order,
        states=worklist.AlertState,
        orders=worklist.AlertOrder,
        codes={u.id: u.code for u in units},
        today=today,
        **page,
    )


@bp.route("/units/<code>/alerts")
@role_required(Role.HEAD, Role.LEADER)
def unit_alerts(code: str) -> str:
    unit = unit_in_scope(code)
    return _worklist([unit], frozenset({unit.id}), unit=unit)


@bp.route("/alerts")
@role_required(Role.LEADER)
def city_alerts() -> str:
    """Every unit's alerts, for admins and leaders."""
    db = get_session()
    units = units_in(db, None)
    code = request.args.get("unit", "")
    chosen = [u for u in units if u.code == code]
    if code and not chosen:
        abort(404)
    ids = frozenset(u.id for u in chosen) if chosen else None
    return _worklist(units, ids, unit=None, unit_code=code, all_units=units)


def _close_form(alert: Alert, actions: list[Any]) -> AcknowledgeForm:
    form = AcknowledgeForm()
    form.root_cause.choices = [SelectChoice("", _("— pilih —"))] + [
        SelectChoice(key, _(label)) for key, label in followup.ROOT_CAUSES.items()
    ]
    form.action.choices = [SelectChoice("", _("— tanpa tautan —"))] + [
        SelectChoice(str(a.id), a.action[:80]) for a in actions
    ]
    return form


@bp.route("/alerts/<int:alert_id>", methods=["GET", "POST"])
@role_required(Role.HEAD, Role.LEADER)
def alert(alert_id: int) -> Any:
    """One alert: what raised it, the citizen's words and contact (for those
    who may read it), and the form that closes it (for those who manage the
    unit). A refused close keeps what was chosen, each gap said at its field."""
    db = get_session()
    found = db.get(Alert, alert_id)
    if found is None:
        abort(404)
    unit = require_unit(db.get(Unit, found.unit_id))
    user = signed_in_user()
    may_close = scope.may(user, scope.Action.MANAGE, unit.id)
    detail = worklist.alert_detail(
        db, found, local_today(), scope.may(user, scope.Action.CONTACT, unit.id)
    )
    form = _close_form(found, detail.actions)
    status = 200
    if request.method == "POST":
        if not may_close or found.acknowledged_at is not None:
            abort(403 if not may_close else 409)
        if form.validate_on_submit():
            try:
                followup.acknowledge(
                    db,
                    found.id,
                    user,
                    scope.unit_ids(current_user, scope.Action.MANAGE),
                    int(form.action.data) if form.action.data else None,
                    root_cause=form.root_cause.data or "",
                    root_cause_note=form.root_cause_note.data or "",
                    no_action_reason=form.no_action_reason.data or "",
                )
            except DomainError as exc:
                db.rollback()
                form.root_cause.errors = [*form.root_cause.errors, error_text(exc)]
            else:
                flash(_("Peringatan ditutup."), "info")
                return redirect(url_for("followup.unit_alerts", code=unit.code))
        status = 400
    return render_template(
        "followup/alert.html",
        d=detail,
        unit=unit,
        form=form,
        may_close=may_close and found.acknowledged_at is None,
        root_causes=followup.ROOT_CAUSES,
    ), status
