"""A head publishes a unit's results for a period, or withdraws them."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _

from survey_service.core import scope
from survey_service.core.db import get_session
from survey_service.core.errors import DomainError
from survey_service.core.models import Publication, Role
from survey_service.publishing import service as publications
from survey_service.publishing.forms import (
    PublishForm,
    WithdrawForm,
)
from survey_service.web.auth import role_required, signed_in_user
from survey_service.web.i18n import error_text, period_name
from survey_service.web.requests import (
    existing,
    local_today,
    requested_period,
    unit_in_scope,
)

bp = Blueprint("publishing", __name__)


@bp.app_context_processor
def _withdraw_form() -> dict[str, object]:
    """The withdraw button wherever a publication is listed (the dashboard)."""
    return {"withdraw_form": WithdrawForm}


@bp.route("/units/<code>/publish", methods=["GET", "POST"])
@role_required(Role.HEAD)
def publish(code: str) -> Any:
    """GET: a preview of exactly the public page that would appear (nothing is
    written). POST: publish it, once the head has ticked the confirmation."""
    unit = unit_in_scope(code, scope.Action.MANAGE)
    period = requested_period(page=True)
    form = PublishForm()
    today = local_today()
    db = get_session()
    previous = publications.current_for(db, unit, period.key)
    try:
        if form.validate_on_submit():
            publications.publish(
                db, unit, period, signed_in_user(), today,
                form.note.data,
            )  # fmt: skip
            flash(_("Hasil %(key)s diterbitkan.", key=period_name(period)), "info")
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
    existing(Publication, publication_id)
    unit = unit_in_scope(code, scope.Action.MANAGE)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            publication = publications.withdraw(
                get_session(),
                unit,
                publication_id,
                signed_in_user(),
                form.reason.data or "",
            )
        except DomainError as exc:
            flash(error_text(exc), "error")
        else:
            flash(
                _(
                    "Terbitan %(period_key)s ditarik.",
                    period_key=period_name(publication.period_key),
                ),
                "info",
            )
    else:
        flash(_("Tuliskan alasan penarikan; alasan ini tampil untuk publik."), "error")
    return redirect(url_for("review.dashboard", code=unit.code))
