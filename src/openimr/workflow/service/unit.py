"""The unit of work every aggregate of the service shares, and the `@operation` decorator.

One `Service(session, actor)` is one unit of work: an `@operation` method checks the
policy for the actor's role (`policy.check`), runs in one transaction, writes the typed
audit events it recorded, and commits before returning. On any error everything is rolled
back, so a caller never has to clean up a half-done change; a refusal (403, or a case that
exists but is not the caller's) is then audited as `denied` in a commit of its own.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Row, bindparam, select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from openimr.model.errors import InputError
from openimr.store import audit
from openimr.store import models as m
from openimr.store.documents import DocumentStore, document_store
from openimr.workflow import policy
from openimr.workflow.errors import Conflict, Forbidden, IllegalTransition, NotFound, StaleVersion
from openimr.workflow.policy import Action
from openimr.workflow.states import LABELS, CaseStatus
from openimr.workflow.users import Actor, Role

S = CaseStatus
P = ParamSpec("P")
R = TypeVar("R")
#: What parties see instead of the reviewer's name or username.
REVIEWER_FOR_PARTIES = "physician reviewer"


class AuditKind(StrEnum):
    read = "read"
    write = "write"
    denied = "denied"
    login = "login"


@dataclass(frozen=True)
class AuditEvent:
    """One entry of the audit log, as the service records it."""

    kind: AuditKind
    resource: str
    case_number: str | None = None
    detail: str | None = None


class UnitOfWork:
    def __init__(self, session: Session, actor: Actor,
                 clock: Callable[[], dt.datetime] = m.utcnow) -> None:
        self.session = session
        self.actor = actor
        self.clock = clock
        self._pending: list[AuditEvent] = []
        #: The action of the operation running (what a party's case read is checked for).
        self._operation: Action | None = None
        self._depth = 0
        #: Usernames known to be (or not be) reviewers' (`_is_reviewer`).
        self._reviewers: dict[str, bool] = {}

    @property
    def store(self) -> DocumentStore:
        """The document store of this session's database (documents live outside it)."""
        return document_store(self.session.get_bind().engine.url
                              .render_as_string(hide_password=False))

    # -- policy, audit, history -----------------------------------------------------------

    def allowed(self, action: Action, case: policy.CaseRef | None = None) -> bool:
        return policy.allowed(self.actor, action, case)

    def require(self, action: Action) -> None:
        """Refuse now (audited) if the actor's role may not take `action` at all: for
        adapters that would otherwise read and parse a large body first."""
        try:
            self._check(action)
        except Forbidden as error:
            _refused(self, None, error)
            raise

    def _check(self, action: Action, case: m.CaseRow | None = None) -> None:
        policy.check(self.actor, action, case)

    def _audit(self, kind: AuditKind | str, resource: str, case_number: str | None = None,
               detail: str | None = None) -> None:
        """Record an audit event; it is written when the operation commits."""
        self._pending.append(AuditEvent(AuditKind(kind), resource, case_number, detail))

    def _write(self, *events: AuditEvent) -> None:
        """Append the events to the audit log's hash chain (written at commit)."""
        audit.append(self.session, [m.AuditEntry(
            at=self.clock(), username=self.actor.username, role=self.actor.role.value,
            action=event.kind.value, resource=event.resource, case_number=event.case_number,
            detail=event.detail) for event in events])

    def _event(self, row: m.CaseRow, kind: str, *, to: CaseStatus | None = None,
               note: str | None = None) -> None:
        event = m.CaseEvent(
            at=self.clock(), actor=self.actor.username, actor_role=self.actor.role.value,
            kind=kind, from_status=row.status if to else None, to_status=to.value if to else None,
            note=note)
        if row.id is None or "events" in row.__dict__:  # a new case, or its history loaded
            row.events.append(event)
        else:
            # Not loaded for this operation (an upload, a re-draft): added without reading
            # the whole history first; a later read of `row.events` finds it (autoflush).
            event.case_id = row.id
            self.session.add(event)
        row.updated_at = self.clock()

    # -- shared reads ---------------------------------------------------------------------

    def _case(self, number: str, action: Action | None = None, *,
              loads: str = "view") -> m.CaseRow:
        """The case, if this actor may see it (and take `action` on it). `loads` what is read
        with it: "view" everything a view of the case shows (`_view`), "documents" its
        documents, "row" the row alone; anything else is loaded when first used."""
        visible = policy.visible_cases(self.actor)
        query = _CASE_QUERIES.get(loads) if visible is policy.EVERY_CASE else None
        if query is None:
            query = select(m.CaseRow).where(m.CaseRow.case_number == bindparam("number"),
                                            visible)
            if loads == "view":
                # In one statement per collection: the documents with their blobs (size,
                # type) and the reviewer, not one per row.
                query = query.options(
                    selectinload(m.CaseRow.events),
                    selectinload(m.CaseRow.documents).joinedload(m.CaseDocument.blob),
                    joinedload(m.CaseRow.reviewer))
            elif loads == "documents":
                query = query.options(selectinload(m.CaseRow.documents))
            if visible is policy.EVERY_CASE:
                # Built once: a kept statement also keeps its cache key, which SQLAlchemy
                # otherwise computes again for every request (issue 18).
                _CASE_QUERIES[loads] = query
        row = self.session.scalar(query, {"number": number})
        if row is None:
            # A reviewer or party is told "not found" for a case that is not theirs: no leak.
            hidden = self.actor.role not in policy.STAFF and self.session.scalar(
                select(m.CaseRow.id).where(m.CaseRow.case_number == number)) is not None
            raise NotFound("case", number, hidden=hidden)
        if action is not None:
            self._check(action, row)
        if self.actor.role is Role.party and (action or self._operation) is not None:
            # Minimum necessary: what this party's type may see of its own case.
            party_type = self.session.scalar(select(m.PartyAccess.party_type).where(
                m.PartyAccess.user_id == self.actor.user_id, m.PartyAccess.case_id == row.id))
            policy.check_party(self.actor, party_type, action or self._operation, row)
        return row

    @staticmethod
    def _check_version(row: m.CaseRow | m.DeterminationRow, version: int | None,
                       what: str, letter_version: int | None = None) -> None:
        """`version` (and, for a determination, `letter_version`: record versions restart
        at 1 with each correction) as the caller read them; None checks nothing."""
        if letter_version is not None and isinstance(row, m.DeterminationRow) \
                and letter_version != row.letter_version:
            raise StaleVersion(f"{what} is letter version {row.letter_version}, not "
                               f"{letter_version}: it was changed since you read it; "
                               "reload and try again")
        if version is not None and version != row.version:
            raise StaleVersion(f"{what} is at version {row.version}, not {version}: it was "
                               "changed since you read it; reload and try again")

    def _determination_row(self, row: m.CaseRow,
                           letter_version: int | None = None) -> m.DeterminationRow | None:
        """The newest version (a party's: the newest signed one), or the version asked for
        (None when this actor may not see it)."""
        key = (self.actor.role is Role.party, letter_version is not None)
        query = _NEWEST_DETERMINATION.get(key)
        if query is None:
            query = select(m.DeterminationRow).where(
                m.DeterminationRow.case_id == bindparam("case_id"))
            if self.actor.role is Role.party:
                query = query.where(m.DeterminationRow.status == "signed")
            if letter_version is not None:
                query = query.where(
                    m.DeterminationRow.letter_version == bindparam("letter_version"))
            query = _NEWEST_DETERMINATION[key] = query.order_by(
                m.DeterminationRow.letter_version.desc()).limit(1)
        return self.session.scalar(query, {"case_id": row.id,
                                           "letter_version": letter_version})

    def _versions(self, row: m.CaseRow) -> list[Row[Any]]:
        """Each version's history (columns only: not its determination or review, JSON
        that the list of versions does not show and that was decoded once per version)."""
        d = m.DeterminationRow
        query = select(d.id, d.letter_version, d.status, d.supersedes_id, d.correction_reason,
                       d.drafted_at, d.drafted_by, d.signed_at, d.signed_by
                       ).where(d.case_id == row.id)
        if self.actor.role is Role.party:
            query = query.where(d.status == "signed")
        return list(self.session.execute(query.order_by(d.letter_version)))

    def _is_reviewer(self, username: str) -> bool:
        # Asked for every event and document a party sees: once per name per request.
        if username not in self._reviewers:
            self._reviewers[username] = self.session.scalar(
                select(m.User.role).where(m.User.username == username)) == Role.reviewer.value
        return self._reviewers[username]

    def _shown(self, username: str) -> str:
        """A username as this actor may see it: parties never learn who the reviewer is."""
        if self.actor.role is Role.party and username != self.actor.username \
                and self._is_reviewer(username):
            return REVIEWER_FOR_PARTIES
        return username


#: `_case`'s statements for the roles that see every case, by what they load.
_CASE_QUERIES: dict[str, Any] = {}
#: `_determination_row`'s statements: (a party's, a version asked for).
_NEWEST_DETERMINATION: dict[tuple[bool, bool], Any] = {}


def operation(action: Action) -> Callable[[Callable[Concatenate[UnitOfWork, P], R]],
                                          Callable[Concatenate[UnitOfWork, P], R]]:
    """Check the actor's role for `action`, run the method in one transaction, write its
    audit events and commit; roll back on any error, auditing refusals."""

    def decorate(method: Callable[Concatenate[UnitOfWork, P], R]
                 ) -> Callable[Concatenate[UnitOfWork, P], R]:
        signature = inspect.signature(method)

        def case_of(args: tuple, kwargs: dict) -> str | None:
            """The case number the operation was called on, for the audit of a refusal."""
            if "number" not in signature.parameters:
                return None
            try:
                number = signature.bind(None, *args, **kwargs).arguments.get("number")
            except TypeError:
                return None
            return number if isinstance(number, str) else None

        @functools.wraps(method)
        def run(self: UnitOfWork, *args: P.args, **kwargs: P.kwargs) -> R:
            if self._depth:  # called from another operation: its transaction
                return method(self, *args, **kwargs)
            self._depth += 1
            self._pending = []
            self._operation = action
            try:
                self._check(action)
                result = method(self, *args, **kwargs)
                self._write(*self._pending)
                self.session.commit()
                return result
            except Forbidden as error:
                _refused(self, error.case_number or case_of(args, kwargs), error)
                raise
            except NotFound as error:
                if error.hidden:
                    _refused(self, str(error.key), error)
                else:
                    self.session.rollback()
                raise
            except StaleDataError:
                self.session.rollback()
                raise StaleVersion("someone else changed this record meanwhile: reload and "
                                   "try again") from None
            except IntegrityError:
                # Never the driver's message: it may quote stored values.
                self.session.rollback()
                raise Conflict("the change conflicts with stored data (a duplicate or a "
                               "missing reference)") from None
            except DataError:
                self.session.rollback()
                raise InputError("a value is too long or not valid for the database") from None
            except BaseException:
                self.session.rollback()
                raise
            finally:
                self._depth -= 1
                self._pending = []

        return run

    return decorate


def _refused(unit: UnitOfWork, case_number: str | None, error: InputError) -> None:
    """Audit a refusal in its own commit (nothing of the refused change is kept)."""
    unit.session.rollback()
    unit._write(AuditEvent(AuditKind.denied, "access", case_number, str(error)))
    unit.session.commit()


def require_status(row: m.CaseRow, allowed: tuple[CaseStatus, ...], rule: str) -> None:
    if S(row.status) not in allowed:
        raise IllegalTransition(f"{rule}; the case is in {LABELS[S(row.status)]}")
