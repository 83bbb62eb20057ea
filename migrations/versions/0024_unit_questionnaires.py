"""each unit's own questionnaire: versions per owner, drafts, own questions

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 06:20:00

A questionnaire version belongs to the city (``unit_id`` NULL, the default every
unit starts from) or to one unit, and is numbered per owner; a draft has no
``published_at``. Elements get Minangkabau wording; a version may add up to ten
questions of the unit's own (``questionnaire_questions``), whose answers are
``response_answers``. Every existing version is the city's, published when it
was made.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("rating", "single", "multiple", "text")
OWN_TEXT_MAX_LENGTH = 300
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "questionnaire_questions",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("questionnaire_id", BIG_ID, nullable=False),
        sa.Column("key", sa.String(16), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="kind", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("text_id", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False, server_default=""),
        sa.Column("text_min", sa.Text(), nullable=False, server_default=""),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaires.id"],
            name=op.f("fk_questionnaire_questions_questionnaire_id_questionnaires"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_questions")),
        sa.UniqueConstraint(
            "questionnaire_id",
            "key",
            name=op.f("uq_questionnaire_questions_questionnaire_id_key"),
        ),
        sa.UniqueConstraint(
            "questionnaire_id",
            "position",
            name=op.f("uq_questionnaire_questions_questionnaire_id_position"),
        ),
    )
    op.create_table(
        "response_answers",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("response_id", BIG_ID, nullable=False),
        sa.Column("question_id", BIG_ID, nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.CheckConstraint(
            f"text IS NULL OR length(text) <= {OWN_TEXT_MAX_LENGTH}",
            name=op.f("ck_response_answers_text_length"),
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questionnaire_questions.id"],
            name=op.f("fk_response_answers_question_id_questionnaire_questions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_response_answers_response_id_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response_answers")),
        sa.UniqueConstraint(
            "response_id",
            "question_id",
            name=op.f("uq_response_answers_response_id_question_id"),
        ),
    )
    op.create_index(
        "ix_response_answers_question",
        "response_answers",
        ["question_id", "value"],
    )
    with op.batch_alter_table("questionnaires", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_questionnaires_version"), type_="unique")
        batch_op.add_column(sa.Column("unit_id", BIG_ID, nullable=True))
        batch_op.add_column(sa.Column("published_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("published_by_id", BIG_ID, nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_questionnaires_unit_id_units"),
            "units",
            ["unit_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_foreign_key(
            op.f("fk_questionnaires_published_by_id_users"),
            "users",
            ["published_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.execute("UPDATE questionnaires SET published_at = created_at")
    with op.batch_alter_table("questionnaires", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            op.f("uq_questionnaires_unit_id_version"), ["unit_id", "version"]
        )
    with op.batch_alter_table("questionnaire_elements", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("question_min", sa.Text(), nullable=False, server_default="")
        )
        for k in range(1, 5):
            batch_op.add_column(
                sa.Column(
                    f"label{k}_min", sa.String(100), nullable=False, server_default=""
                )
            )


def downgrade() -> None:
    op.drop_index("ix_response_answers_question", table_name="response_answers")
    op.drop_table("response_answers")
    op.drop_table("questionnaire_questions")
    with op.batch_alter_table("questionnaire_elements", schema=None) as batch_op:
        for k in range(4, 0, -1):
            batch_op.drop_column(f"label{k}_min")
        batch_op.drop_column("question_min")
    # Only the city's published versions fit the old shape.
    op.execute("DELETE FROM questionnaires WHERE unit_id IS NOT NULL")
    op.execute("DELETE FROM questionnaires WHERE published_at IS NULL")
    with op.batch_alter_table("questionnaires", schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f("uq_questionnaires_unit_id_version"), type_="unique"
        )
        batch_op.drop_constraint(
            op.f("fk_questionnaires_published_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            op.f("fk_questionnaires_unit_id_units"), type_="foreignkey"
        )
        batch_op.drop_column("published_by_id")
        batch_op.drop_column("published_at")
        batch_op.drop_column("unit_id")
        batch_op.create_unique_constraint(
            op.f("uq_questionnaires_version"), ["version"]
        )
