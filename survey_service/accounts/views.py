"""Sign in and sign out."""

from __future__ import annotations

import hashlib
import hmac
import math
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug import Response

from survey_service.accounts import service as accounts
from survey_service.accounts.forms import (
    LoginForm,
    LogoutForm,
    PasswordForm,
    RevokeForm,
    TokenForm,
)
from survey_service.core import audit
from survey_service.core.db import get_session
from survey_service.core.errors import DomainError
from survey_service.web import ratelimit
from survey_service.web.auth import signed_in_user, start_session
from survey_service.web.i18n import error_text
from survey_service.web.security import signed_in_browser

bp = Blueprint("auth", __name__)


@bp.app_context_processor
def _sign_out_form() -> dict[str, object]:
    # Never bound to the request: an error page for an oversized or broken
    # POST must not read the body again.
    if not current_user.is_authenticated:
        return {"logout_form": None}
    return {"logout_form": LogoutForm(formdata=None)}


def _keyed(*parts: str) -> str:
    """A keyed hash (HMAC under SECRET_KEY) of ``parts``: what a throttle entry
    is stored under, so neither a name nor an address can be read back from
    Redis, not even by trying every IPv4 address."""
    message = "\0".join(parts).encode()
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def _throttle_keys(username: str) -> tuple[str, str]:
    """Per name and address (a guesser cannot lock a head out from elsewhere),
    and per address whatever the names (password spraying)."""
    address = request.remote_addr or ""
    name = username.strip().lower()[:64]
    return f"login:{_keyed(name, address)}", f"login-from:{_keyed(address)}"


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the login page cannot be used to redirect away.

    Browsers drop tabs and newlines from a URL and read a backslash as a slash,
    so "/%09/evil.example" would become "//evil.example": control characters and
    whitespace are removed first, then the result must parse as a bare path.
    """
    cleaned = "".join(
        ch for ch in target or "" if ch.isprintable() and not ch.isspace()
    )
    cleaned = cleaned.replace("\\", "/")
    parts = urlsplit(cleaned)
    if (
        cleaned.startswith("/")
        and not cleaned.startswith("//")
        and not parts.scheme
        and not parts.netloc
    ):
        return cleaned
    return url_for("main.home")


# What a user whose password was reset may still open before choosing a new one.
OPEN_WHILE_PASSWORD_MUST_CHANGE = {
    "auth.password",
    "auth.logout",
    "static",
    "main.favicon",
    "main.livez",
    "main.healthz",
}


@bp.before_app_request
def _new_password_first() -> Response | None:
    """After an admin's reset, every page leads to the password form first.
    A request without a signed-in session (a citizen, a probe) loads no user."""
    if not signed_in_browser() or request.endpoint in OPEN_WHILE_PASSWORD_MUST_CHANGE:
        return None
    if current_user.is_authenticated and current_user.password_must_change:
        flash(
            _("Kata sandi Anda direset oleh admin. Buat kata sandi baru untuk lanjut."),
            "info",
        )
        return redirect(url_for("auth.password"))
    return None


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        cfg = current_app.config
        window = cfg["SURVEY_LOGIN_WINDOW_SECONDS"]
        name_key, address_key = _throttle_keys(form.username.data or "")
        store = ratelimit.limiter()
        # Each attempt is counted before the password is checked, atomically:
        # forty guesses sent at once get at most the allowed number of checks.
        limit = (cfg["SURVEY_LOGIN_MAX_FAILURES"], window)
        within_name = store.allow(name_key, *limit)
        within_address = store.allow(
            address_key, cfg["SURVEY_LOGIN_ADDRESS_MAX_ATTEMPTS"], window
        )
        if not within_name:
            return _too_many_attempts(form, window)
        db = get_session()
        user = accounts.authenticate(
            db, form.username.data or "", form.password.data or ""
        )
        # The address limit stops guessing across many names (spraying), but on
        # an office's shared address it must not lock out a colleague who knows
        # their password: over it, only a wrong password is refused.
        if user is None and not within_address:
            return _too_many_attempts(form, window)
        if user is None:
            form.form_errors.append(_("Nama pengguna atau kata sandi salah."))
            return render_template("auth/login.html", form=form), 200
        store.clear(name_key, *limit)  # a right password forgives the name's tries
        # A fresh session at login: nothing set before sign-in survives it.
        session.clear()
        login_user(user)
        start_session()
        audit.record(db, user, "auth.login")
        db.commit()
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


def _too_many_attempts(form: LoginForm, window: int) -> tuple[str, int]:
    minutes = math.ceil(window / 60)
    form.form_errors.append(
        _(
            "Terlalu banyak percobaan masuk. Coba lagi dalam %(minutes)s menit.",
            minutes=minutes,
        )
    )
    return render_template("auth/login.html", form=form), 429


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    form = LogoutForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        db = get_session()
        user = signed_in_user()
        accounts.end_sessions(user)  # the old cookie stops working, everywhere
        audit.record(db, user, "auth.logout")
        db.commit()
        logout_user()
        session.clear()
        flash(_("Anda telah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def tokens() -> Response | str:
    """A user's own API tokens: create one (shown once), see and revoke the others."""
    db = get_session()
    user = signed_in_user()
    form = TokenForm()
    created = None
    may_create = user.role in accounts.API_ROLES
    if request.method == "POST" and not may_create:
        abort(403)
    if form.validate_on_submit():
        _token, created = accounts.create_api_token(db, user, form.name.data or "")
        db.commit()
    return render_template(
        "auth/tokens.html",
        form=form if may_create else None,
        created=created,
        tokens=accounts.tokens_of(db, user),
        revoke_form=RevokeForm(),
    )


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int) -> Response:
    db = get_session()
    user = signed_in_user()
    if RevokeForm().validate_on_submit():
        if token_id not in {t.id for t in accounts.tokens_of(db, user)}:
            abort(404)
        accounts.revoke_api_token(db, token_id, actor=user)
        db.commit()
        flash(_("Token dicabut."), "info")
    return redirect(url_for("auth.tokens"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password() -> Response | str:
    """Change one's own password: every other session and API token ends."""
    form = PasswordForm()
    if form.validate_on_submit():
        db = get_session()
        user = signed_in_user()
        try:
            accounts.change_password(
                db, user, form.current.data or "", form.new.data or ""
            )
        except DomainError as exc:
            db.rollback()
            form.new.errors = [error_text(exc)]
        else:
            db.commit()
            session.clear()
            login_user(user)  # this browser stays signed in with the new nonce
            start_session()  # proved by the password: its lifetimes start again
            flash(
                _(
                    "Kata sandi diganti. Sesi lain dan token API akun ini "
                    "sudah berakhir."
                ),
                "info",
            )
            return redirect(url_for("main.home"))
    return render_template("auth/password.html", form=form)
