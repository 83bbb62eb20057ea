"""Alerts and follow-up actions for a head: the plan, its status, acknowledging."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from survey_service.core import periods, scope, skm
from survey_service.core.db import get_session
from survey_service.core.errors import DomainError
from survey_service.core.models import ActionStatus, Alert, FollowUpAction, Role, Unit
from survey_service.followup import service as followup
from survey_service.followup.forms import (
    ActionForm,
    ActionUpdateForm,
)
from survey_service.questionnaires import service as questionnaires
from survey_service.web.auth import role_required, signed_in_user
from survey_service.web.i18n import current_language, error_text
from survey_service.web.requests import (
    existing,
    local_today,
    requested_period,
    unit_in_scope,
)

bp = Blueprint("followup", __name__)


@bp.app_template_filter("alert_text")
def alert_text(alert: Alert) -> str:
    """What the alert says, in the reader's language and number format (the
    stored Indonesian text for alerts raised before their parts were kept)."""
    if not alert.params:
        return alert.message
    try:
        words = followup.alert_words(alert.kind, alert.params, current_language())
        return str(_(followup.ALERT_MESSAGES[alert.kind], **words))
    except (KeyError, TypeError, ValueError):
        return alert.message


def _action_form(unit: Unit, period: periods.Period) -> ActionForm:
    form = ActionForm()
    version = questionnaires.current_version(get_session())
    names = (
        {e.code: e.name(current_language()) for e in version.elements}
        if version
        else {}
    )
    form.element.choices = [SelectChoice("", _("— semua / umum —"))] + [
        SelectChoice(code, f"{code} {names.get(code, '')}")
        for code in skm.ELEMENT_CODES
    ]
    form.counter.choices = [SelectChoice("", _("— semua loket —"))] + [
        SelectChoice(str(c.id), c.name) for c in unit.counters
    ]
    if not form.is_submitted():
        form.period.data = period.key
        form.element.data = request.args.get("element", "")
    return form


@bp.route("/units/<code>/actions", methods=["GET", "POST"])
@role_required(Role.HEAD)
def actions(code: str) -> Any:
    """Follow-up actions of a unit: the list, and a form to record a new one."""
    unit = unit_in_scope(code, scope.Action.MANAGE)
    period = requested_period(page=True)
    form = _action_form(unit, period)
    db = get_session()
    if form.validate_on_submit():
        try:
            chosen = periods.parse_period(form.period.data or "")
            followup.create_action(
                db,
                unit,
                period=chosen,
                action=form.action.data or "",
                owner=form.owner.data or "",
                element_code=form.element.data or None,
                counter_id=int(form.counter.data) if form.counter.data else None,
                due_date=form.due_date.data,
                actor=signed_in_user(),
                lapor_id=form.lapor_id.data,
            )
        except ValueError:
            key = (form.period.data or "")[:20]
            form.period.errors = [_(periods.UNKNOWN_PERIOD, key=key)]
        except DomainError as exc:
            get_session().rollback()
            flash(error_text(exc), "error")
        else:
            flash(_("Tindak lanjut dicatat."), "info")
            return redirect(
                url_for("followup.actions", code=unit.code, period=chosen.key)
            )
    today = local_today()
    return render_template(
        "review/actions.html",
        unit=unit,
        period=period,
        form=form,
        rows=followup.actions_for(db, unit, max(period.end, today)),
        update_form=ActionUpdateForm(),
        labels=followup.ACTION_STATUS_LABELS,
    )


@bp.route("/units/<code>/actions/<int:action_id>", methods=["POST"])
@role_required(Role.HEAD)
def update_action(code: str, action_id: int) -> Any:
    existing(FollowUpAction, action_id)
    unit = unit_in_scope(code, scope.Action.MANAGE)
    form = ActionUpdateForm()
    if form.validate_on_submit():
        try:
            followup.update_action(
                get_session(),
                unit,
                action_id,
                status=ActionStatus(form.status.data),
                outcome_note=form.outcome_note.data,
                actor=signed_in_user(),
                today=local_today(),
                lapor_id=form.lapor_id.data,
            )
        except DomainError as exc:
            get_session().rollback()
            flash(error_text(exc), "error")
        else:
            flash(_("Status tindak lanjut disimpan."), "info")
    else:
        flash(_("Periksa isian status."), "error")
    return redirect(url_for("followup.actions", code=unit.code))
