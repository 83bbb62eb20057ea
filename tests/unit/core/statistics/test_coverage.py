"""Coverage of the default interval, with Student t as the negative control.

docs/method.md: exact enumeration of every possible single-element sample for
four answer distributions at n = 5, 10, 20, 30, plus a seeded simulation of
correlated nine-element responses for four kinds of unit at n = 10 and 30.
Pass when every cell lies in [93.5%, 99%] and their mean in [94.5%, 97.5%].
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import pytest
from scipy.stats import beta, multinomial, t

from survey_service.core.statistics import element_intervals, index_intervals
from tests.unit.core.statistics.simulation import simulate_units, true_mean

DISTRIBUTIONS = (
    (0.02, 0.08, 0.50, 0.40),
    (0.0, 0.0, 0.2, 0.8),
    (0.1, 0.2, 0.4, 0.3),
    (0.0, 0.0, 0.05, 0.95),
)
SIZES = (5, 10, 20, 30)
CELL_RANGE = (0.935, 0.99)
MEAN_RANGE = (0.945, 0.975)
REPLICATIONS = 20_000
Method = Callable[..., tuple[np.ndarray, np.ndarray]]


def dirend(n, s, q, c):
    """The package's interval on the scale of the observations' sums (y in [0, 1])."""
    result = index_intervals(n, s, q, c)
    return (result.low - 25) / 75, (result.high - 25) / 75


def student_t(n, s, q, c):
    """The textbook interval, mapped to the same [0, 1] scale."""
    mean = s / n
    var = np.maximum((q - n * mean**2) / np.maximum(n - 1, 1), 0)
    half = t.ppf(0.975, np.maximum(n - 1, 1)) * np.sqrt(var / n)
    return (mean - half - 9) / 27, (mean + half - 9) / 27


def compositions(n: int) -> np.ndarray:
    """Every vector of four counts summing to n."""
    rows = [
        (a, b, c, n - a - b - c)
        for a, b, c in itertools.product(range(n + 1), repeat=3)
        if a + b + c <= n
    ]
    return np.array(rows)


def single_element_coverage(method: Method, probs, n: int) -> float:
    counts = compositions(n)
    weights = multinomial.pmf(counts, n, probs)
    y = np.array([0.0, 1 / 3, 2 / 3, 1.0])
    # Express an element as a "total" with the index mapping: y -> 9 + 27 y.
    totals = 9 + 27 * y
    s = counts @ totals
    q = counts @ totals**2
    low, high = method(np.full(len(counts), n), s, q, counts @ totals**3)
    truth = float(np.dot(probs, y))
    covered = (low <= truth + 1e-12) & (truth - 1e-12 <= high)
    return float(weights @ covered)


def simulated_coverage(method: Method, kind: str, n: int) -> float:
    rng = np.random.default_rng(2017)
    truth = true_mean(kind)
    totals = simulate_units(rng, kind, (REPLICATIONS, n))
    low, high = method(
        np.full(REPLICATIONS, n),
        totals.sum(axis=1),
        (totals**2).sum(axis=1),
        (totals**3).sum(axis=1),
    )
    return float(np.mean((low <= truth) & (truth <= high)))


def coverage_cells(method: Method) -> list[float]:
    cells = [
        single_element_coverage(method, p, n) for p in DISTRIBUTIONS for n in SIZES
    ]
    cells += [
        simulated_coverage(method, kind, n)
        for kind in ("typical", "high", "low", "ceiling")
        for n in (10, 30)
    ]
    return cells


def passes(cells: list[float]) -> bool:
    return (
        min(cells) >= CELL_RANGE[0]
        and max(cells) <= CELL_RANGE[1]
        and MEAN_RANGE[0] <= float(np.mean(cells)) <= MEAN_RANGE[1]
    )


def test_default_interval_covers_the_truth_in_every_cell():
    cells = coverage_cells(dirend)

    assert passes(cells), [round(c, 4) for c in cells]


def test_student_t_fails_the_same_test():
    cells = coverage_cells(student_t)

    assert not passes(cells)
    assert min(cells) < 0.5  # near-degenerate samples at the ceiling


@pytest.mark.parametrize("probs", DISTRIBUTIONS)
def test_element_intervals_use_the_same_method(probs):
    counts = compositions(5)[:50]
    direct = element_intervals(counts)
    y_totals = 9 + 27 * np.array([0.0, 1 / 3, 2 / 3, 1.0])
    low, high = dirend(
        counts.sum(axis=1),
        counts @ y_totals,
        counts @ y_totals**2,
        counts @ y_totals**3,
    )

    np.testing.assert_allclose(direct.low, 1 + 3 * low, atol=1e-9)
    np.testing.assert_allclose(direct.high, 1 + 3 * high, atol=1e-9)


def beta_only(n, s, q, c):
    """DirEnd½ without its skew correction: the Beta's quantiles alone."""
    y_sum, y_sq = (s - 9 * n) / 27, (q - 18 * s + 81 * n) / 729
    a = n + 1.0
    m = (y_sum + 0.5) / a
    v = ((y_sq + 0.5) / a - m * m) / (a + 1)
    k = m * (1 - m) / v - 1
    low, high = beta.ppf(0.025, m * k, (1 - m) * k), beta.ppf(0.975, m * k, (1 - m) * k)
    return np.where(s == 9 * n, 0.0, low), np.where(s == 36 * n, 1.0, high)


def tail_misses(method: Method, n: int, mirrored: bool) -> tuple[float, float]:
    """(truth above the interval, truth below it) in a mixed population: a third
    answer 4 everywhere, the rest near 60; mirrored: a third answer 1 everywhere."""
    rng = np.random.default_rng(14)
    truth = true_mean("mixed")
    totals = simulate_units(rng, "mixed", (REPLICATIONS, n))
    if mirrored:  # every answer x becomes 5 - x
        totals, truth = 45 - totals, 1 - truth
    low, high = method(
        np.full(REPLICATIONS, n),
        totals.sum(axis=1),
        (totals**2).sum(axis=1),
        (totals**3).sum(axis=1),
    )
    return float(np.mean(truth > high)), float(np.mean(truth < low))


@pytest.mark.parametrize("mirrored", [False, True])
@pytest.mark.parametrize("n", [10, 20, 30, 50])
def test_each_tail_misses_at_most_three_percent_in_a_mixed_population(n, mirrored):
    above, below = tail_misses(dirend, n, mirrored)

    assert above <= 0.03, above
    assert below <= 0.03, below


def test_the_beta_alone_misses_the_long_side_of_a_mixed_population():
    # The negative control: without the skew correction the upper tail misses
    # 4-4.5% at n = 10-30, and the lower tail of the mirror image as much.
    above, _ = tail_misses(beta_only, 20, mirrored=False)
    _, below = tail_misses(beta_only, 20, mirrored=True)

    assert above > 0.035
    assert below > 0.035


@pytest.mark.parametrize("kind", ["typical", "high"])
def test_the_correction_leaves_typical_units_alone(kind):
    rng = np.random.default_rng(3)
    totals = simulate_units(rng, kind, (REPLICATIONS, 20))
    sums = (np.full(REPLICATIONS, 20), *((totals**p).sum(axis=1) for p in (1, 2, 3)))

    low, high = dirend(*sums)
    plain_low, plain_high = beta_only(*sums)

    assert np.mean(np.isclose(low, plain_low) & np.isclose(high, plain_high)) > 0.8
    assert np.mean(high - low) <= 1.005 * np.mean(plain_high - plain_low)
