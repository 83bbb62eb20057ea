"""the server's arrival time of every response

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 02:40:00

An answer a kiosk kept offline counts at the time it was given
(``submitted_at``); ``received_at`` keeps when the server stored it, so a head
sees both where they differ. Nullable: responses stored before this have none
(for them the two were the same moment, or unknown).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("received_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_column("received_at")
