"""The weekly review of a unit for its head: dashboard, comments, flagged responses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from survey_service.accounts.service import visible_unit_ids
from survey_service.core import clock, periods, skm
from survey_service.core.db import get_session
from survey_service.core.errors import DomainError
from survey_service.core.models import ActionStatus, Alert, Role, Unit
from survey_service.followup import service as followup
from survey_service.publishing import service as publications
from survey_service.questionnaires import service as questionnaires
from survey_service.reporting import service as skm_report
from survey_service.reporting.pdf import render_pdf
from survey_service.review import moderation
from survey_service.review import service as review
from survey_service.review.forms import (
    AcknowledgeForm,
    ActionForm,
    ActionUpdateForm,
    FlagDecisionForm,
    ForumForm,
    PublishForm,
    WithdrawForm,
)
from survey_service.units import service as unit_service
from survey_service.web.auth import require_unit, role_required
from survey_service.web.i18n import current_language, error_text
from survey_service.web.requests import requested_period

bp = Blueprint("review", __name__)


def _unit(code: str) -> Unit:
    return require_unit(unit_service.unit_by_code(get_session(), code))


def _period() -> periods.Period:
    """The period asked for, else the last complete week in local time."""
    return requested_period()


@bp.route("/units/<code>/dashboard")
@role_required(Role.HEAD)
def dashboard(code: str) -> str:
    unit = _unit(code)
    period = _period()
    today = clock.today(current_app.config["TIMEZONE"])
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
        withdraw_form=WithdrawForm(),
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
    unit = _unit(code)
    period = _period()
    low_only = request.args.get("low") == "1"
    rows = moderation.comments(get_session(), unit, period, low_only=low_only)
    return render_template(
        "review/comments.html", unit=unit, period=period, rows=rows, low_only=low_only
    )


@bp.route("/units/<code>/flagged")
@role_required(Role.HEAD)
def flagged(code: str) -> str:
    unit = _unit(code)
    rows = moderation.flagged_responses(get_session(), unit)
    return render_template(
        "review/flagged.html", unit=unit, rows=rows, form=FlagDecisionForm()
    )


@bp.route("/units/<code>/flagged/<int:response_id>", methods=["POST"])
@role_required(Role.HEAD)
def decide(code: str, response_id: int) -> Any:
    unit = _unit(code)
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
            actor=current_user._get_current_object(),
            today=clock.today(current_app.config["TIMEZONE"]),
        )
    except DomainError as exc:
        flash(error_text(exc), "error")
    else:
        flash(_("Keputusan disimpan."), "info")
    return redirect(url_for("review.flagged", code=unit.code))


@bp.app_template_filter("alert_text")
def alert_text(alert: Alert) -> str:
    """What the alert says, in the reader's language and number format (the
    stored Indonesian text for alerts raised before their parts were kept)."""
    if not alert.params:
        return alert.message
    try:
        words = followup.alert_words(alert.kind, alert.params, current_language())
        return _(followup.ALERT_MESSAGES[alert.kind], **words)
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
    unit = _unit(code)
    period = _period()
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
                actor=current_user._get_current_object(),
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
                url_for("review.actions", code=unit.code, period=chosen.key)
            )
    today = clock.today(current_app.config["TIMEZONE"])
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
    unit = _unit(code)
    form = ActionUpdateForm()
    if form.validate_on_submit():
        try:
            followup.update_action(
                get_session(),
                unit,
                action_id,
                status=ActionStatus(form.status.data),
                outcome_note=form.outcome_note.data,
                actor=current_user._get_current_object(),
                today=clock.today(current_app.config["TIMEZONE"]),
                lapor_id=form.lapor_id.data,
            )
        except DomainError as exc:
            get_session().rollback()
            flash(error_text(exc), "error")
        else:
            flash(_("Status tindak lanjut disimpan."), "info")
    else:
        flash(_("Periksa isian status."), "error")
    return redirect(url_for("review.actions", code=unit.code))


@bp.route("/alerts/<int:alert_id>/acknowledge", methods=["POST"])
@role_required(Role.HEAD)
def acknowledge(alert_id: int) -> Any:
    form = AcknowledgeForm()
    form.action.choices = None  # any id; the service checks it belongs to the unit
    form.action.validate_choice = False
    if form.validate_on_submit():
        action_id = (
            int(form.action.data) if (form.action.data or "").isdigit() else None
        )
        try:
            followup.acknowledge(
                get_session(),
                alert_id,
                current_user._get_current_object(),
                visible_unit_ids(current_user),
                action_id,
                root_cause=form.root_cause.data or "",
                root_cause_note=form.root_cause_note.data or "",
                no_action_reason=form.no_action_reason.data or "",
            )
        except DomainError as exc:
            get_session().rollback()
            flash(error_text(exc), "error")
        else:
            flash(_("Peringatan ditutup."), "info")
    else:
        flash(_("Periksa isian penutupan peringatan."), "error")
    return redirect(url_for("main.home"))


@bp.route("/units/<code>/report")
@role_required(Role.HEAD)
def report(code: str) -> str:
    """The official SKM report for a period, printable (HTML)."""
    unit = _unit(code)
    period = _period()
    data = skm_report.build_report(get_session(), unit, period, _local_now())
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
    )


def _local_now() -> dt.datetime:
    return clock.now(current_app.config["TIMEZONE"])


@bp.route("/units/<code>/report/forum", methods=["POST"])
@role_required(Role.HEAD)
def report_forum(code: str) -> Any:
    """Record the period's public consultation forum (shown in the report)."""
    unit = _unit(code)
    period = _period()
    form = ForumForm()
    if form.validate_on_submit():
        try:
            skm_report.record_forum(
                get_session(),
                unit,
                period,
                form.forum_date.data,
                form.forum_note.data or "",
                current_user._get_current_object(),
            )
        except DomainError as exc:
            get_session().rollback()
            flash(error_text(exc), "error")
        else:
            flash(_("Forum konsultasi publik dicatat."), "info")
    else:
        flash(_("Tanggal forum tidak sah (contoh: 2026-11-20)."), "error")
    return redirect(url_for("review.report", code=unit.code, period=period.key))


@bp.route("/units/<code>/report.pdf")
@role_required(Role.HEAD)
def report_pdf(code: str) -> Response:
    unit = _unit(code)
    period = _period()
    data = skm_report.build_report(get_session(), unit, period, _local_now())
    response = make_response(render_pdf(data, current_app.config["SURVEY_PLACE"]))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="laporan-skm-{unit.code}-{period.key}.pdf"'
    )
    return response


@bp.route("/units/<code>/publish", methods=["GET", "POST"])
@role_required(Role.HEAD)
def publish(code: str) -> Any:
    """GET: a preview of exactly the public page that would appear (nothing is
    written). POST: publish it, once the head has ticked the confirmation."""
    unit = _unit(code)
    period = _period()
    form = PublishForm()
    today = clock.today(current_app.config["TIMEZONE"])
    db = get_session()
    previous = publications.current_for(db, unit, period.key)
    try:
        if form.validate_on_submit():
            publications.publish(
                db, unit, period, current_user._get_current_object(), today,
                form.note.data,
            )  # fmt: skip
            flash(_("Hasil %(key)s diterbitkan.", key=period.key), "info")
            return redirect(
                url_for("review.dashboard", code=unit.code, period=period.key)
            )
        data = publications.preview(db, unit, period, today)
    except DomainError as exc:
        flash(error_text(exc), "error")
        return redirect(url_for("review.dashboard", code=unit.code, period=period.key))
    return render_template(
        "review/publish.html",
        unit=unit,
        period=period,
        form=form,
        previous=previous,
        d=data,
        actions=publications.public_actions(db, unit, period),
    )


@bp.route("/units/<code>/publications/<int:publication_id>/withdraw", methods=["POST"])
@role_required(Role.HEAD)
def withdraw(code: str, publication_id: int) -> Any:
    unit = _unit(code)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            publication = publications.withdraw(
                get_session(),
                unit,
                publication_id,
                current_user._get_current_object(),
                form.reason.data or "",
            )
        except DomainError as exc:
            flash(error_text(exc), "error")
        else:
            flash(
                _(
                    "Terbitan %(period_key)s ditarik.",
                    period_key=publication.period_key,
                ),
                "info",
            )
    else:
        flash(_("Tuliskan alasan penarikan; alasan ini tampil untuk publik."), "error")
    return redirect(url_for("review.dashboard", code=unit.code))
