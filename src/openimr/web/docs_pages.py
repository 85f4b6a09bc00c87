"""The interactive API documentation (Swagger UI) for logged-in staff, served from the
vendored `swagger-ui-bundle` package: no script or style comes from a CDN, and the page
runs no inline script (its start-up code is `static/swagger-init.js`). ReDoc is not
offered: it has no vendored bundle."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from openimr.web.routing import PageRoute, page_actor, require_role
from openimr.workflow.policy import STAFF
from openimr.workflow.users import Actor

router = APIRouter(route_class=PageRoute, include_in_schema=False)

ASSETS = "/docs/assets"
PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>openimr API</title>
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="/static/swagger-init.js"></script>
</body></html>"""


@router.get("/docs")
def docs(request: Request, actor: Actor = Depends(page_actor)) -> Response:
    require_role(actor, *STAFF)
    return HTMLResponse(PAGE)
