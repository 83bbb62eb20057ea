"""Interval properties that must hold for every sample (hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from survey_service.core.statistics import (
    Reliability,
    element_intervals,
    index_intervals,
    index_summary,
    shown,
)

samples = st.integers(min_value=1, max_value=60).flatmap(
    lambda n: arrays(np.int64, (n, 9), elements=st.integers(1, 4))
)


@settings(max_examples=200, deadline=None)
@given(samples)
def test_value_lies_inside_its_interval_within_the_scale(scores):
    result = index_summary(scores)

    assert 25.0 <= result.low <= result.value <= result.high <= 100.0
    assert result.high - result.low > 0


@settings(max_examples=100, deadline=None)
@given(samples, st.integers(0, 2**32 - 1))
def test_order_of_responses_does_not_matter(scores, seed):
    shuffled = scores[np.random.default_rng(seed).permutation(len(scores))]

    assert index_summary(shuffled) == index_summary(scores)


@settings(max_examples=150, deadline=None)
@given(samples, st.data())
def test_raising_one_answer_raises_the_value_and_the_bounds(scores, data):
    # The value is exactly monotone. The bounds come from a moment-matched Beta,
    # an approximation of a posterior that is monotone: they may dip by a tenth
    # of a point at n = 5 (measured worst case 0.10) and by up to a point at
    # n = 1, where no value is shown anyway.
    row = data.draw(st.integers(0, scores.shape[0] - 1))
    col = data.draw(st.integers(0, 8))
    if scores[row, col] == 4:
        return
    raised = scores.copy()
    raised[row, col] += 1

    before, after = index_summary(scores), index_summary(raised)

    slack = 1.0 if len(scores) < 5 else 0.15
    assert after.value >= before.value
    assert after.low >= before.low - slack
    assert after.high >= before.high - slack


@pytest.mark.parametrize("answer", [1, 2, 3, 4])
@pytest.mark.parametrize("n", [1, 2, 5, 30, 1000])
def test_identical_answers_never_give_a_zero_width_or_nan(answer, n):
    result = index_summary(np.full((n, 9), answer))

    assert result.high - result.low > 0
    assert not np.isnan([result.low, result.high]).any()


def test_published_examples_of_the_default_interval():
    fours = index_summary(np.full((5, 9), 4))
    threes = index_summary(np.full((5, 9), 3))

    assert (fours.value, round(fours.low, 1), fours.high) == (100.0, 71.5, 100.0)
    assert (threes.value, round(threes.low, 1), round(threes.high, 1)) == (
        75.0,
        60.6,
        84.1,
    )


def test_no_responses_gives_no_value_and_no_error():
    result = index_summary(np.empty((0, 9)))

    assert (result.n, result.value, result.low, result.high, result.grade) == (
        0,
        None,
        None,
        None,
        None,
    )
    assert result.reliability is Reliability.NONE


@pytest.mark.parametrize(
    ("n", "reliability", "graded"),
    [
        (1, Reliability.INSUFFICIENT, False),
        (4, Reliability.INSUFFICIENT, False),
        (5, Reliability.INDICATIVE, False),
        (29, Reliability.INDICATIVE, False),
        (30, Reliability.ADEQUATE, True),
    ],
)
def test_what_may_be_shown_depends_on_n(n, reliability, graded):
    result = index_summary(np.full((n, 9), 3))

    assert result.reliability is reliability
    assert (result.grade is not None) is graded


def test_vectorised_intervals_agree_with_the_single_summary():
    rng = np.random.default_rng(7)
    groups = [rng.integers(1, 5, size=(n, 9)) for n in (3, 10, 40)]
    totals = [g.sum(axis=1) for g in groups]
    batch = index_intervals(
        [len(t) for t in totals],
        [t.sum() for t in totals],
        [(t**2).sum() for t in totals],
        [(t**3).sum() for t in totals],
    )

    for i, g in enumerate(groups):
        single = index_summary(g)  # shown: rounded half up to 2 decimals
        assert single.low == shown(min(float(batch.low[i]), single.value))
        assert single.high == shown(max(float(batch.high[i]), single.value))


def test_element_intervals_cover_their_means_and_stay_on_the_scale():
    counts = np.array([[0, 0, 0, 7], [7, 0, 0, 0], [1, 2, 3, 4], [0, 0, 0, 0]])

    result = element_intervals(counts)

    assert result.high[0] == 4.0
    assert result.low[0] < 4.0
    assert result.low[1] == 1.0
    assert result.high[1] > 1.0
    assert result.low[2] < 3.0 < result.high[2]
    assert np.all((result.low >= 1.0) & (result.high <= 4.0))


def test_bad_scores_are_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="1 to 4"):
        index_summary(np.full((3, 9), 5))
    with pytest.raises(ValueError, match=r"\(n, 9\)"):
        index_summary(np.full((3, 8), 3))
