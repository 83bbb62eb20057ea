"""Ranks that do not claim more than the intervals say.

Units are ranked by their index, but a unit is placed above another only when
its whole interval lies above the other's. Each unit's rank is therefore a
range: its best rank is 1 + the units certainly above it, its worst rank is the
number of ranked units minus those certainly below it. Units whose intervals
overlap share ranks; a unit whose interval overlaps nobody's gets one rank.
(Comparing 95% intervals pairwise is conservative: two intervals that barely
overlap may still differ at the 5% level. It errs on the side of not calling
a unit better or worse.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RankRange:
    best: int
    worst: int

    @property
    def certain(self) -> bool:
        return self.best == self.worst


def rank_ranges(
    intervals: Sequence[tuple[float, float] | None],
) -> list[RankRange | None]:
    """The rank range of each (low, high) interval, 1 being the highest index;
    None for a unit with no interval (too few responses), which is not ranked."""
    ranked = [iv for iv in intervals if iv is not None]
    out: list[RankRange | None] = []
    for interval in intervals:
        if interval is None:
            out.append(None)
            continue
        low, high = interval
        above = sum(1 for other_low, _ in ranked if other_low > high)
        below = sum(1 for _, other_high in ranked if other_high < low)
        out.append(RankRange(best=1 + above, worst=len(ranked) - below))
    return out
