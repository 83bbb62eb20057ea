"""The domain reference: elements and NIP validation."""

from __future__ import annotations

import pytest

from survey_service.core import skm


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


@pytest.mark.parametrize(
    ("nip", "problem"),
    [
        ("19850312201001100", "NIP harus terdiri dari 18 angka"),
        ("1985031220100110011", "NIP harus terdiri dari 18 angka"),
        ("19851312201001 001", "NIP harus terdiri dari 18 angka"),
        ("198513122010011001", "8 angka pertama NIP bukan tanggal lahir yang sah"),
        ("198502302010011001", "8 angka pertama NIP bukan tanggal lahir yang sah"),
        ("198503122010131001", "angka ke-9 s.d. 14 NIP bukan tahun dan bulan"),
        ("198503122010001001", "angka ke-9 s.d. 14 NIP bukan tahun dan bulan"),
        ("198503121999121001", "angka ke-9 s.d. 14 NIP bukan tahun dan bulan"),
        ("198503122010013001", "angka ke-15 NIP (jenis kelamin) harus 1 atau 2"),
        ("198503122010011000", "nomor urut NIP tidak boleh 000"),
    ],
)
def test_each_nip_rule_says_what_is_wrong(nip, problem):
    assert skm.nip_problem(nip).startswith(problem)


@pytest.mark.parametrize(
    "nip",
    [
        "198503122010121001",  # appointed in December
        "198503122000011001",  # appointed at 15, the earliest allowed
        "198503122010012999",
        "198512312010011001",  # born on the last day of the year
    ],
)
def test_valid_nips_at_the_edges_of_each_rule(nip):
    assert skm.nip_problem(nip) is None


@pytest.mark.parametrize(
    ("hour", "slot"),
    [(7, "other"), (8, "08-12"), (11, "08-12"), (12, "12-15"), (14, "12-15"),
     (15, "15-17"), (16, "15-17"), (17, "other"), (0, "other")],
)  # fmt: skip
def test_the_survey_time_slot_of_an_hour(hour, slot):
    assert skm.time_slot(hour) == slot


@pytest.mark.parametrize(
    ("years", "band"),
    [(None, None), (15, "lt25"), (24, "lt25"), (25, "25-39"), (39, "25-39"),
     (40, "40-55"), (55, "40-55"), (56, "gt55"), (100, "gt55")],
)  # fmt: skip
def test_an_age_in_years_is_banded_for_the_report(years, band):
    assert skm.age_band(years) == band
