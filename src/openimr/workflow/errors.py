"""Refusals of the service, each a kind of `InputError` the API maps to its own 4xx status."""

from __future__ import annotations

from openimr.model.errors import InputError


class NotFound(InputError):
    """No such case, document, reviewer or user (or not one the caller may see): 404."""


class Forbidden(InputError):
    """The caller's role does not allow this: 403."""


class Conflict(InputError):
    """The request clashes with the current state of the data: 409."""


class IllegalTransition(Conflict):
    """A status change the workflow does not allow, with the reason."""


class StaleVersion(Conflict):
    """Someone else changed the record since the caller read it (optimistic locking)."""
