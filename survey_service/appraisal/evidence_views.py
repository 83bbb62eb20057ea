"""The evidence sheet for evaluators and the public verification page."""

from __future__ import annotations

from http import HTTPStatus

from flask import Blueprint, Response, abort, make_response, render_template, request

from survey_service.appraisal import evidence as service
from survey_service.appraisal import service as appraisal
from survey_service.appraisal.evidence_pdf import evidence_pdf
from survey_service.appraisal.views import employee_in_scope
from survey_service.core.db import get_session
from survey_service.core.models import Role
from survey_service.core.skm import ELEMENTS
from survey_service.web import security
from survey_service.web.auth import role_required
from survey_service.web.ratelimit import limiter
from survey_service.web.requests import (
    local_now_text,
    requested_period,
)

# Like the short ticket codes: codes are too many to guess, and guessing is slow.
VERIFY_MISSES_PER_HOUR = 20

bp = Blueprint("evidence", __name__)


@bp.route("/appraisal/employees/<nip>/evidence.pdf")
@role_required(Role.EVALUATOR)
def sheet(nip: str) -> Response:
    """The one-page evidence sheet of a closed period (404 while it is open)."""
    db = get_session()
    person = employee_in_scope(db, nip)
    period = requested_period("quarter")
    evidence = service.for_employee(db, person.nip, period.key)
    if evidence is None:
        abort(
            404,
            description="Lembar bukti ada setelah periode ditutup untuk unit ini.",
        )
    url = service.verify_url(evidence)
    detail = appraisal.employee_detail(db, person, period)
    names = {e.code: e.name_id for e in ELEMENTS}
    body = evidence_pdf(
        evidence,
        service.sentence(evidence, url),
        url,
        [(code, names.get(code, ""), mean) for code, mean in detail.element_means],
        local_now_text(),
    )
    name = f"bukti-{person.nip}-{period.key}.pdf"
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/verifikasi/<code>")
def verify(code: str) -> Response:
    """Anyone checks an evidence sheet: the figures recomputed from the frozen
    snapshot, whether they are intact, and whether the sheet's match."""
    misses = f"verification-misses:{security.address_hash()}"
    if not limiter().within(misses, VERIFY_MISSES_PER_HOUR, 3600):
        abort(HTTPStatus.TOO_MANY_REQUESTS)
    evidence = service.by_code(get_session(), code[:64])
    if evidence is None:
        limiter().allow(misses, VERIFY_MISSES_PER_HOUR, 3600)
        page = render_template("evidence/verify.html", evidence=None, code=code[:64])
        return _unindexed(page, HTTPStatus.NOT_FOUND)
    check = service.check_sheet(evidence, request.args.to_dict())
    page = render_template(
        "evidence/verify.html",
        evidence=evidence,
        check=check,
        code=evidence.code,
        position_label=service.position_words(evidence.row),
    )
    return _unindexed(page, HTTPStatus.OK)


def _unindexed(page: str, status: int) -> Response:
    """A public page search engines are asked not to keep (it names a person)."""
    response = make_response(page, status)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response
