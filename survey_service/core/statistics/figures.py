"""Every figure of one group and period (a unit-week, a unit-quarter...) from sums.

One function, ``period_figures``, turns what SQL sums up (n, S and Q of response
totals, and the 9 x 4 table of answer counts) into what the dashboard, the SKM
report and its PDF, the public page, open data and the API show: the index with
its interval and grade (each behind its gate), each element's mean (NRR), its
interval, NRR x 25 and NRR / 9, the unconverted index on 1-4, and the weakest
elements ranked on the exact means. Every value passes through the one
rounding rule (``rounding.shown``), so no two paths can disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import ArrayLike

from survey_service.core.statistics.ikm import N_ANSWERS, N_ELEMENTS, weakest_elements
from survey_service.core.statistics.intervals import element_intervals
from survey_service.core.statistics.rounding import shown
from survey_service.core.statistics.summary import IndexSummary, summary_from_sums

ELEMENT_CODES = tuple(f"U{k}" for k in range(1, N_ELEMENTS + 1))
WEAKEST = 3  # elements marked as improvement priorities


@dataclass(frozen=True)
class ElementFigure:
    code: str  # U1..U9
    answers: int
    mean: float | None  # NRR on 1-4, shown
    low: float | None  # its 95% interval, shown
    high: float | None
    index: float | None  # NRR x 25, shown
    weighted: float | None  # NRR / 9, three decimals
    weakest: bool


@dataclass(frozen=True)
class PeriodFigures:
    summary: IndexSummary  # value, interval and grade behind their gates
    elements: tuple[ElementFigure, ...]  # empty when no value may be shown
    ikm_1_to_4: float | None  # sum of NRR / 9, three decimals

    @property
    def weakest(self) -> tuple[str, ...]:
        return tuple(e.code for e in self.elements if e.weakest)


def exact_element_means(counts: ArrayLike) -> list[Fraction | None]:
    """NRR of each element as an exact fraction (None where nobody answered)."""
    table = np.asarray(counts, dtype=np.int64).reshape(N_ELEMENTS, N_ANSWERS)
    answers = np.arange(1, N_ANSWERS + 1)
    return [
        Fraction(int(row @ answers), int(row.sum())) if row.sum() else None
        for row in table
    ]


def period_figures(
    n: int,
    total_sum: int,
    total_sumsq: int,
    total_sumcube: int,
    counts: ArrayLike | None = None,
    confidence: float = 0.95,
) -> PeriodFigures:
    """Every figure of a group from its sums (see the module text).

    Element figures are given only where the index itself may be shown
    (n >= MIN_RESPONSES_VALUE): below it a reader gets "not enough data", not
    nine numbers from three people.
    """
    summary = summary_from_sums(n, total_sum, total_sumsq, total_sumcube, confidence)
    if counts is None or not summary.shown:
        return PeriodFigures(summary, (), None)
    table = np.asarray(counts, dtype=np.int64).reshape(N_ELEMENTS, N_ANSWERS)
    means = exact_element_means(table)
    bounds = element_intervals(table, confidence)
    weakest = weakest_elements(means, WEAKEST)
    elements = tuple(
        ElementFigure(
            code=code,
            answers=int(table[k].sum()),
            mean=shown(mean),
            low=shown(float(bounds.low[k])) if mean is not None else None,
            high=shown(float(bounds.high[k])) if mean is not None else None,
            index=shown(mean * 25) if mean is not None else None,
            weighted=shown(mean / N_ELEMENTS, 3) if mean is not None else None,
            weakest=k in weakest,
        )
        for k, (code, mean) in enumerate(zip(ELEMENT_CODES, means, strict=True))
    )
    answered = [m for m in means if m is not None]
    ikm_1_to_4 = (
        shown(sum(answered, Fraction(0)) / N_ELEMENTS, 3)
        if len(answered) == N_ELEMENTS
        else None
    )
    return PeriodFigures(summary, elements, ikm_1_to_4)
