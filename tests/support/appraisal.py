"""Closing an appraisal period as an evaluator."""

from __future__ import annotations

from survey_service.core.models import (
    Role,
)
from tests.factories import UserFactory
from tests.support.web import token_in

PERIOD = "2026-11"  # ended: data lie in 16-22 November 2026


def evaluator(auth, unit, username="penilai"):
    UserFactory(username=username, role=Role.EVALUATOR, units=[unit])
    auth.login(username)


def close(client, period=PERIOD):
    """Read the confirmation page, tick the box, close."""
    page = client.get(f"/appraisal/close?period={period}")
    return client.post(
        f"/appraisal/close?period={period}",
        data={"csrf_token": token_in(page), "confirm": "y"},
    )
