"""The domain reference: elements and NIP validation."""

from __future__ import annotations

import pytest

from survey_service import skm


def test_there_are_nine_elements_keyed_u1_to_u9():
    assert tuple(e.code for e in skm.ELEMENTS) == skm.ELEMENT_CODES
    assert all(len(e.labels_id) == 4 and len(e.labels_en) == 4 for e in skm.ELEMENTS)


def test_cost_element_answers_run_from_very_expensive_to_free():
    cost = next(e for e in skm.ELEMENTS if e.code == "U4")
    assert cost.labels_id == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")


@pytest.mark.parametrize("nip", ["198503122010011001", "199001012015032002"])
def test_valid_nips_pass(nip):
    assert skm.nip_problem(nip) is None


@pytest.mark.parametrize(
    ("nip", "reason"),
    [
        ("1985031220100110", "18 angka"),
        ("19850312201001100a", "18 angka"),
        ("198513122010011001", "tanggal lahir"),
        ("198503122010131001", "pengangkatan"),
        ("198503121990011001", "pengangkatan"),
        ("198503122010013001", "jenis kelamin"),
        ("198503122010011000", "000"),
    ],
)
def test_invalid_nips_say_why(nip, reason):
    assert reason in skm.nip_problem(nip)
