"""CSRF protection, response headers and shared rate-limit counters."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from werkzeug.middleware.proxy_fix import ProxyFix

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

from flask import Flask, Request, Response, current_app, request, session
from flask.sessions import (
    SecureCookieSession,
    SecureCookieSessionInterface,
    SessionMixin,
)
from flask_compress import Compress
from flask_wtf.csrf import CSRFProtect
from itsdangerous import URLSafeTimedSerializer

from survey_service.core import periods
from survey_service.core.clock import now_utc
from survey_service.core.hashing import daily_hash
from survey_service.web import ratelimit

csrf = CSRFProtect()
compress = Compress()

# No inline script or style anywhere: every page loads its assets from /static.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


def frameable_by_this_site(response: Response) -> Response:
    """Let a page of this site show ``response`` in a frame (the editor's
    preview of the citizen's form); every other answer refuses to be framed."""
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'", "frame-ancestors 'self'"
    )
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


# The headers every answer carries unless a view set its own (computed once).
_ALWAYS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
)
_HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def _security_headers(production: bool) -> Callable[[Response], Response]:
    """The after-request hook that writes the security headers of every
    answer, unless the view set its own. Written into the header list
    directly: the values are constants known to be valid, and Werkzeug's
    per-header checks (and a lookup of an absent header, which costs it an
    exception) were a sixth of a bare answer's instructions. The tables are
    chosen once per app (production or not), with their lowercase names."""
    plain, secret = (
        tuple(
            (name.lower(), (name, value)) for name, value in _WANTED[path, production]
        )
        for path in (False, True)
    )

    def set_headers(response: Response) -> Response:
        pairs = response.headers._list  # Werkzeug's own [(name, value), ...]
        path = request.path
        wanted = secret if path.startswith(TOKEN_PAGES) else plain
        present = {key.lower() for key, _ in pairs}
        pairs.extend(pair for name, pair in wanted if name not in present)
        # A signed-in browser (its session names a user: no need to load them)
        # or an API answer holds comments and personal data: no browser or
        # proxy cache may keep it (a shared office PC, a proxy).
        if path.startswith("/api/") or signed_in_browser():
            response.cache_control.no_store = True
            response.cache_control.public = False
        return response

    return set_headers


def signed_in_browser() -> bool:
    """Whether this request comes from a signed-in browser (its session, or
    its remember-me cookie, names a user), without loading the user, and
    without opening the session of a request that carries no session cookie
    (a citizen's first visit, a health probe)."""
    if "HTTP_COOKIE" not in request.environ:
        return False  # most requests: not even the cookie header to parse
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    if remember in request.cookies:
        return True
    return carries_session() and "_user_id" in session


def carries_session() -> bool:
    """Whether the request came with a session cookie. Asking does not mark
    the session read (reading it would add ``Vary: Cookie`` to the answer)."""
    return (
        "HTTP_COOKIE" in request.environ
        and current_app.config["SESSION_COOKIE_NAME"] in request.cookies
    )


# Citizen pages whose address carries a ticket token or a counter key.
TOKEN_PAGES = ("/s/", "/t/", "/k/", "/terima-kasih/")


def address_hash() -> str:
    """Today's keyed hash of this request's address (never the address itself):
    what a response keeps, and what a ticket keeps of the address that issued it."""
    day = periods.local_date(now_utc(), current_app.config["TIMEZONE"])
    address = request.remote_addr or "unknown"
    return daily_hash(current_app.config["SECRET_KEY"], "address", address, day)


def referrer_policy(path: str) -> str:
    """``same-origin`` everywhere, ``no-referrer`` where the address is a secret.

    Staff forms are checked over HTTPS by Flask-WTF's strict referrer check
    (WTF_CSRF_SSL_STRICT): a POST must carry a Referer of this very origin, so
    staff pages must let the browser send one to us. ``same-origin`` does that
    and still sends nothing to any other site. Citizen pages whose address
    carries a token send no Referer at all, not even to us, so the token never
    reaches a log through the Referer of the stylesheet request; their forms
    are anonymous and checked by their own CSRF token.
    """
    return _REFERRER[path.startswith(TOKEN_PAGES)]


_REFERRER = {True: "no-referrer", False: "same-origin"}  # by: the address is a secret

# The headers to add, by (a page whose address is a secret, production).
_WANTED = {
    (secret, production): (
        *_ALWAYS,
        ("Referrer-Policy", _REFERRER[secret]),
        *((_HSTS,) if production else ()),
    )
    for secret in (False, True)
    for production in (False, True)
}


def buffered(response: Response) -> Response:
    """A static file's answer read into memory (they are a few KB), the file
    closed. Flask-Compress would otherwise compress the file stream lazily and
    never close the file it came from (a leaked descriptor per request)."""
    if response.direct_passthrough:
        body = response.response
        try:
            data = b"".join(body)  # type: ignore[arg-type]
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        response.direct_passthrough = False
        response.set_data(data)
    return response


class _SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signing serializer built once
    per secret instead of on every request, and nothing parsed or written for
    a request that brought no cookie and left its session empty (a citizen's
    first page, a probe): most requests."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if "HTTP_COOKIE" not in request.environ:
            if self.get_signing_serializer(app) is None:
                return None
            return self.session_class()
        return super().open_session(app, request)

    def save_session(
        self, app: Flask, session: SessionMixin, response: Response
    ) -> None:
        if not session and not session.modified:
            if session.accessed:
                response.vary.add("Cookie")
            return  # what Flask does then, without its seven config lookups
        super().save_session(app, session, response)

    def __init__(self) -> None:
        self._serializers: dict[object, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        key = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        if key not in self._serializers:
            self._serializers[key] = super().get_signing_serializer(app)
        return self._serializers[key]


def init_app(app: Flask) -> None:
    app.session_interface = _SessionInterface()
    # Pages and assets are sent gzip/brotli-compressed to clients that accept it:
    # the citizen form has to load fast over a slow mobile connection.
    app.config.setdefault(
        "COMPRESS_MIMETYPES",
        [
            "text/html",
            "text/css",
            "application/javascript",
            "text/javascript",
            "application/json",
            "image/svg+xml",
            "text/csv",
        ],
    )
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    compress.init_app(app)
    replace_hook(app, compress.after_request, _compress_unless_tiny(app))
    csrf.init_app(app)
    _check_unsafe_methods_only(app)
    ratelimit.init_app(app)
    app.after_request(_security_headers(app.config["SURVEY_ENV"] == "production"))


def _check_unsafe_methods_only(app: Flask) -> None:
    """Flask-WTF's CSRF hook, called only for the methods it checks: it looks
    up its settings, the endpoint and the view's exemptions first, on every
    GET too."""
    hooks = app.before_request_funcs.setdefault(None, [])
    (position,) = [i for i, f in enumerate(hooks) if f.__name__ == "csrf_protect"]
    check = hooks[position]
    methods = frozenset(app.config["WTF_CSRF_METHODS"])

    def csrf_protect() -> None:
        if request.method in methods:
            check()

    hooks[position] = csrf_protect


def _compress_unless_tiny(app: Flask) -> Callable[[Response], Response]:
    """Flask-Compress, asked only about an answer big enough to compress: it
    parses Accept-Encoding and sets Vary on every answer, a tenth of a bare
    answer's instructions, to leave a small one as it is anyway."""
    smallest = app.config["COMPRESS_MIN_SIZE"]

    def compress_unless_tiny(response: Response) -> Response:
        length = response.content_length
        if length is not None and length < smallest:
            return response
        return compress.after_request(response)

    return compress_unless_tiny


def replace_hook(app: Flask, hook: Callable[..., Any], by: Callable[..., Any]) -> None:
    """Put ``by`` where an extension registered its after-request ``hook``."""
    hooks = app.after_request_funcs.setdefault(None, [])
    hooks[hooks.index(hook)] = by


class TrustedProxies:
    """Werkzeug's ProxyFix for connections from the reverse proxies only.

    ``ProxyFix`` believes X-Forwarded-For from whoever connects; an app server
    a client can reach directly would let that client pick its address (and so
    dodge every per-address limit). Here a connection from an address outside
    ``addresses`` has its X-Forwarded-* headers dropped and keeps its own.
    """

    FORWARDED = (
        "HTTP_X_FORWARDED_FOR",
        "HTTP_X_FORWARDED_PROTO",
        "HTTP_X_FORWARDED_HOST",
        "HTTP_X_FORWARDED_PORT",
        "HTTP_X_FORWARDED_PREFIX",
    )

    def __init__(self, app: WSGIApplication, *, hops: int, addresses: str) -> None:
        self.direct = app
        self.proxied = ProxyFix(app, x_for=hops, x_proto=hops, x_host=hops)
        self.networks = [
            ipaddress.ip_network(a.strip(), strict=False)
            for a in addresses.split(",")
            if a.strip()
        ]

    def _from_proxy(self, remote: str) -> bool:
        try:
            address = ipaddress.ip_address(remote)
        except ValueError:  # a unix socket: only the local proxy reaches it
            return True
        return any(address in network for network in self.networks)

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        if self._from_proxy(environ.get("REMOTE_ADDR", "")):
            return self.proxied(environ, start_response)
        for header in self.FORWARDED:
            environ.pop(header, None)
        return self.direct(environ, start_response)
