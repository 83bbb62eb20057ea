"""answers that arrive after their period closed; what the server saw of a kiosk

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 04:10:00

A response may now be ``late``: it arrived (a kiosk's kept answer) after its
appraisal period was closed for its unit, and is counted nowhere until an admin
includes it. A kiosk keeps the time of its latest request and of the request
before its latest silence, which bound the time of the answers it kept offline.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = ("valid", "flagged", "excluded")


def _statuses(values: Sequence[str]) -> str:
    return "status IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_responses_status"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_responses_status"), _statuses((*STATUSES, "late"))
        )
    with op.batch_alter_table("kiosk_devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_contact_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("offline_since", sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.execute(
        "UPDATE responses SET status = 'excluded', status_reason = "
        "'tiba setelah periode ditutup' WHERE status = 'late'"
    )
    with op.batch_alter_table("kiosk_devices", schema=None) as batch_op:
        batch_op.drop_column("offline_since")
        batch_op.drop_column("last_contact_at")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_responses_status"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_responses_status"), _statuses(STATUSES)
        )
