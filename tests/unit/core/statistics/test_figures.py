"""Every figure of a group from its sums: one function, checked number by number."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from survey_service.core.statistics import (
    element_intervals,
    index_of_totals,
    period_figures,
    shown,
    summary_from_sums,
)
from survey_service.core.statistics.figures import exact_element_means

# 10 responses; element k answered with counts COUNTS[k] of 1, 2, 3, 4.
COUNTS = np.array(
    [
        [0, 1, 5, 4],
        [0, 0, 6, 4],
        [1, 3, 4, 2],  # the lowest element
        [0, 0, 2, 8],  # the best
        [0, 2, 5, 3],
        [0, 1, 6, 3],
        [0, 1, 4, 5],
        [0, 2, 6, 2],  # second lowest
        [0, 2, 5, 3],  # ties U5 (2.1 each)
    ]
)


def sums_for(counts: np.ndarray) -> tuple[int, int, int, int]:
    """(n, S, Q, C) of response totals consistent with the element counts: one
    response per column position, answers laid out in order."""
    answers = np.array([np.repeat([1, 2, 3, 4], row) for row in counts])
    totals = answers.sum(axis=0)
    return (
        int(totals.size),
        int(totals.sum()),
        int((totals**2).sum()),
        int((totals**3).sum()),
    )


def test_every_figure_equals_its_definition():
    n, s, q, c = sums_for(COUNTS)

    figures = period_figures(n, s, q, c, COUNTS)

    assert figures.summary == summary_from_sums(n, s, q, c)
    bounds = element_intervals(COUNTS)
    for k, element in enumerate(figures.elements):
        mean = Fraction(int(COUNTS[k] @ [1, 2, 3, 4]), int(COUNTS[k].sum()))
        assert element.code == f"U{k + 1}"
        assert element.answers == 10
        assert element.mean == shown(mean)
        assert element.index == shown(mean * 25)
        assert element.weighted == shown(mean / 9, 3)
        assert element.low == shown(float(bounds.low[k]))
        assert element.high == shown(float(bounds.high[k]))
        assert element.low <= element.mean <= element.high
    total = sum(Fraction(int(r @ [1, 2, 3, 4]), 10) for r in COUNTS)
    assert figures.ikm_1_to_4 == shown(total / 9, 3)
    assert figures.summary.value == index_of_totals(n, s)


def test_the_weakest_are_the_three_lowest_exact_means():
    figures = period_figures(*sums_for(COUNTS), COUNTS)

    # U3 2.7, U8 3.0, U5 3.1 and U9 3.1 tie: the earlier code wins.
    assert figures.weakest == ("U3", "U5", "U8")
    assert [e.weakest for e in figures.elements].count(True) == 3


def test_below_five_responses_no_element_figures_and_no_value():
    counts = np.array([[0, 0, 2, 2]] * 9)

    figures = period_figures(4, 4 * 31, 4 * 31**2, 4 * 31**3, counts)

    assert figures.elements == ()
    assert figures.weakest == ()
    assert figures.ikm_1_to_4 is None
    assert figures.summary.value_shown is None
    assert not figures.summary.shown


def test_without_counts_only_the_summary():
    figures = period_figures(40, 40 * 27, 40 * 27**2, 40 * 27**3)

    assert figures.elements == ()
    assert figures.summary.value == 75.0
    assert figures.summary.value_shown == 75.0


def test_an_element_nobody_answered_has_no_figures_and_no_unconverted_index():
    counts = COUNTS.copy()
    counts[4] = 0
    figures = period_figures(*sums_for(COUNTS), counts)

    u5 = figures.elements[4]
    assert (u5.answers, u5.mean, u5.low, u5.high, u5.index, u5.weighted) == (
        0, None, None, None, None, None,
    )  # fmt: skip
    assert figures.ikm_1_to_4 is None
    assert not u5.weakest


def test_confidence_reaches_every_interval():
    wide = period_figures(*sums_for(COUNTS), COUNTS, confidence=0.99)
    normal = period_figures(*sums_for(COUNTS), COUNTS)

    assert (
        wide.summary.high - wide.summary.low > normal.summary.high - normal.summary.low
    )
    for a, b in zip(wide.elements, normal.elements, strict=True):
        assert a.high - a.low > b.high - b.low


def test_exact_element_means_are_fractions():
    means = exact_element_means(COUNTS)

    assert means[0] == Fraction(33, 10)
    assert means[2] == Fraction(27, 10)
    assert exact_element_means(np.zeros((9, 4), dtype=int)) == [None] * 9


@pytest.mark.parametrize("shape", [(9, 3), (8, 4)])
def test_a_table_of_the_wrong_shape_is_refused(shape):
    with pytest.raises(ValueError, match="reshape"):
        exact_element_means(np.ones(shape, dtype=int))
