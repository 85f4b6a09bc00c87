"""Running one job, the same whichever queue delivered it: claim, work, finish once.

Nothing is done twice: a job's effect (a draft, a stored PDF, the OCR result's address)
is committed in the same transaction that marks the job succeeded, after locking its row
and checking that no other run finished it first. A run killed midway has committed
nothing of its effect, so the run that takes it up again (procrastinate's stalled-job
recovery, or the in-process runner at start) does all of it, once.

Nothing is lost: a failure is recorded on the row and the job queued again with backoff
(2, 4, 8... seconds, at most 5 minutes) until its attempts run out; bad input fails it at
once with the reason. A failed job waits for a person's retry (`POST /api/jobs/{id}/retry`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from openimr.model.errors import InputError
from openimr.store import models as m
from openimr.workflow.jobs import JobKind, JobStatus, retry_later

log = logging.getLogger("openimr.jobs")
#: Longest wait between two attempts.
MAX_BACKOFF = dt.timedelta(minutes=5)
#: Progress is written at most this often (each write is a small transaction).
PROGRESS_EVERY = 0.5


class Wait(Exception):  # noqa: N818 (not an error: the job runs again later)
    """The job cannot run yet (a draft waits for its case's OCR): queue it again after
    `seconds` without counting an attempt."""

    def __init__(self, reason: str, seconds: float = 2.0) -> None:
        super().__init__(reason)
        self.seconds = seconds


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


@dataclass
class Context:
    """What a task is given: its job, a way to open sessions, and progress reporting."""

    engine: Engine
    job_id: int
    kind: JobKind
    params: dict[str, Any]
    case_number: str | None
    requested_by: str
    _last_progress: float = field(default=0.0, repr=False)

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def progress(self, done: int, total: int | None = None) -> None:
        """Pages (or letters) done of the total, shown while the job runs."""
        now = time.monotonic()
        if now - self._last_progress < PROGRESS_EVERY and (total is None or done < total):
            return
        self._last_progress = now
        with self.session() as session:
            job = session.get(m.JobRow, self.job_id)
            if job is not None and job.status == JobStatus.running.value:
                job.progress_done, job.progress_total = done, total
                job.updated_at = m.utcnow()
                session.commit()

    def finish(self, session: Session, result: dict[str, Any]) -> bool:
        """Mark the job succeeded in `session`'s transaction, which the caller commits with
        the job's effect. False (and nothing changed) when another run already finished
        it: the caller must then drop its effect."""
        job = session.scalar(select(m.JobRow).where(m.JobRow.id == self.job_id)
                             .with_for_update().execution_options(populate_existing=True))
        if job is None or job.status == JobStatus.succeeded.value:
            session.rollback()
            return False
        now = m.utcnow()
        job.status, job.result, job.error = JobStatus.succeeded.value, result, None
        job.finished_at = job.updated_at = now
        if job.progress_total is not None:
            job.progress_done = job.progress_total
        session.flush()
        return True


Task = Callable[[Context], None]


def run_job(engine: Engine, job_id: int, tasks: dict[JobKind, Task],
            *, worker: str | None = None) -> JobStatus | None:
    """Run the job once if it is due; its status afterwards (None: no such job)."""
    context = _claim(engine, job_id, worker or worker_name())
    if not isinstance(context, Context):
        return context
    try:
        tasks[context.kind](context)
    except Wait as waiting:
        return _requeue(engine, job_id, str(waiting), dt.timedelta(seconds=waiting.seconds),
                        counted=False)
    except InputError as error:
        return _fail(engine, job_id, str(error))
    except Exception as error:  # noqa: BLE001 (any fault: recorded, retried with backoff)
        log.exception("job %s (%s) failed", job_id, context.kind.value)
        reason = f"{type(error).__name__}: {error}"[:2000]
        return _requeue(engine, job_id, reason, None, counted=True)
    with Session(engine) as session:
        job = session.get(m.JobRow, job_id)
        return JobStatus(job.status) if job is not None else None


def _claim(engine: Engine, job_id: int, worker: str) -> Context | JobStatus | None:
    with Session(engine, expire_on_commit=False) as session:
        job = session.scalar(select(m.JobRow).where(m.JobRow.id == job_id).with_for_update())
        if job is None:
            return None
        if job.status in (JobStatus.succeeded.value, JobStatus.failed.value):
            return JobStatus(job.status)  # done, or waiting for a person's retry
        now = m.utcnow()
        # A job found `running` was claimed by a worker that died: this run takes it up.
        job.status, job.worker = JobStatus.running.value, worker
        job.attempts += 1
        job.started_at = job.updated_at = now
        case_number = job.case.case_number if job.case is not None else None
        context = Context(engine, job.id, JobKind(job.kind), dict(job.params or {}),
                          case_number, job.requested_by)
        session.commit()
        return context


def _requeue(engine: Engine, job_id: int, reason: str, delay: dt.timedelta | None, *,
             counted: bool) -> JobStatus:
    with Session(engine) as session:
        job = session.scalar(select(m.JobRow).where(m.JobRow.id == job_id).with_for_update())
        if job is None or job.status == JobStatus.succeeded.value:
            return JobStatus.succeeded
        if not counted:
            job.attempts -= 1
        elif job.attempts >= job.max_attempts:
            session.rollback()
            return _fail(engine, job_id, f"{reason} (after {job.attempts} attempts)")
        if delay is None:
            delay = min(dt.timedelta(seconds=2 ** job.attempts), MAX_BACKOFF)
        job.error = reason
        job.worker = None
        retry_later(session, job, m.utcnow() + delay)
        session.commit()
        return JobStatus.queued


def _fail(engine: Engine, job_id: int, reason: str) -> JobStatus:
    with Session(engine) as session:
        job = session.scalar(select(m.JobRow).where(m.JobRow.id == job_id).with_for_update())
        if job is None or job.status == JobStatus.succeeded.value:
            return JobStatus.succeeded
        now = m.utcnow()
        job.status, job.error = JobStatus.failed.value, reason[:2000]
        job.finished_at = job.updated_at = now
        job.worker = None
        session.commit()
        return JobStatus.failed
