"""Closing the loop where people are: the outbox, weekly digests by email, and
the settings a user keeps for them (its own views, services and templates)."""
