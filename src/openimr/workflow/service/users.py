"""The users aggregate: logins, their activation, and the audit log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from openimr.store import models as m
from openimr.workflow.errors import Conflict, NotFound
from openimr.workflow.policy import Action
from openimr.workflow.service.unit import UnitOfWork, operation
from openimr.workflow.users import (
    SECOND_FACTOR_ROLES,
    Role,
    create_user,
    hash_password,
    new_totp_secret,
    revoke_sessions,
    totp_uri,
)
from openimr.workflow.views import AuditView, UserIn, UserView


class Users(UnitOfWork):
    @operation(Action.manage_users)
    def add_user(self, user: UserIn) -> UserView:
        row = create_user(self.session, user.username, user.role, user.password,
                          reviewer_id=user.reviewer_id, case_numbers=user.case_numbers,
                          party_type=user.party_type)
        self._audit("write", "user", None, f"{user.username} ({user.role})")
        return _user_view(row)

    @operation(Action.manage_users)
    def list_users(self) -> list[UserView]:
        rows = self.session.scalars(select(m.User).order_by(m.User.username))
        users = [_user_view(r) for r in rows]
        self._audit("read", "users", None, f"{len(users)} users")
        return users

    @operation(Action.manage_users)
    def set_user_active(self, username: str, active: bool) -> UserView:
        """Deactivate a login (it can no longer log in; its tokens stop working) or
        reactivate it. Users are never deleted: the audit log names them."""
        row = self.session.scalar(select(m.User).where(m.User.username == username))
        if row is None:
            raise NotFound("user", username, f"user {username!r} does not exist")
        if not active and row.username == self.actor.username:
            raise Conflict("you cannot deactivate your own login")
        if row.active != active:
            row.active = active
            ended = 0 if active else revoke_sessions(self.session, row.id, "deactivated")
            self._audit("write", "user", None,
                        f"{username} {'reactivated' if active else 'deactivated'}"
                        + (f" ({ended} open session{'s' if ended != 1 else ''} ended)"
                           if ended else ""))
        return _user_view(row)

    @operation(Action.manage_users)
    def set_password(self, username: str, password: str) -> UserView:
        """Set a login's password: every open session of it ends (a stolen token stops
        working). Whether the login is active does not change."""
        row = self.session.scalar(select(m.User).where(m.User.username == username))
        if row is None:
            raise NotFound("user", username, f"user {username!r} does not exist")
        row.password_hash = hash_password(password, username=username)
        row.password_changed_at = self.clock()
        ended = revoke_sessions(self.session, row.id, "password changed")
        self._audit("write", "user", None, f"{username} password set; {ended} sessions ended")
        return _user_view(row)

    @operation(Action.manage_users)
    def set_second_factor(self, username: str, enabled: bool) -> str | None:
        """Turn the TOTP second factor of an admin or reviewer login on (returns the
        otpauth URI to load into an authenticator app, shown once) or off. Either way
        the login's open sessions end."""
        row = self.session.scalar(select(m.User).where(m.User.username == username))
        if row is None:
            raise NotFound("user", username, f"user {username!r} does not exist")
        if enabled and Role(row.role) not in SECOND_FACTOR_ROLES:
            raise Conflict("the second factor is for admin and reviewer logins")
        row.totp_secret = new_totp_secret() if enabled else None
        ended = revoke_sessions(self.session, row.id, "second factor changed")
        self._audit("write", "user", None, f"{username} second factor "
                    f"{'enabled' if enabled else 'disabled'}; {ended} sessions ended")
        return totp_uri(username, row.totp_secret) if row.totp_secret else None

    @operation(Action.read_audit)
    def audit(self, *, case_number: str | None = None, username: str | None = None,
              since: dt.datetime | None = None, limit: int = 500,
              offset: int = 0, action: str | None = None,
              until: dt.datetime | None = None) -> list[AuditView]:
        query = self._audit_query(case_number, username, since, action, until).order_by(
            m.AuditEntry.id.desc())
        entries = [AuditView.model_validate(e, from_attributes=True)
                   for e in self.session.scalars(
                       query.limit(min(max(limit, 1), 5000)).offset(max(offset, 0)))]
        self._audit("read", "audit log", case_number)
        return entries

    @operation(Action.read_audit)
    def count_audit(self, *, case_number: str | None = None, username: str | None = None,
                    since: dt.datetime | None = None, action: str | None = None,
                    until: dt.datetime | None = None) -> int:
        """How many entries `audit` has with these filters, over all pages."""
        query = self._audit_query(case_number, username, since, action, until)
        return self.session.scalar(select(func.count()).select_from(query.subquery())) or 0

    @staticmethod
    def _audit_query(case_number: str | None, username: str | None,
                     since: dt.datetime | None, action: str | None = None,
                     until: dt.datetime | None = None):  # type: ignore[no-untyped-def]
        query = select(m.AuditEntry)
        if case_number:
            query = query.where(m.AuditEntry.case_number == case_number)
        if username:
            query = query.where(m.AuditEntry.username == username)
        if action:
            query = query.where(m.AuditEntry.action == action)
        if since:
            query = query.where(m.AuditEntry.at >= _naive_utc(since))
        if until:
            query = query.where(m.AuditEntry.at < _naive_utc(until))
        return query


def _user_view(row: m.User) -> UserView:
    return UserView(id=row.id, username=row.username, role=row.role,
                    reviewer_id=row.reviewer_id, active=row.active, created_at=row.created_at)


def _naive_utc(moment: dt.datetime) -> dt.datetime:
    """The store keeps UTC without a zone."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo else moment
