"""Users and roles: bcrypt password hashes, creation and password checks.

Roles: `admin` (everything, the audit log), `case_manager` (intake, workflow, documents,
assignment), `reviewer` (only the cases assigned to them; drafts and signs), `party`
(read-only, their own case, never the reviewer's identity).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import bcrypt
from sqlalchemy import event, select, update
from sqlalchemy.orm import ORMExecuteState, Session, object_session

from openimr.model.errors import InputError
from openimr.store.models import CaseRow, LoginSession, PartyAccess, Reviewer, User, utcnow
from openimr.workflow.errors import Conflict, NotFound

_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{2,100}$")
MIN_PASSWORD_LENGTH = 12
#: Passwords of 12 characters or more that lists of leaked passwords put near the top
#: (compared without case); shorter common ones already fail the length rule.
COMMON_PASSWORDS = frozenset("""
123456789012 1234567890123 12345678901234 password1234 password12345 password123456
passwordpassword qwertyuiopas qwertyuiop123 qwerty123456 1q2w3e4r5t6y 1qaz2wsx3edc
iloveyou1234 abcdefghijkl abc123456789 letmeinplease welcome12345 changeme1234
administrator admin1234567 adminadmin12 monkey123456 football1234 baseball1234
000000000000 111111111111 123123123123 aaaaaaaaaaaa zaq12wsxcde3 trustno1trustno1
""".split())


class Role(StrEnum):
    admin = "admin"
    case_manager = "case_manager"
    reviewer = "reviewer"
    party = "party"


#: The roles from the least privileged to the most: a new login starts at the first.
BY_PRIVILEGE: tuple[Role, ...] = (Role.party, Role.reviewer, Role.case_manager, Role.admin)


class PartyType(StrEnum):
    """Who a party login is to its case: what the minimum-necessary setting lets it see."""

    worker = "worker"
    provider = "provider"
    employer = "employer"
    claims_administrator = "claims_administrator"
    attorney = "attorney"


@dataclass(frozen=True)
class Actor:
    """Who is calling the service: recorded in every event and audit entry."""

    username: str
    role: Role
    user_id: int | None = None
    reviewer_id: int | None = None


#: The actor of maintenance commands run on the server itself.
SYSTEM = Actor(username="system", role=Role.admin)


def _rounds() -> int:
    # Tests lower the cost through the environment; never below bcrypt's minimum.
    return max(4, int(os.environ.get("OPENIMR_BCRYPT_ROUNDS", "12")))


def check_password_policy(password: str, username: str | None = None) -> None:
    """At least 12 characters, not a well-known password, not the username."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if password.lower() in COMMON_PASSWORDS or len(set(password)) <= 2:
        raise InputError("this password is too common: choose another")
    if username and password.lower() == username.lower():
        raise InputError("a password may not be the username")


def hash_password(password: str, *, username: str | None = None) -> str:
    check_password_policy(password, username)
    if len(password.encode()) > 72:
        raise InputError("a password may have at most 72 bytes (bcrypt's limit)")
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(_rounds())).decode()


@functools.cache
def hash_for_timing() -> str:
    """A hash of the same cost as real ones, checked when a username is unknown, so a
    failed login takes as long whether or not the name exists."""
    return bcrypt.hashpw(secrets.token_bytes(16), bcrypt.gensalt(_rounds())).decode()


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode()[:72], password_hash.encode())
    except ValueError:
        return False


def create_user(session: Session, username: str, role: Role | str, password: str, *,
                reviewer_id: int | None = None, case_numbers: list[str] | None = None,
                party_type: PartyType | str = PartyType.worker) -> User:
    """Add a user (not committed). Reviewers are linked to a roster entry, parties to cases."""
    if not _USERNAME.match(username):
        raise InputError(f"username {username!r} must be 2-100 letters, digits or ._@-")
    try:
        role = Role(role)
    except ValueError:
        raise InputError(f"role {role!r} is not one of {', '.join(Role)}") from None
    try:
        party_type = PartyType(party_type)
    except ValueError:
        raise InputError(f"party type {party_type!r} is not one of {', '.join(PartyType)}"
                         ) from None
    if session.scalar(select(User).where(User.username == username)):
        raise Conflict(f"user {username!r} already exists")
    if role is Role.reviewer and reviewer_id is not None \
            and session.get(Reviewer, reviewer_id) is None:
        raise NotFound("reviewer", reviewer_id, f"reviewer #{reviewer_id} does not exist")
    user = User(username=username, role=role.value,
                password_hash=hash_password(password, username=username),
                reviewer_id=reviewer_id if role is Role.reviewer else None, active=True)
    session.add(user)
    session.flush()
    for number in case_numbers or []:
        case = session.scalar(select(CaseRow).where(CaseRow.case_number == number))
        if case is None:
            raise NotFound("case", number, f"case {number} does not exist")
        session.add(PartyAccess(user_id=user.id, case_id=case.id,
                                party_type=party_type.value))
    return user


def authenticate(session: Session, username: str, password: str) -> Actor | None:
    user = session.scalar(select(User).where(User.username == username))
    matches = verify_password(password, user.password_hash if user else hash_for_timing())
    if user is None or not user.active or not matches:
        return None
    return actor_of(user)


#: Roles that may add a TOTP second factor to their login.
SECOND_FACTOR_ROLES = (Role.admin, Role.reviewer)


def new_totp_secret() -> str:
    import pyotp

    return pyotp.random_base32()


def totp_uri(username: str, secret: str) -> str:
    """The otpauth:// URI an authenticator app scans (as a QR code) or takes typed in."""
    import pyotp

    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="openimr")


def check_totp(secret: str, code: str, at: float | None = None) -> bool:
    """A 6-digit code of the current 30-second step (one step either side for clock drift)."""
    import pyotp

    code = code.strip().replace(" ", "")
    return len(code) == 6 and code.isdigit() and pyotp.TOTP(secret).verify(
        code, for_time=at, valid_window=1)


def revoke_sessions(session: Session, user_id: int, reason: str) -> int:
    """End every open session of a login (not committed): its tokens stop working (the
    cached actors of this process are forgotten by `SessionCache`'s listeners)."""
    result = session.execute(update(LoginSession).where(
        LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason[:100]))
    return result.rowcount or 0


def actor_of(user: User) -> Actor:
    return Actor(username=user.username, role=Role(user.role), user_id=user.id,
                 reviewer_id=user.reviewer_id)


# -- the actors of open sessions, cached briefly -------------------------------------------


@dataclass(frozen=True)
class CachedSession:
    """What a request needs of an open session, as the database had it when cached."""

    actor: Actor
    jti: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_seen_at: dt.datetime
    #: `SessionCache.clock` when it was read from the database.
    read_at: float


class SessionCache:
    """The actors of open sessions, kept for a few seconds (`Settings.actor_cache`) so that
    a request does not read its session and its user again (issue 18: two of a read's
    SQL statements).

    Security first. Within this process an entry is forgotten as soon as anything that
    could end or change the session is changed through the ORM: a session's revocation
    or times, a user's role, activation, password, second factor, name or reviewer link
    (attribute events), or any bulk UPDATE or DELETE of sessions or users (logout,
    `revoke_sessions`, maintenance); it is forgotten again when that change commits, so a
    request that read the old row meanwhile cannot keep it. A change made by another
    process (another worker, app server or `openimr users passwd`) is seen when the entry
    expires: a revoked token lives at most the cache's lifetime longer, never more.
    """

    #: More open sessions than this, and the oldest entries are dropped.
    LIMIT = 10_000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._entries: dict[str, CachedSession] = {}
        self._lock = threading.Lock()
        #: Counts every `forget`: an entry read from the database before a forget is not
        #: stored after it (`put(..., read_in=...)`), so no race keeps a revoked session.
        self.generation = 0

    def get(self, session_id: str, lifetime: float) -> CachedSession | None:
        entry = self._entries.get(session_id)
        if entry is None or self.clock() - entry.read_at >= lifetime:
            return None
        return entry

    def put(self, session_id: str, actor: Actor, row: LoginSession, *, read_in: int) -> None:
        """Keep the actor of `row`, read from the database in generation `read_in`."""
        entry = CachedSession(actor, row.jti, row.created_at, row.expires_at,
                              row.last_seen_at, self.clock())
        with self._lock:
            if self.generation != read_in:
                return
            if len(self._entries) >= self.LIMIT:
                for stale in list(self._entries)[:self.LIMIT // 10]:
                    del self._entries[stale]
            self._entries[session_id] = entry

    def forget(self, *, session_id: str | None = None, user_id: int | None = None) -> None:
        """Forget one session, every session of a user, or (neither given) everything."""
        with self._lock:
            self.generation += 1
            if session_id is None and user_id is None:
                self._entries.clear()
            elif session_id is not None:
                self._entries.pop(session_id, None)
            else:
                for key in [k for k, e in self._entries.items() if e.actor.user_id == user_id]:
                    del self._entries[key]

    def forget_through_commit(self, session: Session | None, **which: Any) -> None:
        """Forget now, and again when `session` commits its change."""
        self.forget(**which)
        if session is not None:
            event.listen(session, "after_commit", lambda _s: self.forget(**which), once=True)


#: The process's cache (each worker process has its own).
SESSIONS = SessionCache()

#: The columns whose change can end a session or change its actor.
_USER_COLUMNS = ("username", "role", "active", "password_hash", "totp_secret", "reviewer_id")
_SESSION_COLUMNS = ("jti", "role", "created_at", "expires_at", "revoked_at", "last_seen_at")


def _user_changed(target: User, _value: object, _old: object, _initiator: object) -> None:
    if target.id is not None:
        SESSIONS.forget_through_commit(object_session(target), user_id=target.id)


def _session_changed(target: LoginSession, _value: object, _old: object,
                     _initiator: object) -> None:
    if target.id is not None:
        SESSIONS.forget_through_commit(object_session(target), session_id=target.id)


for _column in _USER_COLUMNS:
    event.listen(getattr(User, _column), "set", _user_changed)
for _column in _SESSION_COLUMNS:
    event.listen(getattr(LoginSession, _column), "set", _session_changed)


@event.listens_for(Session, "do_orm_execute")
def _bulk_change(state: ORMExecuteState) -> None:
    """A bulk UPDATE or DELETE of users or sessions: which rows it hits is not known
    here, so every entry goes."""
    if (state.is_update or state.is_delete) and state.bind_mapper is not None \
            and state.bind_mapper.class_ in (User, LoginSession):
        SESSIONS.forget_through_commit(state.session)
