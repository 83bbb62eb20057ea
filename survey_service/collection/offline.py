"""The kiosk offline: an installable app whose answers wait on the device.

The kiosk page registers a service worker (``/k/sw.js``). While the network is
down the worker shows the last form it saw and keeps each answer in the
tablet's IndexedDB with its submission key and the time it was given, signed
with the kiosk's answer key (``kiosks.answer_key``). When the network returns
the page sends each kept answer to ``/k/KEY/antrean``: stored once (the
submission key), at its own time, and refused with a message when older than
``SURVEY_KIOSK_OFFLINE_MAX_DAYS``. The phone form is untouched: no JavaScript
needed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from http import HTTPStatus
from typing import Any

from flask import current_app, g, jsonify, request, url_for
from flask_babel import gettext as _
from werkzeug import Response as HttpResponse
from werkzeug.datastructures import MultiDict

from survey_service.collection import submissions
from survey_service.collection.forms import SUBMISSION_KEY, survey_form
from survey_service.collection.pages import (
    Context,
    counter_or_404,
    kiosk_device,
    kiosk_fresh_url,
    service_choices,
    store,
    submission_of,
)
from survey_service.collection.views import bp
from survey_service.core import audit
from survey_service.core.clock import now_utc
from survey_service.core.db import get_session
from survey_service.core.errors import DomainError
from survey_service.core.models import Channel, ResponseStatus
from survey_service.core.paths import resource
from survey_service.questionnaires import service as questionnaires
from survey_service.units import kiosks
from survey_service.web.i18n import current_language, error_text
from survey_service.web.security import csrf

SIGNATURE_HEADER = "X-Kiosk-Signature"
# The service worker and the outbox it shares with the page, served as one
# script from the kiosk's path so that its scope covers every kiosk page.
_WORKER_PARTS = ("kiosk-queue.js", "kiosk-sw.js")


def _refuse(status: int, message: str) -> tuple[HttpResponse, int]:
    return jsonify({"error": {"message": message}}), status


@bp.route("/k/sw.js")
def kiosk_worker() -> HttpResponse:
    scripts = resource("static") / "js"
    body = "\n".join((scripts / part).read_text("utf-8") for part in _WORKER_PARTS)
    response = current_app.make_response(body)
    response.mimetype = "text/javascript"
    response.headers["Cache-Control"] = "no-cache"  # a new version is seen at once
    return response


@bp.route("/k/<public_key>/manifest.webmanifest")
def kiosk_manifest(public_key: str) -> HttpResponse:
    """What makes the kiosk installable: full screen, opening on its form."""
    counter = counter_or_404(public_key)
    manifest = {
        "name": f"{_('Survei Kepuasan')} · {counter.name}",
        "short_name": _("Survei Kepuasan"),
        "start_url": kiosk_fresh_url(counter),
        "scope": url_for("citizen.kiosk", public_key=public_key).rsplit("/", 1)[0]
        + "/",
        "display": "fullscreen",
        "background_color": "#ffffff",
        "theme_color": "#0b5394",
        "icons": [
            {
                "src": url_for("static", filename="favicon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
            }
        ],
    }
    response = current_app.make_response(json.dumps(manifest, ensure_ascii=False))
    response.mimetype = "application/manifest+json"
    return response


def _payload(body: bytes) -> tuple[MultiDict[str, str], dt.datetime, int | None]:
    """The answer's fields, its time on the device and the questionnaire
    version the form showed; ValueError when the body is not such an answer."""
    data = json.loads(body)
    if not isinstance(data, dict):
        raise ValueError("not an object")
    fields = data.get("fields")
    if not isinstance(fields, list) or not all(
        isinstance(pair, list)
        and len(pair) == 2
        and all(isinstance(v, str) for v in pair)
        for pair in fields
    ):
        raise ValueError("fields")
    answered_at = dt.datetime.fromisoformat(str(data.get("answered_at")))
    if answered_at.tzinfo is None:
        raise ValueError("a time without its zone")
    version = data.get("version")
    if version is not None and (
        not isinstance(version, int) or not 1 <= version < 2**31
    ):
        raise ValueError("version")
    return MultiDict([(k, v) for k, v in fields]), answered_at, version


@bp.route("/k/<public_key>/antrean", methods=["POST"])
@csrf.exempt  # the device's signature over the whole body stands for the token
def kiosk_queue(public_key: str) -> Any:
    """Store one answer a kiosk kept while offline (JSON; see the module)."""
    counter = counter_or_404(public_key)
    device = kiosk_device(counter)
    if device is None:
        return _refuse(
            HTTPStatus.FORBIDDEN, _("Perangkat ini bukan kiosk aktif loket ini.")
        )
    secret = current_app.config["SECRET_KEY"]
    body = request.get_data(cache=False)
    if not kiosks.signed_by(
        secret, device, body, request.headers.get(SIGNATURE_HEADER, "")
    ):
        return _refuse(
            HTTPStatus.FORBIDDEN, _("Tanda tangan jawaban dari kiosk tidak sah.")
        )
    try:
        fields, answered_at, version_id = _payload(body)
    except (ValueError, TypeError):
        return _refuse(HTTPStatus.BAD_REQUEST, _("Jawaban dari kiosk tidak terbaca."))
    now = now_utc()
    db = get_session()
    # Bounded by what the server saw before this request is counted as contact.
    went_offline = kiosks.offline_since(device, answered_at)
    kiosks.record_contact(
        db, device, now, current_app.config["SURVEY_KIOSK_IDLE_SECONDS"]
    )
    try:
        at = submissions.offline_answer_time(
            answered_at,
            now,
            current_app.config["SURVEY_KIOSK_OFFLINE_MAX_DAYS"],
            kiosk_since=device.created_at,
            offline_since=went_offline,
        )
    except DomainError as exc:
        return _refuse(HTTPStatus.UNPROCESSABLE_ENTITY, error_text(exc))
    key = fields.get("submission_key", "")
    if SUBMISSION_KEY.match(key) and submissions.is_stored(db, key):
        return jsonify({"stored": True, "key": key}), HTTPStatus.OK  # sent before
    # Under the version the kiosk showed, even one replaced since it went offline.
    version = questionnaires.accepted_version(
        db, version_id, counter.unit_id, g.get("newest_version_id")
    )
    if version is None:
        return _refuse(HTTPStatus.SERVICE_UNAVAILABLE, _("Kuesioner belum tersedia."))
    interval = current_app.config["SURVEY_KIOSK_INTERVAL_SECONDS"]
    if submissions.too_close_to_another(db, counter.id, at, interval):
        return _refuse(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            _(
                "Jawaban ini tercatat terlalu dekat dengan jawaban lain dari kiosk "
                "ini (jeda paling sedikit %(seconds)s detik) dan tidak dihitung.",
                seconds=interval,
            ),
        )
    ctx = Context(counter, Channel.KIOSK)
    choices = service_choices(ctx)
    form = survey_form(version, current_language(), choices, formdata=fields)
    if not form.validate():
        return _refuse(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            _(
                "Jawaban dari kiosk tidak lengkap: %(fields)s.",
                fields=", ".join(sorted(form.errors)),
            ),
        )
    sub = replace(
        submission_of(ctx, form, version, choices),
        answered_at=at,
        offline_since=went_offline,
    )
    try:
        stored = store(sub, now)
    except submissions.RateLimitedError as exc:
        response, status = _refuse(HTTPStatus.TOO_MANY_REQUESTS, error_text(exc))
        response.headers["Retry-After"] = str(exc.retry_after)
        return response, status
    audit.record(  # who synced what, given when: a kiosk's queue is reviewable
        db,
        f"kiosk:{device.id}",
        "kiosk.sync",
        f"counter:{counter.code}",
        submission_key=sub.submission_key,
        answered_at=at.isoformat(),
        offline_since=went_offline.isoformat(),
        late=stored is ResponseStatus.LATE,
    )
    kiosks.mark_used(db, device)  # commits the audit entry with it
    answer: dict[str, Any] = {"stored": True, "key": sub.submission_key}
    if stored is ResponseStatus.LATE:  # kept, but its period is already closed
        answer["message"] = _(
            "Jawaban ini tiba setelah periodenya ditutup: disimpan untuk "
            "kepala unit, tetapi tidak dihitung."
        )
    return jsonify(answer), HTTPStatus.CREATED
