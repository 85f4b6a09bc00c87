"""Background jobs as the service records them: what may be queued, the idempotency key,
queueing (in the caller's transaction), and the status every reader sees.

The work itself is done by `openimr.jobs` (the tasks and the queue runners). Here a job is
a row of `jobs`: queued in the same transaction as the change that asked for it (an
upload, entry to Clinical Review, a signature), so a job is never lost between a commit
and a queue. On PostgreSQL the same transaction also puts it on procrastinate's queue
(`procrastinate_defer_jobs_v1`), which any number of `openimr worker` processes share;
on SQLite (the two-command start) a thread of the server runs queued rows in-process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from openimr.model.errors import InputError
from openimr.store import models as m


class JobStatus(StrEnum):
    #: Waiting for a worker (a retry waits until `queued_at`).
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    #: Out of attempts, or refused for good (bad input): `error` says why; retry is manual.
    failed = "failed"


ACTIVE = (JobStatus.queued, JobStatus.running)


@dataclass(frozen=True)
class KindSpec:
    queue: str
    #: Attempts before the job is failed (a bad-input failure is final at once).
    attempts: int
    label: str


class JobKind(StrEnum):
    ocr = "ocr"
    extract = "extract"
    draft = "draft"
    render_pdf = "render_pdf"
    corpus_ingest = "corpus_ingest"
    train = "train"

    @property
    def spec(self) -> KindSpec:
        return KINDS[self]


#: Each kind's queue (`openimr worker --queues` picks among them) and attempts.
KINDS: dict[JobKind, KindSpec] = {
    JobKind.ocr: KindSpec("ocr", 4, "OCR of a scanned document"),
    JobKind.extract: KindSpec("records", 4, "Reading the records (facts and evidence)"),
    JobKind.draft: KindSpec("records", 4, "Drafting the determination"),
    JobKind.render_pdf: KindSpec("letters", 4, "Rendering the letter as PDF"),
    JobKind.corpus_ingest: KindSpec("corpus", 3, "Ingesting published decisions"),
    JobKind.train: KindSpec("corpus", 2, "Training the prediction model"),
}
QUEUES = tuple(sorted({spec.queue for spec in KINDS.values()}))
#: The name of the one procrastinate task that runs every kind (`openimr.jobs.tasks`).
PROCRASTINATE_TASK = "openimr.run_job"
#: Media types the OCR job reads (scanned records); text files need none.
OCR_MEDIA_TYPES = ("application/pdf", "image/tiff", "image/png", "image/jpeg")

#: Set whenever a job is queued, so an in-process runner of this process starts at once.
QUEUED = threading.Event()


class Backend(StrEnum):
    inprocess = "inprocess"
    procrastinate = "procrastinate"


def backend_for(dialect: str) -> Backend:
    """`OPENIMR_JOBS` (`inprocess` or `procrastinate`), else procrastinate on PostgreSQL
    and in-process on SQLite."""
    configured = os.environ.get("OPENIMR_JOBS", "").strip().lower()
    if configured:
        try:
            chosen = Backend(configured)
        except ValueError:
            raise InputError(f"OPENIMR_JOBS={configured!r}: use inprocess or procrastinate"
                             ) from None
        if chosen is Backend.procrastinate and dialect != "postgresql":
            raise InputError("OPENIMR_JOBS=procrastinate needs PostgreSQL "
                             "(OPENIMR_DATABASE_URL=postgresql+psycopg://...)")
        return chosen
    return Backend.procrastinate if dialect == "postgresql" else Backend.inprocess


def content_hash(*parts: Any) -> str:
    """The hash of what a job reads: the same inputs give the same job."""
    canonical = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def job_key(kind: JobKind, case_number: str | None, digest: str) -> str:
    return f"{kind.value}:{case_number or '-'}:{digest}"


def enqueue(session: Session, kind: JobKind, *, digest: str, requested_by: str,
            case: m.CaseRow | None = None, params: dict[str, Any] | None = None,
            now: dt.datetime | None = None) -> m.JobRow:
    """Queue a job in the caller's transaction, or return the one with the same key.

    A job with this key that is queued, running or done is returned as it is (never run
    twice); one that failed is queued again, as a retry would."""
    key = job_key(kind, case.case_number if case is not None else None, digest)
    existing = session.scalar(select(m.JobRow).where(m.JobRow.key == key))
    if existing is not None:
        if existing.status == JobStatus.failed.value:
            requeue(session, existing, now=now)
        return existing
    now = now or m.utcnow()
    job = m.JobRow(kind=kind.value, key=key, case_id=case.id if case is not None else None,
                   params=params or {}, status=JobStatus.queued.value, attempts=0,
                   max_attempts=kind.spec.attempts, requested_by=requested_by,
                   created_at=now, queued_at=now, updated_at=now)
    session.add(job)
    session.flush()
    _defer(session, job)
    return job


def requeue(session: Session, job: m.JobRow, *, now: dt.datetime | None = None) -> None:
    """A failed job queued again, with its attempts counted afresh."""
    now = now or m.utcnow()
    job.status, job.attempts, job.error = JobStatus.queued.value, 0, None
    job.progress_done = job.progress_total = None
    job.queued_at = job.updated_at = now
    job.started_at = job.finished_at = None
    session.flush()
    _defer(session, job)


def retry_later(session: Session, job: m.JobRow, at: dt.datetime) -> None:
    """Queue the job again to run no sooner than `at` (UTC): a retry after a transient
    failure (with backoff), or a job waiting for another (a draft for the OCR)."""
    job.status, job.queued_at, job.updated_at = JobStatus.queued.value, at, m.utcnow()
    session.flush()
    _defer(session, job, at)


def _defer(session: Session, job: m.JobRow, at: dt.datetime | None = None) -> None:
    """Put the job on the queue that will run it, in the same transaction as its row."""
    bind = session.get_bind()
    if backend_for(bind.dialect.name) is Backend.procrastinate:
        # procrastinate's own SQL function, in our transaction: the row and the queue entry
        # commit (or roll back) together. `lock` keeps two jobs of one key from running at
        # once, even if one was queued again while the other ran.
        session.execute(text(
            "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, :lock, NULL, "
            "CAST(:args AS jsonb), CAST(:at AS timestamptz))::procrastinate_job_to_defer_v1])"),
            {"queue": JobKind(job.kind).spec.queue, "task": PROCRASTINATE_TASK,
             "lock": job.key, "args": json.dumps({"job_id": job.id}),
             "at": at.replace(tzinfo=dt.UTC).isoformat() if at is not None else None})
    QUEUED.set()
