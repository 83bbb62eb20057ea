"""Calendar periods in the service's local time zone (weeks are ISO weeks).

Timestamps are stored in UTC; the day a response belongs to is its local date,
fixed when it is written. A response at 23:30 on a Sunday in Asia/Jakarta
belongs to that ISO week, not the next.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from survey_service.core.skm import N_, Term


class PeriodKind(enum.StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    SEMESTER = "semester"
    YEAR = "year"


@dataclass(frozen=True)
class Period:
    """An inclusive range of local dates: ``start`` .. ``end``."""

    kind: PeriodKind
    start: dt.date
    end: dt.date

    @property
    def key(self) -> str:
        """A stable name: 2026-W48, 2026-11, 2026-Q4, 2026-S2, 2026."""
        if self.kind is PeriodKind.WEEK:
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind is PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind is PeriodKind.SEMESTER:
            return f"{self.start.year}-S{(self.start.month - 1) // 6 + 1}"
        return str(self.start.year)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def local_date(moment: dt.datetime, tz: ZoneInfo) -> dt.date:
    """The calendar date of an aware ``moment`` in ``tz``."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(tz).date()


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s ISO week."""
    return day - dt.timedelta(days=day.weekday())


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def period_containing(kind: PeriodKind | str, day: dt.date) -> Period:
    """The period of ``kind`` that contains local date ``day``."""
    kind = PeriodKind(kind)
    if kind is PeriodKind.WEEK:
        start = week_start(day)
        return Period(kind, start, start + dt.timedelta(days=6))
    months = {
        PeriodKind.MONTH: 1,
        PeriodKind.QUARTER: 3,
        PeriodKind.SEMESTER: 6,
        PeriodKind.YEAR: 12,
    }[kind]
    first_month = (day.month - 1) // months * months + 1
    last_month = first_month + months - 1
    return Period(
        kind, dt.date(day.year, first_month, 1), _month_end(day.year, last_month)
    )


# 2026-W48, 2026-11, 2026-Q4, 2026-S2, 2026: ASCII digits only, nothing else.
UNKNOWN_PERIOD = N_(
    "Periode tidak dikenal: %(key)s. Contoh: 2026-W48, 2026-11, 2026-Q4, 2026-S2, 2026."
)
_PERIOD_KEY = re.compile(
    r"(?P<year>[0-9]{4})"
    r"(?:-W(?P<week>[0-9]{1,2})|-Q(?P<quarter>[0-9])|-S(?P<semester>[0-9])"
    r"|-(?P<month>[0-9]{1,2}))?"
)
FIRST_YEAR, LAST_YEAR = 2000, 2999  # far beyond any survey, inside date's range


class PeriodError(ValueError):
    """A period key that names no period, or not one of the kind asked for;
    ``message`` (Indonesian, N_-marked) and ``params`` let a page translate it."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message % params)
        self.message = message
        self.params = params


def parse_period(key: str) -> Period:
    """The period named by ``key`` (see ``Period.key``); ValueError if malformed.

    Anything but the five documented shapes, with a year from 2000 to 2999, is
    refused with the same message (never an OverflowError from a huge year).
    """
    given, key = key, key.strip().upper()
    match = _PERIOD_KEY.fullmatch(key)
    try:
        if match is None or not FIRST_YEAR <= int(match["year"]) <= LAST_YEAR:
            raise ValueError(key)
        year = int(match["year"])
        if match["week"] is not None:
            monday = dt.date.fromisocalendar(year, int(match["week"]), 1)
            return period_containing(PeriodKind.WEEK, monday)
        if match["quarter"] is not None:
            if not 1 <= int(match["quarter"]) <= 4:
                raise ValueError(key)
            first = dt.date(year, 3 * int(match["quarter"]) - 2, 1)
            return period_containing(PeriodKind.QUARTER, first)
        if match["semester"] is not None:
            if not 1 <= int(match["semester"]) <= 2:
                raise ValueError(key)
            first = dt.date(year, 6 * int(match["semester"]) - 5, 1)
            return period_containing(PeriodKind.SEMESTER, first)
        if match["month"] is not None:
            first = dt.date(year, int(match["month"]), 1)
            return period_containing(PeriodKind.MONTH, first)
        return period_containing(PeriodKind.YEAR, dt.date(year, 1, 1))
    except ValueError:
        raise PeriodError(UNKNOWN_PERIOD, key=given[:20]) from None


WRONG_KIND = N_("Periode di sini harus %(kind)s.")
WRONG_KINDS = N_("Periode di sini harus salah satu dari: %(kinds)s.")
KIND_WORDS = {
    "week": N_("minggu"),
    "month": N_("bulan"),
    "quarter": N_("triwulan"),
    "semester": N_("semester"),
    "year": N_("tahun"),
}


def requested(
    key: str | None,
    today: dt.date,
    *,
    default: PeriodKind | str | None = None,
    kinds: Collection[PeriodKind | str] = (),
) -> Period:
    """The period a page, the API or a command was asked for: ``key`` parsed
    (ValueError with a message for people if it is malformed, or not one of
    ``kinds`` when given); without a key, the period of ``default`` containing
    ``today``, or the last complete week when ``default`` is None. The one
    parser of ``?period=``, ``--week`` and the API's ``period``."""
    if not key:
        if default is None:
            return last_complete_week(today)
        return period_containing(default, today)
    period = parse_period(key[:20])
    allowed = {PeriodKind(k) for k in kinds}
    if allowed and period.kind not in allowed:
        if len(allowed) == 1:
            (only,) = allowed
            raise PeriodError(WRONG_KIND, kind=Term(KIND_WORDS[only.value]))
        names = ", ".join(KIND_WORDS[k.value] for k in PeriodKind if k in allowed)
        raise PeriodError(WRONG_KINDS, kinds=names)
    return period


# How many periods of each kind a picker offers, newest first.
RECENT = {
    PeriodKind.WEEK: 12,
    PeriodKind.MONTH: 12,
    PeriodKind.QUARTER: 8,
    PeriodKind.SEMESTER: 4,
    PeriodKind.YEAR: 4,
}


def recent(kind: PeriodKind | str, today: dt.date) -> list[Period]:
    """The periods of ``kind`` a person picks from: the one containing
    ``today`` and those before it (RECENT of them, none before FIRST_YEAR)."""
    kind = PeriodKind(kind)
    found = [period_containing(kind, today)]
    while len(found) < RECENT[kind] and found[-1].start.year > FIRST_YEAR:
        found.append(previous(found[-1]))
    return found


def previous(period: Period) -> Period:
    """The period of the same kind just before ``period``."""
    return period_containing(period.kind, period.start - dt.timedelta(days=1))


def last_complete_week(today: dt.date) -> Period:
    """The most recent ISO week that has ended before ``today``."""
    return previous(period_containing(PeriodKind.WEEK, today))


MONTHS = {
    "id": (
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
        "Agustus", "September", "Oktober", "November", "Desember",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December",
    ),
}  # fmt: skip
MONTHS_SHORT = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt",
           "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
           "Nov", "Dec"),
}  # fmt: skip
ROMAN = ("I", "II", "III", "IV")


def _day(day: dt.date, language: str, with_year: bool) -> str:
    text = f"{day.day} {MONTHS_SHORT[language][day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


class Phrase(str):
    """A period or a date filling a message's placeholder: ``str()`` is how
    Indonesian says it; a page asks ``in_language`` for the reader's."""

    in_language: Callable[[str], str]


def named(period: Period) -> Phrase:
    """``period`` as a placeholder's value ("November 2026", "Q4 2026")."""
    phrase = Phrase(label(period))
    phrase.in_language = lambda language: label(period, language)
    return phrase


def dated(day: dt.date) -> Phrase:
    """``day`` as a placeholder's value ("7 Des 2026", "7 Dec 2026")."""
    phrase = Phrase(day_label(day))
    phrase.in_language = lambda language: day_label(day, language)
    return phrase


def day_label(day: dt.date, language: str = "id") -> str:
    """A date as every page and paper writes it: "7 Des 2026" ("7 Dec 2026")."""
    return _day(day, "en" if language == "en" else "id", True)


# Indonesia's three zones by their everyday names; elsewhere the zone's own.
ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def zone_name(tz: ZoneInfo, moment: dt.datetime | None = None) -> str:
    """The zone as people write it after a time: "WIB", "WITA", "WIT"."""
    return (
        ZONE_NAMES.get(tz.key)
        or (moment or dt.datetime(2026, 1, 1, tzinfo=tz)).astimezone(tz).tzname()
        or tz.key
    )


def label(period: Period, language: str = "id") -> str:
    """The period as people say it: "Minggu 23–29 Nov 2026", "November 2026",
    "Triwulan IV 2026", "Semester II 2026", "Tahun 2026" (or in English).
    The compact key stays in URLs and exports."""
    lang = "en" if language == "en" else "id"
    year = period.start.year
    if period.kind is PeriodKind.WEEK:
        start, end = period.start, period.end
        if start.month == end.month:
            span = f"{start.day}–{_day(end, lang, True)}"
        elif start.year == end.year:
            span = f"{_day(start, lang, False)} – {_day(end, lang, True)}"
        else:
            span = f"{_day(start, lang, True)} – {_day(end, lang, True)}"
        return f"{'Week' if lang == 'en' else 'Minggu'} {span}"
    if period.kind is PeriodKind.MONTH:
        return f"{MONTHS[lang][period.start.month - 1]} {year}"
    if period.kind is PeriodKind.QUARTER:
        number = (period.start.month - 1) // 3
        if lang == "en":
            return f"Q{number + 1} {year}"
        return f"Triwulan {ROMAN[number]} {year}"
    if period.kind is PeriodKind.SEMESTER:
        number = (period.start.month - 1) // 6
        if lang == "en":
            return f"H{number + 1} {year}"
        return f"Semester {ROMAN[number]} {year}"
    return f"{'Year' if lang == 'en' else 'Tahun'} {year}"
