"""Use cases. Each function takes the SQLAlchemy Session as its first argument."""


class DomainError(Exception):
    """A rule of the domain refused the request; the message is for the user."""


class NotFoundError(DomainError):
    """The thing asked for does not exist."""
