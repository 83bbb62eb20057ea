"""Which units a user may see or act on: the one answer every page, export,
API endpoint, digest and command asks.

| role       | see (VIEW)                | act (MANAGE) | citizens' contacts (CONTACT) |
|------------|---------------------------|--------------|------------------------------|
| admin      | every unit                | every unit   | the units assigned to them   |
| leader     | every unit (read only)    | none         | none                         |
| head       | assigned + own unit       | assigned     | assigned                     |
| evaluator  | assigned + own unit       | none         | none                         |
| staff      | assigned + own unit       | none         | none                         |

"Assigned" is the account's list of units (an admin sets it); "own unit" is the
unit of the employee the account belongs to. A contact a citizen leaves is
personal data for the head who calls back, so even an admin sees it only for
units assigned to them. Which pages a role may open at all is the views'
``role_required``; this module only narrows them to units.
"""

from __future__ import annotations

import enum
from typing import Final

from survey_service.core.models import Role, User


class Action(enum.StrEnum):
    VIEW = "view"  # results, comments, reports, exports, digests, read API
    MANAGE = "manage"  # follow-up, moderation, publishing, any ticket of the unit
    CONTACT = "contact"  # callback contacts citizens left after a low rating


class Reach(enum.Enum):
    EVERY = "every"
    ASSIGNED_AND_OWN = "assigned and own"
    ASSIGNED = "assigned"
    NONE = "none"


RULES: Final[dict[Role, dict[Action, Reach]]] = {
    Role.ADMIN: {
        Action.VIEW: Reach.EVERY,
        Action.MANAGE: Reach.EVERY,
        Action.CONTACT: Reach.ASSIGNED,
    },
    Role.LEADER: {
        Action.VIEW: Reach.EVERY,
        Action.MANAGE: Reach.NONE,
        Action.CONTACT: Reach.NONE,
    },
    Role.HEAD: {
        Action.VIEW: Reach.ASSIGNED_AND_OWN,
        Action.MANAGE: Reach.ASSIGNED,
        Action.CONTACT: Reach.ASSIGNED,
    },
    Role.EVALUATOR: {
        Action.VIEW: Reach.ASSIGNED_AND_OWN,
        Action.MANAGE: Reach.NONE,
        Action.CONTACT: Reach.NONE,
    },
    Role.STAFF: {
        Action.VIEW: Reach.ASSIGNED_AND_OWN,
        Action.MANAGE: Reach.NONE,
        Action.CONTACT: Reach.NONE,
    },
}


def unit_ids(user: User, action: Action = Action.VIEW) -> frozenset[int] | None:
    """The ids of the units ``user`` may ``action``; None means every unit."""
    reach = RULES[user.role][action]
    if reach is Reach.EVERY:
        return None
    if reach is Reach.NONE:
        return frozenset()
    ids = {unit.id for unit in user.units}
    if reach is Reach.ASSIGNED_AND_OWN and user.employee is not None:
        ids.add(user.employee.unit_id)
    return frozenset(ids)


def covers_every_unit(user: User, action: Action = Action.VIEW) -> bool:
    """Whether ``user`` may ``action`` every unit of the city."""
    return RULES[user.role][action] is Reach.EVERY


def may(user: User, action: Action, unit_id: int) -> bool:
    """Whether ``user`` may ``action`` the unit ``unit_id``."""
    ids = unit_ids(user, action)
    return ids is None or unit_id in ids
