"""counters: address_hourly_limit

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 08:30:00

A nullable column with no default: the previous release, which does not know
it, keeps working while app servers are upgraded one at a time.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("counters", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("address_hourly_limit", sa.Integer(), nullable=True)
        )
        batch_op.create_check_constraint(
            "address_hourly_limit",
            "address_hourly_limit IS NULL OR address_hourly_limit > 0",
        )


def downgrade() -> None:
    with op.batch_alter_table("counters", schema=None) as batch_op:
        batch_op.drop_constraint("address_hourly_limit", type_="check")
        batch_op.drop_column("address_hourly_limit")
