"""The weekly review of a unit for its head: dashboard, comments, flagged responses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from survey_service.core import periods, scope
from survey_service.core.db import get_session
from survey_service.core.errors import DomainError
from survey_service.core.models import Response, ResponseStatus, Role
from survey_service.followup import callbacks
from survey_service.followup import service as followup
from survey_service.publishing import service as publications
from survey_service.questionnaires import results as own_results
from survey_service.review import moderation
from survey_service.review import service as review
from survey_service.review.forms import (
    FlagDecisionForm,
)
from survey_service.web.auth import role_required, signed_in_user
from survey_service.web.i18n import current_language, error_text
from survey_service.web.requests import (
    existing,
    local_today,
    requested_period,
    unit_in_scope,
)

bp = Blueprint("review", __name__)


@bp.route("/units/<code>/dashboard")
@role_required(Role.HEAD)
def dashboard(code: str) -> str:
    unit = unit_in_scope(code)
    period = requested_period(page=True)
    today = local_today()
    data = review.unit_dashboard(
        get_session(),
        unit,
        period,
        today,
        current_language(),
        tz=current_app.config["TIMEZONE"],
    )
    open_actions = followup.actions_for(get_session(), unit, min(period.end, today))
    return render_template(
        "review/dashboard.html",
        d=data,
        unit=unit,
        actions_by_element=_by_element(open_actions),
        published=publications.current_for(get_session(), unit, period.key),
        can_publish=period.end < today,
        action_labels=followup.ACTION_STATUS_LABELS,
        period=period,
        previous=periods.previous(period),
        following=periods.period_containing(
            period.kind, period.end + dt.timedelta(days=1)
        ),
        today=today,
        kinds=_kind_links(period, today),
        pending_flags=moderation.count_flagged(get_session(), unit),
        flags=moderation.flag_summary(get_session(), unit, period),
    )


def _by_element(actions: list[Any]) -> dict[str | None, list[Any]]:
    grouped: dict[str | None, list[Any]] = {}
    for action in actions:
        grouped.setdefault(action.element_code, []).append(action)
    return grouped


def _kind_links(period: periods.Period, today: dt.date) -> list[tuple[str, str]]:
    """The same moment seen as a week, month, quarter and year."""
    anchor = min(period.end, today)
    labels = {
        "week": _("Minggu"),
        "month": _("Bulan"),
        "quarter": _("Triwulan"),
        "semester": _("Semester"),
        "year": _("Tahun"),
    }
    return [(labels[k], periods.period_containing(k, anchor).key) for k in labels]


@bp.route("/units/<code>/comments")
@role_required(Role.HEAD)
def comments(code: str) -> str:
    unit = unit_in_scope(code)
    period = requested_period(page=True)
    low_only = request.args.get("low") == "1"
    rows = moderation.comments(get_session(), unit, period, low_only=low_only)
    texts = own_results.text_answers(
        get_session(), unit.id, period.start, period.end, current_language()
    )
    return render_template(
        "review/comments.html",
        unit=unit,
        period=period,
        rows=rows,
        low_only=low_only,
        texts=texts,
    )


@bp.route("/units/<code>/flagged")
@role_required(Role.HEAD)
def flagged(code: str) -> str:
    unit = unit_in_scope(code)
    db = get_session()
    rows = moderation.flagged_responses(db, unit)
    # A held response's callback request is shown to whoever may read contacts.
    asked = (
        callbacks.for_responses(db, [r.id for r in rows])
        if scope.may(signed_in_user(), scope.Action.CONTACT, unit.id)
        else {}
    )
    return render_template(
        "review/flagged.html",
        unit=unit,
        rows=rows,
        late=moderation.flagged_responses(db, unit, status=ResponseStatus.LATE),
        asked=asked,
        form=FlagDecisionForm(),
    )


@bp.route("/units/<code>/flagged/<int:response_id>", methods=["POST"])
@role_required(Role.HEAD)
def decide(code: str, response_id: int) -> Any:
    existing(Response, response_id)
    unit = unit_in_scope(code)
    form = FlagDecisionForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("review.flagged", code=unit.code))
    try:
        moderation.decide_flagged(
            get_session(),
            unit,
            response_id,
            include=form.decision.data == "include",
            reason=form.reason.data or "",
            actor=signed_in_user(),
            today=local_today(),
        )
    except DomainError as exc:
        flash(error_text(exc), "error")
    else:
        flash(_("Keputusan disimpan."), "info")
    return redirect(url_for("review.flagged", code=unit.code))
