"""Languages: Bahasa Indonesia by default, English on request, and
Minangkabau (``min``) on the citizen's pages.

A visitor switches with ``?lang=en`` (or ``?lang=id``, ``?lang=min``) on any
page; the choice is kept in a cookie. The browser's Accept-Language is
deliberately ignored: public-service pages speak Bahasa Indonesia unless the
visitor asks otherwise.

Babel has no locale data for Minangkabau, so its words come from its own
catalog (translations/min) while numbers and dates are written as in
Indonesian; a message the catalog lacks is shown in Indonesian.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property

from babel import support
from flask import Flask, Response, current_app, g, has_request_context, request
from flask_babel import (
    Babel,
    Domain,
    force_locale,
    format_datetime,
    get_translations,
    gettext,
)

from survey_service.core import periods
from survey_service.core.masking import masked_nip
from survey_service.core.paths import PACKAGE
from survey_service.core.skm import Term
from survey_service.core.statistics import reader_number, shown
from survey_service.core.statistics.grades import GRADES

LANGUAGE_COOKIE = "lang"
# Languages whose words come from a catalog alone: Babel writes their numbers
# and dates as in this locale's.
FORMATS_AS = {"min": "id"}
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English", "min": "Baso Minang"}
CITIZEN_ONLY = frozenset({"min"})  # offered on the citizen's pages only


class _Domain(Domain):
    """Flask-Babel's message domain, which also finds the catalog of a
    language Babel has no locale data for."""

    def get_translations(self) -> support.NullTranslations:
        language = current_language() if has_request_context() else None
        if language not in FORMATS_AS:
            return super().get_translations()  # type: ignore[no-any-return]
        cache = self.get_translations_cache(None)
        key = (language, self.domain[0])
        if key not in cache:
            translations = support.Translations()
            for dirname in self.translation_directories:
                loaded = support.Translations.load(dirname, [language], self.domain[0])
                if isinstance(loaded, support.Translations):  # else: no catalog
                    translations.merge(loaded)
            cache[key] = translations
        return cache[key]  # type: ignore[no-any-return]


class _Babel(Babel):
    @cached_property
    def domain_instance(self) -> Domain:
        return _Domain(domain=self.domain)


babel = _Babel()


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Render in ``language`` for a while (a preview of the citizen's page in
    each language), whatever the request asked for."""
    before = g.get("language")
    g.language = language
    try:
        with force_locale(FORMATS_AS.get(language, language)):
            yield
    finally:
        if before is None:
            g.pop("language", None)
        else:
            g.language = before


def in_catalog(text: str, language: str) -> bool:
    """Whether a citizen's form in ``language`` reads ``text`` from the
    catalog: only a language with a catalog alone (Minangkabau) passes the
    questionnaire's Indonesian through it, and its translation may read the
    same as the Indonesian ("Mudah" is Minangkabau too)."""
    if language not in FORMATS_AS:
        return False
    with speaking(language):
        translations = get_translations()
    catalog = getattr(translations, "_catalog", {})  # gettext's own table
    return bool(catalog.get(text))


def current_language() -> str:
    if "language" not in g:
        languages = current_app.config["LANGUAGES"]
        asked = request.args.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
        g.language = (
            asked
            if asked in languages
            else current_app.config["SURVEY_DEFAULT_LANGUAGE"]
        )
    return g.language  # type: ignore[no-any-return]


TEXT_SIZES = ("biasa", "besar")  # ?teks=besar: larger text, remembered like lang


def large_text() -> bool:
    """Whether the reader asked for larger text (?teks=besar, then its cookie)."""
    asked = request.args.get("teks") or request.cookies.get("teks")
    return asked == "besar"


def _remember_choice(response: Response) -> Response:
    """A language or text size chosen by a link is kept in a cookie for a year."""
    if not request.environ.get("QUERY_STRING"):
        return response  # nothing chosen (most requests): nothing to parse
    choices = (("lang", current_app.config["LANGUAGES"]), ("teks", TEXT_SIZES))
    for name, allowed in choices:
        asked = request.args.get(name)
        if asked and asked in allowed and asked != request.cookies.get(name):
            response.set_cookie(
                name,
                asked,
                max_age=365 * 24 * 3600,
                samesite="Lax",
                httponly=True,
                secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
            )
    return response


def error_text(error: object) -> str:
    """A domain error's (or an import row error's) message in the reader's
    language, with the words among its parameters (``Term``) translated too."""
    message = getattr(error, "message", None)
    if not isinstance(message, str):
        return str(error)
    language = current_language()
    params = {
        name: gettext(value)
        if isinstance(value, Term)
        else value.in_language(language)
        if isinstance(value, periods.Phrase)
        else value
        for name, value in getattr(error, "params", {}).items()
    }
    return str(gettext(message, **params))


def number(value: float | None, places: int = 2) -> str:
    """A number for the reader: 1.234,56 in Indonesian, 1,234.56 in English;
    an en dash for none."""
    return reader_number(value, current_language(), places)


def period_name(period: periods.Period | str) -> str:
    """A period (or its key) as people say it, in the reader's language."""
    if isinstance(period, str):
        period = periods.parse_period(period)
    return periods.label(period, current_language())


def grade_name(letter: str | None) -> str:
    """The quality grade's name in the reader's language ("Baik" / "Good")."""
    grade = next((g for g in GRADES if g.letter == letter), None)
    if grade is None:
        return ""
    return grade.label_en if current_language() == "en" else grade.label


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=lambda: FORMATS_AS.get(current_language(), current_language()),
        timezone_selector=lambda: app.config["SURVEY_TIMEZONE"],
        default_translation_directories=str(PACKAGE / "translations"),
    )
    app.after_request(_remember_choice)
    app.jinja_env.globals["current_language"] = current_language
    app.jinja_env.globals["language_names"] = LANGUAGE_NAMES
    app.jinja_env.globals["large_text"] = large_text
    app.jinja_env.globals["error_text"] = error_text
    app.jinja_env.filters["period_name"] = period_name
    app.jinja_env.filters["grade_name"] = grade_name
    app.jinja_env.filters["num"] = number
    app.jinja_env.filters["masked_nip"] = masked_nip
    app.jinja_env.filters["shown"] = shown
    zone = periods.zone_name(app.config["TIMEZONE"])
    # One format per language on every page: "7 Des 2026", "7 Des 2026 09:30 WIB".
    app.jinja_env.filters["localtime"] = (
        lambda moment: f"{format_datetime(moment, 'd MMM yyyy HH:mm')} {zone}"
    )
    app.jinja_env.filters["localdate"] = lambda day: periods.day_label(
        day, current_language()
    )
