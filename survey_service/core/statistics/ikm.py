"""The official index (IKM) of Permenpan RB 14/2017, computed exactly.

NRR_u = sum of answers to element u / number of answers to it;
IKM = sum_u NRR_u x 1/9 on the 1-4 scale; the unit's IKM = IKM x 25, rounded
(half up) to 2 decimals. Exact rational arithmetic: only the final value is
rounded, so tools that use 0.111 or 0.11 as the weight differ from this by up
to one point; the weight and rule are recorded with each result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import ArrayLike

from survey_service.core.statistics.grades import Grade, grade
from survey_service.core.statistics.rounding import shown

N_ELEMENTS = 9
N_ANSWERS = 4
WEIGHT = "1/9 (exact)"
ROUNDING = "final value, 2 decimals, half up"


@dataclass(frozen=True)
class Ikm:
    """The official index of a set of responses."""

    value: float | None  # 25-100, 2 decimals; None when nothing was answered
    element_means: tuple[float | None, ...]  # NRR per element U1..U9 (1-4)
    weighted_means: tuple[float | None, ...]  # NRR x 1/9 per element
    grade: Grade | None
    responses: int  # answers to the most-answered element
    weight: str = WEIGHT
    rounding: str = ROUNDING


def _counts_table(counts: ArrayLike) -> np.ndarray:
    table = np.asarray(counts)
    if table.shape != (N_ELEMENTS, N_ANSWERS):
        raise ValueError(
            f"counts must be a 9x4 table (elements U1..U9 by answers 1..4), "
            f"got shape {table.shape}"
        )
    if not np.issubdtype(table.dtype, np.integer):
        if not np.all(np.mod(table, 1) == 0):
            raise ValueError("answer counts must be whole numbers")
        table = table.astype(np.int64)
    if (table < 0).any():
        raise ValueError("answer counts cannot be negative")
    return table


def ikm_from_counts(counts: ArrayLike) -> Ikm:
    """The official IKM from a 9x4 table of answer counts (rows U1..U9, columns 1..4).

    Source: Permenpan RB 14/2017, Lampiran, "Pengolahan Data Survei": element
    mean NRR, weighted by 1/9, summed, and converted by x25.
    """
    table = _counts_table(counts)
    answers = np.arange(1, N_ANSWERS + 1)
    means: list[Fraction | None] = []
    for row in table:
        n = int(row.sum())
        means.append(Fraction(int(row @ answers), n) if n else None)
    answered = [m for m in means if m is not None]
    if len(answered) < N_ELEMENTS:
        # An element nobody answered has no NRR, so there is no official index.
        value = None
    else:
        value = shown(sum(answered, Fraction(0)) * 25 / 9)
    return Ikm(
        value=value,
        element_means=tuple(float(m) if m is not None else None for m in means),
        weighted_means=tuple(float(m / 9) if m is not None else None for m in means),
        grade=grade(value) if value is not None else None,
        responses=int(table.sum(axis=1).max()),
    )


def index_of_totals(n: int, total_sum: int) -> float | None:
    """The official IKM when every element is answered: 25 x S / (9 n), rounded."""
    if n <= 0:
        return None
    return shown(Fraction(25 * total_sum, 9 * n))


def weakest_elements(
    means: Sequence[Fraction | float | None], count: int = 3
) -> frozenset[int]:
    """Positions of the ``count`` lowest element means: the improvement priorities.

    The regulation asks units to act on their lowest elements first. An element
    that ties with the best one is never marked (all equal means: none marked);
    among equal low means the earlier element code comes first.
    """
    ranked = sorted((m, k) for k, m in enumerate(means) if m is not None)
    if not ranked:
        return frozenset()
    best = ranked[-1][0]
    return frozenset(k for m, k in ranked[:count] if m < best)
