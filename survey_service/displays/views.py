"""The waiting-room screen (no sign-in, signed link) and its management (heads)."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from survey_service.collection.qr import qr_svg
from survey_service.core.clock import now_utc
from survey_service.core.db import get_session
from survey_service.core.errors import DomainError
from survey_service.core.models import DisplayLink, Role
from survey_service.displays import service
from survey_service.web.auth import role_required, signed_in_user
from survey_service.web.forms import FlaskForm
from survey_service.web.i18n import error_text
from survey_service.web.requests import existing, public_unit, unit_in_scope
from survey_service.web.urls import public_url

bp = Blueprint("displays", __name__)
REFRESH_SECONDS = 300
MAX_COUNTERS = 3  # QR codes on one screen, readable from across the room


class DisplayForm(FlaskForm):
    name = StringField(
        _l("Nama layar (mis. TV ruang tunggu)"),
        validators=[DataRequired(), Length(max=100)],
    )


class RevokeForm(FlaskForm):
    """A POST with a CSRF token."""


@bp.route("/units/<code>/layar")
def screen(code: str) -> Any:
    """The screen itself: anyone holding a valid link, no sign-in."""
    unit = public_unit(code)
    db = get_session()
    link = service.link_for(
        db, current_app.config["SECRET_KEY"], unit, request.args.get("kunci", "")[:200]
    )
    if link is None:
        abort(403)
    link.last_used_at = now_utc()
    db.commit()
    counters = [c for c in unit.counters if c.active][:MAX_COUNTERS]
    codes = [
        (c, Markup(qr_svg(public_url("citizen.poster", public_key=c.public_key))))  # noqa: S704 - our SVG
        for c in counters
    ]
    found = service.screen(db, unit)
    return render_template(
        "displays/screen.html",
        unit=unit,
        latest=found.latest,
        d=found.latest.data if found.latest else None,
        actions=found.actions,
        codes=codes,
        refresh=REFRESH_SECONDS,
    )


@bp.route("/units/<code>/layar/kelola", methods=["GET", "POST"])
@role_required(Role.HEAD)
def manage(code: str) -> Any:
    """A head makes a screen link, sees every link again, and revokes one."""
    unit = unit_in_scope(code)
    db = get_session()
    form = DisplayForm()
    if form.validate_on_submit():
        try:
            service.create(db, unit, form.name.data or "", signed_in_user())
        except DomainError as exc:
            flash(error_text(exc), "error")
        else:
            flash(_("Tautan layar dibuat. Buka tautannya di peramban TV."), "info")
            return redirect(url_for("displays.manage", code=unit.code))
    secret = current_app.config["SECRET_KEY"]
    links = [
        (
            link,
            public_url(
                "displays.screen", code=unit.code, kunci=service.key_for(secret, link)
            ),
        )
        for link in service.links_of(db, unit)
    ]
    return render_template(
        "displays/manage.html",
        unit=unit,
        form=form,
        links=links,
        revoke_form=RevokeForm(),
    ), 400 if form.errors else 200


@bp.route("/units/<code>/layar/<int:link_id>/cabut", methods=["POST"])
@role_required(Role.HEAD)
def revoke(code: str, link_id: int) -> Any:
    existing(DisplayLink, link_id)
    unit = unit_in_scope(code)
    if RevokeForm().validate_on_submit():
        try:
            service.revoke(get_session(), unit, link_id, signed_in_user())
        except DomainError as exc:
            flash(error_text(exc), "error")
        else:
            flash(
                _("Tautan layar dicabut: layar itu berhenti saat dimuat ulang."), "info"
            )
    return redirect(url_for("displays.manage", code=unit.code))
