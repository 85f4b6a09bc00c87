"""Log in and out: `POST /api/v1/token` (OAuth2 password form) -> bearer JWT of a new
session; `POST /api/v1/logout` ends the session; `GET /api/v1/me`."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel
from sqlalchemy.orm import Session

from openimr.api.deps import ApiRoute, get_session
from openimr.api.errors import declared_errors, error_body
from openimr.api.security import LoginRefused, current_actor, log_in, revoke_session, unauthorized
from openimr.workflow.users import Actor

router = APIRouter(tags=["authentication"], route_class=ApiRoute)


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"


class Me(BaseModel):
    username: str
    role: str
    reviewer_id: int | None = None


@router.post("/token", response_model=Token, responses=declared_errors(
    "/token", {"POST"}, login=True))
def login(request: Request, form: OAuth2PasswordRequestForm = Depends(),
          otp: str = Form("", max_length=12, description="The 6-digit one-time code, for "
                          "logins with a second factor (TOTP)."),
          session: Session = Depends(get_session)) -> Token | Response:
    try:
        done = log_in(session, request, form.username, form.password, otp)
    except LoginRefused as refused:
        if refused.status_code == 429:
            from fastapi.responses import JSONResponse

            return JSONResponse(error_body(429, refused.message), status_code=429,
                                headers={"Retry-After": str(refused.retry_after)})
        raise unauthorized(refused.message) from None
    return Token(access_token=done.token)


@router.post("/logout", status_code=204)
def logout(request: Request, actor: Actor = Depends(current_actor),
           session: Session = Depends(get_session)) -> Response:
    """End this session: its token stops working at once."""
    revoke_session(session, request.state.session_id, "logout")
    return Response(status_code=204)


@router.get("/me", response_model=Me)
def me(actor: Actor = Depends(current_actor)) -> Me:
    return Me(username=actor.username, role=actor.role.value, reviewer_id=actor.reviewer_id)
