"""Bearer-token authentication for /api/v1: tokens carry their user's role and units."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, request
from flask_babel import gettext as _

from survey_service.accounts.service import user_for_token
from survey_service.core.db import get_session
from survey_service.core.models import Role, User


class ApiError(Exception):
    """An error answered as a JSON body: {"error": {"status", "message"}}."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def api_user() -> User:
    return g.api_user  # type: ignore[no-any-return]


def token_required(*roles: Role) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The request must carry a valid, unrevoked token of ``roles`` (or admin)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            header = request.headers.get("Authorization", "")
            scheme, _space, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise ApiError(401, _("Authorization: Bearer <token> diperlukan"))
            session = get_session()
            user = user_for_token(session, token.strip())
            if user is None:
                raise ApiError(401, _("Token tidak sah atau sudah dicabut"))
            session.commit()  # last_used_at
            if user.role is not Role.ADMIN and user.role not in roles:
                raise ApiError(403, _("Peran token ini tidak boleh memakai fungsi ini"))
            g.api_user = user
            return view(*args, **kwargs)

        return wrapped

    return decorator
