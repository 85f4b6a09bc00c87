"""Errors that describe bad input. The CLI turns them into exit code 2, the API into a 4xx."""

from __future__ import annotations


class InputError(Exception):
    """Input the user can fix: the message names the problem (file, field path)."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.message = message
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)
