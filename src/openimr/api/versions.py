"""Versions of the REST API. Every router of `openimr.api.routes` is mounted under
`/api/v1` (the paths of the OpenAPI document) and, for one more release, under the
unversioned `/api` paths of the first release: the same operations, hidden from the
document, whose responses carry a `Deprecation` header and link to their `/api/v1` successor.

A router declares its paths relative to the API root (`APIRouter(prefix="/cases")`) and
is listed once in `create_app`; this module decides where it is mounted."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CURRENT = "/api/v1"
#: The first release's paths, kept as aliases of `CURRENT` until the next release.
DEPRECATED = "/api"
#: When they were deprecated (3 Dec 2026), as RFC 9745 writes it.
DEPRECATED_SINCE = "@1796256000"


def include(app: FastAPI, *routers: APIRouter) -> None:
    """Mount `routers` at the current version and at the deprecated alias."""
    for router in routers:
        app.include_router(router, prefix=CURRENT, generate_unique_id_function=operation_id)
        app.include_router(router, prefix=DEPRECATED, include_in_schema=False, deprecated=True)
    app.add_middleware(DeprecatedPaths)


def operation_id(route: APIRoute) -> str:
    """The endpoint's name (`intake`, `get_case`): what a generated client calls it."""
    return route.name


def successor(path: str) -> str | None:
    """The `/api/v1` path of a deprecated `/api` path (None for any other path)."""
    if path.startswith(DEPRECATED + "/") and not path.startswith(CURRENT + "/"):
        return CURRENT + path[len(DEPRECATED):]
    return None


class DeprecatedPaths:
    """Marks every response to an unversioned `/api` path (RFC 9745 `Deprecation`, and a
    `Link` to the successor), whatever the endpoint returned."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        new_path = successor(scope.get("path", "")) if scope["type"] == "http" else None
        if new_path is None:
            await self.app(scope, receive, send)
            return

        async def send_marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Deprecation"] = DEPRECATED_SINCE
                headers.append("Link", f'<{new_path}>; rel="successor-version"')
            await send(message)

        await self.app(scope, receive, send_marked)
