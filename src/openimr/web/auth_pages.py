"""Log in and out. The session is the API's own JWT, kept in an HttpOnly cookie."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request, Response
from sqlalchemy.orm import Session

from openimr.api.deps import get_session
from openimr.api.security import (
    LoginRefused,
    clear_login_cookie,
    log_in,
    revoke_session,
    set_login_cookie,
)
from openimr.web.routing import PageRoute, page_actor, render, see_other
from openimr.workflow.users import Actor, Role

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
          next: str = Form(""), otp: str = Form(""),
          session: Session = Depends(get_session)) -> Response:
    try:
        done = log_in(session, request, username, password, otp)
    except LoginRefused as refused:
        message = (refused.message[0].upper() + refused.message[1:] + "."
                   if refused.status_code == 401
                   else f"Too many failed logins: try again in {refused.retry_after} seconds.")
        response = render(request, "login.html", {
            "next": _safe_next(next) or "", "username": username, "error": message},
            status=refused.status_code)
        if refused.retry_after:
            response.headers["Retry-After"] = str(refused.retry_after)
        return response
    response = see_other(_safe_next(next) or HOME[done.actor.role])
    set_login_cookie(request, response, done.token)
    return response


@router.post("/logout")
def logout(request: Request, actor: Actor = Depends(page_actor),
           session: Session = Depends(get_session)) -> Response:
    """End the session (its token stops working everywhere), then back to the login."""
    revoke_session(session, request.state.session_id, "logout")
    response = see_other("/login")
    clear_login_cookie(response)
    return response


@router.get("/")
def home(actor: Actor = Depends(page_actor)) -> Response:
    return see_other(HOME[actor.role])
