"""A user's own settings for what the service sends them."""

from __future__ import annotations

from http import HTTPStatus

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug import Response

from survey_service.collection import submissions
from survey_service.collection.counter_views import STAFF_ROLES, printable_ticket
from survey_service.collection.forms import SUBMISSION_KEY
from survey_service.collection.views import thanks_page
from survey_service.core import audit
from survey_service.core.clock import now_utc
from survey_service.core.db import get_session
from survey_service.core.errors import DomainError
from survey_service.core.models import OutboxChannel
from survey_service.followup import callbacks
from survey_service.outreach import outbox, sharing
from survey_service.outreach.forms import (
    CallbackForm,
    DigestSettingsForm,
    TicketTextForm,
)
from survey_service.web.auth import role_required
from survey_service.web.i18n import error_text

bp = Blueprint("outreach", __name__)


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def settings() -> Response | str:
    user = current_user._get_current_object()
    form = DigestSettingsForm(obj=user)
    if form.validate_on_submit():
        db = get_session()
        user.email = (form.email.data or "").strip().lower() or None
        user.language = form.language.data or "id"
        user.digest_enabled = bool(form.digest_enabled.data)
        audit.record(
            db,
            user,
            "user.notifications",
            f"user:{user.username}",
            digest=user.digest_enabled,
            language=user.language,
        )
        db.commit()
        flash(_("Pengaturan ringkasan disimpan."), "info")
        return redirect(url_for("outreach.settings"))
    return render_template("outreach/settings.html", form=form)


@bp.route("/terima-kasih/<key>/dihubungi", methods=["POST"])
def request_callback(key: str) -> Response | tuple[str, int]:
    """A citizen who rated low leaves a contact for the unit's head."""
    db = get_session()
    response = submissions.existing(db, key) if SUBMISSION_KEY.match(key) else None
    if response is None:
        abort(404)
    form = CallbackForm()
    if form.validate_on_submit():
        try:
            callbacks.request_callback(
                db,
                response,
                contact=form.contact.data or "",
                name=form.name.data or "",
                note=form.note.data or "",
            )
        except DomainError as exc:
            db.rollback()
            form.contact.errors = [error_text(exc)]  # N_-marked in callbacks
        else:
            db.commit()
            flash(
                _(
                    "Terima kasih. Kepala unit akan menghubungi Anda; kontak "
                    "Anda dihapus setelah ditindaklanjuti."
                ),
                "info",
            )
            return redirect(url_for("citizen.thanks", key=key))
    return thanks_page(response, form, status=HTTPStatus.UNPROCESSABLE_ENTITY)


@bp.route("/tickets/<print_key>/text", methods=["POST"])
@role_required(*STAFF_ROLES)
def text_ticket(print_key: str) -> Response:
    """Send a ticket to the citizen's phone through the city's SMS/WhatsApp
    gateway: queued in the outbox and tried at once; retried if it fails."""
    db = get_session()
    ticket = printable_ticket(print_key)
    back = redirect(url_for("counters.print_ticket", print_key=print_key))
    config = current_app.config
    if not config["SURVEY_GATEWAY_URL"]:
        flash(_("Gateway SMS/WhatsApp belum diatur."), "error")
        return back
    form = TicketTextForm()
    if not form.validate_on_submit():
        flash(_("Tulis nomor ponsel warga."), "error")
        return back
    links = sharing.ticket_links(config["SECRET_KEY"], ticket)
    try:
        message = sharing.queue_ticket_text(db, ticket, form.phone.data or "", links)
    except DomainError as exc:
        db.rollback()
        flash(error_text(exc), "error")
        return back
    if message is None:
        flash(_("Tiket ini sudah dikirim ke nomor tersebut."), "info")
        return back
    db.commit()
    transports = outbox.transports_from_config(config)
    try:
        sent = outbox.attempt(message, transports[OutboxChannel.WEBHOOK], now_utc())
    finally:
        outbox.close_all(transports)
    db.commit()
    flash(
        _("Tiket terkirim ke ponsel warga.")
        if sent
        else _("Gateway belum menjawab; pesan akan dicoba lagi otomatis."),
        "info" if sent else "error",
    )
    return back
