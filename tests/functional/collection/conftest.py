"""Fixtures of the collection tests."""

from __future__ import annotations

import pytest

from tests.support.kiosk import kiosk_key


@pytest.fixture
def kiosk(client, auth, counter, db_session):
    """The test client as the counter's kiosk, made eight days ago; the answer
    key its page carries."""
    return kiosk_key(client, auth, counter, db_session)
