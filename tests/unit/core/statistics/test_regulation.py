"""The regulation's numbers (Permenpan RB 14/2017) and the published sample table."""

from __future__ import annotations

import numpy as np
import pytest

from survey_service.core.statistics import (
    grade,
    ikm_from_counts,
    index_summary,
    krejcie_morgan,
    sample_adequacy,
)


def counts_of(*responses):
    table = np.zeros((9, 4), dtype=int)
    for response in responses:
        for element, answer in enumerate(response):
            table[element, answer - 1] += 1
    return table


@pytest.mark.parametrize(
    ("responses", "value", "letter"),
    [
        ([[4] * 9], 100.00, "A"),
        ([[4, 4, 3, 4, 4, 4, 4, 3, 3]], 91.67, "A"),
        ([[1] * 9], 25.00, "D"),
        ([[3] * 9], 75.00, "C"),
    ],
)
def test_skm_worked_examples(responses, value, letter):
    result = ikm_from_counts(counts_of(*responses))

    assert result.value == value
    assert result.grade.letter == letter


@pytest.mark.parametrize(
    ("value", "letter", "label"),
    [
        (88.31, "A", "Sangat Baik"),
        (88.30, "B", "Baik"),
        (76.61, "B", "Baik"),
        (76.60, "C", "Kurang Baik"),
        (65.00, "C", "Kurang Baik"),
        (64.99, "D", "Tidak Baik"),
        (100, "A", "Sangat Baik"),
        (25, "D", "Tidak Baik"),
    ],
)
def test_grade_boundaries(value, letter, label):
    assert (grade(value).letter, grade(value).label) == (letter, label)


def test_grade_classifies_the_value_rounded_to_two_decimals():
    assert grade(88.305).letter == "A"  # rounds half up to 88.31
    assert grade(76.6049).letter == "C"  # 76.60


@pytest.mark.parametrize("value", [24.99, 100.01, -1])
def test_grade_refuses_values_off_the_scale(value):
    with pytest.raises(ValueError, match="between 25 and 100"):
        grade(value)


def test_element_means_and_weighted_means_follow_the_formula():
    result = ikm_from_counts(counts_of([4] * 9, [3] * 9, [2, 3, 4, 1, 2, 3, 4, 1, 2]))

    assert result.element_means[0] == pytest.approx(3.0)
    assert result.element_means[3] == pytest.approx(8 / 3)
    assert result.weighted_means[0] == pytest.approx(3.0 / 9)
    total = sum(result.element_means) / 9 * 25
    assert result.value == pytest.approx(round(total, 2))


def test_exact_one_ninth_weight_differs_from_0111_as_documented():
    # 0.111 instead of 1/9 understates a perfect score: 4 x 9 x 0.111 x 25 = 99.9.
    result = ikm_from_counts(counts_of([4] * 9))

    assert result.value == 100.0
    assert result.weight == "1/9 (exact)"


def test_pooled_period_index_is_not_the_average_of_weekly_indices():
    week1 = [[4] * 9] * 2  # 2 responses at 100
    week2 = [[2] * 9] * 8  # 8 responses at 50
    pooled = index_summary(np.array(week1 + week2)).value
    averaged = (
        index_summary(np.array(week1)).value + index_summary(np.array(week2)).value
    ) / 2

    assert pooled == 60.0
    assert averaged == 75.0
    assert ikm_from_counts(counts_of(*(week1 + week2))).value == pooled


def test_counts_table_of_the_wrong_shape_is_refused():
    with pytest.raises(ValueError, match="9x4"):
        ikm_from_counts(np.zeros((8, 4)))
    with pytest.raises(ValueError, match="negative"):
        ikm_from_counts(-np.ones((9, 4)))


def test_an_unanswered_element_means_no_official_index():
    table = counts_of([4] * 9)
    table[8] = 0

    result = ikm_from_counts(table)

    assert result.value is None
    assert result.element_means[8] is None


@pytest.mark.parametrize(
    ("population", "sample"),
    [
        (10, 10),
        (50, 44),
        (100, 80),
        (200, 132),
        (300, 169),
        (500, 217),
        (1000, 278),
        (5000, 357),
        (100_000, 383),
        (10**7, 384),
        (0, 0),
        (1, 1),
    ],
)
def test_krejcie_morgan_matches_the_published_table(population, sample):
    assert krejcie_morgan(population) == sample


def test_krejcie_morgan_refuses_nonsense():
    with pytest.raises(ValueError, match="negative"):
        krejcie_morgan(-5)
    with pytest.raises(TypeError):
        krejcie_morgan(10.5)


def test_sample_adequacy_compares_n_with_the_required_size():
    assert sample_adequacy(80, 100).adequate is True
    assert sample_adequacy(79, 100).adequate is False
    assert sample_adequacy(79, None).adequate is None


def test_weakest_elements_are_the_three_lowest_but_never_a_tie_with_the_best():
    from survey_service.core.statistics import weakest_elements

    assert weakest_elements([3.1, 3.0, 2.4, 3.3, 3.0, 3.1, 3.0, 2.8, 2.7]) == {2, 7, 8}
    assert weakest_elements([3.0] * 9) == frozenset()
    assert weakest_elements([3.0, 2.0, None, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0]) == {1}
    assert weakest_elements([None] * 9) == frozenset()


@pytest.mark.parametrize(
    ("population", "sample"),
    # Krejcie & Morgan (1970), table 1.
    [
        (10, 10),
        (50, 44),
        (100, 80),
        (200, 132),
        (500, 217),
        (1000, 278),
        (5000, 357),
        (75000, 382),
        (1000000, 384),
        (1, 1),
        (0, 0),
    ],
)
def test_krejcie_morgan_reproduces_the_published_table(population, sample):
    from survey_service.core.statistics import krejcie_morgan

    assert krejcie_morgan(population) == sample
