"""respondent's age in years and the survey time slot, as the regulation asks

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 05:50:00

Both nullable: responses stored before this have neither (the report counts
them as "not recorded"); the age band stays, derived from the years.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("age_years", sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column("time_slot", sa.String(length=5), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_responses_age_years"),
            "age_years IS NULL OR age_years BETWEEN 15 AND 100",
        )
        batch_op.create_check_constraint(
            op.f("ck_responses_time_slot"),
            "time_slot IS NULL OR time_slot IN ('08-12', '12-15', '15-17', 'other')",
        )


def downgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_responses_time_slot"), type_="check")
        batch_op.drop_constraint(op.f("ck_responses_age_years"), type_="check")
        batch_op.drop_column("time_slot")
        batch_op.drop_column("age_years")
