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
    app.state.web_mounted = True
    return app


__all__ = ["mount"]
