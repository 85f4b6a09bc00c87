"""Tables of the case management service: cases, their history, documents, reviewers, users.

Every datetime is an instant in UTC: `UTCDateTime` columns are `timestamptz` on PostgreSQL
and UTC text on SQLite (which keeps no time zone); in Python they are naive UTC, and
`utcnow()` is the one clock. The API's views add the offset (`workflow.views.Instant`). Case files and determinations are kept whole as JSON beside the few columns that
lists and deadline queries filter on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from openimr.store.base import Base


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An instant: `timestamp with time zone` where the database has one, whatever the
    session's time zone; naive UTC in Python (an aware value is converted on the way in)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None,
                           dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        aware = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
        aware = aware.astimezone(dt.UTC)
        return aware.replace(tzinfo=None) if dialect.name == "sqlite" else aware

    def process_result_value(self, value: dt.datetime | None,
                             dialect: Dialect) -> dt.datetime | None:
        if value is None or value.tzinfo is None:
            return value
        return value.astimezone(dt.UTC).replace(tzinfo=None)


class Setting(Base):
    """Instance settings kept in the database, e.g. the generated token-signing key."""

    __tablename__ = "service_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Reviewer(Base):
    __tablename__ = "reviewers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    #: A `ReviewerProfile` as JSON: what the letter may say about the reviewer.
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: `[{"kind": ..., "name": ...}]`: employers, insurers, provider groups, manufacturers...
    affiliations: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    capacity: Mapped[int] = mapped_column(Integer, default=10)
    accepts_expedited: Mapped[bool] = mapped_column(Boolean, default=True)
    unavailable_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    disciplinary_history: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: Base32 secret of the optional TOTP second factor (None: password only).
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)


class LoginSession(Base):
    """One login: the token names it (`sid`), so revoking the row ends the token at once."""

    __tablename__ = "login_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    jti: Mapped[str] = mapped_column(String(64))
    #: The role at login: a changed role ends the session.
    role: Mapped[str] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_reason: Mapped[str | None] = mapped_column(String(100), nullable=True)


class LoginThrottle(Base):
    """Failed logins of one account (`account:NAME`) or one client address (`address:IP`)."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    first_failure_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class RefusalCount(Base):
    """Refusals (401s, refused pages) of one kind from one source in the current minute:
    the first is audited, the rest counted and audited as one entry."""

    __tablename__ = "refusal_counts"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    minute: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    count: Mapped[int] = mapped_column(Integer, default=1)


class CaseRow(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_number: Mapped[str | None] = mapped_column(String(40), unique=True, nullable=True)
    status: Mapped[str] = mapped_column(String(40), index=True)
    priority: Mapped[str] = mapped_column(String(20))
    #: The case file exactly as accepted (`Case.model_dump(mode="json")`).
    case_file: Mapped[dict[str, Any]] = mapped_column(JSON)
    worker_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    claim_number: Mapped[str | None] = mapped_column(String(100), nullable=True)
    date_of_injury: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    requesting_provider: Mapped[str | None] = mapped_column(String(200), nullable=True)
    liability_disputed: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Case number of the first application this one was consolidated with (9792.10.4(b)).
    consolidated_with: Mapped[str | None] = mapped_column(String(40), nullable=True)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    notice_sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    notice_electronic: Mapped[bool] = mapped_column(Boolean, default=False)
    records_received_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    records_due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True,
                                                               index=True)
    determination_due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True,
                                                                     index=True)
    determined_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"), nullable=True,
                                                    index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.id", cascade="all, delete-orphan")
    documents: Mapped[list[CaseDocument]] = relationship(
        back_populates="case", order_by="CaseDocument.id", cascade="all, delete-orphan")
    reviewer: Mapped[Reviewer | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def current_documents(self) -> list[CaseDocument]:
        """The documents of the case, without those staff removed (which stay stored)."""
        return [d for d in self.documents if d.removed_at is None]


class CaseEvent(Base):
    """One entry of a case's history: a transition, an assignment, an upload, a signature."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    actor_role: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(40), nullable=True)
    to_status: Mapped[str | None] = mapped_column(String(40), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)

    case: Mapped[CaseRow] = relationship(back_populates="events")


class PartyAccess(Base):
    """A party user's own case: what a `party` login may read."""

    __tablename__ = "party_access"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    #: Who the party is (`workflow.users.PartyType`): what the minimum-necessary setting
    #: lets them see of the case.
    party_type: Mapped[str] = mapped_column(String(30), default="worker",
                                            server_default="worker")


class Blob(Base):
    """A document, stored once per SHA-256 whatever the number of cases it belongs to: its
    content is in the document store (`store.documents`), addressed by that hash."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class CaseDocument(Base):
    __tablename__ = "case_documents"
    __table_args__ = (UniqueConstraint("case_id", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(40))
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by: Mapped[str] = mapped_column(String(100))
    #: Removed from the case by staff: no longer read or listed, but kept (and audited).
    removed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    removed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    removed_reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    case: Mapped[CaseRow] = relationship(back_populates="documents")
    blob: Mapped[Blob] = relationship()


class DeterminationRow(Base):
    """One version of a case's determination, drafted then signed, with what the letter
    needs. A signed version is never changed: a correction is a new version that names the
    one it supersedes; the newest signed version is the letter in force."""

    __tablename__ = "determinations"
    __table_args__ = (UniqueConstraint("case_id", "letter_version",
                                       name="uq_determinations_case_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    #: 1 for the first determination, +1 per correction.
    letter_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("determinations.id", name="fk_determinations_supersedes"), nullable=True)
    correction_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    determination: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: The engine's review (documents and facts) the draft was made from, for the letter.
    #: Loaded when first used: the largest column, and a determination's view does not show it.
    review: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"), nullable=True)
    drafted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    drafted_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(100))
    signed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    signed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class AuditEntry(Base):
    """Append-only (database triggers refuse UPDATE, DELETE and replacing), hash-chained:
    who read or wrote what, when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(10))
    resource: Mapped[str] = mapped_column(String(200))
    case_number: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: The hash chain (`store.audit`): the previous entry's hash and this entry's.
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    entry_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class AuditChain(Base):
    """The head of the audit hash chain (one row): the last entry's number and hash."""

    __tablename__ = "audit_chain"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


class JobRow(Base):
    """One background job (OCR, extraction, drafting, a letter's PDF, corpus ingest or
    training) and its progress: the record the API and the workbench show, whichever queue
    runs it (procrastinate on PostgreSQL, a thread of the server on SQLite).

    `key` makes a job idempotent: the kind, the case and the hash of what it reads. Asking
    again for the same key gives the same job; a job that succeeded is never run again."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    key: Mapped[str] = mapped_column(String(200), unique=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True,
                                                index=True)
    #: What the task needs besides the case (a document's hash, a letter version, a folder).
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: queued, running, succeeded or failed (`workflow.jobs.JobStatus`).
    status: Mapped[str] = mapped_column(String(20), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=4)
    progress_done: Mapped[int | None] = mapped_column(Integer, nullable=True)
    progress_total: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: Why the last attempt failed (a failed job) or will be retried (a queued one).
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    requested_by: Mapped[str] = mapped_column(String(100))
    #: Who runs it now (host and process), for an operator following a stalled job.
    worker: Mapped[str | None] = mapped_column(String(100), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    queued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True,
                                                            index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[CaseRow | None] = relationship()


class OcrResult(Base):
    """A document as recognized (every page's text, words with boxes, confidence), kept so
    that any app server or worker reads it back instead of recognizing it again: the
    `OcrDocument` is JSON in the document store at `result` (its SHA-256), this row says
    which stored result belongs to which document. One per document hash, whatever the
    cases it belongs to; the last recognition kept wins."""

    __tablename__ = "ocr_results"

    #: The recognized document's SHA-256 (a `blobs` row).
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: The SHA-256 of the stored `OcrDocument` JSON (in the document store).
    result: Mapped[str] = mapped_column(String(64))
    #: What read it: "tesseract 5.3.0, deskew, rotate".
    engine: Mapped[str] = mapped_column(String(200))
    pages: Mapped[int] = mapped_column(Integer)
    #: Pages read by OCR (the others had a text layer, or nothing to read).
    recognized: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
