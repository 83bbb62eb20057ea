"""Download a unit-period's tabulation: one CSV table at a time, or all four
tables as sheets of one XLSX workbook."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    request,
)

from survey_service.core import writers as exports
from survey_service.core.clock import now_utc
from survey_service.core.db import get_session
from survey_service.core.models import Role
from survey_service.reporting import tabulation as service
from survey_service.reporting.service import build_report
from survey_service.web.auth import role_required
from survey_service.web.requests import (
    csv_download,
    requested_period,
    unit_in_scope,
    xlsx_download,
)

bp = Blueprint("tabulation", __name__)


@bp.route("/units/<code>/tabulasi.<fmt>")
@role_required(Role.HEAD)
def download(code: str, fmt: str) -> Response:
    """?period=… (default last week); CSV takes ?table=unsur|ringkasan|profil|
    responden (default unsur)."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    db = get_session()
    unit = unit_in_scope(code)
    period = requested_period()
    report = build_report(db, unit, period, now_utc())
    small = service.tables(db, report)
    name = f"tabulasi-{unit.code}-{period.key}"
    if fmt == "csv":
        table = request.args.get("table", "unsur")
        if table not in service.TABLES:
            abort(
                400,
                description="Tabel tidak dikenal; pilih: " + ", ".join(service.TABLES),
            )
        rows = (
            service.respondent_rows(db, unit, period)
            if table == "responden"
            else getattr(small, table)
        )
        return csv_download(
            exports.table_lines(service.COLUMNS[table], rows), f"{name}-{table}.csv"
        )
    return xlsx_download(
        [
            ("Unsur", service.ELEMENT_COLUMNS, small.unsur),
            ("Ringkasan", service.SUMMARY_COLUMNS, small.ringkasan),
            ("Profil", service.PROFILE_COLUMNS, small.profil),
            (
                "Responden",
                service.RESPONDENT_COLUMNS,
                service.xlsx_respondent_rows(db, report),
            ),
            ("Pertanyaan unit", service.QUESTION_COLUMNS, small.pertanyaan),
            ("Isian", service.TEXT_COLUMNS, small.isian),
        ],
        f"{name}.xlsx",
    )
