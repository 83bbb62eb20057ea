"""Rank ranges: a unit is above another only when its interval is wholly above."""

from __future__ import annotations

from survey_service.core.statistics import RankRange, rank_ranges


def test_separate_intervals_get_single_ranks():
    assert rank_ranges([(70, 75), (80, 85), (60, 65)]) == [
        RankRange(2, 2),
        RankRange(1, 1),
        RankRange(3, 3),
    ]


def test_overlapping_intervals_share_their_ranks():
    # A overlaps B, B overlaps C, A is wholly above C.
    ranges = rank_ranges([(80, 90), (75, 82), (70, 76)])
    assert ranges == [RankRange(1, 2), RankRange(1, 3), RankRange(2, 3)]
    assert not any(r.certain for r in ranges)


def test_touching_ends_count_as_overlap():
    assert rank_ranges([(70, 80), (80, 90)]) == [RankRange(1, 2), RankRange(1, 2)]


def test_units_without_an_interval_are_not_ranked_and_do_not_count():
    assert rank_ranges([None, (70, 75), (80, 85), None]) == [
        None,
        RankRange(2, 2),
        RankRange(1, 1),
        None,
    ]
    assert rank_ranges([]) == []
    assert rank_ranges([None]) == [None]
