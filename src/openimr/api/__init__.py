"""The REST API: `create_app(database_url=None)` builds the FastAPI application.

Imported lazily so that `openimr --help` does not load FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openimr.api.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from openimr.api.app import create_app

        return create_app
    raise AttributeError(name)
