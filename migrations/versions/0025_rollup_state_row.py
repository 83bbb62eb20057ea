"""the rollup state's one row exists from the start (rolled through nothing)

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 11:40:00

Days are now rolled up as soon as they end. A response written in the last
minutes of a day takes a shared lock on the state row so that rolling that
day waits for it; with no row there was nothing to lock before the first
rebuild. A NULL ``rolled_through`` means what no row meant: nothing rolled.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        sa.text(
            "INSERT INTO rollup_state (id, rolled_through) SELECT 1, NULL "
            "WHERE NOT EXISTS (SELECT 1 FROM rollup_state WHERE id = 1)"
        )
    )


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM rollup_state WHERE rolled_through IS NULL"))
