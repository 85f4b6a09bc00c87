"""Admin pages: the reviewer roster, users, and the audit log."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request, Response
from pydantic import ValidationError

from openimr.model import ReviewerProfile
from openimr.model.errors import InputError
from openimr.review.casefile import describe_validation_error
from openimr.web.routing import PageRoute, page_service, render, require_role, see_other
from openimr.workflow.reviewers import Affiliation, ReviewerIn
from openimr.workflow.service import STAFF, AuditKind, Service
from openimr.workflow.users import BY_PRIVILEGE, PartyType, Role
from openimr.workflow.views import UserIn

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


@router.get("/admin/reviewers")
def roster(request: Request, service: Service = Depends(page_service)) -> Response:
    return render(request, "reviewers.html", {"title": "Reviewer roster",
                                              "reviewers": service.reviewers()})


@router.post("/admin/reviewers")
def add_reviewer(name: str = Form(""), board_certifications: str = Form(""),
                 subspecialties: str = Form(""), licensed_states: str = Form(""),
                 years_in_practice: int = Form(5), hours_per_week: int = Form(24),
                 credentials: str = Form("MD"), capacity: int = Form(10),
                 accepts_expedited: str = Form(""), affiliations: str = Form(""),
                 username: str = Form(""), password: str = Form(""),
                 service: Service = Depends(page_service)) -> Response:
    require_role(service.actor, *STAFF)
    try:
        entry = ReviewerIn(
            name=name.strip(), capacity=capacity, accepts_expedited=accepts_expedited == "yes",
            profile=ReviewerProfile(
                board_certifications=_list(board_certifications),
                subspecialties=_list(subspecialties), licensed_states=_list(licensed_states),
                years_in_practice=years_in_practice,
                active_practice_hours_per_week=hours_per_week,
                credentials=credentials.strip() or "MD"),
            affiliations=[_affiliation(line) for line in affiliations.splitlines()
                          if line.strip()])
    except ValidationError as error:
        raise InputError(describe_validation_error(error).replace(
            "invalid case file", "invalid reviewer")) from None
    added = service.add_reviewer(entry, username=username.strip() or None,
                                 password=password or None)
    return see_other("/admin/reviewers?" + urlencode({"done": f"{added.name} added to the roster."}))


@router.post("/admin/reviewers/{reviewer_id}")
def edit_reviewer(reviewer_id: int, active: str = Form(...), capacity: int = Form(...),
                  service: Service = Depends(page_service)) -> Response:
    require_role(service.actor, *STAFF)
    if active not in ("yes", "no"):
        raise InputError(f"active: {active!r} is not yes or no")
    changed = service.set_reviewer_active(reviewer_id, active == "yes", capacity)
    state = "active" if changed.active else "retired (open cases flagged for reassignment)"
    return see_other("/admin/reviewers?" + urlencode(
        {"done": f"{changed.name}: {state}, capacity {changed.capacity}."}))


def _affiliation(line: str) -> Affiliation:
    """"kind: name", e.g. "insurer: Example Mutual"."""
    kind, _, name = line.partition(":")
    if not name.strip():
        raise InputError(f"affiliations: {line.strip()!r} must read 'kind: name'")
    return Affiliation.model_validate({"kind": kind.strip(), "name": name.strip()})


@router.get("/admin/users")
def users(request: Request, service: Service = Depends(page_service)) -> Response:
    require_role(service.actor, Role.admin)
    return render(request, "users.html", {"title": "Users", "roles": BY_PRIVILEGE,
                                          "party_types": list(PartyType),
                                          "users": service.list_users(),
                                          "reviewers": service.reviewers()})


@router.post("/admin/users")
def add_user(username: str = Form(""), role: str = Form(""), password: str = Form(""),
             reviewer_id: str = Form(""), case_numbers: str = Form(""),
             party_type: str = Form("worker"),
             service: Service = Depends(page_service)) -> Response:
    user = service.add_user(UserIn(
        username=username.strip(), role=role, password=password,
        reviewer_id=int(reviewer_id) if reviewer_id.isdigit() else None,
        case_numbers=_list(case_numbers), party_type=party_type or "worker"))
    return see_other("/admin/users?" + urlencode(
        {"done": f"User {user.username} ({user.role}) created."}))


@router.post("/admin/users/{username}/active")
def set_user_active(username: str, active: str = Form(...),
                    service: Service = Depends(page_service)) -> Response:
    if active not in ("yes", "no"):
        raise InputError(f"active: {active!r} is not yes or no")
    user = service.set_user_active(username, active == "yes")
    state = "reactivated" if user.active else "deactivated"
    return see_other("/admin/users?" + urlencode({"done": f"User {user.username} {state}."}))


#: Audit entries on one page of the log.
AUDIT_PAGE = 100


@router.get("/admin/audit")
def audit(request: Request, case_number: str = "", username: str = "", action: str = "",
          since: str = "", until: str = "", page: int = 1,
          service: Service = Depends(page_service)) -> Response:
    filters = {"case_number": case_number.strip() or None, "username": username.strip() or None,
               "action": action.strip() or None, "since": _day(since, "since"),
               "until": _day(until, "until", next_day=True)}
    total = service.count_audit(**filters)
    pages = max(1, -(-total // AUDIT_PAGE))
    page = min(max(page, 1), pages)
    entries = service.audit(**filters, limit=AUDIT_PAGE, offset=(page - 1) * AUDIT_PAGE)
    shown = {"case_number": case_number, "username": username, "action": action,
             "since": since, "until": until}
    return render(request, "audit.html", {
        "title": "Audit log", "entries": entries, "total": total, "page": page, "pages": pages,
        "actions": AUDIT_ACTIONS, "query": lambda n: urlencode({**shown, "page": n}), **shown})


#: The kinds of entry the audit log keeps, to filter on (a 401 is audited as "refused").
AUDIT_ACTIONS = (*(kind.value for kind in AuditKind), "refused")


def _day(text: str, name: str, *, next_day: bool = False) -> dt.datetime | None:
    """A date typed in a filter; `until` includes its whole day."""
    if not text.strip():
        return None
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{name}: {text!r} is not a date (YYYY-MM-DD)") from None
    return dt.datetime.combine(day + dt.timedelta(days=1 if next_day else 0), dt.time())
