"""daily sums keep the ratings behind the insider signals

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 06:00:00

The dashboard compares, per employee, the ratings on tickets the employee
issued with the ratings from posters and kiosks. Four sums per group (valid and
held-for-review ratings: on the rated employee's own tickets, count and total;
by poster or kiosk, count and total) let it read them from the daily sums.

Existing rows lack them, so the sums are emptied and their state forgotten:
until `flask --app wsgi rollups rebuild` (or `rollups advance`, which `make run`
does) fills them again, every figure is computed from the responses
themselves, and stays right.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("own_ticket_n", "own_ticket_sum", "walk_in_n", "walk_in_sum")


def upgrade() -> None:
    op.execute(sa.text("DELETE FROM daily_sums"))
    op.execute(sa.text("DELETE FROM rollup_state"))
    with op.batch_alter_table("daily_sums", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False))


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM daily_sums"))
    op.execute(sa.text("DELETE FROM rollup_state"))
    with op.batch_alter_table("daily_sums", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
