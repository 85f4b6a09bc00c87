"""The reviewer roster, users and the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, Field, StrictBool

from openimr.api.deps import MAX_INT, ApiRoute
from openimr.api.paging import PAGED, Limit, Offset, page, page_of
from openimr.api.security import get_read_service, get_service
from openimr.model.instant import InstantIn
from openimr.workflow.reviewers import Reviewer, ReviewerIn
from openimr.workflow.service import Service
from openimr.workflow.users import MIN_PASSWORD_LENGTH
from openimr.workflow.views import USERNAME_PATTERN, AuditView, Metrics, UserIn, UserView

router = APIRouter(route_class=ApiRoute)


class ReviewerCreate(ReviewerIn):
    """A roster entry; `username` and `password` also create the reviewer's login."""

    username: str | None = Field(None, pattern=USERNAME_PATTERN)
    password: str | None = Field(None, min_length=MIN_PASSWORD_LENGTH, max_length=72)


@router.get("/reviewers", response_model=list[Reviewer], tags=["reviewers"], responses=PAGED)
def reviewers(response: Response, limit: Limit = 200, offset: Offset = 0,
              service: Service = Depends(get_service)) -> list[Reviewer]:
    return page_of(response, service.reviewers(), limit, offset)


@router.post("/reviewers", status_code=201, response_model=Reviewer, tags=["reviewers"])
def add_reviewer(reviewer: ReviewerCreate, service: Service = Depends(get_service)) -> Reviewer:
    login = {"username": reviewer.username, "password": reviewer.password}
    entry = ReviewerIn.model_validate(reviewer.model_dump(exclude={"username", "password"}))
    return service.add_reviewer(entry, **login)


@router.put("/reviewers/{reviewer_id}", response_model=Reviewer, tags=["reviewers"])
def update_reviewer(reviewer_id: int = Path(ge=1, le=MAX_INT), *, reviewer: ReviewerIn,
                    service: Service = Depends(get_service)) -> Reviewer:
    """Replace a roster entry: capacity, availability, affiliations, deactivation."""
    return service.update_reviewer(reviewer_id, reviewer)


@router.post("/users", status_code=201, response_model=UserView, tags=["users"])
def add_user(user: UserIn, service: Service = Depends(get_service)) -> UserView:
    return service.add_user(user)


@router.get("/users", response_model=list[UserView], tags=["users"], responses=PAGED)
def users(response: Response, limit: Limit = 200, offset: Offset = 0,
          service: Service = Depends(get_service)) -> list[UserView]:
    """Every login with its role, whether active, and when it was created (admins only)."""
    return page_of(response, service.list_users(), limit, offset)


class UserActive(BaseModel):
    active: StrictBool


@router.patch("/users/{username}", response_model=UserView, tags=["users"])
def set_user_active(username: str = Path(max_length=100), *, body: UserActive,
                    service: Service = Depends(get_service)) -> UserView:
    """Deactivate (`{"active": false}`) or reactivate a login."""
    return service.set_user_active(username, body.active)


@router.get("/audit", response_model=list[AuditView], tags=["audit"], responses=PAGED)
def audit(response: Response, case_number: str | None = Query(None, max_length=40),
          username: str | None = Query(None, max_length=100),
          since: Annotated[InstantIn | None, Query(
              description="Only entries at or after this instant (RFC 3339 with its "
                          "offset).")] = None,
          limit: int = Query(500, ge=1, le=5000),
          offset: Offset = 0, service: Service = Depends(get_service)) -> list[AuditView]:
    """The audit log, newest first (admins only)."""
    filters = {"case_number": case_number, "username": username, "since": since}
    total = service.count_audit(**filters)  # before this read is itself audited
    return page(response, service.audit(limit=limit, offset=offset, **filters), total)


@router.get("/metrics", response_model=Metrics, tags=["cases"])
def metrics(service: Service = Depends(get_read_service)) -> Metrics:
    """Cases by status, overdue cases, and the DWC's average ages of determinations."""
    return service.metrics()
