"""Fixtures shared by the functional tests."""

from __future__ import annotations

import pytest

from tests.review_data import make_unit_week


@pytest.fixture
def unit_week(db_session):
    """A unit with two counters and two employees, 40 responses in week 47."""
    return make_unit_week(db_session)
