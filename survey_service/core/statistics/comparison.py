"""Did the index really change between two periods? Welch's t-test on sums.

The index of a response is 25 t / 9 (t its total, 9-36), so the difference of
two periods' indexes is a difference of two means. Each period is summarised by
n, S = sum t and Q = sum t^2, as SQL gives them.

- Below MIN_RESPONSES_VALUE on either side nothing is compared.
- Otherwise Welch's statistic (each period its own variance) against Student's
  t with Hsu's conservative min(n1, n0) - 1 degrees of freedom. Simulated on
  realistic answer mixes (tests/unit/statistics/test_comparison.py), pure noise
  is called "real" 2-4.5% of the time at n = 5 and 20; the Welch-Satterthwaite
  degrees of freedom reached 5.1% on discrete answers, and the normal 1.96
  rule more at n = 5. One period without spread (every response the same
  total) simply contributes no variance.
- Neither period with spread: each is a constant, so any difference is certain:
  no sample from one could produce the other's value, and "within random
  variation" would be false.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from scipy.stats import t as student_t

from survey_service.core.statistics.summary import MIN_RESPONSES_VALUE

SCALE = Fraction(25, 9)


@dataclass(frozen=True)
class Comparison:
    comparable: bool  # both periods have at least MIN_RESPONSES_VALUE responses
    difference: Fraction | None  # exact difference of the indexes (now - before)
    p_value: float | None  # two-sided; 0.0 when the difference is certain
    significant: bool  # p < alpha


def _variance(n: int, s: int, q: int) -> Fraction:
    """Sample variance of the response index from the sums of totals (exact)."""
    if n < 2:
        return Fraction(0)
    return SCALE * SCALE * (Fraction(q) - Fraction(s * s, n)) / (n - 1)


def compare_periods(
    now: tuple[int, int, int], before: tuple[int, int, int], alpha: float = 0.05
) -> Comparison:
    """Compare the index of two periods given (n, S, Q) for each (module text)."""
    (n1, s1, q1), (n0, s0, q0) = now, before
    if min(n1, n0) < MIN_RESPONSES_VALUE:
        return Comparison(False, None, None, False)
    difference = SCALE * Fraction(s1, n1) - SCALE * Fraction(s0, n0)
    if difference == 0:
        return Comparison(True, difference, 1.0, False)
    v1, v0 = _variance(n1, s1, q1) / n1, _variance(n0, s0, q0) / n0
    if v1 == 0 and v0 == 0:
        return Comparison(True, difference, 0.0, True)
    se2 = v1 + v0
    df = min(n1, n0) - 1  # Hsu: never more liberal than the nominal level
    statistic = abs(float(difference)) / float(se2) ** 0.5
    p_value = float(2 * student_t.sf(statistic, df))
    return Comparison(True, difference, p_value, p_value < alpha)
