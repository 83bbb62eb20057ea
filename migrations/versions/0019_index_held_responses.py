"""index responses by unit and status, so held-back ones are read alone

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 05:40:00

The dashboard's "held back" summary reads a unit's flagged and excluded
responses of a period; with this index its cost follows how many are held,
not how many responses the period holds.
"""

from collections.abc import Sequence

from survey_service.core.migrate import create_index_online, drop_index_online

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_index_online(
        "ix_responses_unit_status_date",
        "responses",
        ["unit_id", "status", "local_date"],
    )


def downgrade() -> None:
    drop_index_online("ix_responses_unit_status_date", "responses")
