"""Log in and out. The session is the API's own JWT, kept in an HttpOnly cookie."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request, Response
from sqlalchemy.orm import Session

from openimr.api.security import COOKIE_NAME, TOKEN_LIFETIME, create_token
from openimr.web.routing import PageRoute, get_session, page_actor, render, see_other
from openimr.workflow.users import Actor, Role, authenticate

router = APIRouter(route_class=PageRoute, include_in_schema=False)

HOME = {Role.reviewer: "/queue", Role.case_manager: "/cases", Role.admin: "/cases",
        Role.party: "/cases"}


def _safe_next(target: str | None) -> str | None:
    # Only paths of this site: an absolute or protocol-relative URL would be an open redirect.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", {"next": _safe_next(next) or ""})


@router.post("/login")
def login(request: Request, username: str = Form(""), password: str = Form(""),
          next: str = Form(""), session: Session = Depends(get_session)) -> Response:
    actor = authenticate(session, username.strip(), password)
    if actor is None:
        return render(request, "login.html", {
            "next": _safe_next(next) or "", "username": username,
            "error": "Wrong username or password."}, status=401)
    response = see_other(_safe_next(next) or HOME[actor.role])
    response.set_cookie(COOKIE_NAME, create_token(actor, request.app.state.secret_key),
                        max_age=int(TOKEN_LIFETIME.total_seconds()), httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")
    return response


@router.post("/logout")
def logout() -> Response:
    response = see_other("/login")
    response.delete_cookie(COOKIE_NAME)
    return response


@router.get("/")
def home(actor: Actor = Depends(page_actor)) -> Response:
    return see_other(HOME[actor.role])
