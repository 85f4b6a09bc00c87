"""Authentication for the API and the web pages: logins, revocable sessions, CSRF tokens.

A login (`log_in`) is throttled per account and per client address (counters in the
database, so several app servers share them), audited whether it succeeds or not, and
spends the same bcrypt time on an unknown username as on a known one. It opens a
server-side session (`store.models.LoginSession`); the token, an HS256 JWT, names the
session (`sid`) and carries a `jti`. Every request checks the session: not revoked (logout,
password change, deactivation, a changed role), not idle longer than the idle timeout, not
older than the absolute lifetime, whatever the token's `exp`. The session and its actor
are read from the database at most every `Settings.actor_cache` (2 s): a change made in
this process ends the token at once, one made by another process within that time
(`openimr.workflow.users.SessionCache`).

Cookie-authenticated requests that change data also need the session's CSRF token
(`csrf_token_of`), sent as the `X-CSRF-Token` header or a `csrf_token` form field.

FastAPI dependencies for routers: `get_session`, `current_actor`, `get_service`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import math
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import jwt
from fastapi import Depends, HTTPException, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy import select, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from openimr.api.deps import Settings, get_session, settings_of
from openimr.api.logs import mask_path
from openimr.model.errors import InputError
from openimr.store import audit
from openimr.store.models import AuditEntry, LoginSession, LoginThrottle, User, utcnow
from openimr.workflow.service import Service
from openimr.workflow.users import (
    SESSIONS,
    Actor,
    actor_of,
    check_totp,
    hash_for_timing,
    verify_password,
)

ALGORITHM = "HS256"
#: The cookie the web pages keep the token in.
COOKIE_NAME = "openimr_token"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
#: The key file beside a SQLite database, and the shortest key accepted.
KEY_FILE = "openimr.key"
MIN_KEY_BYTES = 32
#: How often a session's last use is written (not on every request).
_TOUCH_EVERY = dt.timedelta(seconds=30)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

bearer = OAuth2PasswordBearer(tokenUrl="/api/v1/token", auto_error=False)


def secret_key(database_url: str) -> str:
    """The token-signing key, never kept in the database it protects.

    `OPENIMR_SECRET_KEY` (at least 32 bytes) when set, and it must be set when the
    database is PostgreSQL (several app servers share it, so they must share the key).
    On the single-machine default, a SQLite file, the key is a file beside the database
    (`openimr.key`), created once with mode 0600."""
    if key := os.environ.get("OPENIMR_SECRET_KEY"):
        if len(key.encode()) < MIN_KEY_BYTES:
            raise InputError(f"OPENIMR_SECRET_KEY must be at least {MIN_KEY_BYTES} bytes "
                             "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe("
                             "48))'`)")
        return key
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise InputError("set OPENIMR_SECRET_KEY (at least 32 bytes, the same on every app "
                         "server) to use a shared database: the signing key is never kept "
                         "in the database")
    if url.database in (None, "", ":memory:"):
        return secrets.token_urlsafe(48)  # a database that lives as long as the process
    path = Path(url.database).resolve().parent / KEY_FILE
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text(encoding="ascii").strip()
        if len(key) < MIN_KEY_BYTES:
            raise InputError(f"{path}: the key file is damaged (too short)") from None
        return key
    with os.fdopen(descriptor, "w", encoding="ascii") as out:
        out.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()


# -- client address and throttling ---------------------------------------------------------


def client_address(request: Request, settings: Settings) -> str:
    """The caller's address: the socket's peer, or, when that peer is a configured proxy,
    the nearest address in `X-Forwarded-For` that is not a proxy itself."""
    peer = request.client.host if request.client else "unknown"

    def trusted(address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in settings.trusted_proxies)

    if not trusted(peer):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not trusted(hop):
            return hop[:64]
    return peer


class LoginRefused(Exception):
    def __init__(self, status_code: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status_code, self.message, self.retry_after = status_code, message, retry_after


def _locked_for(session: Session, keys: list[str], now: dt.datetime) -> int | None:
    rows = session.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys)))
    waits = [(row.locked_until - now).total_seconds() for row in rows
             if row.locked_until is not None and row.locked_until > now]
    return math.ceil(max(waits)) if waits else None


def _count_failure(session: Session, key: str, limit: int, settings: Settings,
                   now: dt.datetime) -> None:
    row = session.get(LoginThrottle, key)
    if row is None:
        session.add(LoginThrottle(key=key, failures=1, first_failure_at=now))
        return
    if now - row.first_failure_at > settings.lockout and (
            row.locked_until is None or row.locked_until <= now):
        row.failures, row.first_failure_at, row.locked_until = 0, now, None
    row.failures += 1
    if row.failures >= limit:
        row.locked_until = now + settings.lockout


def _audit_login(session: Session, username: str, role: str, detail: str,
                 now: dt.datetime) -> None:
    audit.append(session, [AuditEntry(at=now, username=username[:100], role=role,
                                      action="login", resource="session", detail=detail)])


# -- sessions and tokens -------------------------------------------------------------------


@dataclass(frozen=True)
class Login:
    actor: Actor
    token: str
    session_id: str


def log_in(db: Session, request: Request, username: str, password: str,
           otp: str = "") -> Login:
    """Check the password (throttled, audited) and open a session; raise `LoginRefused`."""
    settings = settings_of(request)
    now = utcnow()
    address = client_address(request, settings)
    username = username.strip()[:100]
    keys = [f"account:{username.lower()}", f"address:{address}"]
    wait = _locked_for(db, keys, now)
    if wait is not None:
        _audit_login(db, username, "anonymous", f"refused from {address}: locked for {wait} s",
                     now)
        db.commit()
        raise LoginRefused(429, f"too many failed logins: try again in {wait} seconds",
                           retry_after=wait)
    user = db.scalar(select(User).where(User.username == username)) if username else None
    # An unknown username costs a bcrypt check too: timing does not tell which names exist.
    matches = verify_password(password, user.password_hash if user else hash_for_timing())
    second = user is None or user.totp_secret is None or check_totp(user.totp_secret, otp)
    if user is None or not matches or not user.active or not second:
        why = ("unknown user" if user is None else "wrong password" if not matches
               else "inactive login" if not user.active else "wrong or missing one-time code")
        _count_failure(db, keys[0], settings.account_failures, settings, now)
        _count_failure(db, keys[1], settings.address_failures, settings, now)
        _audit_login(db, username, user.role if user else "anonymous",
                     f"failure from {address}: {why}", now)
        db.commit()
        raise LoginRefused(401, "wrong username or password" if second or not matches
                           else "wrong or missing one-time code (second factor)")
    stale = db.get(LoginThrottle, keys[0])
    if stale is not None:
        db.delete(stale)
    actor = actor_of(user)
    row = LoginSession(id=secrets.token_urlsafe(32), user_id=user.id,
                       jti=secrets.token_hex(16), role=user.role, address=address,
                       created_at=now, last_seen_at=now,
                       expires_at=now + settings.absolute_lifetime)
    db.add(row)
    _audit_login(db, username, user.role, f"success from {address}", now)
    db.commit()
    token = jwt.encode({"sub": user.username, "sid": row.id, "jti": row.jti,
                        "iat": now.replace(tzinfo=dt.UTC),
                        "exp": row.expires_at.replace(tzinfo=dt.UTC)},
                       request.app.state.secret_key, algorithm=ALGORITHM)
    return Login(actor, token, row.id)


def token_claims(token: str, key: str) -> dict[str, str] | None:
    """The claims of a well-signed, unexpired token that names a session (None: refused)."""
    try:
        claims = jwt.decode(token, key, algorithms=[ALGORITHM],
                            options={"require": ["exp", "sub", "sid", "jti"]})
    except jwt.PyJWTError:
        return None
    sid, jti = claims.get("sid"), claims.get("jti")
    if not isinstance(sid, str) or not isinstance(jti, str) or len(sid) > 64:
        return None
    return claims  # type: ignore[no-any-return]


def cached_session(claims: dict[str, str], settings: Settings) -> tuple[Actor, str] | None:
    """The actor and session of `claims` from this process's cache, without the database
    (None: not cached, or the cached session needs reading again)."""
    now = utcnow()
    cached = SESSIONS.get(claims["sid"], settings.actor_cache.total_seconds())
    if cached is not None and hmac.compare_digest(cached.jti, claims["jti"]) \
            and cached.actor.username == claims["sub"] and now < cached.expires_at \
            and now - cached.created_at <= settings.absolute_lifetime \
            and now - cached.last_seen_at <= _TOUCH_EVERY:
        return cached.actor, claims["sid"]
    return None


def stored_session(db: Session, claims: dict[str, str],
                   settings: Settings) -> tuple[Actor, str] | None:
    """The actor and session of `claims` as the database has them (and cached)."""
    sid, jti, now = claims["sid"], claims["jti"], utcnow()
    generation = SESSIONS.generation
    row = db.get(LoginSession, sid)
    if row is None or row.revoked_at is not None or not hmac.compare_digest(row.jti, jti):
        return None
    if now >= row.expires_at or now - row.created_at > settings.absolute_lifetime:
        return None
    if now - row.last_seen_at > settings.idle_timeout:
        row.revoked_at, row.revoked_reason = now, "idle timeout"
        db.commit()
        return None
    user = db.get(User, row.user_id)
    if user is None or not user.active or user.username != claims["sub"] \
            or user.role != row.role:
        return None
    actor = actor_of(user)
    if now - row.last_seen_at > _TOUCH_EVERY:
        row.last_seen_at = now
        db.commit()
        return actor, sid  # cached by the next request: this one's change forgot it
    SESSIONS.put(sid, actor, row, read_in=generation)
    return actor, sid


async def actor_of_request(db: Session, token: str, request: Request) -> Actor | None:
    """The actor of a token, if its session is still open (also remembered on
    `request.state` with its session).

    The session and its user are read from the database at most once per
    `Settings.actor_cache` (`users.SESSIONS`, which forgets a session as soon as this
    process changes it); the token's signature, expiry and the session's limits are
    checked on every request. A cached session is checked here on the event loop: only one
    read from the database costs a trip to a worker thread (each trip is a thread switch
    and a wait for the GIL, a large share of a cached read's overhead, issue 18)."""
    claims = token_claims(token, request.app.state.secret_key)
    if claims is None:
        return None
    settings = settings_of(request)
    found = cached_session(claims, settings) or await run_in_threadpool(
        stored_session, db, claims, settings)
    if found is None:
        return None
    actor, session_id = found
    request.state.actor, request.state.session_id = actor, session_id
    return actor


def revoke_session(db: Session, session_id: str, reason: str) -> None:
    db.execute(update(LoginSession).where(LoginSession.id == session_id,
                                          LoginSession.revoked_at.is_(None))
               .values(revoked_at=utcnow(), revoked_reason=reason))
    db.commit()


def csrf_token_of(request: Request, session_id: str) -> str:
    """The session's CSRF token: bound to the session, useless once it ends."""
    return hmac.new(request.app.state.secret_key.encode(), f"csrf:{session_id}".encode(),
                    hashlib.sha256).hexdigest()


def check_csrf(request: Request, sent: str | None) -> None:
    """Refuse a cookie-authenticated change without the session's CSRF token."""
    session_id = getattr(request.state, "session_id", None)
    if session_id is None:
        return
    if not sent or not hmac.compare_digest(sent, csrf_token_of(request, session_id)):
        raise HTTPException(status.HTTP_403_FORBIDDEN,
                            "missing or wrong CSRF token: reload the page and try again")


def cookie_secure(request: Request) -> bool:
    """Session cookies are Secure, unless served over plain http to this machine or
    explicitly configured so (`OPENIMR_INSECURE_COOKIES=1`) for local use."""
    if settings_of(request).insecure_cookies:
        return False
    if request.url.scheme == "https":
        return True
    host = (request.url.hostname or "").lower()
    return host not in ("localhost", "127.0.0.1", "::1", "testserver")


def set_login_cookie(request: Request, response: Response, token: str) -> None:
    """Keep the token in the cookie `current_actor` reads (for server-rendered pages)."""
    lifetime = settings_of(request).absolute_lifetime
    response.set_cookie(COOKIE_NAME, token, max_age=int(lifetime.total_seconds()),
                        httponly=True, samesite="strict", secure=cookie_secure(request))


def clear_login_cookie(response: Response) -> None:
    response.delete_cookie(COOKIE_NAME)


def unauthorized(message: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, message,
                         headers={"WWW-Authenticate": "Bearer"})


async def current_actor(request: Request, session: Session = Depends(get_session),
                        token: str | None = Depends(bearer)) -> Actor:
    """The caller, from `Authorization: Bearer <jwt>` or the `openimr_token` cookie. A
    change made with the cookie needs the `X-CSRF-Token` header too. A 401 is audited
    (counted per minute and source, so the log cannot be flooded)."""
    raw = token or request.cookies.get(COOKIE_NAME)
    if not raw:
        raise await run_in_threadpool(
            _refused_401, session, request, "no token",
            "not authenticated: send a bearer token from POST /api/v1/token")
    actor = await actor_of_request(session, raw, request)
    if actor is None:
        raise await run_in_threadpool(
            _refused_401, session, request, "invalid, expired or ended token",
            "the token is invalid or expired, or its session ended: log in again")
    if token is None and request.method in UNSAFE_METHODS:
        check_csrf(request, request.headers.get(CSRF_HEADER))
    return actor


def _refused_401(session: Session, request: Request, why: str, message: str) -> HTTPException:
    audit.record_refusal(session, "refused", client_address(request, settings_of(request)),
                         username="-", role="anonymous",
                         detail=f"{why}: {request.method} {mask_path(request.url.path)}")
    return unauthorized(message)


async def get_service(session: Session = Depends(get_session),
                      actor: Actor = Depends(current_actor)) -> Service:
    return Service(session, actor)


async def get_read_service(session: Session = Depends(get_session),
                           actor: Actor = Depends(current_actor)) -> Service:
    """The service of a list or read request: its queries go to the read replica
    (`OPENIMR_READ_DATABASE_URL`) when there is one, its audit entry to the primary. The
    caller was authenticated on the primary (a login just made may not be on the replica
    yet)."""
    from openimr.store.base import ReplicaSession, read_from_replica

    if isinstance(session, ReplicaSession):  # commits the authentication's transaction
        await run_in_threadpool(read_from_replica, session)
    return Service(session, actor)
