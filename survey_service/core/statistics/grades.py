"""Quality grades of the index (Permenpan RB 14/2017, conversion table)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from survey_service.core.statistics.rounding import round_half_up


@dataclass(frozen=True)
class Grade:
    """A quality grade: ``letter`` A–D and the unit-performance ``label``."""

    letter: str
    label: str
    label_en: str


A = Grade("A", "Sangat Baik", "Very good")
B = Grade("B", "Baik", "Good")
C = Grade("C", "Kurang Baik", "Poor")
D = Grade("D", "Tidak Baik", "Very poor")

# Lower bounds on the 25-100 scale, applied to the value rounded to 2 decimals.
# The published bands have gaps (76.60 .. 76.61); a rounded value falls in none.
THRESHOLDS = ((Decimal("88.31"), A), (Decimal("76.61"), B), (Decimal("65.00"), C))


# The same bands in hundredths, for grading many values at once.
THRESHOLD_HUNDREDTHS = tuple((int(lower * 100), g) for lower, g in THRESHOLDS)
GRADES = (A, B, C, D)


def grade(value: float | Decimal) -> Grade:
    """The grade of an index on the 25-100 scale (docs/method.md): >= 88.31 A,
    >= 76.61 B, >= 65.00 C, else D, after rounding the value to 2 decimals.

    Source: Permenpan RB 14/2017, table of perception value, interval and
    conversion interval.
    """
    rounded = round_half_up(value)
    if not Decimal(25) <= rounded <= Decimal(100):
        raise ValueError(f"an index lies between 25 and 100, got {value}")
    for lower, result in THRESHOLDS:
        if rounded >= lower:
            return result
    return D
