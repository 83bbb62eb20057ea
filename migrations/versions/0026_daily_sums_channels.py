"""daily sums count the valid answers by channel

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 12:40:00

The SKM report says how a period's answers came in (QR poster, ticket,
kiosk). It counted them over the responses, so the report grew with the
unit's history; three sums per group let it read them from the daily sums.

Existing rows lack them, so the sums are emptied and their state forgotten
(the state row stays, rolled through nothing): until `flask --app wsgi
rollups rebuild` fills them again, every figure is computed from the
responses themselves, and stays right.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("channel_poster", "channel_ticket", "channel_kiosk")


def _forget() -> None:
    op.execute(sa.text("DELETE FROM daily_sums"))
    op.execute(sa.text("UPDATE rollup_state SET rolled_through = NULL"))


def upgrade() -> None:
    _forget()
    with op.batch_alter_table("daily_sums", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False))


def downgrade() -> None:
    _forget()
    with op.batch_alter_table("daily_sums", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
