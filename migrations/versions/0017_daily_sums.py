"""daily sums of responses (rollups), so aggregate pages cost the same at any size

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 05:00:00

``daily_sums`` holds one row per span (a day, an ISO week or a month, once
wholly rolled) and (unit, counter, service type, employee, questionnaire)
group with the sufficient statistics of its valid responses; ``rollup_state`` says through which day it is filled. The column
lists are written out here (a migration must not change when the code does).
The table starts empty: `flask --app wsgi rollups rebuild` fills it, and until
then every figure is computed from the responses themselves.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
SUMS = ("n", "total_sum", "total_sumsq", "total_sumcube", "flagged", "excluded")
ELEMENTS = tuple(f"u{i}_{k}" for i in range(1, 10) for k in range(1, 5))
TOTALS = tuple(f"t{t}" for t in range(9, 37))
PROFILE = {"age_band": 4, "sex": 2, "education": 8, "occupation": 6, "time_slot": 4}
PROFILES = tuple(
    name
    for field, count in PROFILE.items()
    for name in (*(f"{field}_{i}" for i in range(count)), f"{field}_none")
)
WIDE = {"total_sum", "total_sumsq", "total_sumcube"}


def upgrade() -> None:
    op.create_table(
        "daily_sums",
        sa.Column("span", sa.String(length=5), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("counter_id", ID, nullable=True),
        sa.Column("service_type_id", ID, nullable=True),
        sa.Column("employee_id", ID, nullable=True),
        sa.Column("questionnaire_id", ID, nullable=True),
        *(
            sa.Column(
                name, sa.BigInteger() if name in WIDE else sa.Integer(), nullable=False
            )
            for name in SUMS + ELEMENTS + TOTALS + PROFILES
        ),
    )
    op.create_index(
        "ix_daily_sums_span_unit_date", "daily_sums", ["span", "unit_id", "local_date"]
    )
    op.create_index("ix_daily_sums_span_date", "daily_sums", ["span", "local_date"])
    op.create_table(
        "rollup_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("rolled_through", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rollup_state")),
    )


def downgrade() -> None:
    op.drop_table("rollup_state")
    op.drop_index("ix_daily_sums_span_date", table_name="daily_sums")
    op.drop_index("ix_daily_sums_span_unit_date", table_name="daily_sums")
    op.drop_table("daily_sums")
