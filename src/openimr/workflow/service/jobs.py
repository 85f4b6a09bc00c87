"""The jobs aggregate: background jobs as staff and reviewers see them (status, progress,
failures with their reason), a person's retry, corpus jobs, and the queue's figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from openimr.model.errors import InputError
from openimr.store import models as m
from openimr.workflow import jobs, policy
from openimr.workflow.errors import Conflict, NotFound
from openimr.workflow.jobs import JobKind, JobStatus
from openimr.workflow.policy import Action
from openimr.workflow.service.unit import UnitOfWork, operation
from openimr.workflow.views import JobMetrics, JobProgress, JobView

#: The window of the throughput figures.
HOUR = dt.timedelta(hours=1)


class Jobs(UnitOfWork):
    def _job_query(self, case_number: str | None = None, status: JobStatus | None = None,
                   kind: JobKind | None = None):  # type: ignore[no-untyped-def]
        query = select(m.JobRow).options(selectinload(m.JobRow.case))
        if self.actor.role not in policy.STAFF:
            # A reviewer sees the jobs of the cases they may see, and no corpus job.
            visible = select(m.CaseRow.id).where(policy.visible_cases(self.actor))
            query = query.where(m.JobRow.case_id.in_(visible))
        if case_number is not None:
            query = query.join(m.CaseRow, m.CaseRow.id == m.JobRow.case_id).where(
                m.CaseRow.case_number == case_number)
        if status is not None:
            query = query.where(m.JobRow.status == status.value)
        if kind is not None:
            query = query.where(m.JobRow.kind == kind.value)
        return query

    @operation(Action.read_jobs)
    def list_jobs(self, *, case_number: str | None = None, status: JobStatus | None = None,
                  kind: JobKind | None = None, limit: int = 100,
                  offset: int = 0) -> list[JobView]:
        """Jobs the actor may see, newest first."""
        if case_number is not None:
            self._case(case_number)  # 404 for a case that is not theirs
        rows = self.session.scalars(self._job_query(case_number, status, kind)
                                    .order_by(m.JobRow.id.desc())
                                    .limit(min(max(limit, 1), 1000)).offset(max(offset, 0)))
        views = [job_view(row) for row in rows]
        self._audit("read", "jobs", case_number, f"{len(views)} jobs")
        return views

    @operation(Action.read_jobs)
    def count_jobs(self, *, case_number: str | None = None, status: JobStatus | None = None,
                   kind: JobKind | None = None) -> int:
        ids = self._job_query(case_number, status, kind).with_only_columns(m.JobRow.id)
        return self.session.scalar(select(func.count()).select_from(ids.subquery())) or 0

    @operation(Action.read_jobs)
    def get_job(self, job_id: int) -> JobView:
        row = self._job(job_id)
        self._audit("read", "job", row.case.case_number if row.case else None, f"job {job_id}")
        return job_view(row)

    def _job(self, job_id: int) -> m.JobRow:
        row = self.session.scalar(self._job_query().where(m.JobRow.id == job_id))
        if row is None:
            raise NotFound("job", job_id)
        return row

    @operation(Action.retry_job)
    def retry_job(self, job_id: int) -> JobView:
        """Queue a failed job again, its attempts counted afresh."""
        row = self._job(job_id)
        if row.case is not None:
            self._check(Action.retry_job, row.case)
        if row.status != JobStatus.failed.value:
            raise Conflict(f"job {job_id} is {row.status}: only a failed job is retried")
        jobs.requeue(self.session, row, now=self.clock())
        self._audit("write", "job", row.case.case_number if row.case else None,
                    f"retry job {job_id} ({row.kind})")
        return job_view(row)

    @operation(Action.queue_job)
    def queue_corpus_job(self, kind: JobKind, directory: Path | None = None) -> JobView:
        """Queue a corpus ingest of a folder on the workers' file system, or training."""
        if kind is JobKind.corpus_ingest:
            try:
                if directory is None or not directory.is_dir():
                    raise InputError(f"{directory}: not a folder of letters")
                files = sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns)
                               for p in directory.rglob("*") if p.is_file())
            except OSError as error:  # a name too long, a folder that cannot be read
                raise InputError(f"{directory}: cannot be read as a folder of letters "
                                 f"({error.strerror or error})") from None
            digest = jobs.content_hash(str(directory.resolve()), files)
            params = {"directory": str(directory.resolve())}
        elif kind is JobKind.train:
            from openimr.corpus.tables import CorpusLetter

            # Training again on the same corpus the same day gives the same model.
            count = self.session.scalar(select(func.count()).select_from(CorpusLetter)) or 0
            digest, params = jobs.content_hash("train", count, self.clock().date()), {}
        else:
            raise InputError(f"{kind.value} jobs are queued by the case workflow")
        row = jobs.enqueue(self.session, kind, digest=digest, requested_by=self.actor.username,
                           params=params, now=self.clock())
        self._audit("write", "job", None, f"queued job {row.id} ({kind.value})")
        return job_view(row)

    def job_metrics(self) -> JobMetrics:
        now = self.clock()
        by_kind: dict[str, dict[str, int]] = {}
        for kind, status, count in self.session.execute(
                select(m.JobRow.kind, m.JobRow.status, func.count())
                .group_by(m.JobRow.kind, m.JobRow.status)):
            by_kind.setdefault(kind, {s.value: 0 for s in JobStatus})[status] = count

        def total(status: JobStatus) -> int:
            return sum(counts.get(status.value, 0) for counts in by_kind.values())

        oldest_queued = self.session.scalar(select(func.min(m.JobRow.queued_at)).where(
            m.JobRow.status == JobStatus.queued.value, m.JobRow.queued_at <= now))
        oldest_running = self.session.scalar(select(func.min(m.JobRow.started_at)).where(
            m.JobRow.status == JobStatus.running.value))
        recent = self.session.execute(select(m.JobRow.started_at, m.JobRow.finished_at).where(
            m.JobRow.status == JobStatus.succeeded.value,
            m.JobRow.finished_at >= now - HOUR)).all()
        spans = [(end - start).total_seconds() for start, end in recent if start and end]
        return JobMetrics(
            queued=total(JobStatus.queued), running=total(JobStatus.running),
            failed=total(JobStatus.failed), succeeded_last_hour=len(recent),
            oldest_queued_seconds=_age(now, oldest_queued),
            oldest_running_seconds=_age(now, oldest_running),
            mean_run_seconds_last_hour=round(sum(spans) / len(spans), 2) if spans else None,
            by_kind=by_kind)


def _age(now: dt.datetime, since: dt.datetime | None) -> float | None:
    return round(max((now - since).total_seconds(), 0.0), 1) if since else None


def job_view(row: m.JobRow) -> JobView:
    progress = None
    if row.progress_done is not None:
        progress = JobProgress(done=row.progress_done, total=row.progress_total)
    return JobView(
        id=row.id, kind=row.kind, label=JobKind(row.kind).spec.label,
        case_number=row.case.case_number if row.case is not None else None,
        status=row.status, attempts=row.attempts, max_attempts=row.max_attempts,  # type: ignore[arg-type]
        progress=progress, error=row.error, result=row.result,
        requested_by=row.requested_by, created_at=row.created_at, queued_at=row.queued_at,
        started_at=row.started_at, finished_at=row.finished_at, updated_at=row.updated_at)
