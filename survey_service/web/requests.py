"""What several blueprints' views read from a request the same way."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from flask import (
    Flask,
    Response,
    abort,
    after_this_request,
    current_app,
    flash,
    request,
    send_file,
    stream_with_context,
)
from flask_babel import gettext

from survey_service.core import clock, periods, scope
from survey_service.core import writers as exports
from survey_service.core.db import Base, get_session
from survey_service.core.models import Unit
from survey_service.core.queries import unit_by_code
from survey_service.web.auth import require_unit
from survey_service.web.i18n import error_text, period_name


def local_today() -> dt.date:
    """Today in SURVEY_TIMEZONE (weeks and periods are local)."""
    return clock.today(current_app.config["TIMEZONE"])


def requested_period(
    default_kind: str | None = None,
    kinds: tuple[str, ...] = (),
    *,
    page: bool = False,
) -> periods.Period:
    """The period asked for (?period=2026-W47, 2026-11, 2026-Q4, 2026-S2, 2026);
    without one, the period of ``default_kind`` containing today, or the last
    complete week when None (core.periods.requested). A key that is not a
    period, or not of ``kinds``, is a 400 that says so: for a page (``page``,
    GET) the page itself, at its default period, with the reason above its
    period picker; for anything else (an export, a POST) a 400 error page."""
    key = request.args.get("period", "")
    try:
        return periods.requested(key, local_today(), default=default_kind, kinds=kinds)
    except periods.PeriodError as exc:
        if not (page and request.method == "GET"):
            abort(400, description=error_text(exc))
        flash(error_text(exc), "error")
        after_this_request(refused_period_status)  # this request only
        return periods.requested("", local_today(), default=default_kind)


def refused_period_status(response: Response) -> Response:
    """A page shown at its default period because the one asked for was not
    valid says so with its status too."""
    if response.status_code == 200:
        response.status_code = 400
    return response


@dataclass(frozen=True)
class PeriodChoices:
    """One kind's periods for a picker: (key, name) newest first."""

    kind: str
    label: str
    periods: list[tuple[str, str]]


def period_choices(
    current: periods.Period, kinds: Iterable[str] = periods.KIND_WORDS
) -> list[PeriodChoices]:
    """The real periods a page offers, by kind, named as people say them, the
    one shown included (even when older than the list)."""
    today = local_today()
    groups = []
    for kind in kinds:
        offered = periods.recent(kind, today)
        if current.kind.value == kind and current not in offered:
            offered.append(current)
        groups.append(
            PeriodChoices(
                kind,
                gettext(periods.KIND_WORDS[kind]).capitalize(),
                [(p.key, period_name(p)) for p in offered],
            )
        )
    return groups


def init_app(app: Flask) -> None:
    app.jinja_env.globals["period_choices"] = period_choices


def public_unit(code: str) -> Unit:
    """The active unit ``code`` for a page anyone may open (404 otherwise)."""
    unit = unit_by_code(get_session(), code)
    if unit is None or not unit.active:
        abort(404)
    return unit


def unit_in_scope(code: str, action: scope.Action = scope.Action.VIEW) -> Unit:
    """The unit ``code`` if the signed-in user may ``action`` it (404 absent, 403
    outside the user's scope)."""
    return require_unit(unit_by_code(get_session(), code), action)


def existing(model: type[Base], ident: int) -> None:
    """404 unless a row of ``model`` has id ``ident``: a POST naming an id that
    does not exist says so before its form is read."""
    if get_session().get(model, ident) is None:
        abort(404)


def local_now() -> dt.datetime:
    """Now in SURVEY_TIMEZONE."""
    return clock.now(current_app.config["TIMEZONE"])


def local_now_text() -> str:
    """Now in SURVEY_TIMEZONE as people write it, with the zone's name."""
    tz = current_app.config["TIMEZONE"]
    now = clock.now(tz)
    return f"{periods.day_label(now.date())} {now:%H:%M} {periods.zone_name(tz, now)}"


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_download(lines: Iterator[str], filename: str) -> Response:
    """A CSV download streamed line by line: memory stays flat at any size."""
    return Response(
        stream_with_context(lines),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def xlsx_download(sheets: Iterable[exports.Sheet], filename: str) -> Response:
    """An XLSX download written to a temporary file (openpyxl write-only mode)
    and sent from disk: memory stays flat at any size."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - send_file closes it
    exports.write_xlsx(spool, sheets)
    spool.seek(0)
    return send_file(spool, mimetype=XLSX, as_attachment=True, download_name=filename)
