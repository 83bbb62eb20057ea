"""Staff sign-in, and the one place that decides who may open which page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort
from flask_login import LoginManager, current_user, login_required

from survey_service.db import get_session
from survey_service.models import Role, Unit, User
from survey_service.services.accounts import can_access_unit

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Silakan masuk untuk membuka halaman ini."
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"

P = ParamSpec("P")
R = TypeVar("R")


@login_manager.user_loader
def _load_user(session_id: str) -> User | None:
    """The user of a session, if it is still valid: ``id:nonce`` must match the
    account's current nonce (sign-out and deactivation change it)."""
    user_id, _, nonce = session_id.partition(":")
    try:
        user = get_session().get(User, int(user_id))
    except ValueError:
        return None
    if user is None or not user.active or nonce != (user.session_nonce or ""):
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

        return wrapped  # type: ignore[return-value]

    return decorator


def require_unit(unit: Unit | None) -> Unit:
    """``unit`` if the signed-in user may see it; 404 if absent, 403 if out of scope."""
    if unit is None:
        abort(404)
    if not can_access_unit(current_user, unit.id):
        abort(403)
    return unit
