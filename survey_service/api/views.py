"""The JSON API under /api/v1 (bearer tokens from `flask --app wsgi tokens create`)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, request
from flask_babel import gettext as _

from survey_service.api.auth import ApiError, api_user, token_required
from survey_service.appraisal import service as appraisal
from survey_service.collection import sharing, tickets
from survey_service.core import periods, scope
from survey_service.core.db import get_session
from survey_service.core.errors import DomainError, NotFoundError
from survey_service.core.models import Role, Unit
from survey_service.questionnaires import results as own_results
from survey_service.results.aggregates import (
    GroupBy,
    figures_of,
    group_sums,
    version_spans,
)
from survey_service.units import service as unit_service
from survey_service.web import security
from survey_service.web.i18n import error_text
from survey_service.web.requests import local_today
from survey_service.web.security import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # token-authenticated, no cookies: CSRF does not apply


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError) -> tuple[dict[str, Any], int]:
    return {"error": {"status": exc.status, "message": exc.message}}, exc.status


def _json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, _("Badan permintaan harus objek JSON"))
    return body


def _optional_str(body: dict[str, Any], key: str, max_length: int = 64) -> str | None:
    value = body.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > max_length or "\x00" in value:
        raise ApiError(
            400,
            _(
                "'%(key)s' harus teks (paling banyak %(limit)s karakter)",
                key=key,
                limit=max_length,
            ),
        )
    return value


@bp.post("/tickets")
@token_required(Role.HEAD, Role.STAFF)
def issue_ticket() -> tuple[dict[str, Any], int]:
    """Issue a one-time survey ticket for a counter (queue-ticket machines)."""
    body = _json_body()
    counter_code = _optional_str(body, "counter")
    if counter_code is None:
        raise ApiError(400, _("'counter' (kode loket) wajib diisi"))
    session = get_session()
    counter = unit_service.counter_by_code(session, counter_code)
    if counter is None:
        raise ApiError(
            404, _("Loket %(counter)s tidak ditemukan", counter=counter_code)
        )
    if not scope.may(api_user(), scope.Action.VIEW, counter.unit_id):
        raise ApiError(
            403, _("Loket %(counter)s di luar wewenang token ini", counter=counter_code)
        )
    try:
        ticket, _token = tickets.issue_ticket(
            session,
            current_app.config["SECRET_KEY"],
            counter_code=counter_code,
            employee_nip=_optional_str(body, "employee"),
            service_code=_optional_str(body, "service"),
            ttl_hours=current_app.config["SURVEY_TICKET_TTL_HOURS"],
            issued_by=api_user(),
            issued_from=security.address_hash(),
        )
    except NotFoundError as exc:
        raise ApiError(404, error_text(exc)) from None
    except DomainError as exc:
        raise ApiError(400, error_text(exc)) from None
    session.commit()
    links = sharing.ticket_links(current_app.config["SECRET_KEY"], ticket)
    return {
        "ticket_id": ticket.id,
        "url": links.url,
        "short_url": links.short_url,
        "whatsapp_url": links.whatsapp_url,
        "expires_at": ticket.expires_at.isoformat(),
        "counter": counter.code,
    }, 201


def _api_period(
    kinds: tuple[str, ...] = ("month", "quarter", "semester", "year"),
) -> periods.Period:
    key = request.args.get("period") or request.args.get("week") or ""
    today = local_today()
    try:
        if not key:  # the API names its period: no default
            raise periods.PeriodError(periods.UNKNOWN_PERIOD, key="")
        return periods.requested(key, today, kinds=kinds)
    except periods.PeriodError as exc:
        raise ApiError(400, error_text(exc)) from None


def _scoped_units(code: str | None) -> list[Unit]:
    """The token's units, narrowed to ``code``: 404 if no such unit, 403 if it
    exists but lies outside the token's units."""
    units = unit_service.units_for(get_session(), api_user())
    if code:
        scoped = [u for u in units if u.code == code]
        if not scoped:
            if unit_service.unit_by_code(get_session(), code) is None:
                raise ApiError(404, _("Unit %(code)s tidak ditemukan", code=code))
            raise ApiError(
                403, _("Unit %(code)s di luar wewenang token ini", code=code)
            )
        units = scoped
    return units


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise ApiError(
            400,
            _(
                "'%(name)s' harus bilangan bulat %(low)s..%(high)s",
                name=name,
                low=low,
                high=high,
            ),
        )
    return int(raw)


@bp.get("/indicators")
@token_required(Role.EVALUATOR)
def indicators() -> dict[str, Any]:
    """Employees' indicators for an appraisal period, paginated."""
    period = _api_period()
    units = _scoped_units(request.args.get("unit"))
    page = _int_arg("page", 1, 1, 100_000)
    per_page = _int_arg("per_page", 100, 1, 500)
    rows, frozen = appraisal.indicator_rows(get_session(), period, units)
    appraisal.record_pull(get_session(), api_user(), period, "api.indicators", units)
    start = (page - 1) * per_page
    return {
        "period": period.key,
        "frozen": frozen,
        "page": page,
        "per_page": per_page,
        "total": len(rows),
        "items": [r.as_dict() for r in rows[start : start + per_page]],
    }


@bp.get("/employees/<nip>/indicator")
@token_required(Role.EVALUATOR)
def employee_indicator(nip: str) -> dict[str, Any]:
    """One employee's indicator for an appraisal period."""
    period = _api_period()
    person = appraisal.employee_for_view(get_session(), nip[:18])
    if person is None:
        raise ApiError(404, _("Pegawai %(nip)s tidak ditemukan", nip=nip[:18]))
    if not scope.may(api_user(), scope.Action.VIEW, person.unit_id):
        raise ApiError(
            403, _("Pegawai %(nip)s di luar wewenang token ini", nip=person.nip)
        )
    rows, frozen = appraisal.indicator_rows(get_session(), period, [person.unit])
    row = next((r for r in rows if r.nip == person.nip), None)
    if row is None:
        raise ApiError(
            404, _("Pegawai %(nip)s tidak punya indikator periode ini", nip=person.nip)
        )
    appraisal.record_pull(
        get_session(), api_user(), period, f"api.employee:{person.nip}", [person.unit]
    )
    return {"frozen": frozen, **row.as_dict()}


@bp.get("/units/<code>/weekly")
@token_required(Role.EVALUATOR, Role.HEAD)
def unit_weekly(code: str) -> dict[str, Any]:
    """A unit's summary for one ISO week (index, interval, grade, elements)."""
    week = _api_period(("week",))
    unit = _scoped_units(code)[0]
    sums = group_sums(
        get_session(), week, [GroupBy.UNIT], unit_ids=[unit.id], elements=True
    )
    i = sums.index_of((unit.id,))
    figures = figures_of(sums, i)
    summary = figures.summary
    elements = [
        {"code": e.code, "mean": e.mean, "answers": e.answers} for e in figures.elements
    ]
    return {
        "unit": unit.code,
        "week": week.key,
        "responses": summary.n,
        "index": summary.value if summary.shown else None,
        "interval_low": summary.low if summary.shown else None,
        "interval_high": summary.high if summary.shown else None,
        "grade": summary.grade.letter if summary.grade else None,
        "reliability": summary.reliability.value,
        "flagged": int(sums.flagged[i]) if i is not None else 0,
        "elements": elements,
        "questionnaire_versions": [
            {
                "version": v.version,
                "owner": "unit" if v.own else "city",
                "first_day": v.first_day.isoformat(),
                "last_day": v.last_day.isoformat(),
                "responses": v.responses,
            }
            for v in version_spans(get_session(), unit.id, week.start, week.end)
        ],
        "own_questions": [
            _own_question(r)
            for r in own_results.question_results(
                get_session(), unit.id, week.start, week.end, "id"
            )
        ],
    }


def _own_question(r: own_results.QuestionResult) -> dict[str, Any]:
    """One of the unit's own questions (never in the index): counts per
    answer; a rating's mean and interval; a text's count only (texts are not
    given out)."""
    return {
        "key": r.key,
        "text": r.text,
        "kind": r.kind.value,
        "asked_now": r.asked_now,
        "answered": r.answered,
        "answers": [
            {
                "label": o.label,
                "count": o.count,
                "percent": o.share,
                "retired": o.retired,
            }
            for o in r.options
        ],
        "mean": r.mean,
        "interval_low": r.low,
        "interval_high": r.high,
    }


@bp.get("/openapi.json")
def openapi() -> dict[str, Any]:
    """The OpenAPI 3.1 description of this API (kept in survey_service/api/spec.py)."""
    from survey_service.api.spec import SPEC

    return SPEC
