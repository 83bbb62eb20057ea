"""Rules the database itself enforces, whatever code writes to it."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DataError, IntegrityError

from survey_service.core.models import Employee
from tests.factories import (
    CounterFactory,
    EmployeeFactory,
    ResponseFactory,
    UnitFactory,
)


def _insert_response(db_session, counter, **overrides):
    values = {
        "submitted_at": "2026-11-23 03:00:00",
        "local_date": "2026-11-23",
        "week_start": "2026-11-23",
        "unit_id": counter.unit_id,
        "counter_id": counter.id,
        "questionnaire_id": 1,
        "channel": "poster",
        "status": "valid",
        "total": 27,
        **{f"u{i}": 3 for i in range(1, 10)},
    }
    values.update(overrides)
    columns = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    db_session.execute(
        text(f"INSERT INTO responses ({columns}) VALUES ({params})"),  # noqa: S608 - fixed column names
        values,
    )


def test_a_valid_response_row_is_accepted(db_session):
    counter = CounterFactory()
    _insert_response(db_session, counter)


@pytest.mark.parametrize("score", [0, 5, -1])
def test_score_outside_one_to_four_is_rejected(db_session, score):
    counter = CounterFactory()
    with pytest.raises(IntegrityError, match="u4_range"):
        _insert_response(db_session, counter, u4=score, total=24 + score)


def test_total_that_is_not_the_sum_of_scores_is_rejected(db_session):
    counter = CounterFactory()
    with pytest.raises(IntegrityError, match="ck_responses_total"):
        _insert_response(db_session, counter, total=30)


def test_unknown_channel_is_rejected(db_session):
    counter = CounterFactory()
    with pytest.raises(IntegrityError, match="channel"):
        _insert_response(db_session, counter, channel="sms")


def test_comment_over_1000_characters_is_rejected(db_session):
    counter = CounterFactory()
    with pytest.raises(IntegrityError, match="comment_length"):
        _insert_response(db_session, counter, comment="x" * 1001)


@pytest.mark.parametrize("nip", ["12345", "19850312201001100A", "1985031220100 1001"])
def test_nip_that_is_not_18_digits_is_rejected(db_session, nip):
    unit = UnitFactory()
    db_session.add(Employee(nip=nip, name="X", position="Y", unit_id=unit.id))
    with pytest.raises(IntegrityError, match="nip_digits"):
        db_session.flush()


def test_nip_longer_than_18_digits_is_rejected(db_session):
    unit = UnitFactory()
    db_session.add(
        Employee(nip="1985031220100110011", name="X", position="Y", unit_id=unit.id)
    )
    # PostgreSQL refuses it by the column length, SQLite by the check constraint.
    with pytest.raises((IntegrityError, DataError)):
        db_session.flush()


def test_duplicate_nip_is_rejected(db_session):
    EmployeeFactory(nip="198503122010011001")
    with pytest.raises(IntegrityError):
        EmployeeFactory(nip="198503122010011001")


def test_duplicate_unit_code_is_rejected(db_session):
    UnitFactory(code="DKP")
    with pytest.raises(IntegrityError):
        UnitFactory(code="DKP")


def test_duplicate_counter_code_is_rejected_across_units(db_session):
    CounterFactory(code="L1")
    with pytest.raises(IntegrityError):
        CounterFactory(code="L1")


def test_a_ticket_can_back_only_one_response(db_session):
    counter = CounterFactory()
    db_session.execute(
        text(
            "INSERT INTO tickets (token_id, counter_id, issued_at, expires_at) "
            "VALUES ('t-1', :c, '2026-11-23 01:00:00', '2026-11-26 01:00:00')"
        ),
        {"c": counter.id},
    )
    ticket_id = db_session.execute(
        text("SELECT id FROM tickets WHERE token_id = 't-1'")
    ).scalar_one()
    _insert_response(db_session, counter, ticket_id=ticket_id, channel="ticket")
    with pytest.raises(IntegrityError, match="ticket_id"):
        _insert_response(db_session, counter, ticket_id=ticket_id, channel="ticket")


def test_a_submission_key_stores_one_response(db_session):
    counter = CounterFactory()
    ResponseFactory(counter=counter, submission_key="k-1")
    with pytest.raises(IntegrityError):
        ResponseFactory(counter=counter, submission_key="k-1")


def test_foreign_keys_are_enforced(db_session):
    with pytest.raises(IntegrityError):
        db_session.execute(
            text(
                "INSERT INTO counters (unit_id, code, name, public_key, active) "
                "VALUES (999999, 'X', 'X', 'abcdefghijklmnopqr', true)"
            )
        )
