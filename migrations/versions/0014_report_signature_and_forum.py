"""who signs a unit's SKM report, and the period's public consultation forum

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 17:20:00

Units get the head's name and NIP for the report's signature block; a unit's
period may record the date of its forum konsultasi publik (report_details).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("head_name", sa.String(length=200), nullable=True)
        )
        batch_op.add_column(sa.Column("head_nip", sa.String(length=18), nullable=True))
    op.create_table(
        "report_details",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("period_key", sa.String(length=10), nullable=False),
        sa.Column("forum_date", sa.Date(), nullable=True),
        sa.Column("forum_note", sa.String(length=300), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", ID, nullable=True),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name=op.f("fk_report_details_unit_id_units"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_report_details_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_details")),
        sa.UniqueConstraint(
            "unit_id", "period_key", name=op.f("uq_report_details_unit_id_period_key")
        ),
    )


def downgrade() -> None:
    op.drop_table("report_details")
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_column("head_nip")
        batch_op.drop_column("head_name")
