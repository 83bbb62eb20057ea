"""index responses by local date

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 05:20:10.743954

Several app servers share one database and are upgraded one at a time: a
migration must work while the previous release is still running (add columns
nullable or with defaults, drop only what the previous release no longer uses).
"""

from collections.abc import Sequence

from survey_service.core.migrate import create_index_online, drop_index_online

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # responses can hold millions of rows: build the index without locking writes.
    create_index_online("ix_responses_local_date", "responses", ["local_date"])


def downgrade() -> None:
    drop_index_online("ix_responses_local_date", "responses")
