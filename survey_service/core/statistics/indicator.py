"""Per-employee satisfaction indicators for an appraisal period.

For each employee of a unit: the raw index of their own responses with its
DirEnd½ interval, an empirical-Bayes estimate shrunk toward the unit (the
better point estimate for small n), the interval's position against a target,
and an exact funnel test that flags an employee as low only on evidence.
Never a predikat: the rating stays the appraising official's (docs/method.md).
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.fft import next_fast_len, rfft

from survey_service.core.skm import N_
from survey_service.core.statistics.ikm import index_of_totals
from survey_service.core.statistics.intervals import (
    TOTAL_MAX,
    TOTAL_MIN,
    index_intervals,
)
from survey_service.core.statistics.rounding import shown
from survey_service.core.statistics.summary import MIN_RESPONSES_APPRAISAL

METHOD_VERSION = "1: IKM exact 1/9; DirEnd½ 95%; EB normal-normal MoM; exact funnel"
BINS = TOTAL_MAX - TOTAL_MIN + 1  # 28 possible totals, 9..36
LEAVE_OUT_SHARE = 0.10  # leave the employee out of the reference above this share
FLAG_ALPHA = 0.05
TOTALS = np.arange(TOTAL_MIN, TOTAL_MAX + 1, dtype=np.float64)


class Position(enum.StrEnum):
    """How an indicator's interval stands to the target (docs/method.md)."""

    ABOVE = "above_target"  # the interval lies wholly above the target
    CONSISTENT = "consistent_with_target"  # the interval contains the target
    BELOW = "below_target"  # the interval lies wholly below the target
    NOT_ASSESSABLE = "not_assessable"  # fewer than 10 responses: tidak dapat dinilai


POSITION_LABELS = {
    Position.ABOVE: N_("Di atas target"),
    Position.CONSISTENT: N_("Sesuai target"),
    Position.BELOW: N_("Di bawah target"),
    Position.NOT_ASSESSABLE: N_("Tidak dapat dinilai"),
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


def for_appraisal(indicator: EmployeeIndicator) -> EmployeeIndicator:
    """The indicator as an appraisal may carry it: below MIN_RESPONSES_APPRAISAL
    responses no number at all (value, interval and raw mean are None), only the
    count and "not assessable". Every appraisal path (page, exports, API,
    frozen snapshot) goes through this one gate.
    """
    if indicator.n >= MIN_RESPONSES_APPRAISAL:
        return indicator
    return replace(indicator, raw=None, adjusted=None, low=None, high=None)


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
# "pragma: no mutate" marks the lines that only size this window or a batch: a
# larger window or another batch size gives the same numbers (make mutate).
_LOG_TAIL = math.log(2e17)


def _window_half_width(
    count: NDArray[np.int64], variance: NDArray[np.float64]
) -> NDArray[np.float64]:
    a = 2 * (BINS - 1) / 3 * _LOG_TAIL  # pragma: no mutate
    b = 2 * count * variance * _LOG_TAIL  # pragma: no mutate
    return (a + np.sqrt(a * a + 4 * b)) / 2  # pragma: no mutate


def _power(z: NDArray[np.complex128], n: NDArray[np.int64]) -> NDArray[np.complex128]:
    """Row i of z raised to n[i], by repeated squaring: a few complex products
    instead of exp and log per element (6-10x faster here; error about 1e-14)."""
    result = np.ones_like(z)
    base = z
    exponent = n.copy()
    while exponent.any():
        odd = (exponent & 1).astype(bool)
        result[odd] *= base[odd]
        exponent >>= 1
        if exponent.any():
            base = base * base
    return result


# A frequency whose term |phi|^n is below this adds less than it to the CDF
# (times a factor bounded by the window length): it is left out, so the work
# per employee stops growing with n (the significant frequencies sit within
# O(1/sqrt n) of the lattice's peaks, and the window is O(sqrt n) long).
_NEGLIGIBLE_LOG = math.log(1e-20)


def _transform(
    p: NDArray[np.float64], n: NDArray[np.int64], size: int
) -> NDArray[np.complex128]:
    """p's discrete transform of length ``size`` at the frequencies 0..K-1
    beyond which every term |phi_k|^n is negligible (the rest are left out).

    With q the sum over neighbouring totals of p_a p_(a+1), |phi(t)|^2 =
    1 - 2 sum_(a<b) p_a p_b (1 - cos((b - a) t)) <= 1 - 2 q (1 - cos t), so
    |phi(t)|^n <= exp(-n q (1 - cos t)):
    from the frequency where that is below 1e-20 on, nothing counts. For large
    n that frequency is a fixed number of steps from 0 whatever n is (the
    window grows as sqrt n, the peak narrows as 1/sqrt n), so the transform is
    evaluated directly there; otherwise (small n, or totals on a coarser
    lattice: q = 0) the whole transform is taken by FFT.
    """
    half = size // 2 + 1
    q = (p[:, :-1] * p[:, 1:]).sum(axis=1)
    with np.errstate(divide="ignore"):
        c = -_NEGLIGIBLE_LOG / (n * q)
    if np.all(c < 2):
        k0 = np.ceil(np.arccos(1 - c) * size / (2 * np.pi)).astype(np.int64) + 1
        count = int(k0.max())
        if count * BINS < half * math.log2(size):  # pragma: no mutate
            angles = -2j * np.pi * np.outer(np.arange(BINS), np.arange(count)) / size
            return np.asarray(p @ np.exp(angles), dtype=np.complex128)
    return np.asarray(rfft(p, size, axis=1), dtype=np.complex128)


def _sum_cdf(
    p: NDArray[np.float64], n: NDArray[np.int64], observed: NDArray[np.int64]
) -> NDArray[np.float64]:
    """Row-wise P(sum of n[i] draws from p[i] <= 9 n[i] + observed[i]).

    On the window [lo, lo + M) where the sum has mass (outside it lies below
    1e-17), the distribution of a sum of n draws is the inverse discrete
    transform of the n-th power of p's transform: P(S = j) = 1/M sum_k
    phi_k^n w^(jk), w = exp(2 pi i / M). Summed over j = lo..s, each frequency
    gives a geometric series, so the CDF at s is one sum over frequencies:

        CDF(s) = ((s - lo + 1) + 2 Re sum_{k>0} phi_k^n (w^(k lo) - w^(k(s+1)))
                 / (1 - w^k)) / M

    (the Nyquist frequency counted once). Only frequencies with |phi_k|^n
    above 1e-20 are raised to the n-th power and summed.
    """
    steps = np.arange(BINS)
    mean = p @ steps
    variance = p @ (steps * steps) - mean * mean  # pragma: no mutate
    half = _window_half_width(n, variance)
    lo = np.maximum(0, np.floor(mean * n - half)).astype(np.int64)
    top = np.ceil(mean * n + half)  # pragma: no mutate
    hi = np.minimum((BINS - 1) * n, top).astype(np.int64)  # pragma: no mutate
    size = next_fast_len(int((hi - lo).max()) + 1, real=True)  # pragma: no mutate
    phi = _transform(p, n, size)
    magnitude = np.abs(phi)
    with np.errstate(divide="ignore"):
        keep = n[:, None] * np.log(magnitude) > _NEGLIGIBLE_LOG
    keep[:, 0] = False  # k = 0: phi_0 = 1, the (s - lo + 1) term
    row, k = np.nonzero(keep)
    term = _power(phi[row, k], n[row])
    offset = observed - lo
    inside = np.clip(offset, 0, size - 1)
    # w^(k lo) and w^(k (s + 1)), angles reduced modulo M first (exact integers).
    start = 2 * np.pi * ((k * lo[row]) % size) / size
    stop = 2 * np.pi * ((k * (lo[row] + inside[row] + 1)) % size) / size
    series = (np.exp(1j * start) - np.exp(1j * stop)) / (
        1 - np.exp(2j * np.pi * k / size)
    )
    weight = np.where(2 * k == size, 1.0, 2.0)  # the Nyquist term appears once
    sums = np.bincount(row, weights=weight * (term * series).real, minlength=n.size)
    result = np.clip((inside + 1 + sums) / size, 0.0, 1.0)
    result[offset < 0] = 0.0
    result[offset >= size - 1] = 1.0
    return np.asarray(result, dtype=np.float64)


def funnel_p_values(
    histograms: ArrayLike, unit_histogram: ArrayLike
) -> NDArray[np.float64]:
    """Exact funnel test per employee: P(S_n <= employee's total sum).

    S_n is the sum of n response totals drawn from the unit's own distribution
    of totals in the period (leaving the employee out when they hold more than
    10% of the unit's responses), by n-fold convolution of the 28-bin histogram,
    computed for all employees in one batch of FFTs. NaN where n = 0 or no
    reference is left.
    Source: docs/method.md; Spiegelhalter (2005), "Funnel plots for comparing
    institutional performance", Statistics in Medicine 24, 1185-1202.
    """
    table = np.atleast_2d(_histograms(histograms))
    unit = _histograms(unit_histogram)
    return _funnel(table, np.broadcast_to(unit, table.shape))


_BATCH = 64  # employees per batch of transforms: bounds memory at any n


def _funnel(
    table: NDArray[np.float64], units: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Funnel p-values for rows of ``table`` against their unit's row of ``units``."""
    n = np.rint(table.sum(axis=1)).astype(np.int64)
    observed = np.rint(table @ TOTALS).astype(np.int64) - TOTAL_MIN * n
    p_values = np.full(table.shape[0], np.nan)
    # Each employee's reference: the unit, or the unit without them (> 10% share).
    leave_out = n > LEAVE_OUT_SHARE * units.sum(axis=1)
    references = np.where(leave_out[:, None], units - table, units)
    totals = references.sum(axis=1)
    usable = np.flatnonzero((n > 0) & (totals > 0) & (references >= 0).all(axis=1))
    # Batches of similar n share a window length that fits them all.
    usable = usable[np.argsort(n[usable], kind="stable")]  # pragma: no mutate
    for start in range(0, usable.size, _BATCH):  # pragma: no mutate
        rows = usable[start : start + _BATCH]
        p_values[rows] = _sum_cdf(
            references[rows] / totals[rows, None], n[rows], observed[rows]
        )
    return p_values


MIN_WITHIN_DF = 10  # below: the within-employee spread is the unit's spread


def _shrunk(
    n: NDArray[np.float64],
    mean: NDArray[np.float64],
    sumsq: NDArray[np.float64],
    unit_mean: float,
    unit_variance: float,
) -> NDArray[np.float64]:
    """Normal-normal empirical Bayes toward the unit mean, method of moments.

    tau^2 = max(0, mean((ybar_i - mu)^2) - mean(s_w^2 / n_i)); each employee's
    mean moves toward mu by the factor s_w^2/n_i / (tau^2 + s_w^2/n_i).
    s_w^2 is the pooled within-employee variance when employees have enough
    repeat responses to estimate it (>= MIN_WITHIN_DF degrees of freedom);
    otherwise (every employee with one or two responses) the variance of all
    the unit's responses, so a single response is still pulled toward the unit
    mean instead of being taken at face value.
    Source: Morris (1983), "Parametric empirical Bayes inference", JASA 78, 47-55.
    """
    has = n > 0
    k = int(has.sum())
    shrunk = np.where(has, mean, np.nan)
    if k == 0:
        return shrunk
    within_df = float(n[has].sum()) - k
    within_ss = float((sumsq[has] - n[has] * mean[has] ** 2).sum())
    s2 = within_ss / within_df if within_df >= MIN_WITHIN_DF else unit_variance
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
    return employee_indicators_by_unit(
        table,
        np.zeros(table.shape[0], dtype=np.int64),
        np.atleast_2d(_histograms(unit_histogram)),
        [target],
        confidence,
    )


def employee_indicators_by_unit(
    histograms: ArrayLike,
    unit_index: ArrayLike,
    unit_histograms: ArrayLike,
    targets: ArrayLike,
    confidence: float = 0.95,
) -> list[EmployeeIndicator]:
    """``employee_indicators`` for employees of many units at once.

    Row i of ``histograms`` belongs to the unit at row ``unit_index[i]`` of
    ``unit_histograms`` and ``targets``. Shrinkage is within each unit; the
    intervals and funnel tests are computed for all rows together.
    """
    table = np.atleast_2d(_histograms(histograms))
    units = np.atleast_2d(_histograms(unit_histograms))
    of_unit = np.asarray(unit_index, dtype=np.int64)
    goal = np.asarray(targets, dtype=np.float64)
    n = table.sum(axis=1)
    s = table @ TOTALS
    q = table @ (TOTALS * TOTALS)
    scale = 25.0 / 9.0
    with np.errstate(invalid="ignore", divide="ignore"):  # pragma: no mutate
        raw = np.where(n > 0, scale * s / n, np.nan)
        unit_n = units.sum(axis=1)
        unit_s, unit_q = units @ TOTALS, units @ (TOTALS * TOTALS)
        unit_means = scale * unit_s / unit_n
        unit_variances = np.where(
            unit_n > 1,
            scale * scale * (unit_q - unit_s * unit_s / unit_n) / (unit_n - 1),
            0.0,
        )
    adjusted = np.full(table.shape[0], np.nan)
    for u in np.unique(of_unit).tolist():
        rows = of_unit == u
        adjusted[rows] = _shrunk(
            n[rows],
            raw[rows],
            scale * scale * q[rows],
            float(unit_means[u]),
            float(unit_variances[u]),
        )
    bounds = index_intervals(n, s, q, table @ TOTALS**3, confidence)
    p_values = _funnel(table, units[of_unit])
    result = []
    for i in range(table.shape[0]):
        count = int(np.rint(n[i]))
        target = float(goal[of_unit[i]])
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
        low, high = shown(low), shown(high)  # type: ignore[assignment]
        result.append(
            EmployeeIndicator(
                n=count,
                raw=index_of_totals(count, int(np.rint(s[i]))),
                adjusted=shown(value),
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
