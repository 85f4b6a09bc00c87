"""The in-process runner: on SQLite (and wherever `OPENIMR_JOBS=inprocess`), threads of
the server process run the queued jobs, so the two-command start needs no worker.

Rows are claimed with a conditional UPDATE (`queued` -> `running`), so several server
processes on one database never take the same job. A job left `running` by a process
that is gone (the server was stopped or killed) is queued again when a runner starts.
"""

from __future__ import annotations

import logging
import os
import socket
import threading

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from openimr.store import models as m
from openimr.workflow.jobs import QUEUED, JobKind, JobStatus

log = logging.getLogger("openimr.jobs")
#: Longest sleep between two looks at the queue (a job queued here wakes it at once).
POLL_SECONDS = 1.0


class InProcessRunner:
    def __init__(self, engine: Engine, *, threads: int = 1,
                 queues: tuple[str, ...] | None = None) -> None:
        self.engine = engine
        self.threads = threads
        self.queues = queues
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> InProcessRunner:
        self.recover()
        for number in range(self.threads):
            thread = threading.Thread(target=self._loop, name=f"openimr-jobs-{number}",
                                      daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        QUEUED.set()
        for thread in self._threads:
            thread.join(timeout)

    def recover(self) -> int:
        """Queue again the jobs this host's dead processes left running."""
        host = socket.gethostname()
        with Session(self.engine) as session:
            stale = [job for job in session.scalars(select(m.JobRow).where(
                m.JobRow.status == JobStatus.running.value))
                if _dead_here(job.worker, host)]
            for job in stale:
                job.status, job.worker = JobStatus.queued.value, None
                job.queued_at = job.updated_at = m.utcnow()
            session.commit()
        return len(stale)

    def run_pending(self) -> int:
        """Run every job due now, one after another; how many ran (for tests and
        `openimr worker --burst`)."""
        count = 0
        while (job_id := self._next()) is not None:
            self._run(job_id)
            count += 1
        return count

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                ran = self.run_pending()
            except Exception:  # noqa: BLE001 (the database went away: try again later)
                log.exception("in-process job runner")
                ran = 0
            if not ran:
                QUEUED.wait(POLL_SECONDS)
                QUEUED.clear()

    def _next(self) -> int | None:
        """Claim the oldest due job: its id, or None."""
        kinds = [k.value for k in JobKind if self.queues is None
                 or k.spec.queue in self.queues]
        with Session(self.engine) as session:
            candidates = session.scalars(
                select(m.JobRow.id).where(m.JobRow.status == JobStatus.queued.value,
                                          m.JobRow.queued_at <= m.utcnow(),
                                          m.JobRow.kind.in_(kinds))
                .order_by(m.JobRow.queued_at, m.JobRow.id).limit(10)).all()
            for job_id in candidates:
                claimed = session.execute(
                    update(m.JobRow).where(m.JobRow.id == job_id,
                                           m.JobRow.status == JobStatus.queued.value)
                    .values(status=JobStatus.running.value, worker=_me()))
                session.commit()
                if claimed.rowcount:
                    return job_id
        return None

    def _run(self, job_id: int) -> None:
        from openimr.jobs import run

        run(self.engine, job_id, worker=_me())


def _me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def _dead_here(worker: str | None, host: str) -> bool:
    if not worker or ":" not in worker:
        return True
    name, _, pid = worker.rpartition(":")
    if name != host or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
