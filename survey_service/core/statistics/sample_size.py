"""Required sample size (Krejcie & Morgan, 1970), as SKM guidance applies it."""

from __future__ import annotations

import math
from dataclasses import dataclass

CHI_SQUARE = 3.841  # chi-square, 1 degree of freedom, 95%
PROPORTION = 0.5
MARGIN = 0.05


def krejcie_morgan(population: int) -> int:
    """Sample size s for a population N, rounded to the nearest whole number.

    s = X^2 N P(1-P) / (d^2 (N-1) + X^2 P(1-P)), X^2 = 3.841, P = 0.5, d = 0.05.
    Source: Krejcie, R. V. & Morgan, D. W. (1970), "Determining sample size for
    research activities", Educational and Psychological Measurement 30, 607-610;
    their table gives N = 100 -> 80, N = 1000 -> 278, at most 384.
    """
    if isinstance(population, bool) or not isinstance(population, int):
        raise TypeError("the population is a whole number of service users")
    if population < 0:
        raise ValueError("the population cannot be negative")
    if population == 0:
        return 0
    pq = PROPORTION * (1 - PROPORTION)
    s = CHI_SQUARE * population * pq / (MARGIN**2 * (population - 1) + CHI_SQUARE * pq)
    return min(population, math.floor(s + 0.5))


@dataclass(frozen=True)
class SampleAdequacy:
    responses: int
    population: int | None  # service users in the period, when known
    required: int | None

    @property
    def adequate(self) -> bool | None:
        """Whether n reaches the required size; None when the volume is unknown."""
        return None if self.required is None else self.responses >= self.required


def sample_adequacy(responses: int, population: int | None) -> SampleAdequacy:
    """n against the Krejcie & Morgan size for the period's service volume."""
    required = krejcie_morgan(population) if population is not None else None
    return SampleAdequacy(responses, population, required)
