"""The Flask application factory.

``create_app`` builds the Flask application. Importing this package touches no
database, network or environment variable.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, Response
from werkzeug.datastructures import Headers

import config as config_module
from survey_service.core.paths import resource

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment


class SurveyResponse(Response):
    """Flask's response, sent with its own headers when none needs fixing.

    Before every answer goes out, Werkzeug copies its headers, checking each
    value again, to fix the few that may need it: Location and
    Content-Location (made absolute URIs), Content-Length (added when
    missing, dropped for 1xx, 204 and 304). Most answers need none of that:
    a fifth of what the security headers cost a bare answer. The values were
    checked when they were set.
    """

    def get_wsgi_headers(self, environ: WSGIEnvironment) -> Headers:
        status = self.status_code
        if status >= 200 and status not in (204, 304):
            names = {name.lower() for name, _ in self.headers}
            if "content-length" in names and not names & _FIXED_BY_WERKZEUG:
                return self.headers
        return super().get_wsgi_headers(environ)


_FIXED_BY_WERKZEUG = frozenset(("location", "content-location"))


class SurveyApp(Flask):
    """Flask, deciding once per function whether a view or hook is a coroutine:
    Flask asks ``inspect`` again for every hook on every request, which cost a
    bare request a fifth of its time (all of ours are plain functions)."""

    response_class = SurveyResponse

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        known: dict[Callable[..., Any], Callable[..., Any]]
        known = self.__dict__.setdefault("_sync_functions", {})
        found = known.get(func)
        if found is None:
            found = known[func] = super().ensure_sync(func)
        return found

    def send_static_file(self, filename: str) -> Any:
        """A static file, read into memory and closed (web.security.buffered)."""
        from survey_service.web.security import buffered

        return buffered(super().send_static_file(filename))


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then environment variables, then ``overrides``."""
    app = SurveyApp(
        __name__,
        template_folder=str(resource("templates")),
        static_folder=str(resource("static")),
        instance_relative_config=True,
    )
    app.config.from_object(config_module.Config)
    app.config.update(config_module.from_environment())
    if overrides:
        app.config.update(overrides)
    _settle_config(app)

    from survey_service import cli
    from survey_service import results as rollups
    from survey_service.accounts.admin_views import bp as accounts_admin_bp
    from survey_service.accounts.views import bp as auth_bp
    from survey_service.api.views import bp as api_bp
    from survey_service.appraisal.evidence_views import bp as evidence_bp
    from survey_service.appraisal.views import bp as appraisal_bp
    from survey_service.appraisal.views import self_bp
    from survey_service.collection import offline  # noqa: F401 - the kiosk's routes
    from survey_service.collection.counter_views import bp as counters_bp
    from survey_service.collection.views import bp as citizen_bp
    from survey_service.core import db
    from survey_service.displays.views import bp as displays_bp
    from survey_service.followup import (
        alert_views,  # noqa: F401 - the alert worklist's routes
    )
    from survey_service.followup.views import bp as followup_bp
    from survey_service.home.views import bp as main_bp
    from survey_service.outreach.views import bp as outreach_bp
    from survey_service.overview.views import bp as overview_bp
    from survey_service.publishing.manage_views import bp as publishing_bp
    from survey_service.publishing.views import bp as public_bp
    from survey_service.questionnaires.views import bp as questionnaires_bp
    from survey_service.reporting.tabulation_views import bp as tabulation_bp
    from survey_service.reporting.views import bp as reporting_bp
    from survey_service.review.views import bp as review_bp
    from survey_service.units import service as unit_service
    from survey_service.units import (
        staff_views,  # noqa: F401 - the admin's staff routes
    )
    from survey_service.units.views import bp as admin_bp
    from survey_service.web import errors, i18n, requests, security, urls
    from survey_service.web.auth import init_login

    urls.init_app(app)  # before the first route: it bounds <int:…>
    db.init_app(app)
    rollups.track_changes()
    unit_service.track_form_edits()
    security.init_app(app)
    init_login(app)
    i18n.init_app(app)
    requests.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    app.register_blueprint(auth_bp)
    app.register_blueprint(main_bp)
    app.register_blueprint(citizen_bp)
    app.register_blueprint(counters_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(accounts_admin_bp)
    app.register_blueprint(followup_bp)
    app.register_blueprint(reporting_bp)
    app.register_blueprint(publishing_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(appraisal_bp)
    app.register_blueprint(self_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(outreach_bp)
    app.register_blueprint(overview_bp)
    app.register_blueprint(evidence_bp)
    app.register_blueprint(tabulation_bp)
    app.register_blueprint(displays_bp)
    app.register_blueprint(questionnaires_bp)
    if app.config["SURVEY_PROXY_COUNT"]:
        # Behind N reverse proxies: trust their X-Forwarded-* headers, no more,
        # and only on connections from the proxies themselves.
        app.wsgi_app = security.TrustedProxies(  # type: ignore[method-assign]
            app.wsgi_app,
            hops=app.config["SURVEY_PROXY_COUNT"],
            addresses=app.config["SURVEY_PROXY_ADDRESSES"],
        )
    return app


def _settle_config(app: Flask) -> None:
    """Fill derived settings and refuse configurations that are unsafe."""
    cfg = app.config
    env = cfg["SURVEY_ENV"]
    if env not in config_module.ENVIRONMENTS:
        raise config_module.ConfigError(
            f"SURVEY_ENV must be one of {', '.join(config_module.ENVIRONMENTS)}, "
            f"got {env!r}"
        )
    cfg["TESTING"] = env == "testing" or cfg.get("TESTING", False)
    if env == "production":
        if not cfg["SECRET_KEY"]:
            raise config_module.ConfigError(
                "SECRET_KEY must be set in production (a long random string)"
            )
        if cfg["DEBUG"]:
            raise config_module.ConfigError("DEBUG must be off in production")
        cfg["SESSION_COOKIE_SECURE"] = True
        cfg["REMEMBER_COOKIE_SECURE"] = True
    elif not cfg["SECRET_KEY"]:
        cfg["SECRET_KEY"] = _instance_secret(Path(app.instance_path))
    if not cfg["DATABASE_URL"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        db_path = Path(app.instance_path) / "survey.sqlite3"
        cfg["DATABASE_URL"] = f"sqlite:///{db_path}"
    try:
        cfg["TIMEZONE"] = ZoneInfo(cfg["SURVEY_TIMEZONE"])
    except (ZoneInfoNotFoundError, ValueError):
        raise config_module.ConfigError(
            f"SURVEY_TIMEZONE {cfg['SURVEY_TIMEZONE']!r} is not a known time zone"
        ) from None
    languages = [x.strip() for x in str(cfg["SURVEY_LANGUAGES"]).split(",") if x]
    if cfg["SURVEY_DEFAULT_LANGUAGE"] not in languages:
        raise config_module.ConfigError(
            "SURVEY_DEFAULT_LANGUAGE must be one of SURVEY_LANGUAGES"
        )
    cfg["LANGUAGES"] = languages


def _instance_secret(instance: Path) -> str:
    """A development secret generated once and kept in instance/secret_key."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its secret
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(secret)
    return secret
