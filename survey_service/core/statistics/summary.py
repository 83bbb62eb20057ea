"""Index summaries with intervals, and what may be shown at a given sample size."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from survey_service.core.statistics.grades import GRADES, THRESHOLD_HUNDREDTHS, Grade
from survey_service.core.statistics.ikm import N_ELEMENTS
from survey_service.core.statistics.intervals import index_intervals
from survey_service.core.statistics.rounding import shown

# docs/method.md, "What may be shown".
MIN_RESPONSES_VALUE = 5  # below: no value, "Belum cukup data (n = k)"
MIN_RESPONSES_GRADE = 30  # below: value and interval, marked indicative, no grade
MIN_RESPONSES_APPRAISAL = 10  # an appraisal indicator needs at least this many


class Reliability(enum.StrEnum):
    NONE = "none"  # n = 0
    INSUFFICIENT = "insufficient"  # 1 <= n < 5: no value is shown
    INDICATIVE = "indicative"  # 5 <= n < 30: value and interval, no grade
    ADEQUATE = "adequate"  # n >= 30: value, interval and grade


def reliability(n: int) -> Reliability:
    """How much of an estimate from ``n`` responses may be shown (docs/method.md)."""
    if n <= 0:
        return Reliability.NONE
    if n < MIN_RESPONSES_VALUE:
        return Reliability.INSUFFICIENT
    if n < MIN_RESPONSES_GRADE:
        return Reliability.INDICATIVE
    return Reliability.ADEQUATE


@dataclass(frozen=True)
class IndexSummary:
    """The official index of n responses with its interval on the 25-100 scale."""

    n: int
    value: float | None  # None when n = 0
    low: float | None
    high: float | None
    grade: Grade | None  # None when n < 30: the interval is wider than a band
    reliability: Reliability
    confidence: float = 0.95

    @property
    def shown(self) -> bool:
        """Whether a value may be shown at all (n >= 5)."""
        return self.reliability in (Reliability.INDICATIVE, Reliability.ADEQUATE)

    @property
    def value_shown(self) -> float | None:
        """The value where it may be shown (n >= 5), else None: the one gate."""
        return self.value if self.shown else None

    @property
    def low_shown(self) -> float | None:
        return self.low if self.shown else None

    @property
    def high_shown(self) -> float | None:
        return self.high if self.shown else None


def summary_from_sums(
    n: int,
    total_sum: int,
    total_sumsq: int,
    total_sumcube: int,
    confidence: float = 0.95,
) -> IndexSummary:
    """``IndexSummary`` from the sums of response totals, squares and cubes."""
    if min(n, total_sum, total_sumsq, total_sumcube) < 0:
        raise ValueError("counts and sums cannot be negative")
    return summaries_from_sums(
        [n], [total_sum], [total_sumsq], [total_sumcube], confidence
    )[0]


def index_hundredths(n: ArrayLike, total_sum: ArrayLike) -> NDArray[np.int64]:
    """100 x the official index 25 S / (9 n), rounded half up, in exact integers.

    The same number as ``index_of_totals`` for every group at once; 0 where n = 0.
    """
    n_ = np.asarray(n, dtype=np.int64)
    s_ = np.asarray(total_sum, dtype=np.int64)
    denominator = np.maximum(18 * n_, 1)  # 2 x 9n
    return np.where(n_ > 0, (5000 * s_ + 9 * n_) // denominator, 0)


def grade_letters(hundredths: NDArray[np.int64]) -> NDArray[np.int64]:
    """Index into GRADES (A, B, C, D) for values in hundredths (see ``grade``)."""
    return np.select(
        [hundredths >= lower for lower, _ in THRESHOLD_HUNDREDTHS],
        list(range(len(THRESHOLD_HUNDREDTHS))),
        default=len(THRESHOLD_HUNDREDTHS),
    )


def summaries_from_sums(
    n: ArrayLike,
    total_sum: ArrayLike,
    total_sumsq: ArrayLike,
    total_sumcube: ArrayLike,
    confidence: float = 0.95,
) -> list[IndexSummary]:
    """``IndexSummary`` for many groups at once, computed as vectors."""
    n_ = np.asarray(n, dtype=np.int64)
    s_ = np.asarray(total_sum, dtype=np.int64)
    q_ = np.asarray(total_sumsq, dtype=np.int64)
    bounds = index_intervals(n_, s_, q_, total_sumcube, confidence)
    hundredths = index_hundredths(n_, s_)
    values = hundredths / 100
    # Rounding the value to 2 decimals must not push it outside its interval.
    lows = np.minimum(bounds.low, values).tolist()
    highs = np.maximum(bounds.high, values).tolist()
    letters = grade_letters(hundredths).tolist()
    result = []
    for i, (count, value) in enumerate(zip(n_.tolist(), values.tolist(), strict=True)):
        if count == 0:
            result.append(
                IndexSummary(0, None, None, None, None, Reliability.NONE, confidence)
            )
            continue
        result.append(
            IndexSummary(
                n=count,
                value=value,
                low=shown(lows[i]),
                high=shown(highs[i]),
                grade=GRADES[letters[i]] if count >= MIN_RESPONSES_GRADE else None,
                reliability=reliability(count),
                confidence=confidence,
            )
        )
    return result


def index_summary(scores: ArrayLike, confidence: float = 0.95) -> IndexSummary:
    """Index, 95% interval and grade of an (n, 9) array of answers 1-4.

    The unit of analysis is the response (its total of nine answers), not the
    single answer: the nine answers of one person are correlated (docs/method.md).
    The value is the official IKM (Permenpan RB 14/2017), 25 x S / (9 n).
    """
    table = np.asarray(scores)
    if table.size == 0:
        table = table.reshape(0, N_ELEMENTS)
    if table.ndim != 2 or table.shape[1] != N_ELEMENTS:
        raise ValueError(f"scores must have shape (n, 9), got {table.shape}")
    if table.size and (
        not np.all(np.mod(table, 1) == 0) or table.min() < 1 or table.max() > 4
    ):
        raise ValueError("every answer must be a whole number from 1 to 4")
    totals: NDArray[np.int64] = table.astype(np.int64).sum(axis=1)
    return summary_from_sums(
        int(totals.size),
        int(totals.sum()),
        int((totals**2).sum()),
        int((totals**3).sum()),
        confidence,
    )
