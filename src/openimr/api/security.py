"""Authentication for the API and the web pages: bearer JWTs, or the same JWT in a cookie.

Tokens are HS256 JWTs signed with `OPENIMR_SECRET_KEY`, or with a key generated once and
kept in the database (so every process of one installation agrees). Each request reloads
the user, so a deactivated account or a changed role takes effect at once.

FastAPI dependencies for routers: `get_session`, `current_actor`, `get_service`.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets

import jwt
from fastapi import Depends, HTTPException, Request, Response, status
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from openimr.api.deps import get_session
from openimr.store.models import Setting, User
from openimr.workflow.service import Service
from openimr.workflow.users import Actor, actor_of

ALGORITHM = "HS256"
TOKEN_LIFETIME = dt.timedelta(hours=8)
#: The cookie the web pages keep the token in.
COOKIE_NAME = "openimr_token"
_SECRET_SETTING = "jwt_secret"

bearer = OAuth2PasswordBearer(tokenUrl="/api/token", auto_error=False)


def secret_key(session: Session) -> str:
    """`OPENIMR_SECRET_KEY`, else the installation's key, generated on first use."""
    if key := os.environ.get("OPENIMR_SECRET_KEY"):
        return key
    if stored := session.get(Setting, _SECRET_SETTING):
        return stored.value
    session.add(Setting(key=_SECRET_SETTING, value=secrets.token_urlsafe(48)))
    try:
        session.commit()
    except IntegrityError:  # another process generated it first: use theirs
        session.rollback()
    return session.get(Setting, _SECRET_SETTING).value  # type: ignore[union-attr]


def create_token(actor: Actor, key: str, now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    claims = {"sub": actor.username, "role": actor.role.value, "iat": now,
              "exp": now + TOKEN_LIFETIME}
    return jwt.encode(claims, key, algorithm=ALGORITHM)


def set_login_cookie(response: Response, token: str, *, secure: bool = False) -> None:
    """Keep the token in the cookie `current_actor` reads (for server-rendered pages)."""
    response.set_cookie(COOKIE_NAME, token, max_age=int(TOKEN_LIFETIME.total_seconds()),
                        httponly=True, samesite="lax", secure=secure)


def clear_login_cookie(response: Response) -> None:
    response.delete_cookie(COOKIE_NAME)


def actor_from_token(session: Session, token: str, key: str) -> Actor | None:
    try:
        claims = jwt.decode(token, key, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]})
    except jwt.PyJWTError:
        return None
    user = session.scalar(select(User).where(User.username == claims["sub"]))
    if user is None or not user.active:
        return None
    return actor_of(user)


def unauthorized(message: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, message,
                         headers={"WWW-Authenticate": "Bearer"})


def current_actor(request: Request, session: Session = Depends(get_session),
                  token: str | None = Depends(bearer)) -> Actor:
    """The caller, from `Authorization: Bearer <jwt>` or the `openimr_token` cookie."""
    raw = token or request.cookies.get(COOKIE_NAME)
    if not raw:
        raise unauthorized("not authenticated: send a bearer token from POST /api/token")
    actor = actor_from_token(session, raw, request.app.state.secret_key)
    if actor is None:
        raise unauthorized("the token is invalid or expired: log in again")
    return actor


def get_service(session: Session = Depends(get_session),
                actor: Actor = Depends(current_actor)) -> Service:
    return Service(session, actor)
