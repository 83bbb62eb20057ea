"""Employee indicators: position against target, shrinkage and the low flag."""

from __future__ import annotations

import numpy as np
import pytest

from survey_service.statistics import (
    Position,
    employee_indicators,
    funnel_p_values,
    position,
)
from survey_service.statistics.indicator import BINS
from tests.unit.statistics.simulation import simulate_units

TOTALS = np.arange(9, 37)
# A typical unit's distribution of response totals 9..36 (mass around 27-33).
UNIT_P = np.exp(-0.5 * ((np.arange(9, 37) - 29.5) / 3.5) ** 2)
UNIT_P /= UNIT_P.sum()


def histogram(totals) -> np.ndarray:
    return np.bincount(np.asarray(totals) - 9, minlength=BINS)


@pytest.mark.parametrize(
    ("low", "high", "n", "expected"),
    [
        (80.01, 90.0, 10, Position.ABOVE),
        (80.0, 90.0, 10, Position.CONSISTENT),  # touching the target is not above
        (70.0, 80.0, 10, Position.CONSISTENT),
        (70.0, 79.99, 10, Position.BELOW),
        (70.0, 79.99, 9, Position.NOT_ASSESSABLE),  # fewer than 10 responses
    ],
)
def test_position_against_target_at_its_boundaries(low, high, n, expected):
    assert position(low, high, 80.0, n) is expected


def test_indicator_of_an_employee_without_responses_is_not_assessable():
    result = employee_indicators(np.zeros((1, BINS)), histogram([30] * 50), 80.0)[0]

    assert result.n == 0
    assert result.adjusted is None
    assert result.position is Position.NOT_ASSESSABLE
    assert result.flagged is False


def test_small_samples_are_pulled_toward_the_unit_more_than_large_ones():
    rng = np.random.default_rng(1)
    staff = [rng.choice(np.arange(9, 37), size=n, p=UNIT_P) for n in (200, 150, 120)]
    small = np.array([20] * 12)  # a poor run of 12 responses
    hists = np.array([histogram(t) for t in [*staff, small]])
    results = employee_indicators(hists, hists.sum(axis=0), 80.0)

    poor = results[-1]
    assert poor.raw == pytest.approx(25 * 20 / 9, abs=0.01)
    assert poor.raw < poor.adjusted  # pulled up toward the unit
    assert poor.low <= poor.adjusted <= poor.high
    big = results[0]
    assert abs(big.adjusted - big.raw) < abs(poor.adjusted - poor.raw)


def test_flag_never_fires_below_ten_responses():
    hists = np.array([histogram([9] * 9), histogram([30] * 300)])

    results = employee_indicators(hists, hists.sum(axis=0), 80.0)

    assert results[0].p_value < 0.05
    assert results[0].flagged is False


@pytest.fixture(scope="module")
def realistic_units():
    """Distributions of response totals of four kinds of unit (see test_coverage)."""
    rng = np.random.default_rng(11)
    return {
        kind: np.bincount(
            simulate_units(rng, kind, (100_000, 1)).ravel().astype(int) - 9,
            minlength=BINS,
        )
        / 100_000
        for kind in ("typical", "high", "low", "ceiling")
    }


def test_false_flag_rate_for_employees_at_the_unit_average_is_at_most_5_percent(
    realistic_units,
):
    # The test is exact, so its expected rate is at most 5% by construction;
    # measured here 4.3-5.0% per kind of unit (Monte Carlo error about 0.3%).
    rng = np.random.default_rng(6)
    rates = {}
    for kind, unit_p in realistic_units.items():
        flags = tests = 0
        for _ in range(100):
            sizes = rng.integers(10, 31, size=40)
            hists = np.array(
                [histogram(rng.choice(TOTALS, size=n, p=unit_p)) for n in sizes]
            )
            for result in employee_indicators(hists, hists.sum(axis=0), 80.0):
                flags += result.flagged
                tests += 1
        rates[kind] = flags / tests

    assert np.mean(list(rates.values())) <= 0.05, rates
    assert max(rates.values()) <= 0.055, rates
    assert min(rates.values()) > 0.01, rates  # the test is not simply switched off


def test_a_ten_point_deficit_at_n_20_is_usually_flagged():
    rng = np.random.default_rng(9)
    totals = np.arange(9, 37)
    worse_p = np.exp(-0.5 * ((totals - (29.5 - 3.6)) / 3.5) ** 2)  # ~10 index points
    worse_p /= worse_p.sum()
    caught = 0
    for _ in range(200):
        colleagues = [
            histogram(rng.choice(totals, size=25, p=UNIT_P)) for _ in range(20)
        ]
        weak = histogram(rng.choice(totals, size=20, p=worse_p))
        hists = np.array([*colleagues, weak])
        caught += employee_indicators(hists, hists.sum(axis=0), 80.0)[-1].flagged

    assert caught / 200 >= 0.8


def test_funnel_leaves_out_an_employee_who_holds_most_of_the_unit():
    big = histogram([20] * 60)  # 60 of the unit's 80 responses, all poor
    rest = histogram([33] * 20)

    p_values = funnel_p_values(np.array([big]), big + rest)

    # Against the rest of the unit (all 33) a run of 20s is far below.
    assert p_values[0] < 1e-6


def test_funnel_p_value_matches_a_direct_convolution():
    rng = np.random.default_rng(3)
    hist = histogram(rng.choice(np.arange(9, 37), size=12, p=UNIT_P))
    unit = histogram(rng.choice(np.arange(9, 37), size=500, p=UNIT_P))
    p = unit / unit.sum()
    dist = np.array([1.0])
    for _ in range(12):
        dist = np.convolve(dist, p)
    expected = dist[: int(hist @ np.arange(9, 37)) - 9 * 12 + 1].sum()

    assert funnel_p_values(hist[None, :], unit)[0] == pytest.approx(expected, rel=1e-9)


def test_a_single_response_is_pulled_toward_the_unit_mean():
    """With one response per employee there is no within-employee spread to
    estimate: the unit's spread stands in, so one rating is not taken at face
    value (it was before: the variance was floored at 1 point^2)."""
    rng = np.random.default_rng(5)
    totals = rng.choice(np.arange(9, 37), size=40, p=UNIT_P)
    hists = np.array([histogram([t]) for t in totals])

    results = employee_indicators(hists, hists.sum(axis=0), 80.0)

    unit_mean = 25 * totals.mean() / 9
    for total, result in zip(totals, results, strict=True):
        raw = 25 * total / 9
        assert result.low <= result.adjusted <= result.high
        if abs(raw - unit_mean) > 5:
            # Moves toward the unit mean, at least a fifth of the way.
            assert abs(result.adjusted - unit_mean) <= 0.8 * abs(raw - unit_mean)
