"""Counting the SQL statements a request sends (a page's cost must not grow
with the number of units)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from survey_service.core.db import get_database


@contextmanager
def statements(app) -> Iterator[list[str]]:
    """The statements sent on the app's engine inside the block."""
    sent: list[str] = []
    engine = get_database(app).engine

    def count(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE")):
            sent.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", count)
