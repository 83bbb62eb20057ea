"""A callback contact is an Indonesian mobile number or an email, nothing else."""

from __future__ import annotations

import pytest

from survey_service.core.errors import DomainError
from survey_service.followup.callbacks import CONTACT_EXPECTED, normalised_contact


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("0812 3456 789", "+628123456789"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("(0852) 1234.5678", "+6285212345678"),
        (" warga.sawahlunto@Contoh.ID ", "warga.sawahlunto@contoh.id"),
    ],
)
def test_a_mobile_number_or_an_email_is_kept_in_one_form(typed, stored):
    assert normalised_contact(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "2026-02-30",  # a date
        "0754 61234",  # a landline: no WhatsApp, and not what the form asks
        "081234",  # too short
        "08123456789012345",  # too long
        "0800 1234 5678",  # 080x is not a mobile prefix
        "12345678901",
        "nama@contoh",
        "@contoh.id",
        "",
        "a" * 120 + "@contoh.id",
    ],
)
def test_anything_else_is_refused_saying_what_is_expected(typed):
    with pytest.raises(DomainError) as refused:
        normalised_contact(typed)

    assert refused.value.message == CONTACT_EXPECTED
