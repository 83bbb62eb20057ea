"""Error pages in Bahasa Indonesia (HTML), or JSON bodies under /api/."""

from __future__ import annotations

import logging
from http import HTTPStatus

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from survey_service.core.db import get_session

log = logging.getLogger(__name__)


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("Permintaan tidak dapat diproses"),
            _(
                "Data yang dikirim tidak lengkap atau tidak sah. Muat ulang halaman "
                "lalu coba lagi."
            ),
        ),
        401: (_("Perlu masuk"), _("Silakan masuk terlebih dahulu.")),
        403: (
            _("Akses ditolak"),
            _("Akun Anda tidak memiliki hak untuk membuka halaman ini."),
        ),
        404: (
            _("Halaman tidak ditemukan"),
            _("Alamat yang Anda buka tidak ada atau sudah tidak berlaku."),
        ),
        405: (
            _("Cara akses tidak diizinkan"),
            _("Halaman ini tidak dapat dibuka dengan cara tersebut."),
        ),
        410: (
            _("Sudah tidak berlaku"),
            _("Alamat yang Anda buka sudah tidak dipakai lagi."),
        ),
        413: (_("Data terlalu besar"), _("Data yang dikirim melebihi batas.")),
        429: (
            _("Terlalu banyak permintaan"),
            _("Mohon tunggu sebentar sebelum mencoba lagi."),
        ),
        500: (
            _("Terjadi kesalahan"),
            _(
                "Maaf, terjadi kesalahan pada sistem. Kesalahan ini sudah dicatat; "
                "silakan coba lagi."
            ),
        ),
        503: (
            _("Layanan sedang sibuk"),
            _("Layanan sedang tidak tersedia. Silakan coba lagi sebentar lagi."),
        ),
    }


ErrorPage = tuple[str | dict[str, object], int]  # a page, or JSON under /api/


def render_error(code: int, detail: str | None = None) -> ErrorPage:
    """The error page (or JSON body under /api/) for HTTP status ``code``."""
    title, message = _messages().get(code, (HTTPStatus(code).phrase, ""))
    if request.path.startswith("/api/"):
        return {"error": {"status": code, "message": detail or message}}, code
    return (
        render_template(
            "errors/error.html", code=code, title=title, message=message, detail=detail
        ),
        code,
    )


def _http_error(exc: HTTPException) -> ErrorPage:
    code = exc.code or 500
    detail = None
    if isinstance(exc, CSRFError):
        detail = _("Formulir sudah kedaluwarsa. Muat ulang halaman lalu kirim lagi.")
    elif exc.description != type(exc).description:  # a message of our own
        detail = exc.description
    return render_error(code, detail)


CITIZEN_FORMS = ("/s/", "/t/", "/k/")


def _database_down(exc: OperationalError) -> ErrorPage:
    """The database is unreachable: a clear 503, never a stack trace.

    A citizen whose answers could not be stored is told that they are still in
    the form behind the Back button (browsers keep a posted form's state), so
    nothing has to be answered twice.
    """
    log.warning("database unavailable: %s", exc.orig)
    detail = None
    if request.method == "POST" and request.path.startswith(CITIZEN_FORMS):
        detail = _(
            "Penilaian Anda belum tersimpan. Tekan tombol Kembali di peramban: "
            "jawaban Anda masih ada di formulir. Kirim lagi sebentar lagi."
        )
    return render_error(503, detail)


def _bad_value(exc: DataError) -> ErrorPage:
    """A value the database cannot hold (a NUL byte, a number out of range)
    that slipped past validation: the sender's mistake, so a 400."""
    log.warning("value refused by the database: %s", exc.orig)
    get_session().rollback()
    return render_error(400)


def _unexpected(_exc: InternalServerError) -> ErrorPage:
    # Flask has already logged the original exception with its traceback.
    return render_error(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _database_down)
    app.register_error_handler(DataError, _bad_value)
    app.register_error_handler(InternalServerError, _unexpected)
