"""The JSON API under /api/v1 (bearer tokens from `flask --app wsgi tokens create`)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, request

from survey_service.api.auth import ApiError, api_user, token_required
from survey_service.db import get_session
from survey_service.models import Role
from survey_service.security import csrf
from survey_service.services import DomainError, NotFoundError, tickets
from survey_service.services import units as unit_service
from survey_service.services.accounts import can_access_unit
from survey_service.urls import public_url

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # token-authenticated, no cookies: CSRF does not apply


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError) -> tuple[dict[str, Any], int]:
    return {"error": {"status": exc.status, "message": exc.message}}, exc.status


def _json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "Badan permintaan harus objek JSON")
    return body


def _optional_str(body: dict[str, Any], key: str, max_length: int = 64) -> str | None:
    value = body.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > max_length:
        raise ApiError(400, f"'{key}' harus teks (paling banyak {max_length} karakter)")
    return value


@bp.post("/tickets")
@token_required(Role.HEAD, Role.STAFF)
def issue_ticket() -> tuple[dict[str, Any], int]:
    """Issue a one-time survey ticket for a counter (queue-ticket machines)."""
    body = _json_body()
    counter_code = _optional_str(body, "counter")
    if counter_code is None:
        raise ApiError(400, "'counter' (kode loket) wajib diisi")
    session = get_session()
    counter = unit_service.counter_by_code(session, counter_code)
    if counter is None or not can_access_unit(api_user(), counter.unit_id):
        raise ApiError(404, f"Loket {counter_code} tidak ditemukan")
    try:
        ticket, token = tickets.issue_ticket(
            session,
            current_app.config["SECRET_KEY"],
            counter_code=counter_code,
            employee_nip=_optional_str(body, "employee"),
            service_code=_optional_str(body, "service"),
            ttl_hours=current_app.config["SURVEY_TICKET_TTL_HOURS"],
            issued_by=api_user(),
        )
    except NotFoundError as exc:
        raise ApiError(404, str(exc)) from None
    except DomainError as exc:
        raise ApiError(400, str(exc)) from None
    session.commit()
    return {
        "ticket_id": ticket.id,
        "url": public_url("citizen.ticket", token=token),
        "expires_at": ticket.expires_at.isoformat(),
        "counter": counter.code,
    }, 201
