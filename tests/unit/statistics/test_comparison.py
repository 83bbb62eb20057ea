"""The change between two periods: exact in degenerate cases, honest in noise."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from survey_service.statistics import compare_periods


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
