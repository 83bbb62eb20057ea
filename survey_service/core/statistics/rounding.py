"""The one rounding rule for every number a person reads.

Half up to two decimals, on the exact value: 16 responses summing to 450 give
25 x 450 / 144 = 78.125, shown everywhere as 78.13 (Python's ``round`` and
``format`` would give 78.12 on the binary float). Every page, PDF, export, API
field, public page and frozen snapshot goes through ``shown``; a change between
two periods is the difference of the two shown values (``shown_change``), so
"+3.13" never stands beside 78.13 and 75.01.

Exact values arrive as ``Fraction`` (ratios of integer sums) and are rounded
exactly; a float (an interval bound, a shrunk estimate) is taken as the decimal
it prints as, so 2.675 rounds to 2.68 as a reader expects.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

PLACES = 2
Number = Fraction | Decimal | float | int


def round_half_up(value: Number, places: int = PLACES) -> Decimal:
    """``value`` rounded half up to ``places`` decimals, as a Decimal."""
    quantum = Decimal(1).scaleb(-places)
    if isinstance(value, Fraction):
        scale = 10**places
        return Decimal(math.floor(value * scale + Fraction(1, 2))) * quantum
    exact = value if isinstance(value, Decimal) else Decimal(repr(value))
    return exact.quantize(quantum, rounding=ROUND_HALF_UP)


def shown(value: Number | None, places: int = PLACES) -> float | None:
    """The value as everyone reads it (None stays None)."""
    if value is None:
        return None
    return float(round_half_up(value, places))


def shown_change(now: Number | None, before: Number | None) -> float | None:
    """The change a reader can check: shown(now) - shown(before)."""
    if now is None or before is None:
        return None
    return float(round_half_up(now) - round_half_up(before))


def format_number(
    value: Number | None,
    places: int = PLACES,
    decimal_mark: str = ",",
    thousands: str = "",
) -> str:
    """``value`` rounded by the one rule, with the given decimal mark and
    thousands separator (none by default, as in exports); "–" if None."""
    if value is None:
        return "–"
    grouping = "," if thousands else ""
    text = f"{round_half_up(value, places):{grouping}f}"
    return text.translate({ord(","): thousands, ord("."): decimal_mark})


def reader_number(value: Number | None, language: str, places: int = PLACES) -> str:
    """A number as a reader of ``language`` writes it: 1.234,56 in Indonesian
    (and on the Indonesian documents), 1,234.56 in English; "–" if None."""
    if language == "en":
        return format_number(value, places, ".", ",")
    return format_number(value, places, ",", ".")
