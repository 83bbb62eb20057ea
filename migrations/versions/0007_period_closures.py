"""period closures per unit

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 08:45:00

Closing an appraisal period freezes only the units in the closer's scope, one
row per unit. Periods closed by the previous release (city-wide) get one
closure per unit that has snapshots, so nothing frozen becomes live again.
A new table: the previous release keeps working while servers are upgraded.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "period_closures",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("period_id", ID, nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=False),
        sa.Column("closed_by_id", ID, nullable=True),
        sa.Column("reopened_at", sa.DateTime(), nullable=True),
        sa.Column("reopened_by_id", ID, nullable=True),
        sa.Column("reopen_reason", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["appraisal_periods.id"],
            name=op.f("fk_period_closures_period_id_appraisal_periods"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name=op.f("fk_period_closures_unit_id_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_id"],
            ["users.id"],
            name=op.f("fk_period_closures_closed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reopened_by_id"],
            ["users.id"],
            name=op.f("fk_period_closures_reopened_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_closures")),
    )
    with op.batch_alter_table("period_closures", schema=None) as batch_op:
        batch_op.create_index(
            "ix_period_closures_period_unit", ["period_id", "unit_id"], unique=False
        )
    # Periods closed city-wide by the previous release: a closure per unit
    # whose employees were frozen, at the time and by the person of that close.
    op.execute(
        """
        INSERT INTO period_closures (period_id, unit_id, closed_at, closed_by_id)
        SELECT DISTINCT p.id, u.id, COALESCE(p.closed_at, CURRENT_TIMESTAMP),
               p.closed_by_id
        FROM appraisal_periods p
        JOIN indicator_snapshots s
          ON s.period_id = p.id AND s.superseded_at IS NULL
        JOIN units u ON u.code = s.unit_code
        WHERE p.status = 'closed'
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("period_closures", schema=None) as batch_op:
        batch_op.drop_index("ix_period_closures_period_unit")
    op.drop_table("period_closures")
