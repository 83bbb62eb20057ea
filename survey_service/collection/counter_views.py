"""Counter pages for staff: printable posters, one-time tickets, kiosk set-up."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from markupsafe import Markup
from werkzeug import Response
from wtforms.fields.choices import SelectChoice

from survey_service.collection import sharing, tickets
from survey_service.collection.counter_forms import (
    KioskForm,
    TicketForm,
    TicketTextForm,
)
from survey_service.collection.pages import KIOSK_COOKIE
from survey_service.collection.qr import qr_svg
from survey_service.core import outbox
from survey_service.core.clock import now_utc
from survey_service.core.db import get_session
from survey_service.core.errors import DomainError
from survey_service.core.models import Counter, OutboxChannel, Role, Ticket
from survey_service.units import kiosks
from survey_service.units import service as unit_service
from survey_service.web import security
from survey_service.web.auth import require_unit, role_required, signed_in_user
from survey_service.web.i18n import error_text
from survey_service.web.requests import unit_in_scope
from survey_service.web.urls import public_url

bp = Blueprint("counters", __name__)
STAFF_ROLES = (Role.HEAD, Role.STAFF)


def _counter(code: str) -> Counter:
    counter = unit_service.counter_by_code(get_session(), code)
    if counter is None:
        abort(404)
    require_unit(counter.unit)
    if not counter.active:
        abort(410, description=_("Loket ini sudah dipensiunkan."))
    return counter


@bp.route("/units/<code>/posters")
@role_required(*STAFF_ROLES)
def posters(code: str) -> str:
    """Every counter's poster of a unit, one per printed page (A4 or A5)."""
    unit = unit_in_scope(code)
    items = []
    for counter in unit.counters:
        if counter.active:
            url = public_url("citizen.poster", public_key=counter.public_key)
            items.append((counter, url, Markup(qr_svg(url))))  # noqa: S704 - our SVG
    return render_template("counters/posters.html", unit=unit, items=items)


@bp.route("/counters/<code>/tickets", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def issue_ticket(code: str) -> Any:
    counter = _counter(code)
    form = TicketForm()
    form.employee.choices = [SelectChoice("", _("— petugas yang bertugas —"))] + [
        SelectChoice(e.nip, e.name) for e in counter.unit.employees if e.active
    ]
    form.service.choices = [SelectChoice("", _("— ditanyakan di formulir —"))] + [
        SelectChoice(s.code, s.name) for s in counter.unit.service_types if s.active
    ]
    if not form.is_submitted() and current_user.employee is not None:
        form.employee.data = current_user.employee.nip
    if form.validate_on_submit():
        db = get_session()
        try:
            ticket, _token = tickets.issue_ticket(
                db,
                current_app.config["SECRET_KEY"],
                counter_code=counter.code,
                employee_nip=form.employee.data or None,
                service_code=form.service.data or None,
                ttl_hours=current_app.config["SURVEY_TICKET_TTL_HOURS"],
                issued_by=signed_in_user(),
                issued_from=security.address_hash(),
            )
        except DomainError as exc:
            db.rollback()
            form.employee.errors = [error_text(exc)]
        else:
            db.commit()
            return redirect(url_for("counters.print_ticket", print_key=ticket.token_id))
    return render_template("counters/issue_ticket.html", counter=counter, form=form)


def printable_ticket(print_key: str) -> Ticket:
    """The ticket at ``print_key`` if the signed-in user is its issuer or a
    head of its unit; 404 or 403 otherwise."""
    ticket = tickets.ticket_by_print_key(get_session(), print_key)
    if ticket is None:
        abort(404)
    require_unit(ticket.counter.unit)
    if not tickets.may_print(signed_in_user(), ticket):
        abort(403)
    return ticket


@bp.route("/tickets/<print_key>/print")
@role_required(*STAFF_ROLES)
def print_ticket(print_key: str) -> str:
    """The ticket as a receipt for a 58 or 80 mm thermal printer: for its
    issuer and the unit's head only, at an address nobody can count through."""
    ticket = printable_ticket(print_key)
    links = sharing.ticket_links(current_app.config["SECRET_KEY"], ticket)
    return render_template(
        "counters/ticket.html",
        ticket=ticket,
        links=links,
        qr=Markup(qr_svg(links.url, border=2)),  # noqa: S704 - our SVG
        text_form=TicketTextForm()
        if current_app.config["SURVEY_GATEWAY_URL"]
        else None,
    )


@bp.route("/counters/<code>/kiosk", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def kiosk(code: str) -> Any:
    """Make this device the counter's kiosk, then open the form.

    The tablet gets a kiosk credential and loses the staff session that set
    it up: from then on it reaches only the counter's survey form, and every
    other page asks for a sign-in.
    """
    counter = _counter(code)
    form = KioskForm()
    db = get_session()
    if form.validate_on_submit():
        token = kiosks.enable(db, counter, signed_in_user())
        logout_user()
        session.clear()
        response = redirect(
            url_for(
                "citizen.kiosk",
                public_key=counter.public_key,
                lang=current_app.config["SURVEY_DEFAULT_LANGUAGE"],
            )
        )
        response.set_cookie(
            KIOSK_COOKIE,
            token,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        )
        return response
    return render_template(
        "counters/kiosk.html",
        counter=counter,
        form=form,
        devices=kiosks.devices_of(db, counter),
        revoke_form=KioskForm(),
        can_revoke=current_user.role in (Role.HEAD, Role.ADMIN),
    )


@bp.route("/counters/<code>/kiosks/<int:device_id>/revoke", methods=["POST"])
@role_required(Role.HEAD)
def revoke_kiosk(code: str, device_id: int) -> Any:
    """A head (or admin) ends a kiosk's credential: the tablet shows the
    "not enabled" page from its next request."""
    counter = _counter(code)
    if KioskForm().validate_on_submit():
        try:
            kiosks.revoke(get_session(), counter, device_id, signed_in_user())
        except DomainError as exc:
            flash(error_text(exc), "error")
        else:
            flash(_("Kiosk dicabut."), "info")
    return redirect(url_for("counters.kiosk", code=counter.code))


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
