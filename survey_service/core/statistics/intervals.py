"""95% intervals for satisfaction means, from sums (n, S, Q, C).

The default method ("DirEnd½", docs/method.md): the posterior of the mean under a
Dirichlet-process prior with half a pseudo-response at each end of the scale,
read from a moment-matched Beta distribution. On the unit scale y in [0, 1]:

    A = n + 1,  m = (Sy + 1/2) / A,  v = ((Qy + 1/2) / A - m^2) / (A + 1),
    k = m (1 - m) / v - 1,  [L, U] = Beta(m k, (1 - m) k) quantiles,

with U = 1 when every answer is at the top and L = 0 when every answer is at
the bottom. A Beta's skew is fixed by its mean: one with a high mean always
leans left. When the answers lean the other way (a third of the people give
4 everywhere, the rest sit near 60), its upper bound is too low and the truth
lay above it in up to 6% of samples. The skew correction: the posterior's own
skewness g is computed from the third moment (C = sum of cubes), taken from
the sample both with and without the pseudo-responses and the one nearer to
the Beta's side kept (so that neither the pseudo-responses nor a handful of
answers alone can move a bound); where g exceeds the Beta's skewness the upper
bound moves up by c sd (g - g_Beta), where it falls short the lower bound
moves down by the same rule, c = (2 z^2 + 1) / 6 (Hall's second-order term
for a studentised mean). A bound only ever moves outward, and only where the
answers are skewed beyond what the Beta allows: typical units are unchanged.

Measured (tests/unit/statistics/test_coverage.py): every coverage cell of the
standard test between 94.2% and 98.9%; in mixed populations each tail misses
at most 2.8% for n >= 10 (it was 4.5%). Unlike Student t it never returns a
zero-width interval for identical answers.

References: Ferguson (1973), Ann. Statist. 1(2), on the Dirichlet process;
Rubin (1981), Ann. Statist. 9(1), the Bayesian bootstrap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import betaincinv, ndtri

# A response's total t is the sum of nine answers 1-4: 9..36.
TOTAL_MIN, TOTAL_MAX = 9, 36
INDEX_MIN, INDEX_MAX = 25.0, 100.0


@dataclass(frozen=True)
class Intervals:
    """Lower and upper bounds, one per group (arrays of equal length)."""

    low: NDArray[np.float64]
    high: NDArray[np.float64]


def unit_scale_interval(
    n: ArrayLike,
    sum_y: ArrayLike,
    sumsq_y: ArrayLike,
    sumcube_y: ArrayLike,
    *,
    all_top: ArrayLike,
    all_bottom: ArrayLike,
    confidence: float = 0.95,
) -> Intervals:
    """DirEnd½ interval for the mean of observations on [0, 1], vectorised.

    ``n``, ``sum_y``, ``sumsq_y``, ``sumcube_y``: per group, the count and the
    sums of the observations, their squares and their cubes.
    ``all_top`` / ``all_bottom``: per group, whether every observation is 1 / 0.
    A group with n = 0 gets the prior's own (very wide) interval.
    """
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie strictly between 0 and 1")
    n_ = np.asarray(n, dtype=np.float64)
    sy = np.asarray(sum_y, dtype=np.float64)
    qy = np.asarray(sumsq_y, dtype=np.float64)
    cy = np.asarray(sumcube_y, dtype=np.float64)
    a = n_ + 1.0
    m = (sy + 0.5) / a
    second = (qy + 0.5) / a
    # The augmented sample always holds both ends, so its variance is > 0;
    # the floor only guards against rounding in huge groups.
    spread = np.maximum(second - m * m, 1e-15)
    v = np.maximum(spread / (a + 1.0), 1e-15)
    k = np.maximum(m * (1.0 - m) / v - 1.0, 1e-9)
    alpha, beta = m * k, (1.0 - m) * k
    tail = (1.0 - confidence) / 2.0
    # Beta quantiles (the inverse regularised incomplete beta function; what
    # scipy.stats.beta.ppf calls, without its per-call argument checking).
    low = betaincinv(alpha, beta, tail)
    high = betaincinv(alpha, beta, 1.0 - tail)
    # Skew correction (module text): third central moments with and without
    # the pseudo-responses; the posterior mean's skewness from each.
    third_with = (cy + 0.5) / a - 3.0 * m * second + 2.0 * m**3
    count = np.maximum(n_, 1.0)
    mean = sy / count
    third_without = cy / count - 3.0 * mean * (qy / count) + 2.0 * mean**3
    scale = 2.0 * np.sqrt(a + 1.0) / ((a + 2.0) * spread**1.5)
    beta_skew = (
        2.0
        * (beta - alpha)
        * np.sqrt(alpha + beta + 1.0)
        / ((alpha + beta + 2.0) * np.sqrt(alpha * beta))
    )
    z = ndtri(1.0 - tail)
    step = (2.0 * z * z + 1.0) / 6.0 * np.sqrt(v)
    right = scale * np.minimum(third_with, third_without) - beta_skew
    left = scale * np.maximum(third_with, third_without) - beta_skew
    high = np.minimum(high + step * np.maximum(right, 0.0), 1.0)
    low = np.maximum(low + step * np.minimum(left, 0.0), 0.0)
    high = np.where(np.asarray(all_top, dtype=bool), 1.0, high)
    low = np.where(np.asarray(all_bottom, dtype=bool), 0.0, low)
    return Intervals(low=np.atleast_1d(low), high=np.atleast_1d(high))


def index_intervals(
    n: ArrayLike,
    total_sum: ArrayLike,
    total_sumsq: ArrayLike,
    total_sumcube: ArrayLike,
    confidence: float = 0.95,
) -> Intervals:
    """Intervals of the index (25-100) for many groups from (n, S, Q, C) of totals.

    S, Q and C are the sums of response totals (9-36), of their squares and of
    their cubes, as one SQL GROUP BY gives them: COUNT(*), SUM(total),
    SUM(total*total), SUM(total*total*total).
    """
    n_ = np.asarray(n, dtype=np.float64)
    s = np.asarray(total_sum, dtype=np.float64)
    q = np.asarray(total_sumsq, dtype=np.float64)
    c = np.asarray(total_sumcube, dtype=np.float64)
    span = TOTAL_MAX - TOTAL_MIN
    lo = TOTAL_MIN
    sum_y = (s - lo * n_) / span
    sumsq_y = (q - 2 * lo * s + lo**2 * n_) / span**2
    # (t - lo)^3 = t^3 - 3 lo t^2 + 3 lo^2 t - lo^3
    sumcube_y = (c - 3 * lo * q + 3 * lo**2 * s - lo**3 * n_) / span**3
    unit = unit_scale_interval(
        n_,
        sum_y,
        sumsq_y,
        sumcube_y,
        all_top=(n_ > 0) & (s == TOTAL_MAX * n_),
        all_bottom=(n_ > 0) & (s == TOTAL_MIN * n_),
        confidence=confidence,
    )
    width = INDEX_MAX - INDEX_MIN
    return Intervals(INDEX_MIN + width * unit.low, INDEX_MIN + width * unit.high)


def element_intervals(counts: ArrayLike, confidence: float = 0.95) -> Intervals:
    """Intervals of element means (1-4 scale) from per-element answer counts.

    ``counts``: shape (..., 4), the number of answers 1, 2, 3, 4 per element.
    """
    table = np.asarray(counts, dtype=np.float64)
    y = np.array([0.0, 1 / 3, 2 / 3, 1.0])
    n = table.sum(axis=-1)
    unit = unit_scale_interval(
        n,
        table @ y,
        table @ (y * y),
        table @ (y * y * y),
        all_top=(n > 0) & (table[..., 3] == n),
        all_bottom=(n > 0) & (table[..., 0] == n),
        confidence=confidence,
    )
    return Intervals(1.0 + 3.0 * unit.low, 1.0 + 3.0 * unit.high)
