"""One rounding rule: half up to two decimals on the exact value, on every path."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from survey_service.core.statistics import (
    employee_indicators,
    format_number,
    index_of_totals,
    period_figures,
    shown,
    shown_change,
    summaries_from_sums,
)
from survey_service.core.statistics.indicator import BINS


def oracle_hundredths(n: int, s: int) -> int:
    """100 x 25 S / (9 n), half up, in integers only: the independent oracle."""
    return (2 * 2500 * s + 9 * n) // (2 * 9 * n)


def oracle_text(hundredths: int, mark: str = ",") -> str:
    return f"{hundredths // 100}{mark}{hundredths % 100:02d}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(25 * 450, 9 * 16), 78.13),  # 78.125 exactly
        (78.125, 78.13),
        (Fraction(25, 8), 3.13),  # an element mean of 3.125
        (2.675, 2.68),  # binary 2.67499999...: read as the decimal it prints as
        (Fraction(1, 3), 0.33),
        (Fraction(2, 3), 0.67),
        (100, 100.0),
    ],
)
def test_shown_rounds_half_up_on_the_exact_value(value, expected):
    assert shown(value) == expected


def test_a_change_is_the_difference_of_the_shown_values():
    now, before = Fraction(25 * 450, 9 * 16), Fraction(75)  # 78.125 and 75
    assert shown_change(now, before) == 3.13
    assert shown_change(before, now) == -3.13
    assert shown_change(None, now) is None


def test_format_number_uses_the_rule_and_the_reader_s_decimal_mark():
    assert format_number(78.125) == "78,13"
    assert format_number(78.125, decimal_mark=".") == "78.13"
    assert format_number(Fraction(1, 3), 3) == "0,333"
    assert format_number(None) == "–"


def test_every_unit_path_agrees_for_every_n_and_sum_up_to_200():
    ns, sums = [], []
    for n in range(1, 201):
        for s in range(9 * n, 36 * n + 1):
            ns.append(n)
            sums.append(s)
    expected = [oracle_hundredths(n, s) for n, s in zip(ns, sums, strict=True)]
    # Q and C as if every total were S / n: only the values are compared here.
    summaries = summaries_from_sums(
        ns,
        sums,
        [s * s // n for n, s in zip(ns, sums, strict=True)],
        [s**3 // n**2 for n, s in zip(ns, sums, strict=True)],
    )

    for n, s, want, summary in zip(ns, sums, expected, summaries, strict=True):
        assert round(summary.value * 100) == want, (n, s)
    for n, s, want in list(zip(ns, sums, expected, strict=True))[::97]:
        assert round(index_of_totals(n, s) * 100) == want, (n, s)
        assert format_number(index_of_totals(n, s)) == oracle_text(want)
        assert (
            period_figures(n, s, s * s // n, s**3 // n**2).summary.value == want / 100
        )


def _histogram(n: int, s: int) -> np.ndarray:
    """n response totals (9..36) that sum to s."""
    row = np.zeros(BINS, dtype=np.int64)
    extra = s - 9 * n
    for _ in range(n):
        step = min(27, extra)
        row[step] += 1
        extra -= step
    return row


def test_the_employee_raw_mean_agrees_with_the_unit_rule_for_n_up_to_50():
    pairs = [(n, s) for n in range(1, 51) for s in range(9 * n, 36 * n + 1)]
    assert len(pairs) == 34_475
    histograms = np.array([_histogram(n, s) for n, s in pairs])

    indicators = employee_indicators(histograms, histograms.sum(axis=0), 80.0)

    for (n, s), indicator in zip(pairs, indicators, strict=True):
        assert round(indicator.raw * 100) == oracle_hundredths(n, s), (n, s)
        assert indicator.low <= indicator.adjusted <= indicator.high
