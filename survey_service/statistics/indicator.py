"""Per-employee satisfaction indicators for an appraisal period.

For each employee of a unit: the raw index of their own responses with its
DirEnd½ interval, an empirical-Bayes estimate shrunk toward the unit (the
better point estimate for small n), the interval's position against a target,
and an exact funnel test that flags an employee as low only on evidence.
Never a predikat: the rating stays the appraising official's (SKM.md).
"""

from __future__ import annotations

import enum
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


def _sum_distribution(p: NDArray[np.float64], n: int) -> NDArray[np.float64]:
    """P(sum of n independent draws from p = 9n + j), j = 0..27n, by FFT power."""
    length = (BINS - 1) * n + 1
    size = next_fast_len(length, real=True)
    dist = irfft(rfft(p, size) ** n, size)[:length]
    return np.clip(dist, 0.0, None)


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
    unit_n = unit.sum()
    p_values = np.full(table.shape[0], np.nan)
    cache: dict[tuple[int, bytes], NDArray[np.float64]] = {}
    for i, hist in enumerate(table):
        n = int(np.rint(hist.sum()))
        if n == 0:
            continue
        reference = unit - hist if n > LEAVE_OUT_SHARE * unit_n else unit
        if reference.sum() <= 0 or (reference < 0).any():
            continue
        p = reference / reference.sum()
        key = (n, p.tobytes())
        if key not in cache:
            cache[key] = np.cumsum(_sum_distribution(p, n))
        observed = int(np.rint(hist @ TOTALS)) - TOTAL_MIN * n
        p_values[i] = min(1.0, float(cache[key][observed]))
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
