"""tickets: the daily keyed hash of the address that issued each ticket

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 11:20:00

A ticket redeemed from the address that issued it is flagged for review
(README, "Insiders cannot bend ratings"). Tickets issued before this release
have no address and are judged by issuer and timing only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("issued_from", sa.String(length=32), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_column("issued_from")
