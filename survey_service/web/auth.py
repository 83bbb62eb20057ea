"""Staff sign-in, and the one place that decides who may open which page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import Flask, Response, abort, current_app, session
from flask_babel import gettext
from flask_login import LoginManager, current_user, login_required

from survey_service.core import clock, scope
from survey_service.core.db import get_session
from survey_service.core.models import Role, Unit, User
from survey_service.core.skm import N_
from survey_service.web import security


class _LoginManager(LoginManager):
    """Flask-Login, whose "strong" session protection applies to sessions
    that name a user. A citizen's session holds only its form's CSRF secret:
    Flask-Login took it for a stolen one on every page that asks who is
    signed in, emptied it, and answered with a rewritten session and a
    cleared remember-me cookie. A session without a user is treated as Flask-Login
    treats an empty one: there is nobody to protect."""

    def _session_protection_failed(self) -> bool:
        if "_user_id" not in session:
            return False
        return bool(super()._session_protection_failed())


login_manager = _LoginManager()


def init_login(app: Flask) -> None:
    """Flask-Login, its remember-me hook asked only where there is a session:
    on a request without one (a citizen's form, a probe) it would do nothing
    but look."""
    login_manager.init_app(app)
    remember = login_manager._update_remember_cookie

    def update_remember_cookie(response: Response) -> Response:
        # Only a request that brought a session can hold a remember-me order
        # (signing in or out); asking this way leaves the session unread.
        if not security.carries_session():
            return response
        return remember(response)  # type: ignore[no-any-return]

    security.replace_hook(app, remember, update_remember_cookie)


login_manager.login_view = "auth.login"
login_manager.login_message = N_("Silakan masuk untuk membuka halaman ini.")
login_manager.localize_callback = gettext
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"

P = ParamSpec("P")
R = TypeVar("R")


SIGNED_IN_AT, SEEN_AT = "signed_in_at", "seen_at"
SEEN_RESOLUTION = 60  # seconds: the cookie is rewritten at most once a minute


def start_session() -> None:
    """Stamp a fresh sign-in: the idle and absolute lifetimes count from now."""
    now = clock.timestamp()
    session[SIGNED_IN_AT] = session[SEEN_AT] = now


def _session_is_current() -> bool:
    """Whether the session is within its idle timeout and absolute lifetime
    (SURVEY_SESSION_IDLE_SECONDS, SURVEY_SESSION_MAX_SECONDS); keeps it alive."""
    now = clock.timestamp()
    signed_in, seen = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    if not isinstance(signed_in, int) or not isinstance(seen, int):
        return False  # a session from before lifetimes existed: sign in again
    cfg = current_app.config
    if now - signed_in > cfg["SURVEY_SESSION_MAX_SECONDS"]:
        return False
    if now - seen > cfg["SURVEY_SESSION_IDLE_SECONDS"]:
        return False
    if now - seen >= SEEN_RESOLUTION:
        session[SEEN_AT] = now
    return True


@login_manager.user_loader
def _load_user(session_id: str) -> User | None:
    """The user of a session, if it is still valid: ``id:nonce`` must match the
    account's current nonce (sign-out, password change, deactivation and a
    change of role change it), and the session must be within its lifetimes."""
    user_id, _, nonce = session_id.partition(":")
    try:
        user = get_session().get(User, int(user_id))
    except ValueError:
        return None
    if user is None or not user.active or nonce != (user.session_nonce or ""):
        return None
    if not _session_is_current():
        return None
    return user


def role_required(*roles: Role) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Only signed-in users with one of ``roles`` (admins always) get through; 403."""

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        @login_required
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            if current_user.role is not Role.ADMIN and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def signed_in_user() -> User:
    """The signed-in user as the account itself (not Flask-Login's proxy), for
    services that record who acted."""
    user: User = current_user._get_current_object()
    return user


def require_unit(unit: Unit | None, action: scope.Action = scope.Action.VIEW) -> Unit:
    """``unit`` if the signed-in user may ``action`` it (core.scope); 404 if
    absent, 403 if out of scope."""
    if unit is None:
        abort(404)
    if not scope.may(current_user, action, unit.id):
        abort(403)
    return unit
