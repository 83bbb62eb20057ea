"""The citizen's survey: poster (/s/KEY), ticket (/t/TOKEN) and kiosk (/k/KEY).

No account and nothing that identifies the citizen. Every rendered form carries
a one-time submission key, so a double tap or a re-sent POST stores one response
and shows the same thank-you page.
"""

from __future__ import annotations

from http import HTTPStatus
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
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from werkzeug import Response as HttpResponse

from survey_service.collection import submissions, tickets
from survey_service.collection.forms import (
    SUBMISSION_KEY,
    CallbackForm,
)
from survey_service.collection.pages import (
    SHORT_CODE_MISSES_PER_HOUR,
    Context,
    citizen_page,
    counter_or_404,
    kiosk_device,
    kiosk_fresh_url,
    outage_safe,
    page_weight,
    problem_page,
    survey_page,
    ticket_problem,
)
from survey_service.core.clock import now_utc
from survey_service.core.db import get_session
from survey_service.core.errors import DomainError
from survey_service.core.models import (
    Channel,
    Response,
)
from survey_service.followup import callbacks
from survey_service.questionnaires.editing import CitizenPage
from survey_service.units import kiosks
from survey_service.web import security
from survey_service.web.i18n import error_text
from survey_service.web.ratelimit import limiter
from survey_service.web.security import csrf

bp = Blueprint("citizen", __name__)


@bp.record_once
def _show_the_editor_the_page(state: BlueprintSetupState) -> None:
    """The questionnaire editor (a lower domain) previews and weighs the
    citizen's page with these."""
    state.app.extensions["survey_citizen_page"] = CitizenPage(
        render=citizen_page, weigh=page_weight
    )


# Unknown short ticket codes one address may type in an hour.
@bp.route("/s/<public_key>", methods=["GET", "POST"])
@csrf.exempt  # checked by the form itself, so an expired token keeps the answers
@outage_safe
def poster(public_key: str) -> Any:
    counter = counter_or_404(public_key)
    return survey_page(
        Context(
            counter,
            Channel.POSTER,
            action=url_for("citizen.poster", public_key=public_key),
        )
    )


@bp.route("/t/<token>", methods=["GET", "POST"])
@csrf.exempt
@outage_safe
def ticket(token: str) -> Any:
    db = get_session()
    if tickets.short_code_of(token) is not None:  # typed from a receipt or a text
        # Codes are too many to guess, and guessing is slowed down further.
        guesses = f"short-code-misses:{security.address_hash()}"
        if not limiter().within(guesses, SHORT_CODE_MISSES_PER_HOUR, 3600):
            return problem_page(
                429,
                _("Terlalu banyak percobaan"),
                _("Terlalu banyak kode yang salah. Coba lagi dalam satu jam."),
            )
        typed = tickets.ticket_by_short_code(db, token)
        if typed is None:
            limiter().allow(guesses, SHORT_CODE_MISSES_PER_HOUR, 3600)
            return ticket_problem(tickets.TicketInvalidError())
        full = tickets.token_for(current_app.config["SECRET_KEY"], typed)
        return redirect(url_for("citizen.ticket", token=full))
    try:
        found = tickets.ticket_for_token(db, current_app.config["SECRET_KEY"], token)
    except (
        tickets.TicketInvalidError,
        tickets.TicketExpiredError,
        tickets.TicketUsedError,
    ) as exc:
        if request.method == "POST":
            key = request.form.get("submission_key", "")
            done = submissions.existing(db, key) if SUBMISSION_KEY.match(key) else None
            if done is not None:  # the ticket was used by this very form
                return redirect(url_for("citizen.thanks", key=done.submission_key))
        return ticket_problem(exc)
    if not found.counter.active:
        return ticket_problem(tickets.TicketInvalidError())
    return survey_page(
        Context(
            found.counter,
            Channel.TICKET,
            ticket=found,
            action=url_for("citizen.ticket", token=token),
        )
    )


@bp.route("/k/<public_key>", methods=["GET", "POST"])
@csrf.exempt
@outage_safe
def kiosk(public_key: str) -> Any:
    counter = counter_or_404(public_key)
    device = kiosk_device(counter)
    if device is None:
        return problem_page(
            403,
            _("Mode kiosk belum diaktifkan"),
            _(
                "Perangkat ini belum diaktifkan sebagai kiosk loket ini. "
                "Petugas dapat mengaktifkannya dari halaman unit."
            ),
        )
    kiosks.record_contact(
        get_session(),
        device,
        now_utc(),
        current_app.config["SURVEY_KIOSK_IDLE_SECONDS"],
    )
    result = survey_page(
        Context(
            counter,
            Channel.KIOSK,
            action=url_for("citizen.kiosk", public_key=public_key),
            kiosk_key=kiosks.answer_key(current_app.config["SECRET_KEY"], device),
        )
    )
    if request.method == "POST" and getattr(result, "status_code", 0) == 302:
        kiosks.mark_used(get_session(), device)  # a response was stored
    return result


@bp.route("/terima-kasih/<key>")
def thanks(key: str) -> Any:
    response = (
        submissions.existing(get_session(), key) if SUBMISSION_KEY.match(key) else None
    )
    if response is None:
        abort(404)
    return thanks_page(response)


def thanks_page(
    response: Response,
    callback_form: CallbackForm | None = None,
    status: int = HTTPStatus.OK,
) -> tuple[str, int]:
    """The thank-you page; after a low rating it points to SP4N-LAPOR! and
    offers a callback (outreach.callbacks)."""
    kiosk_url = None
    if response.channel is Channel.KIOSK:
        kiosk_url = kiosk_fresh_url(response.counter)
    db = get_session()
    offer = callbacks.may_request(response) and callbacks.existing(db, response) is None
    return render_template(
        "citizen/thanks.html",
        unit=response.unit,
        counter=response.counter,
        kiosk_url=kiosk_url,
        reset_seconds=current_app.config["SURVEY_KIOSK_RESET_SECONDS"],
        low=callbacks.is_low(response),
        lapor_url=callbacks.LAPOR_URL,
        callback_form=(callback_form or CallbackForm()) if offer else None,
        callback_action=url_for(
            "citizen.request_callback", key=response.submission_key
        ),
    ), status


@bp.route("/terima-kasih/<key>/dihubungi", methods=["POST"])
def request_callback(key: str) -> HttpResponse | tuple[str, int]:
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
