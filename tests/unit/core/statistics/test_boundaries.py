"""Each rule at its edge: the cases mutation testing showed no test pinned down.

Every test here is a rule a reader of a page relies on (a grade at its exact
threshold, an empty group among full ones, a message that says what is wrong),
written so that changing the rule makes it fail.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from survey_service.core import skm
from survey_service.core.statistics import (
    Position,
    Reliability,
    compare_periods,
    element_intervals,
    employee_indicators,
    employee_indicators_by_unit,
    for_appraisal,
    funnel_p_values,
    ikm_from_counts,
    index_intervals,
    index_of_totals,
    index_summary,
    krejcie_morgan,
    reliability,
    round_half_up,
    sample_adequacy,
    summaries_from_sums,
    summary_from_sums,
    weakest_elements,
)
from survey_service.core.statistics.indicator import BINS, _shrunk
from survey_service.core.statistics.summary import grade_letters, index_hundredths


def sums(totals) -> tuple[int, int, int, int]:
    t = np.asarray(totals, dtype=np.int64)
    return len(t), int(t.sum()), int((t**2).sum()), int((t**3).sum())


def histogram(totals) -> np.ndarray:
    return np.bincount(np.asarray(totals) - 9, minlength=BINS)


# -- grades and the index ---------------------------------------------------


@pytest.mark.parametrize(
    ("hundredths", "letter"),
    [(8831, 0), (8830, 1), (7661, 1), (7660, 2), (6500, 2), (6499, 3), (2500, 3)],
)
def test_each_grade_starts_exactly_at_its_threshold(hundredths, letter):
    assert grade_letters(np.array([hundredths])).tolist() == [letter]


def test_an_empty_group_has_index_zero_hundredths_and_no_index():
    assert index_hundredths([0, 2], [0, 54]).tolist() == [0, 7500]
    assert index_of_totals(0, 0) is None
    assert reliability(0) is Reliability.NONE


def test_an_empty_group_between_full_ones_does_not_stop_the_others():
    n, s, q, c = zip(sums([27] * 5), (0, 0, 0, 0), sums([36] * 30), strict=True)

    first, empty, last = summaries_from_sums(n, s, q, c, confidence=0.9)

    assert (first.n, first.value) == (5, 75.0)
    assert (empty.n, empty.value, empty.reliability) == (0, None, Reliability.NONE)
    assert empty.confidence == 0.9
    assert (last.n, last.value, last.grade.letter) == (30, 100.0, "A")
    assert last.confidence == 0.9


@pytest.mark.parametrize(
    "bad", [(-1, 0, 0, 0), (1, -1, 0, 0), (1, 0, -1, 0), (1, 0, 0, -1)]
)
def test_negative_sums_are_refused_each_on_its_own(bad):
    with pytest.raises(ValueError, match="counts and sums cannot be negative"):
        summary_from_sums(*bad)


def test_answers_outside_one_to_four_are_refused_with_the_rule():
    with pytest.raises(ValueError, match="whole number from 1 to 4"):
        index_summary([[1, 2, 3, 4, 1, 2, 3, 4, 5]])
    with pytest.raises(ValueError, match="whole number from 1 to 4"):
        index_summary([[0.5, 2, 3, 4, 1, 2, 3, 4, 4]])
    with pytest.raises(ValueError, match="whole number from 1 to 4"):
        index_summary([[0, 2, 3, 4, 1, 2, 3, 4, 4]])


def test_one_response_is_a_summary_of_one():
    result = index_summary([[4] * 9])

    assert (result.n, result.value, result.high) == (1, 100.0, 100.0)


def test_ikm_from_counts_reports_the_largest_number_answering_any_element():
    counts = np.array([[0, 0, 1, 1]] * 8 + [[0, 0, 0, 1]])

    result = ikm_from_counts(counts)

    assert result.responses == 2


@pytest.mark.parametrize("bad", [[[0.5, 0, 0, 0]] * 9, [[-1, 0, 0, 0]] * 9])
def test_answer_counts_must_be_whole_and_not_negative(bad):
    with pytest.raises(ValueError, match="answer counts"):
        ikm_from_counts(np.array(bad))


def test_whole_counts_given_as_floats_are_accepted():
    counts = np.array([[0.0, 0.0, 2.0, 2.0]] * 9)

    assert ikm_from_counts(counts).value == ikm_from_counts(counts.astype(int)).value


def test_a_decimal_is_rounded_as_the_decimal_it_is():
    assert round_half_up(Decimal("78.125")) == Decimal("78.13")
    assert round_half_up(Fraction(1, 3), 3) == Decimal("0.333")


def test_the_weakest_never_include_the_best_even_with_few_elements():
    assert weakest_elements([1, 2, 3, 4]) == frozenset({0, 1, 2})
    assert weakest_elements([3, 3, 3, 3]) == frozenset()


# -- sample size -------------------------------------------------------------


def test_sample_size_messages_say_what_is_wrong():
    with pytest.raises(TypeError, match="whole number of service users"):
        krejcie_morgan(12.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cannot be negative"):
        krejcie_morgan(-1)


def test_sample_adequacy_keeps_the_population_it_was_judged_against():
    result = sample_adequacy(80, 100)

    assert (result.responses, result.population, result.required) == (80, 100, 80)
    assert result.adequate is True


# -- element intervals ---------------------------------------------------------


def test_one_answer_at_an_end_reaches_that_end_and_no_answer_reaches_neither():
    result = element_intervals([[0, 0, 0, 1], [1, 0, 0, 0], [0, 0, 0, 0]])

    assert result.high[0] == 4.0
    assert result.low[1] == 1.0
    assert 1.0 < result.low[2] < result.high[2] < 4.0


def test_element_intervals_work_for_many_groups_at_once():
    counts = np.array([[[0, 0, 5, 5]] * 9, [[5, 5, 0, 0]] * 9])

    together = element_intervals(counts)
    alone = element_intervals(counts[1])

    assert together.low.shape == (2, 9)
    np.testing.assert_allclose(together.low[1], alone.low)
    np.testing.assert_allclose(together.high[1], alone.high)


# -- the change between periods ----------------------------------------------


def test_two_identical_periods_without_spread_did_not_change():
    same = sums([27] * 8)

    result = compare_periods(same[:3], same[:3])

    assert result.comparable
    assert result.difference == 0
    assert result.significant is False


# -- employees -------------------------------------------------------------------


def test_an_employee_without_responses_does_not_end_the_list():
    unit = histogram([27] * 40 + [30] * 40)
    hists = np.array([histogram([27] * 12), np.zeros(BINS), histogram([30] * 12)])

    results = employee_indicators(hists, unit, 80.0)

    assert [r.n for r in results] == [12, 0, 12]
    assert results[2].raw == pytest.approx(25 * 30 / 9, abs=0.01)


def test_the_shrunk_estimate_stays_inside_the_employee_s_interval():
    # Twelve identical ratings (a narrow interval) among forty colleagues who
    # all look alike: shrinkage alone would pull the estimate to the unit mean,
    # outside the employee's own interval, so it stops at the interval's edge.
    colleagues = [histogram([20, 27, 34] * 4)] * 40
    hists = np.array([histogram([36] * 12), *colleagues])

    top = employee_indicators(hists, hists.sum(axis=0), 76.61)[0]

    assert top.adjusted == pytest.approx(top.low, abs=0.01)
    assert top.low > 80

    hists = np.array([histogram([9] * 12), *colleagues])
    bottom = employee_indicators(hists, hists.sum(axis=0), 76.61)[0]
    assert bottom.adjusted == pytest.approx(bottom.high, abs=0.01)
    assert bottom.high < 50


def test_positions_come_from_the_interval_against_the_target():
    hists = np.array([histogram([36] * 30), histogram([18] * 30)])

    high, low = employee_indicators(hists, hists.sum(axis=0), 76.61)

    assert high.position is Position.ABOVE
    assert low.position is Position.BELOW


def test_exactly_ten_low_responses_can_be_flagged():
    unit = histogram(list(range(27, 37)) * 30)
    hists = np.array([histogram([9] * 10)])

    result = employee_indicators(hists, unit, 76.61)[0]

    assert result.n == 10
    assert result.flagged is True


def test_a_unit_with_a_single_response_still_gives_a_finite_estimate():
    hists = np.array([histogram([27])])

    result = employee_indicators_by_unit(hists, [0], hists, [76.61])[0]

    assert result.adjusted == pytest.approx(75.0)


def test_pooled_spread_is_used_from_exactly_ten_degrees_of_freedom():
    # Two employees, 6 responses each: 10 within-employee degrees of freedom,
    # no spread within either, so the pooled variance floors at 1 (not the
    # unit's variance of 400): the estimates barely move from the raw means.
    n = np.array([6.0, 6.0])
    mean = np.array([60.0, 100.0])
    sumsq = n * mean**2

    shrunk = _shrunk(n, mean, sumsq, unit_mean=80.0, unit_variance=400.0)

    assert shrunk[0] == pytest.approx(60.0, abs=0.1)
    assert shrunk[1] == pytest.approx(100.0, abs=0.1)


def test_the_between_employee_variance_can_be_zero():
    # Employees whose means differ less than their noise: pulled all the way.
    n = np.array([1.0, 1.0, 1.0])
    mean = np.array([79.0, 80.0, 81.0])

    shrunk = _shrunk(n, mean, n * mean**2, unit_mean=80.0, unit_variance=100.0)

    np.testing.assert_allclose(shrunk, [80.0, 80.0, 80.0])


def test_the_variance_floor_is_one_index_point_squared():
    n = np.array([12.0, 12.0])
    mean = np.array([78.0, 82.0])
    # No spread within employees: s^2 floors at 1; tau^2 = 4 - 1/12.
    shrunk = _shrunk(n, mean, n * mean**2, unit_mean=80.0, unit_variance=0.0)

    weight = (4 - 1 / 12) / (4 - 1 / 12 + 1 / 12)
    np.testing.assert_allclose(shrunk, [80 - 2 * weight, 80 + 2 * weight])


def test_every_response_at_the_bottom_is_certain_not_low_chance():
    unit = histogram([9] * 50)

    p = funnel_p_values(np.array([histogram([9] * 10)]), unit)

    assert p.tolist() == [1.0]


def test_an_employee_with_one_response_gets_a_p_value():
    unit = histogram(list(range(20, 37)) * 10)

    p = funnel_p_values(np.array([histogram([9])]), unit)

    assert 0.0 <= p[0] < 0.01


def test_leaving_out_compares_each_employee_with_their_own_unit_total():
    # Two units in one batch: in the big unit the employee holds under 10%,
    # in the small unit the same counts are more than 10% and are left out.
    employee = histogram([30] * 5)
    big = histogram([30] * 100)
    small = histogram([30] * 5 + [20] * 20)
    together = employee_indicators_by_unit(
        np.array([employee, employee]), [0, 1], np.array([big, small]), [75, 75]
    )
    alone_small = employee_indicators(np.array([employee]), small, 75)[0]

    assert together[1].p_value == pytest.approx(alone_small.p_value)


# -- the employee register -------------------------------------------------------


def test_a_nip_born_on_a_day_that_does_not_exist_is_refused():
    assert skm.nip_problem("198502290" + "10101" + "1001") is not None
    assert "tanggal lahir" in skm.nip_problem("198502290" + "10101" + "1001")


def test_element_texts_follow_the_language_with_indonesian_as_default():
    first = skm.ELEMENTS[0]

    assert first.name("en") == "Requirements"
    assert first.name("id") == first.name("min") == "Persyaratan"
    assert first.question("en").startswith("How well")
    assert first.question("id").startswith("Bagaimana pendapat Saudara")
    assert first.labels("en")[3] == "Very appropriate"
    assert first.labels("id")[0] == "Tidak sesuai"


# -- the index interval, worked by hand ----------------------------------------


def reference_interval(totals: list[int]) -> tuple[float, float]:
    """DirEnd½ with its skew correction written out for one sample, scalar by
    scalar (docs/method.md), as an oracle for the vectorised code."""
    from scipy.stats import beta as beta_dist
    from scipy.stats import norm

    ys = [(t - 9) / 27 for t in totals]
    n = len(ys)
    a = n + 1
    m = (sum(ys) + 0.5) / a
    second = (sum(y * y for y in ys) + 0.5) / a
    spread = second - m * m
    v = spread / (a + 1)
    k = m * (1 - m) / v - 1
    al, be = m * k, (1 - m) * k
    low, high = beta_dist.ppf(0.025, al, be), beta_dist.ppf(0.975, al, be)
    third_with = (sum(y**3 for y in ys) + 0.5) / a - 3 * m * second + 2 * m**3
    mean = sum(ys) / n
    third_without = sum((y - mean) ** 3 for y in ys) / n
    scale = 2 * (a + 1) ** 0.5 / ((a + 2) * spread**1.5)
    beta_skew = (
        2 * (be - al) * (al + be + 1) ** 0.5 / ((al + be + 2) * (al * be) ** 0.5)
    )
    z = norm.ppf(0.975)
    step = (2 * z * z + 1) / 6 * v**0.5
    right = scale * min(third_with, third_without) - beta_skew
    left = scale * max(third_with, third_without) - beta_skew
    high = min(high + step * max(right, 0.0), 1.0)
    low = max(low + step * min(left, 0.0), 0.0)
    return 25 + 75 * low, 25 + 75 * high


@pytest.mark.parametrize(
    "totals",
    [
        [36, 36, 36] + [21] * 7,  # a third answer 4 everywhere: the upper bound moves
        [9, 9, 9] + [24] * 7,  # its mirror image: the lower bound moves
        [27, 30, 33, 28, 31, 29, 34, 26, 30, 32],  # typical: no correction
        [20, 22, 36, 36, 25],
    ],
)
def test_the_interval_equals_the_formula_worked_by_hand(totals):
    n, s, q, c = sums(totals)

    result = index_intervals(n, s, q, c)

    low, high = reference_interval(totals)
    assert float(result.low[0]) == pytest.approx(low, abs=1e-9)
    assert float(result.high[0]) == pytest.approx(high, abs=1e-9)


def test_the_correction_moves_the_bound_on_the_long_side_only():
    n, s, q, c = sums([36, 36, 36] + [21] * 7)
    corrected = index_intervals(n, s, q, c)
    # The same sample without its skew (C of a symmetric spread) for contrast.
    mean = s / n
    symmetric_c = n * mean**3 + 3 * mean * (q - n * mean**2)
    plain = index_intervals(n, s, q, symmetric_c)

    assert float(corrected.high[0]) > float(plain.high[0]) + 1
    assert float(corrected.low[0]) == pytest.approx(float(plain.low[0]))


@pytest.mark.parametrize("confidence", [0.0, 1.0, 1.5, -0.1])
def test_a_confidence_outside_zero_and_one_is_refused(confidence):
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        index_intervals([10], [270], [7290], [196830], confidence)


def test_the_ends_of_the_scale_are_reached_exactly_and_an_empty_group_is_wide():
    one_top = index_intervals(*sums([36]))
    all_bottom = index_intervals(*sums([9] * 5))
    empty = index_intervals([0], [0], [0], [0])

    assert float(one_top.high[0]) == 100.0
    assert float(all_bottom.low[0]) == 25.0
    assert 25.0 < float(empty.low[0]) < 30.0
    assert 95.0 < float(empty.high[0]) < 100.0


# -- the appraisal gate ------------------------------------------------------------


def test_below_ten_responses_an_appraisal_carries_no_number():
    hists = np.array([histogram([30] * 9), histogram([30] * 10)])
    nine, ten = employee_indicators(hists, hists.sum(axis=0), 76.61)

    gated, kept = for_appraisal(nine), for_appraisal(ten)

    assert (gated.n, gated.raw, gated.adjusted, gated.low, gated.high) == (
        9, None, None, None, None,
    )  # fmt: skip
    assert gated.position is Position.NOT_ASSESSABLE
    assert kept == ten
    assert kept.raw == pytest.approx(83.33, abs=0.01)
