"""callback requests, SP4N-LAPOR! tracking ids, short ticket codes, leader role

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 17:00:00

A citizen who rated low may ask to be called back (callback_requests, deleted
when the alert closes or after 90 days). Follow-up actions may carry the
SP4N-LAPOR! tracking id of the complaint they answer and the day they were
done. Tickets get a short code to type. Users may have the read-only leader
role.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
ROLES_BEFORE = ("admin", "head", "evaluator", "staff")


def _role(*roles: str) -> sa.Enum:
    return sa.Enum(*roles, name="role", native_enum=False, create_constraint=True)


def upgrade() -> None:
    op.create_table(
        "callback_requests",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("response_id", ID, nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("name", sa.String(length=120), nullable=True),
        sa.Column("contact", sa.String(length=120), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("delete_after", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_callback_requests_response_id_responses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name=op.f("fk_callback_requests_unit_id_units"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_callback_requests")),
        sa.UniqueConstraint(
            "response_id", name=op.f("uq_callback_requests_response_id")
        ),
    )
    with op.batch_alter_table("callback_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_callback_requests_unit_id"), ["unit_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_callback_requests_delete_after"),
            ["delete_after"],
            unique=False,
        )
    with op.batch_alter_table("follow_up_actions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("lapor_tracking_id", sa.String(length=40), nullable=True)
        )
        batch_op.add_column(sa.Column("completed_on", sa.Date(), nullable=True))
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("short_code", sa.String(length=12), nullable=True)
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_tickets_short_code"), ["short_code"]
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column(
            "role",
            existing_type=_role(*ROLES_BEFORE),
            type_=_role(*ROLES_BEFORE, "leader"),
            existing_nullable=False,
        )
    # Actions already done count as done on the day they were last changed.
    op.execute(
        "UPDATE follow_up_actions SET completed_on = CAST(updated_at AS DATE) "
        "WHERE status = 'done'"
    )


def downgrade() -> None:
    op.execute("DELETE FROM users WHERE role = 'leader'")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column(
            "role",
            existing_type=_role(*ROLES_BEFORE, "leader"),
            type_=_role(*ROLES_BEFORE),
            existing_nullable=False,
        )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_tickets_short_code"), type_="unique")
        batch_op.drop_column("short_code")
    with op.batch_alter_table("follow_up_actions", schema=None) as batch_op:
        batch_op.drop_column("completed_on")
        batch_op.drop_column("lapor_tracking_id")
    with op.batch_alter_table("callback_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_callback_requests_delete_after"))
        batch_op.drop_index(batch_op.f("ix_callback_requests_unit_id"))
    op.drop_table("callback_requests")
