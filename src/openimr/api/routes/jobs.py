"""Background jobs: their status and progress, a retry, corpus jobs, and the queue's
figures for Prometheus."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from openimr.api.deps import MAX_INT, ApiRoute
from openimr.api.errors import declared_errors
from openimr.api.paging import PAGED, Limit, Offset, page
from openimr.api.prometheus import CONTENT_TYPE, exposition
from openimr.api.routes.cases import CaseNumber
from openimr.api.security import get_read_service, get_service
from openimr.workflow.jobs import JobKind, JobStatus
from openimr.workflow.service import Service
from openimr.workflow.views import JobView

router = APIRouter(route_class=ApiRoute)
JobId = Path(ge=1, le=MAX_INT, description="The job's number.")


#: Listing the jobs of a case that does not exist is a 404, like reading it.
@router.get("/jobs", response_model=list[JobView], tags=["jobs"],
            responses={**PAGED, **declared_errors("/jobs/{job_id}", {"GET"})})
def jobs(response: Response, status: JobStatus | None = None, kind: JobKind | None = None,
         case_number: str | None = Query(None, max_length=40), limit: Limit = 100,
         offset: Offset = 0, service: Service = Depends(get_read_service)) -> list[JobView]:
    """Background jobs the caller may see (staff: all; a reviewer: their cases'), newest
    first."""
    filters = {"case_number": case_number, "status": status, "kind": kind}
    total = service.count_jobs(**filters)
    return page(response, service.list_jobs(limit=limit, offset=offset, **filters), total)


@router.get("/cases/{case_number}/jobs", response_model=list[JobView], tags=["jobs"],
            responses=PAGED)
def case_jobs(case_number: CaseNumber, response: Response, limit: Limit = 100,
              offset: Offset = 0, service: Service = Depends(get_read_service)) -> list[JobView]:
    """The case's background jobs (OCR, reading, drafting, the letter's PDF)."""
    views = service.list_jobs(case_number=case_number, limit=limit, offset=offset)
    return page(response, views, service.count_jobs(case_number=case_number))


@router.get("/jobs/{job_id}", response_model=JobView, tags=["jobs"])
def job(job_id: int = JobId, service: Service = Depends(get_read_service)) -> JobView:
    return service.get_job(job_id)


@router.post("/jobs/{job_id}/retry", response_model=JobView, tags=["jobs"])
def retry(job_id: int = JobId, service: Service = Depends(get_service)) -> JobView:
    """Queue a failed job again (409 unless it failed)."""
    return service.retry_job(job_id)


class CorpusJobIn(BaseModel):
    kind: Literal["corpus_ingest", "train"]
    directory: str | None = Field(None, max_length=4096,
                                  description="corpus_ingest: a folder of published "
                                              "letters on the workers' file system.")


@router.post("/jobs", status_code=202, response_model=JobView, tags=["jobs"])
def queue_corpus_job(body: CorpusJobIn, service: Service = Depends(get_service)) -> JobView:
    """Queue a corpus ingest or a training of the prediction model (staff)."""
    directory = FilePath(body.directory) if body.directory else None
    return service.queue_corpus_job(JobKind(body.kind), directory)


@router.get("/metrics/prometheus", tags=["cases"],
            responses={200: {"content": {CONTENT_TYPE: {"schema": {"type": "string"}}},
                             "description": "Prometheus text exposition format 0.0.4."}})
def prometheus(service: Service = Depends(get_read_service)) -> PlainTextResponse:
    """The figures of `GET /api/metrics` for a Prometheus scraper (staff: scrape with a
    bearer token of a case manager or admin login)."""
    return PlainTextResponse(exposition(service.metrics()), media_type=CONTENT_TYPE)
