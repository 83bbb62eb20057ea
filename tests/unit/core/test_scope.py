"""One scope rule: role x unit x action, as core/scope.py's table says."""

from __future__ import annotations

import pytest

from survey_service.core.models import Employee, Role, Unit, User
from survey_service.core.scope import Action, covers_every_unit, may, unit_ids

ASSIGNED, OWN, OTHER = (
    1,
    2,
    3,
)  # unit ids: listed on the account, its employee's, neither
V, M, C = Action.VIEW, Action.MANAGE, Action.CONTACT

# role: the units of each kind the role may (view, manage, contact)
TABLE = {
    Role.ADMIN: {V: {ASSIGNED, OWN, OTHER}, M: {ASSIGNED, OWN, OTHER}, C: {ASSIGNED}},
    Role.LEADER: {V: {ASSIGNED, OWN, OTHER}, M: set(), C: set()},
    Role.HEAD: {V: {ASSIGNED, OWN}, M: {ASSIGNED}, C: {ASSIGNED}},
    Role.EVALUATOR: {V: {ASSIGNED, OWN}, M: set(), C: set()},
    Role.STAFF: {V: {ASSIGNED, OWN}, M: set(), C: set()},
}


def account(role: Role) -> User:
    """An account assigned unit 1 whose employee works in unit 2 (no database)."""
    user = User(username="u", role=role)
    user.units = [Unit(id=ASSIGNED, code="A", name="A")]
    user.employee = Employee(nip="1" * 18, name="E", unit_id=OWN)
    return user


CASES = [
    (role, action, unit)
    for role, actions in TABLE.items()
    for action in Action
    for unit in (ASSIGNED, OWN, OTHER)
]


@pytest.mark.parametrize(("role", "action", "unit"), CASES)
def test_scope_follows_the_table(role, action, unit):
    expected = unit in TABLE[role][action]

    assert may(account(role), action, unit) is expected


@pytest.mark.parametrize("role", list(Role))
def test_every_role_and_action_has_a_rule(role):
    for action in Action:
        unit_ids(account(role), action)  # no KeyError


@pytest.mark.parametrize(
    ("role", "every"), [(r, r in (Role.ADMIN, Role.LEADER)) for r in Role]
)
def test_only_admins_and_leaders_see_the_whole_city(role, every):
    assert covers_every_unit(account(role)) is every
    assert (unit_ids(account(role)) is None) is every


def test_an_account_without_employee_sees_only_its_assigned_units():
    user = account(Role.STAFF)
    user.employee = None

    assert unit_ids(user) == frozenset({ASSIGNED})
