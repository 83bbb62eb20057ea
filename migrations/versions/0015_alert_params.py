"""alerts keep the parts of their message, so pages say it in the reader's language

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 04:00:00

An alert's message was stored as Indonesian text only; ``params`` keeps the
elements, counter and week figures that fill it. Older alerts keep their text.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("params", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_column("params")
