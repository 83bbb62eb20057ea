"""outbox, digest preferences, alert deadlines and root causes

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 11:40:00

Messages go through an outbox table that `flask digest send` and
`flask outbox drain` empty. Users get an email address, a language and a digest
switch (on). Alerts get a due date and, when closed, a root cause; units may set
their own deadline in working days (empty: 3).
Existing open alerts get no due date and are never shown as overdue.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "outbox_messages",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "email",
                "webhook",
                name="channel",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=True),
        sa.Column("dedupe_key", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_messages_dedupe_key")),
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outbox_messages_due", ["sent_at", "next_attempt_at"], unique=False
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch_op.add_column(
            sa.Column(
                "language", sa.String(length=8), nullable=False, server_default="id"
            )
        )
        batch_op.add_column(
            sa.Column(
                "digest_enabled", sa.Boolean(), nullable=False, server_default=sa.true()
            )
        )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("root_cause", sa.String(length=40), nullable=True)
        )
        batch_op.add_column(sa.Column("root_cause_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("no_action_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("alert_due_working_days", sa.Integer(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_column("alert_due_working_days")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_column("no_action_reason")
        batch_op.drop_column("root_cause_note")
        batch_op.drop_column("root_cause")
        batch_op.drop_column("due_on")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("digest_enabled")
        batch_op.drop_column("language")
        batch_op.drop_column("email")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_messages_due")
    op.drop_table("outbox_messages")
