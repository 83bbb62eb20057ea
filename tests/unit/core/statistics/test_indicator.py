"""Employee indicators: position against target, shrinkage and the low flag."""

from __future__ import annotations

import numpy as np
import pytest

from survey_service.core.statistics import (
    Position,
    employee_indicators,
    funnel_p_values,
    position,
)
from survey_service.core.statistics.indicator import BINS
from tests.unit.core.statistics.simulation import simulate_units

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


LATTICES = {  # where a unit's totals can lie: every total, even steps, every 9th
    "every total": np.arange(28),
    "even steps": np.arange(0, 28, 2),
    "every ninth": np.array([0, 9, 18, 27]),
}


@pytest.mark.parametrize("support", LATTICES.values(), ids=LATTICES.keys())
@pytest.mark.parametrize("n", [1, 2, 7, 40, 150])
def test_funnel_p_values_equal_direct_convolution_at_every_total(support, n):
    """The CDF of a sum of n totals at every reachable value, for units whose
    totals lie on a lattice too (then the transform has more than one peak)."""
    rng = np.random.default_rng(n)
    weights = np.zeros(28)
    weights[support] = rng.dirichlet(np.ones(support.size))
    unit = np.rint(weights * 10_000)
    p = unit / unit.sum()
    dist = np.array([1.0])
    for _ in range(n):
        dist = np.convolve(dist, p)
    exact = np.minimum(np.cumsum(dist), 1.0)
    sums = np.unique(np.linspace(0, 27 * n, 25).astype(int))
    employees = np.zeros((sums.size, 28))
    for row, total in enumerate(sums):  # n responses summing to 9 n + total
        employees[row, 0] = n
        for _ in range(total // 27):
            employees[row, 0] -= 1
            employees[row, 27] += 1
        if total % 27:
            employees[row, 0] -= 1
            employees[row, total % 27] += 1

    p_values = funnel_p_values(employees, unit * 1000)

    assert p_values == pytest.approx(exact[sums], abs=1e-12, rel=1e-9)


def test_for_large_n_a_few_frequencies_give_what_the_whole_transform_gives(
    monkeypatch,
):
    """Thousands of responses: the transform is evaluated only near zero (the
    rest is provably negligible), and the p-values are the full FFT's."""
    from scipy.fft import rfft

    from survey_service.core.statistics import indicator

    rng = np.random.default_rng(5)
    unit = histogram(rng.choice(np.arange(9, 37), size=400_000, p=UNIT_P))
    p = unit / unit.sum()
    employees = []
    for n in (3_000, 20_000, 80_000):
        mean, sd = n * (p @ np.arange(28)), np.sqrt(n) * 4
        for z in (-4.0, -1.7, 0.0, 1.0):
            employees.append(sum_of(n, int(mean + z * sd)))
    employees = np.array(employees)
    n = employees.sum(axis=1).astype(np.int64)

    few = funnel_p_values(employees, unit * 100)
    sizes = [2 * int(6 * np.sqrt(k) * 4) for k in (3_000, 20_000, 80_000)]
    evaluated = [
        indicator._transform(p[None], np.array([k]), m).shape[1]
        for k, m in zip((3_000, 20_000, 80_000), sizes, strict=True)
    ]
    monkeypatch.setattr(
        indicator, "_transform", lambda p, n, size: rfft(p, size, axis=1)
    )
    whole = funnel_p_values(employees, unit * 100)

    assert all(
        count < size // 2 + 1 for count, size in zip(evaluated, sizes, strict=True)
    )
    assert few == pytest.approx(whole, abs=1e-10)
    assert 0.0 < few.min() < 1e-3 < 0.1 < few.max() < 1.0
    assert n.min() == 3_000


@pytest.mark.parametrize("n", [2_000, 30_000])
def test_where_the_bound_on_the_transform_is_tight_the_p_values_are_binomial(n):
    """Totals on two neighbouring values only: |phi|^2 is exactly the bound
    that decides which frequencies are left out, and the sum is binomial."""
    from scipy.stats import binom

    unit = np.zeros(28)
    unit[13] = unit[14] = 5_000_000
    js = np.array([n // 2 - int(3 * np.sqrt(n)), n // 2 - 40, n // 2, n // 2 + 25])
    employees = np.zeros((js.size, 28))
    employees[:, 13], employees[:, 14] = n - js, js  # sums 13 n + j above 9 n

    p_values = funnel_p_values(employees, unit)

    assert p_values == pytest.approx(binom.cdf(js, n, 0.5), abs=1e-12)


def sum_of(n: int, excess: int) -> np.ndarray:
    """A histogram of n totals whose offsets above 9 sum to ``excess``."""
    row = np.zeros(28)
    row[27], rest = divmod(excess, 27)
    if rest:
        row[rest] += 1
    row[0] += n - row.sum()
    return row


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


def reference_shrinkage(groups: list[list[int]], unit_totals: list[int]) -> list[float]:
    """Morris's method of moments written out plainly, on the 25-100 scale."""
    index = [[25 * t / 9 for t in g] for g in groups]
    unit = [25 * t / 9 for t in unit_totals]
    mu = sum(unit) / len(unit)
    k = len(groups)
    df = sum(len(g) for g in index) - k
    if df >= 10:
        s2 = sum(sum((x - sum(g) / len(g)) ** 2 for x in g) for g in index) / df
    else:
        s2 = sum((x - mu) ** 2 for x in unit) / (len(unit) - 1)
    s2 = max(s2, 1.0)
    means = [sum(g) / len(g) for g in index]
    se2 = [s2 / len(g) for g in index]
    tau2 = max(0.0, sum((m - mu) ** 2 for m in means) / k - sum(se2) / k)
    return [mu + tau2 / (tau2 + e) * (m - mu) for m, e in zip(means, se2, strict=True)]


@pytest.mark.parametrize(
    "groups",
    [
        # Enough repeat responses: the pooled within-employee variance.
        [[30, 31, 29, 33, 35, 28], [20, 22, 25, 21, 24], [27, 28, 26, 30, 29, 27, 31]],
        # One response each: the unit's spread stands in.
        [[30], [20], [27], [34], [15], [29]],
    ],
)
def test_the_shrunk_estimate_is_morris_s_method_of_moments(groups):
    unit_totals = [t for g in groups for t in g] + [28, 29, 30, 31]
    hists = np.array([histogram(g) for g in groups])

    results = employee_indicators(hists, histogram(unit_totals), 80.0)

    expected = reference_shrinkage(groups, unit_totals)
    for group, result, want in zip(groups, results, expected, strict=True):
        assert result.n == len(group)
        assert result.raw == pytest.approx(
            25 * sum(group) / (9 * len(group)), abs=0.005
        )
        clipped = min(max(want, result.low), result.high)
        assert result.adjusted == pytest.approx(clipped, abs=0.006)
        assert result.target == 80.0
        assert result.position is position(result.low, result.high, 80.0, result.n)


def test_an_employee_without_responses_in_a_batch_keeps_every_field_empty():
    hists = np.array([histogram([30, 31, 32]), np.zeros(BINS, dtype=int)])

    empty = employee_indicators(hists, hists.sum(axis=0), 75.0)[1]

    assert (empty.n, empty.raw, empty.adjusted, empty.low, empty.high) == (
        0, None, None, None, None,
    )  # fmt: skip
    assert empty.target == 75.0
    assert empty.position is Position.NOT_ASSESSABLE
    assert empty.p_value is None
    assert not empty.flagged


def test_each_unit_shrinks_toward_its_own_mean_and_uses_its_own_target():
    from survey_service.core.statistics import employee_indicators_by_unit

    high = [histogram([34, 35, 36, 33]), histogram([30])]
    low = [histogram([15, 16, 14, 18]), histogram([30])]
    units = [sum(high), sum(low)]

    results = employee_indicators_by_unit(
        np.array(high + low), [0, 0, 1, 1], np.array(units), [90.0, 60.0]
    )

    # The same single rating of 30 is pulled up in the high unit, down in the low.
    assert results[1].adjusted > results[1].raw > results[3].adjusted
    assert [r.target for r in results] == [90.0, 90.0, 60.0, 60.0]


def test_negative_or_misshapen_histograms_are_refused():
    with pytest.raises(ValueError, match="negative"):
        employee_indicators(-np.ones((1, BINS)), np.ones(BINS), 80.0)
    with pytest.raises(ValueError, match="28 bins"):
        employee_indicators(np.ones((1, 5)), np.ones(BINS), 80.0)


def direct_p(hist: np.ndarray, reference: np.ndarray) -> float:
    """P(sum of n totals drawn from ``reference`` <= the employee's sum)."""
    n = int(hist.sum())
    p = reference / reference.sum()
    dist = np.array([1.0])
    for _ in range(n):
        dist = np.convolve(dist, p)
    return float(dist[: int(hist @ TOTALS) - 9 * n + 1].sum())


@pytest.mark.parametrize(
    ("employee", "others", "left_out"),
    [
        ([24, 25, 26, 27, 28], 40, True),  # 5 of 45: more than 10%
        ([24, 25, 26, 27, 28], 45, False),  # 5 of 50: exactly 10%, kept in
        ([24, 25, 26, 27, 28], 95, False),  # 5 of 100
    ],
)
def test_the_reference_leaves_out_an_employee_above_a_tenth_of_the_unit(
    employee, others, left_out
):
    rng = np.random.default_rng(11)
    hist = histogram(employee)
    rest = histogram(rng.choice(np.arange(9, 37), size=others, p=UNIT_P))
    unit = hist + rest

    p_value = funnel_p_values(hist[None, :], unit)[0]

    expected = direct_p(hist, rest if left_out else unit)
    assert p_value == pytest.approx(expected, rel=1e-9)


def test_no_reference_left_gives_no_p_value():
    only = histogram([20, 21, 22])

    assert np.isnan(funnel_p_values(only[None, :], only)[0])  # all of the unit
    assert np.isnan(funnel_p_values(np.zeros((1, BINS)), only)[0])  # n = 0
