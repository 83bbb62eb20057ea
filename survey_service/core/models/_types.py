"""Column types shared by the models."""

from __future__ import annotations

import enum
from typing import Annotated

from sqlalchemy import Enum, String
from sqlalchemy.orm import mapped_column

from survey_service.core.db import BigId

# Surrogate keys: BIGINT on PostgreSQL, the rowid on SQLite.
pk = Annotated[int, mapped_column(BigId, primary_key=True, autoincrement=True)]
code = Annotated[str, mapped_column(String(32))]
name = Annotated[str, mapped_column(String(200))]


def str_enum(enum_class: type[enum.Enum], constraint_name: str) -> Enum:
    """A portable enum column: VARCHAR + named CHECK, storing the enum's values."""
    return Enum(
        enum_class,
        name=constraint_name,
        native_enum=False,
        create_constraint=True,
        length=max(len(str(m.value)) for m in enum_class),
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
