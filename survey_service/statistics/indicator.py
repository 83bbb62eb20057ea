"""Per-employee satisfaction indicators for an appraisal period.

For each employee of a unit: the raw index of their own responses with its
DirEnd½ interval, an empirical-Bayes estimate shrunk toward the unit (the
better point estimate for small n), the interval's position against a target,
and an exact funnel test that flags an employee as low only on evidence.
Never a predikat: the rating stays the appraising official's (SKM.md).
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.fft import irfft, next_fast_len, rfft

from survey_service.statistics.intervals import TOTAL_MAX, TOTAL_MIN, index_intervals
from survey_service.statistics.summary import MIN_RESPONSES_APPRAISAL

METHOD_VERSION = "1: IKM exact 1/9; DirEnd½ 95%; EB normal-normal MoM; exact funnel"
BINS = TOTAL_MAX - TOTAL_MIN + 1  # 28 possible totals, 9..36
LEAVE_OUT_SHARE = 0.10  # leave the employee out of the reference above this share
FLAG_ALPHA = 0.05
TOTALS = np.arange(TOTAL_MIN, TOTAL_MAX + 1, dtype=np.float64)


class Position(enum.StrEnum):
    """How an indicator's interval stands to the target (SKM.md)."""

    ABOVE = "above_target"  # the interval lies wholly above the target
    CONSISTENT = "consistent_with_target"  # the interval contains the target
    BELOW = "below_target"  # the interval lies wholly below the target
    NOT_ASSESSABLE = "not_assessable"  # fewer than 10 responses: tidak dapat dinilai


POSITION_LABELS = {
    Position.ABOVE: "Di atas target",
    Position.CONSISTENT: "Sesuai target",
    Position.BELOW: "Di bawah target",
    Position.NOT_ASSESSABLE: "Tidak dapat dinilai",
}


def position(low: float | None, high: float | None, target: float, n: int) -> Position:
    """Above when the interval is wholly above ``target``, below when wholly below.

    An interval that touches the target is consistent with it.
    """
    if n < MIN_RESPONSES_APPRAISAL or low is None or high is None:
        return Position.NOT_ASSESSABLE
    if low > target:
        return Position.ABOVE
    if high < target:
        return Position.BELOW
    return Position.CONSISTENT


@dataclass(frozen=True)
class EmployeeIndicator:
    n: int
    raw: float | None  # index of the employee's own responses, 25-100
    adjusted: float | None  # shrunk toward the unit, kept inside [low, high]
    low: float | None
    high: float | None
    target: float
    position: Position
    p_value: float | None  # funnel test: P(a unit-like sample sums this low)
    flagged: bool  # n >= 10 and p < 0.05: "worth a look", not a verdict
    method_version: str = METHOD_VERSION


def _histograms(histograms: ArrayLike) -> NDArray[np.float64]:
    table = np.asarray(histograms, dtype=np.float64)
    if table.shape[-1] != BINS:
        raise ValueError(f"histograms need {BINS} bins (totals 9..36)")
    if (table < 0).any():
        raise ValueError("counts cannot be negative")
    return table


# Bernstein: P(|S - E S| >= t) <= 2 exp(-t^2 / (2 (n var + 27 t / 3))). Beyond
# the t that makes this 1e-17 the sum has no mass worth a float, so the
# convolution is computed on that window alone, of width O(sqrt n), not O(n).
_LOG_TAIL = math.log(2e17)


def _window_half_width(count: int, variance: float) -> float:
    a = 2 * (BINS - 1) / 3 * _LOG_TAIL
    b = 2 * count * variance * _LOG_TAIL
    return (a + math.sqrt(a * a + 4 * b)) / 2


def _power(z: NDArray[np.complex128], n: int) -> NDArray[np.complex128]:
    """z ** n by repeated squaring: a few complex products instead of exp and log
    per element (6-10x faster here; relative error about 1e-14)."""
    result = np.ones_like(z)
    base = z
    while n:
        if n & 1:
            result = result * base
        n >>= 1
        if n:
            base = base * base
    return result


def _sum_cdf(
    p: NDArray[np.float64], n: NDArray[np.int64], observed: NDArray[np.int64]
) -> NDArray[np.float64]:
    """P(sum of n[i] draws from p <= 9 n[i] + observed[i]), by FFT powers.

    The distribution of a sum of n draws is the inverse transform of the n-th
    power of p's transform, computed once per distinct n on the window where
    the sum has mass (the rest is below 1e-17 and folds in harmlessly).
    """
    result = np.empty(n.size)
    steps = np.arange(BINS)
    mean = float(p @ steps)
    variance = float(p @ (steps * steps)) - mean * mean
    for count in np.unique(n).tolist():
        support = (BINS - 1) * count
        half = _window_half_width(count, variance)
        lo = max(0, math.floor(mean * count - half))
        hi = min(support, math.ceil(mean * count + half))
        size = next_fast_len(hi - lo + 1, real=True)
        dist = irfft(_power(rfft(p, size), count), size)
        # dist[m] holds P(S - 9n = j) for the j in [lo, lo + size) with j = m mod size.
        cdf = np.cumsum(np.clip(np.roll(dist, -(lo % size)), 0.0, None))
        for i in np.flatnonzero(n == count):
            j = int(observed[i])
            if j < lo:
                result[i] = 0.0
            elif j >= lo + size - 1:
                result[i] = 1.0
            else:
                result[i] = min(1.0, float(cdf[j - lo]))
    return result


def funnel_p_values(
    histograms: ArrayLike, unit_histogram: ArrayLike
) -> NDArray[np.float64]:
    """Exact funnel test per employee: P(S_n <= employee's total sum).

    S_n is the sum of n response totals drawn from the unit's own distribution
    of totals in the period (leaving the employee out when they hold more than
    10% of the unit's responses), by n-fold convolution of the 28-bin histogram;
    convolutions are cached by n. NaN where n = 0 or no reference is left.
    Source: STATISTICS.md; Spiegelhalter (2005), "Funnel plots for comparing
    institutional performance", Statistics in Medicine 24, 1185-1202.
    """
    table = np.atleast_2d(_histograms(histograms))
    unit = _histograms(unit_histogram)
    n = np.rint(table.sum(axis=1)).astype(np.int64)
    observed = np.rint(table @ TOTALS).astype(np.int64) - TOTAL_MIN * n
    p_values = np.full(table.shape[0], np.nan)
    unit_n = unit.sum()
    leave_out = n > LEAVE_OUT_SHARE * unit_n
    shared = (n > 0) & ~leave_out
    if shared.any() and unit_n > 0:
        p_values[shared] = _sum_cdf(unit / unit_n, n[shared], observed[shared])
    for i in np.flatnonzero(leave_out & (n > 0)):
        reference = unit - table[i]
        if reference.sum() <= 0 or (reference < 0).any():
            continue
        p_values[i] = _sum_cdf(
            reference / reference.sum(), n[i : i + 1], observed[i : i + 1]
        )[0]
    return p_values


def _shrunk(
    n: NDArray[np.float64],
    mean: NDArray[np.float64],
    sumsq: NDArray[np.float64],
    unit_mean: float,
) -> NDArray[np.float64]:
    """Normal-normal empirical Bayes toward the unit mean, method of moments.

    tau^2 = max(0, mean((ybar_i - mu)^2) - mean(s_w^2 / n_i)); each employee's
    mean moves toward mu by the factor s_w^2/n_i / (tau^2 + s_w^2/n_i).
    Source: Morris (1983), "Parametric empirical Bayes inference", JASA 78, 47-55.
    """
    has = n > 0
    k = int(has.sum())
    shrunk = np.where(has, mean, np.nan)
    if k == 0:
        return shrunk
    within_df = float(n[has].sum()) - k
    within_ss = float((sumsq[has] - n[has] * mean[has] ** 2).sum())
    s2 = within_ss / within_df if within_df > 0 else 0.0
    s2 = max(s2, 1.0)  # at least one index point squared: never a certainty
    se2 = s2 / n[has]
    tau2 = max(0.0, float(((mean[has] - unit_mean) ** 2).mean() - se2.mean()))
    weight = tau2 / (tau2 + se2)
    shrunk[has] = unit_mean + weight * (mean[has] - unit_mean)
    return shrunk


def employee_indicators(
    histograms: ArrayLike,
    unit_histogram: ArrayLike,
    target: float,
    confidence: float = 0.95,
) -> list[EmployeeIndicator]:
    """Indicators for the employees of one unit and period.

    ``histograms``: (k, 28) counts of response totals 9..36 per employee;
    ``unit_histogram``: (28,) the same for every valid response of the unit in
    the period (with or without an employee); ``target`` on the 25-100 scale.
    """
    table = np.atleast_2d(_histograms(histograms))
    unit = _histograms(unit_histogram)
    n = table.sum(axis=1)
    s = table @ TOTALS
    q = table @ (TOTALS * TOTALS)
    scale = 25.0 / 9.0
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = np.where(n > 0, scale * s / n, np.nan)
    unit_n = unit.sum()
    unit_mean = float(scale * (unit @ TOTALS) / unit_n) if unit_n else float("nan")
    adjusted = _shrunk(n, raw, scale * scale * q, unit_mean)
    bounds = index_intervals(n, s, q, confidence)
    p_values = funnel_p_values(table, unit)
    result = []
    for i in range(table.shape[0]):
        count = int(np.rint(n[i]))
        if count == 0:
            result.append(
                EmployeeIndicator(
                    0,
                    None,
                    None,
                    None,
                    None,
                    target,
                    Position.NOT_ASSESSABLE,
                    None,
                    False,
                )
            )
            continue
        low, high = float(bounds.low[i]), float(bounds.high[i])
        value = float(np.clip(adjusted[i], low, high))
        p_value = None if np.isnan(p_values[i]) else float(p_values[i])
        result.append(
            EmployeeIndicator(
                n=count,
                raw=round(float(raw[i]), 2),
                adjusted=round(value, 2),
                low=low,
                high=high,
                target=target,
                position=position(low, high, target, count),
                p_value=p_value,
                flagged=bool(
                    count >= MIN_RESPONSES_APPRAISAL
                    and p_value is not None
                    and p_value < FLAG_ALPHA
                ),
            )
        )
    return result
