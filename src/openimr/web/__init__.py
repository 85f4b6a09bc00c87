"""The reviewer workbench: server-rendered pages on the API's FastAPI app.

`mount(app)` adds the pages and the static files to an app made by
`openimr.api.create_app`; the pages call the same service, auth and audit log as the API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI


def mount(app: FastAPI) -> FastAPI:
    from fastapi.staticfiles import StaticFiles
    from swagger_ui_bundle import swagger_ui_path

    from openimr.web import (
        admin_pages,
        auth_pages,
        corpus_pages,
        docs_pages,
        job_pages,
        manage_pages,
        review_pages,
    )
    from openimr.web.routing import HERE

    if getattr(app.state, "web_mounted", False):
        return app
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.mount(docs_pages.ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")
    for module in (auth_pages, review_pages, manage_pages, admin_pages, corpus_pages,
                   docs_pages, job_pages):
        app.include_router(module.router)
    _html_not_found(app)
    app.state.web_mounted = True
    return app


def _html_not_found(app: FastAPI) -> None:
    """An unknown URL asked for by a browser is a page (404, with links home), not JSON; the
    API's paths and clients that do not ask for HTML keep the API's JSON errors."""
    from starlette.exceptions import HTTPException
    from starlette.requests import Request

    from openimr.web.routing import PageError, error_page

    api_handler = app.exception_handlers[HTTPException]

    async def not_found(request: Request, error: Exception):  # type: ignore[no-untyped-def]
        wanted = request.headers.get("accept", "")
        if (isinstance(error, HTTPException) and error.status_code == 404
                and "text/html" in wanted and not request.url.path.startswith("/api")):
            return error_page(request, PageError(
                404, "Page not found", f"There is no page at {request.url.path}. Check the "
                "address, or start again from the home page."))
        return await api_handler(request, error)

    app.add_exception_handler(HTTPException, not_found)


__all__ = ["mount"]
