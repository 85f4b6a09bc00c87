"""Log in: `POST /api/token` (OAuth2 password form) -> bearer JWT; `GET /api/me`."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel
from sqlalchemy.orm import Session

from openimr.api.security import create_token, current_actor, get_session, unauthorized
from openimr.workflow.users import Actor, authenticate

router = APIRouter(prefix="/api", tags=["authentication"])


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"


class Me(BaseModel):
    username: str
    role: str
    reviewer_id: int | None = None


@router.post("/token", response_model=Token)
def login(request: Request, form: OAuth2PasswordRequestForm = Depends(),
          session: Session = Depends(get_session)) -> Token:
    actor = authenticate(session, form.username, form.password)
    if actor is None:
        raise unauthorized("wrong username or password")
    return Token(access_token=create_token(actor, request.app.state.secret_key))


@router.get("/me", response_model=Me)
def me(actor: Actor = Depends(current_actor)) -> Me:
    return Me(username=actor.username, role=actor.role.value, reviewer_id=actor.reviewer_id)
