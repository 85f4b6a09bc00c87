"""CLI commands of `openimr.web`, registered on the main app by `openimr.cli`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this package's commands to the main CLI. Heavy imports stay inside the commands."""
