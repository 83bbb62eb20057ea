"""The change between two periods: exact in degenerate cases, honest in noise."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from survey_service.core.statistics import Comparison, compare_periods


def sums(totals) -> tuple[int, int, int]:
    t = np.asarray(totals, dtype=np.int64)
    return int(t.size), int(t.sum()), int((t * t).sum())


def test_a_jump_between_two_periods_without_spread_is_certain():
    # Every response 27 (index 75) then every response 36 (index 100).
    result = compare_periods(sums([36] * 5), sums([27] * 5))

    assert result.difference == 25
    assert result.significant
    assert result.p_value == 0.0


def test_the_same_answers_twice_is_no_change():
    result = compare_periods(sums([27, 30, 33] * 3), sums([33, 30, 27] * 3))

    assert result.difference == 0
    assert not result.significant


def test_below_five_responses_on_either_side_nothing_is_compared():
    assert not compare_periods(sums([36] * 4), sums([9] * 50)).comparable
    assert compare_periods(sums([36] * 5), sums([9] * 5)).comparable


def test_one_period_without_spread_uses_the_other_s_variance():
    constant = sums([27] * 20)
    small = compare_periods(sums([24, 31] * 10), constant)  # +0.5 total, wide
    large = compare_periods(sums([33, 34] * 10), constant)

    assert small.difference == Fraction(25, 9) / 2
    assert not small.significant  # half a point against a spread of seven
    assert large.significant


def test_a_clear_change_with_spread_is_significant_and_noise_is_not():
    rng = np.random.default_rng(1)
    before = rng.integers(24, 31, size=40)
    assert compare_periods(sums(before + 6), sums(before)).significant
    assert not compare_periods(sums(before[::-1]), sums(before)).significant


def _population(rng, kind: str, size: int) -> np.ndarray:
    """Response totals from realistic mixes (a respondent tends to one level)."""
    if kind == "typical":
        level = rng.choice([2, 3, 4], size=(size, 1), p=[0.15, 0.6, 0.25])
        noise = rng.choice([-1, 0, 0, 0, 1], size=(size, 9))
        return np.clip(level + noise, 1, 4).sum(axis=1)
    if kind == "enthusiasts":  # a third answer all 4s, the rest near 60
        fans = rng.random(size) < 1 / 3
        rest = rng.choice([2, 3], size=(size, 9), p=[0.45, 0.55]).sum(axis=1)
        return np.where(fans, 36, rest)
    if kind == "low":
        return rng.choice([1, 2, 3], size=(size, 9), p=[0.3, 0.5, 0.2]).sum(axis=1)
    raise ValueError(kind)


@pytest.mark.parametrize("n", [5, 20])
@pytest.mark.parametrize("kind", ["typical", "enthusiasts", "low"])
def test_pure_noise_is_called_significant_at_most_5_percent_of_the_time(n, kind):
    rng = np.random.default_rng(2017 + n)
    repetitions = 4000
    hits = 0
    for _ in range(repetitions):
        now = _population(rng, kind, n)
        before = _population(rng, kind, n)
        hits += compare_periods(sums(now), sums(before)).significant
    assert hits / repetitions <= 0.05, hits / repetitions


def test_the_p_value_is_welch_s_statistic_against_hsu_s_degrees_of_freedom():
    from scipy.stats import t as student_t

    now = np.array([30, 28, 33, 27, 31, 29, 35])
    before = np.array([25, 27, 24, 29, 26])
    mean1, mean0 = 25 * now.mean() / 9, 25 * before.mean() / 9
    v1 = (25 / 9) ** 2 * now.var(ddof=1) / now.size
    v0 = (25 / 9) ** 2 * before.var(ddof=1) / before.size
    statistic = abs(mean1 - mean0) / (v1 + v0) ** 0.5
    expected = 2 * student_t.sf(statistic, min(now.size, before.size) - 1)

    result = compare_periods(sums(now), sums(before))

    assert result.comparable
    assert result.difference == Fraction(25 * int(now.sum()), 9 * now.size) - Fraction(
        25 * int(before.sum()), 9 * before.size
    )
    assert result.p_value == pytest.approx(expected, rel=1e-9)
    assert result.significant == bool(expected < 0.05)


def test_alpha_decides_significance():
    now, before = sums([30, 28, 33, 27, 31, 29, 35]), sums([25, 27, 24, 29, 26])
    p_value = compare_periods(now, before).p_value

    assert compare_periods(now, before, alpha=p_value * 1.01).significant
    assert not compare_periods(now, before, alpha=p_value * 0.99).significant


def test_what_is_not_compared_says_so_in_every_field():
    result = compare_periods(sums([36] * 4), sums([9] * 50))

    assert result == Comparison(False, None, None, False)


def test_an_equal_index_is_compared_and_not_significant():
    result = compare_periods(sums([27, 28, 29] * 2), sums([28] * 6))

    assert result == Comparison(True, Fraction(0), 1.0, False)


def test_the_variance_is_the_sample_variance_of_the_index():
    from survey_service.core.statistics.comparison import _variance

    totals = [20, 25, 31]
    n, s, q = sums(totals)
    expected = Fraction(25, 9) ** 2 * Fraction(
        sum((Fraction(t) - Fraction(s, n)) ** 2 for t in totals), n - 1
    )

    assert _variance(n, s, q) == expected
    assert _variance(1, 30, 900) == 0
