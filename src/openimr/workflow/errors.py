"""Refusals of the service, each a kind of `InputError` the API maps to its own 4xx status.

`NotFound` and `Forbidden` carry what was refused as fields (the resource, its key, the
action, the role), so the API and the web decide their status and wording from the fields,
never by reading the message.
"""

from __future__ import annotations

from openimr.model.errors import InputError


class NotFound(InputError):
    """No such case, document, reviewer or user (or not one the caller may see): 404.

    `hidden` is true when the thing exists but the caller may not see it (a reviewer's
    request for another reviewer's case): the caller is told "not found" all the same, so
    nothing leaks, but the refusal is audited as a denied access.
    """

    def __init__(self, resource: str, key: object, message: str | None = None, *,
                 hidden: bool = False) -> None:
        self.resource, self.key, self.hidden = resource, key, hidden
        super().__init__(message or f"{resource} {key} not found")


class Forbidden(InputError):
    """The caller's role (or their relation to the case) does not allow the action: 403."""

    def __init__(self, action: str, role: str, reason: str, *,
                 case_number: str | None = None) -> None:
        self.action, self.role, self.reason, self.case_number = action, role, reason, case_number
        super().__init__(reason)


class Conflict(InputError):
    """The request clashes with the current state of the data: 409."""


class IllegalTransition(Conflict):
    """A status change the workflow does not allow, with the reason."""


class StaleVersion(Conflict):
    """Someone else changed the record since the caller read it (optimistic locking)."""
