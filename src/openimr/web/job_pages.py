"""The case's background jobs on the case page: status, pages done, the reason of a
failure and a retry button, updated in place (htmx) while any job is at work."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from openimr.web.routing import PageRoute, page_service, render, see_other
from openimr.workflow.jobs import ACTIVE
from openimr.workflow.policy import Action, CaseKey
from openimr.workflow.service import Service

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/cases/{number}/jobs")
def case_jobs(request: Request, number: str, active: int = 0,
              service: Service = Depends(page_service)) -> Response:
    jobs = service.list_jobs(case_number=number, limit=20)
    running = any(job.status in ACTIVE for job in jobs)
    case = service.get_case(number)
    key = CaseKey(case.case_number, case.reviewer.id if case.reviewer else None)
    htmx = bool(request.headers.get("HX-Request"))
    response = render(request, "_jobs.html" if htmx else "jobs.html", {
        "title": f"Background work, case {number}", "number": number, "jobs": jobs,
        "running": running, "can_retry": service.allowed(Action.retry_job, key)})
    if htmx and active and not running:
        # The work just ended: reload the page so its results (a draft) show.
        response.headers["HX-Refresh"] = "true"
    return response


@router.post("/cases/{number}/jobs/{job_id}/retry")
def retry(number: str, job_id: int, service: Service = Depends(page_service)) -> Response:
    service.retry_job(job_id)
    return see_other(f"/cases/{number}?done=Queued+again.#jobs")
