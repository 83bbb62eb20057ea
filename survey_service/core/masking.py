"""Masking personal numbers that citizens type into comments, before display.

Comments are shown to staff as written, except NIK-like 16-digit numbers and
phone numbers, which are replaced; what is stored is never changed.
"""

from __future__ import annotations

import re

# 16 digits, possibly grouped with spaces, dots or dashes (a NIK or a KK number).
_NIK = re.compile(r"(?<!\d)(?:\d[\s.\-]?){15}\d(?!\d)")
# Indonesian phone numbers: 08…, +62 8…, 62 8…, with optional separators.
_PHONE = re.compile(r"(?<!\d)(?:\+?62|0)[\s.\-]?8(?:[\s.\-]?\d){7,11}(?!\d)")

NIK_MASK = "[NIK disamarkan]"
PHONE_MASK = "[nomor telepon disamarkan]"


def mask_personal_numbers(text: str) -> str:
    """``text`` with NIK-like numbers and phone numbers replaced."""
    return _PHONE.sub(PHONE_MASK, _NIK.sub(NIK_MASK, text))


def masked_nip(nip: str) -> str:
    """An employee's NIP for a public page: only the last four digits (the
    serial number). The rest carries the birth date, the appointment month and
    the sex, which a page anyone opens does not need to show."""
    return "•" * max(len(nip) - 4, 0) + nip[-4:]
