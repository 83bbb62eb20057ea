"""publications: withdrawal with a public reason

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 09:00:00

Nullable columns: the previous release keeps working during the upgrade.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_by_id", ID, nullable=True))
        batch_op.add_column(
            sa.Column("withdraw_reason", sa.String(length=300), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_publications_withdrawn_by_id_users"),
            "users",
            ["withdrawn_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_publications_withdrawn_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("withdraw_reason")
        batch_op.drop_column("withdrawn_by_id")
        batch_op.drop_column("withdrawn_at")
