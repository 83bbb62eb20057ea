"""Use cases. Each function takes the SQLAlchemy Session as its first argument."""

from typing import Any


class DomainError(Exception):
    """A rule of the domain refused the request; the message is for the user.

    ``message`` is Bahasa Indonesia, marked with ``N_`` where it is raised so
    the catalog has it, with ``%(name)s`` placeholders filled from ``params``;
    ``str()`` gives the Indonesian text, pages translate ``message`` first.
    """

    def __init__(self, message: str = "", **params: Any) -> None:
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


class NotFoundError(DomainError):
    """The thing asked for does not exist."""
