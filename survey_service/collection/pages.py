"""The citizen's form as a page: context of a counter, the client and its
limits, the cached fresh form, storing a submission, and the outage guard.
The routes are in views.py (and offline.py for the kiosk's queue)."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import wraps
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from flask import (
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import escape
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug import Response as HttpResponse

from survey_service.collection import submissions, tickets
from survey_service.collection.forms import (
    SUBMISSION_KEY,
    SurveyFormBase,
    survey_form,
)
from survey_service.core import periods, skm
from survey_service.core.clock import now_utc
from survey_service.core.db import get_session
from survey_service.core.hashing import daily_hash
from survey_service.core.models import (
    Channel,
    Counter,
    KioskDevice,
    ResponseStatus,
    Ticket,
    Unit,
)
from survey_service.questionnaires import service as questionnaires
from survey_service.units import kiosks
from survey_service.units import service as unit_service
from survey_service.web import security
from survey_service.web.i18n import current_language, error_text, large_text, speaking
from survey_service.web.ratelimit import limiter

SHORT_CODE_MISSES_PER_HOUR = 20

DEVICE_COOKIE = "skm_d"
KIOSK_COOKIE = "skm_kiosk"


@dataclass
class Context:
    """What the URL says about the rating: counter, channel, maybe ticket."""

    counter: Counter
    channel: Channel
    ticket: Ticket | None = None
    action: str = ""
    kiosk_key: str = ""  # a kiosk's key for the answers it keeps offline


def problem_page(status: int, title: str, message: str) -> tuple[str, int]:
    return render_template("citizen/problem.html", title=title, message=message), status


RETIRED_COUNTER = skm.N_(
    "Loket ini sudah tidak melayani survei. Silakan pindai kode QR di loket "
    "tempat Anda dilayani hari ini."
)


def counter_or_404(public_key: str) -> Counter:
    counter, g.newest_version_id = unit_service.counter_for_form(
        get_session(), public_key
    )
    if counter is None:
        abort(404)
    if not counter.active or not counter.unit.active:  # an old poster
        abort(410, description=_(RETIRED_COUNTER))
    return counter


def kiosk_device(counter: Counter) -> KioskDevice | None:
    """This device's kiosk credential for ``counter`` (unrevoked), or None."""
    return kiosks.device_for(get_session(), counter, request.cookies.get(KIOSK_COOKIE))


def client_of_request() -> submissions.Client:
    secret = current_app.config["SECRET_KEY"]
    day = periods.local_date(now_utc(), current_app.config["TIMEZONE"])
    address = request.remote_addr or "unknown"
    # Without its cookie a phone is known by address and browser together, so
    # two cookieless phones behind one office address are still two devices.
    device = (
        request.cookies.get(DEVICE_COOKIE)
        or f"no-cookie:{address}:{request.user_agent.string[:200]}"
    )
    return submissions.Client(
        address_hash=security.address_hash(),
        device_hash=daily_hash(secret, "device", device, day),
        signed_in_user_id=_signed_in_user_id(),
    )


def _signed_in_user_id() -> int | None:
    """The staff member signed in on this browser, if any. A citizen's
    session (it holds only the form's CSRF secret) loads no user: Flask-Login
    would treat it as a session that failed its protection, empty it, and
    answer with a cleared remember-me cookie and a rewritten session."""
    if not security.signed_in_browser() or not current_user.is_authenticated:
        return None
    return int(current_user.id)


def limits_of_config() -> submissions.Limits:
    cfg = current_app.config
    return submissions.Limits(
        submit_interval=cfg["SURVEY_SUBMIT_INTERVAL_SECONDS"],
        burst_limit=cfg["SURVEY_BURST_LIMIT"],
        kiosk_interval=cfg["SURVEY_KIOSK_INTERVAL_SECONDS"],
        address_hourly_limit=cfg["SURVEY_ADDRESS_HOURLY_LIMIT"],
        pattern_repeat_limit=cfg["SURVEY_PATTERN_REPEAT_LIMIT"],
        pattern_window=cfg["SURVEY_PATTERN_WINDOW_SECONDS"],
        ticket_min_seconds=cfg["SURVEY_TICKET_MIN_SECONDS"],
    )


def with_device_cookie(response: HttpResponse) -> HttpResponse:
    if not request.cookies.get(DEVICE_COOKIE):
        response.set_cookie(
            DEVICE_COOKIE,
            secrets.token_urlsafe(16),
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        )
    return response


# A fresh form is the same page for everyone at a counter but for its two
# one-time values: rendered once per counter, language and questionnaire
# version (every input of the page is in the key, so an edit makes a new
# entry), then the values are put in. Bounded: cleared when full.
_FRESH_PAGES: dict[tuple[object, ...], str] = {}
_FRESH_PAGES_MAX = 512
_CSRF_SLOT, _KEY_SLOT = "csrf-slot-5a1f0c", "key-slot-93be27"
_ACTION_SLOT = "/action-slot-c4d2e8"
_KIOSK_KEY_SLOT = "kiosk-key-slot-7e0b44"


ServiceChoices = tuple[tuple[int, str], ...] | None


def fresh_page(
    ctx: Context, version: questionnaires.Version, service_types: ServiceChoices
) -> HttpResponse:
    """GET: a fresh form, from the page cache."""
    kiosk = ctx.channel is Channel.KIOSK
    key = (
        version,
        current_language(),
        service_types,
        ctx.counter.id,
        ctx.counter.name,
        ctx.counter.unit.name,
        ctx.channel,
        kiosk,
        large_text(),
    )
    token = generate_csrf()  # the session keeps its raw half, as for any form
    page = _FRESH_PAGES.get(key)
    if page is None:
        form = survey_form(version, current_language(), service_types)
        form.csrf_token.current_token = _CSRF_SLOT
        form.submission_key.data = _KEY_SLOT
        page = form_page(
            replace(ctx, action=_ACTION_SLOT, kiosk_key=_KIOSK_KEY_SLOT), form
        )
        if len(_FRESH_PAGES) >= _FRESH_PAGES_MAX:
            _FRESH_PAGES.clear()
        _FRESH_PAGES[key] = page
    body = (
        page.replace(_CSRF_SLOT, token)
        .replace(_KEY_SLOT, secrets.token_urlsafe(24))
        .replace(_ACTION_SLOT, str(escape(ctx.action)))
        .replace(_KIOSK_KEY_SLOT, ctx.kiosk_key)
    )
    return with_device_cookie(current_app.make_response((body, 200)))


def render_page(
    ctx: Context, form: SurveyFormBase, status: int = 200, notice: str | None = None
) -> HttpResponse:
    body = form_page(ctx, form, notice)
    return with_device_cookie(current_app.make_response((body, status)))


def kiosk_fresh_url(counter: Counter) -> str:
    """Where a kiosk goes for the next citizen: a fresh form in the default
    language and the normal text size, whatever the last citizen chose."""
    return url_for(
        "citizen.kiosk",
        public_key=counter.public_key,
        lang=current_app.config["SURVEY_DEFAULT_LANGUAGE"],
        teks="biasa",
    )


def form_page(ctx: Context, form: SurveyFormBase, notice: str | None = None) -> str:
    kiosk = ctx.channel is Channel.KIOSK
    return render_template(
        "citizen/form.html",
        form=form,
        counter=ctx.counter,
        unit=ctx.counter.unit,
        channel=ctx.channel.value,
        action=ctx.action,
        notice=notice,
        comment_max=skm.COMMENT_MAX_LENGTH,
        kiosk_reset_url=kiosk_fresh_url(ctx.counter) if kiosk else None,
        kiosk_idle_seconds=current_app.config["SURVEY_KIOSK_IDLE_SECONDS"],
        kiosk_reset_seconds=current_app.config["SURVEY_KIOSK_RESET_SECONDS"],
        kiosk_key=ctx.kiosk_key,
        version_id=form.version_id,
    )


def citizen_page(
    version: questionnaires.Version,
    unit: Unit,
    language: str,
    *,
    preview: bool = False,
) -> str:
    """The form of ``version`` in ``language`` as a poster of ``unit`` shows it
    (a preview cannot be sent): for the questionnaire editor."""
    with speaking(language):
        choices = tuple((s.id, s.name) for s in unit.service_types if s.active) or None
        form = survey_form(version, language, choices)
        form.submission_key.data = secrets.token_urlsafe(24)
        somewhere = SimpleNamespace(name=_("Loket contoh"), public_key="")
        return render_template(
            "citizen/form.html",
            form=form,
            counter=somewhere,
            unit=unit,
            channel=Channel.POSTER.value,
            action="",
            comment_max=skm.COMMENT_MAX_LENGTH,
            version_id=version.id,
            preview=preview,
        )


_ASSET = re.compile(r'(?:href|src)="/static/([^"?]+)')


def page_weight(version: questionnaires.Version, unit: Unit) -> int:
    """The bytes a phone loads for ``version``'s form, with its stylesheet and
    scripts, in the heaviest language (what the page budget bounds)."""
    heaviest = 0
    static = Path(current_app.static_folder or "static")
    for language in current_app.config["LANGUAGES"]:
        page = citizen_page(version, unit, language)
        assets = sum(
            (static / name).stat().st_size
            for name in set(_ASSET.findall(page))
            if (static / name).is_file()
        )
        heaviest = max(heaviest, len(page.encode()) + assets)
    return heaviest


def survey_page(ctx: Context) -> HttpResponse | tuple[str, int]:
    """GET: a fresh form. POST: validate, store once, redirect to thank-you."""
    db = get_session()
    # A POST is read with the version its form showed, even one replaced since.
    version = questionnaires.accepted_version(
        db,
        posted_version() if request.method == "POST" else None,
        ctx.counter.unit_id,
        g.get("newest_version_id"),
    )
    if version is None:
        abort(503)
    service_types = service_choices(ctx)
    if request.method == "GET":
        if ctx.channel is Channel.POSTER:  # told before answering, not after
            refusal = submissions.too_soon_for_device(
                limiter(), ctx.counter, client_of_request(), limits_of_config()
            )
            if refusal is not None:
                told = current_app.make_response(
                    problem_page(429, _("Terima kasih!"), error_text(refusal))
                )
                told.headers["Retry-After"] = str(refusal.retry_after)
                return told
        return fresh_page(ctx, version, service_types)
    form = survey_form(version, current_language(), service_types)
    if not form.validate():
        if SUBMISSION_KEY.match(form.submission_key.data or ""):
            done = submissions.existing(db, form.submission_key.data or "")
            if done is not None:  # a re-sent POST after it was stored
                return redirect(url_for("citizen.thanks", key=done.submission_key))
        if not form.submission_key.data or form.submission_key.errors:
            form.submission_key.data = secrets.token_urlsafe(24)
        notice = None
        if form.csrf_token.errors:
            # A form left open for long: keep every answer, take a fresh token.
            form.csrf_token.errors = []
            notice = _(
                "Formulir sudah lama terbuka. Jawaban Anda masih tersimpan "
                "di halaman ini; silakan tekan Kirim sekali lagi."
            )
        return render_page(ctx, form, 400 if not notice else 200, notice)
    sub = submission_of(ctx, form, version, service_types)
    try:
        store(sub, now_utc())
    except submissions.RateLimitedError as exc:
        response = render_page(ctx, form, 429, error_text(exc))
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except tickets.TicketUsedError:
        return problem_page(
            409,
            _("Tiket sudah dipakai"),
            _("Tiket ini sudah dipakai untuk mengisi survei. Terima kasih!"),
        )
    # The key sent is the stored response's (a repeat returns the first, which
    # has the same key): the committed row need not be read again.
    return redirect(url_for("citizen.thanks", key=sub.submission_key))


def posted_version() -> int | None:
    """The questionnaire version a posted form showed (its field ``v``)."""
    value = request.form.get("v", "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def submission_of(
    ctx: Context,
    form: SurveyFormBase,
    version: questionnaires.Version,
    service_types: ServiceChoices,
) -> submissions.Submission:
    """What a valid form says, as a submission for ``ctx``."""
    service_type_id = ctx.ticket.service_type_id if ctx.ticket else None
    if service_types is not None:
        service_type_id = int(form.service_type.data)
    return submissions.Submission(
        counter=ctx.counter,
        channel=ctx.channel,
        ticket=ctx.ticket,
        scores={f.upper(): getattr(form, f).data for f in form.element_fields},
        submission_key=form.submission_key.data or "",
        service_type_id=service_type_id,
        comment=(form.comment.data or "").strip() or None,
        age_years=form.age_years.data,
        sex=form.sex.data,
        education=form.education.data,
        occupation=form.occupation.data,
        questionnaire_id=version.id,
        answers=form.own_answers(),
    )


def store(sub: submissions.Submission, now: dt.datetime) -> ResponseStatus | None:
    """Store ``sub`` once, with this request's client, limits and time zone
    (returns and raises what submissions.submit_response does)."""
    return submissions.submit_response(
        get_session(),
        sub,
        client_of_request(),
        store=limiter(),
        limits=limits_of_config(),
        tz=current_app.config["TIMEZONE"],
        now=now,
    )


def service_choices(ctx: Context) -> ServiceChoices:
    """The unit's service types to choose from, unless a ticket names one."""
    if ctx.ticket is not None and ctx.ticket.service_type_id is not None:
        return None
    return (
        tuple((s.id, s.name) for s in ctx.counter.unit.service_types if s.active)
        or None
    )


def ticket_problem(exc: Exception) -> tuple[str, int]:
    if isinstance(exc, tickets.TicketUsedError):
        return problem_page(
            409,
            _("Tiket sudah dipakai"),
            _(
                "Tiket ini sudah dipakai untuk mengisi survei. Setiap tiket "
                "hanya dapat dipakai sekali. Terima kasih atas penilaian Anda!"
            ),
        )
    if isinstance(exc, tickets.TicketExpiredError):
        return problem_page(
            410,
            _("Tiket sudah kedaluwarsa"),
            _(
                "Masa berlaku tiket ini sudah habis. Anda tetap dapat menilai "
                "layanan dengan memindai QR pada poster di loket."
            ),
        )
    return problem_page(
        404,
        _("Tiket tidak dikenal"),
        _(
            "Kode pada tiket ini tidak dapat dibaca atau tidak terdaftar. "
            "Periksa kembali alamat yang Anda ketik, atau pindai QR pada "
            "poster di loket."
        ),
    )


def outage_safe(view: Any) -> Any:
    """On a POST while the database is down, show the citizen's answers again.

    The counter cannot be read, but the questionnaire this process has cached
    can: the form comes back with every answer and its submission key, so
    pressing Send later stores it once. Without a cached version: the plain 503.
    """

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except OperationalError:
            version = questionnaires.cached_version(get_session(), posted_version())
            if request.method != "POST" or version is None:
                raise
            with suppress(DBAPIError):
                get_session().rollback()
            form = survey_form(version, current_language(), None)
            form.validate()  # keeps the posted answers; errors are not shown
            for field in form:
                field.errors = []
            somewhere = SimpleNamespace(name=_("Survei Kepuasan Masyarakat"))
            body = render_template(
                "citizen/form.html",
                form=form,
                counter=somewhere,
                unit=somewhere,
                channel="",
                action=request.path,
                comment_max=skm.COMMENT_MAX_LENGTH,
                notice=_(
                    "Layanan sedang sibuk, coba lagi sebentar lagi. Jawaban Anda "
                    "masih ada di bawah: tekan Kirim lagi dalam satu atau dua "
                    "menit."
                ),
            )
            return body, 503

    return wrapped
