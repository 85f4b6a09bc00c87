"""Users and roles: bcrypt password hashes, creation and password checks.

Roles: `admin` (everything, the audit log), `case_manager` (intake, workflow, documents,
assignment), `reviewer` (only the cases assigned to them; drafts and signs), `party`
(read-only, their own case, never the reviewer's identity).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from enum import StrEnum

import bcrypt
from sqlalchemy import select
from sqlalchemy.orm import Session

from openimr.model.errors import InputError
from openimr.store.models import CaseRow, PartyAccess, Reviewer, User
from openimr.workflow.errors import Conflict, NotFound

_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{2,100}$")
MIN_PASSWORD_LENGTH = 8


class Role(StrEnum):
    admin = "admin"
    case_manager = "case_manager"
    reviewer = "reviewer"
    party = "party"


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


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password.encode()) > 72:
        raise InputError("a password may have at most 72 bytes (bcrypt's limit)")
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(_rounds())).decode()


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode()[:72], password_hash.encode())
    except ValueError:
        return False


def create_user(session: Session, username: str, role: Role | str, password: str, *,
                reviewer_id: int | None = None, case_numbers: list[str] | None = None) -> User:
    """Add a user (not committed). Reviewers are linked to a roster entry, parties to cases."""
    if not _USERNAME.match(username):
        raise InputError(f"username {username!r} must be 2-100 letters, digits or ._@-")
    try:
        role = Role(role)
    except ValueError:
        raise InputError(f"role {role!r} is not one of {', '.join(Role)}") from None
    if session.scalar(select(User).where(User.username == username)):
        raise Conflict(f"user {username!r} already exists")
    if role is Role.reviewer and reviewer_id is not None \
            and session.get(Reviewer, reviewer_id) is None:
        raise NotFound("reviewer", reviewer_id, f"reviewer #{reviewer_id} does not exist")
    user = User(username=username, role=role.value, password_hash=hash_password(password),
                reviewer_id=reviewer_id if role is Role.reviewer else None, active=True)
    session.add(user)
    session.flush()
    for number in case_numbers or []:
        case = session.scalar(select(CaseRow).where(CaseRow.case_number == number))
        if case is None:
            raise NotFound("case", number, f"case {number} does not exist")
        session.add(PartyAccess(user_id=user.id, case_id=case.id))
    return user


def authenticate(session: Session, username: str, password: str) -> Actor | None:
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active or not verify_password(password, user.password_hash):
        return None
    return actor_of(user)


def actor_of(user: User) -> Actor:
    return Actor(username=user.username, role=Role(user.role), user_id=user.id,
                 reviewer_id=user.reviewer_id)
