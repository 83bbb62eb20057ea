"""Rollups: daily sums that keep every aggregate page flat in the size of history.

``source`` is the one place aggregates read from: the daily sums for days
through ``rolled_through`` and the responses themselves for later days, as one
SQL statement. A change to a response of a rolled day (a reviewer's decision,
a late or offline answer, a deletion) rewrites that unit's day in the same
transaction (see ``service.track_changes`` and ``rewrite_days``).
"""

from survey_service.results.checks import Difference, check
from survey_service.results.rollups import (
    GRACE_DAYS,
    advance,
    advance_after_commit,
    rebuild,
    rewrite_days,
    rolled_through,
    source,
    track_changes,
)

__all__ = [
    "GRACE_DAYS",
    "Difference",
    "advance",
    "advance_after_commit",
    "check",
    "rebuild",
    "rewrite_days",
    "rolled_through",
    "source",
    "track_changes",
]
