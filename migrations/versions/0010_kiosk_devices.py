"""kiosk devices: a revocable credential per kiosk tablet

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 09:25:00

A new table. Tablets enabled by the previous release carry a signed cookie
that this release no longer accepts: re-enable them from the counter's kiosk
page (README, "Kiosks").
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "kiosk_devices",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("counter_id", ID, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", ID, nullable=True),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_by_id", ID, nullable=True),
        sa.ForeignKeyConstraint(
            ["counter_id"],
            ["counters.id"],
            name=op.f("fk_kiosk_devices_counter_id_counters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_kiosk_devices_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"],
            ["users.id"],
            name=op.f("fk_kiosk_devices_revoked_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kiosk_devices")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_kiosk_devices_token_hash")),
    )
    with op.batch_alter_table("kiosk_devices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_kiosk_devices_counter_id"), ["counter_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("kiosk_devices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kiosk_devices_counter_id"))
    op.drop_table("kiosk_devices")
