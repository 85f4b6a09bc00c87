"""What every page shares: the templates, the logged-in actor from the cookie, and errors
shown as pages (a 403 or 409 page with the service's message, a redirect to log in).

Pages call the service (`openimr.workflow.service.Service`) for every read and write, so
the role checks, the audit log and optimistic locking are the service's, not re-implemented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Depends, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from pydantic import ValidationError
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session

from openimr.api.deps import get_session
from openimr.api.security import (
    COOKIE_NAME,
    CSRF_FIELD,
    CSRF_HEADER,
    UNSAFE_METHODS,
    actor_of_request,
    check_csrf,
    csrf_token_of,
)
from openimr.model.errors import InputError
from openimr.records.doctypes import document_name
from openimr.workflow.errors import Conflict, Forbidden, NotFound
from openimr.workflow.service import Service
from openimr.workflow.states import LABELS
from openimr.workflow.users import Actor, Role

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))

#: A deadline this close counts as "due soon" in the queue.
DUE_SOON = dt.timedelta(days=3)


def _when(value: dt.datetime | dt.date | None, with_time: bool = True) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        return value.strftime("%m/%d/%Y %H:%M UTC" if with_time else "%m/%d/%Y")
    return value.strftime("%m/%d/%Y")


def _relative(deadline: dt.datetime | None) -> str:
    """"in 2 days", "3 hours overdue": how far the deadline is, at a glance."""
    if deadline is None:
        return ""
    from openimr.store.models import utcnow

    left = deadline - utcnow()
    span = abs(left)
    amount = (f"{span.days} day{'s' if span.days != 1 else ''}" if span.days else
              f"{span.seconds // 3600} hour{'s' if span.seconds // 3600 != 1 else ''}")
    return f"{amount} overdue" if left.total_seconds() < 0 else f"in {amount}"


templates.env.filters["when"] = _when
templates.env.filters["relative"] = _relative
templates.env.filters["day"] = lambda value: _when(value, with_time=False)
templates.env.globals["status_labels"] = LABELS
templates.env.filters["document_name"] = document_name


class LoginRequired(Exception):
    """No valid session cookie: the page redirects to the login form."""


class PageError(Exception):
    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status, self.title, self.message = status, title, message


def page_error_of(error: InputError, actor: Actor | None) -> PageError:
    """The service's refusal as an error page. A reviewer asking for a case that is not
    theirs gets 403: the service says "not found" so as to leak nothing, and so does the page."""
    message = str(error)
    if isinstance(error, NotFound):
        if actor is not None and actor.role is Role.reviewer and error.resource == "case":
            return PageError(403, "Not your case", f"Case {error.key} is not open to you: a "
                             "reviewer can open only the cases assigned to them.")
        return PageError(404, "Not found", message)
    if isinstance(error, Forbidden):
        return PageError(403, "Not allowed", message)
    if isinstance(error, Conflict):
        return PageError(409, "Conflict", message)
    return PageError(422, "Invalid input", message)


class PageRoute(APIRoute):
    """Turns `LoginRequired`, `PageError` and the service's `InputError`s into HTML."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except LoginRequired:
                target = quote(request.url.path + (f"?{request.url.query}"
                                                   if request.url.query else ""))
                return RedirectResponse(f"/login?next={target}", status_code=303)
            except PageError as error:
                if isinstance(error, RoleRefused):
                    _audit_refusal(request, error)
                return error_page(request, error)
            except InputError as error:
                return error_page(request, page_error_of(error, getattr(
                    request.state, "actor", None)))
            except ValidationError as error:
                # A form value the service's input model refuses: say which, as a page.
                problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: "
                                     f"{e.get('msg', 'invalid')}" for e in error.errors())
                return error_page(request, PageError(422, "Invalid form", problems))
            except (OverflowError, RecursionError, UnicodeError, DataError):
                return error_page(request, PageError(
                    422, "Invalid input", "a value of the form is too large, too deeply "
                    "nested or not valid text"))
            except RequestValidationError as error:
                # A hand-made or truncated form: say which field, as a page.
                fields = ", ".join(str(p.get("loc", ("?",))[-1]) for p in error.errors())
                return error_page(request, PageError(
                    422, "Invalid form", f"the form is missing or has invalid fields: {fields}"))

        return route


def _audit_refusal(request: Request, error: PageError) -> None:
    from openimr.api.deps import settings_of
    from openimr.api.logs import mask_path
    from openimr.api.security import client_address
    from openimr.store.audit import record_refusal

    actor = getattr(request.state, "actor", None)
    with request.app.state.sessions() as session:
        record_refusal(session, "denied", client_address(request, settings_of(request)),
                       username=actor.username if actor else "-",
                       role=actor.role.value if actor else "anonymous",
                       detail=f"page {mask_path(request.url.path)}: {error.message}")


def error_page(request: Request, error: PageError) -> Response:
    parts = request.url.path.strip("/").split("/")
    # From an action on a case (a stale form, a refused signature): back to that case.
    back = f"/cases/{parts[1]}" if len(parts) > 2 and parts[0] == "cases" else None
    return render(request, "error.html", {"title": error.title, "message": error.message,
                                          "back": back}, status=error.status)


def render(request: Request, template: str, context: dict[str, Any] | None = None,
           status: int = 200) -> Response:
    session_id = getattr(request.state, "session_id", None)
    token = csrf_token_of(request, session_id) if session_id else ""
    base = {"actor": getattr(request.state, "actor", None),
            "flash": request.query_params.get("done"), "csrf_token": token,
            "csrf_input": Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{token}">')
            if token else ""}
    return templates.TemplateResponse(request, template, {**base, **(context or {})},
                                      status_code=status)


async def page_actor(request: Request, session: Session = Depends(get_session)) -> Actor:
    """The logged-in actor of a page; a form that changes data must carry the session's
    CSRF token (a hidden field, or the header htmx sends)."""
    token = request.cookies.get(COOKIE_NAME)
    actor = await actor_of_request(session, token, request) if token else None
    if actor is None:
        raise LoginRequired()
    if request.method in UNSAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER)
        if sent is None:
            form = await request.form()
            field = form.get(CSRF_FIELD)
            sent = field if isinstance(field, str) else None
        try:
            check_csrf(request, sent)
        except HTTPException:
            raise PageError(403, "Form expired", "This form is out of date or did not come "
                            "from this site: reload the page and submit it again.") from None
    return actor


def page_service(session: Session = Depends(get_session),
                 actor: Actor = Depends(page_actor)) -> Service:
    return Service(session, actor)


class RoleRefused(PageError):
    """A page the actor's role may not open: shown as 403 and audited."""


def require_role(actor: Actor, *roles: Role) -> None:
    if actor.role not in roles:
        raise RoleRefused(403, "Not allowed", f"this page is for the {' or '.join(roles)} "
                          f"role; you are logged in as {actor.role.value}")


def see_other(url: str) -> RedirectResponse:
    """After a POST: the browser reloads with GET (no re-submission on refresh)."""
    return RedirectResponse(url, status_code=303)


def saved(number: str, at: str, done: str) -> RedirectResponse:
    """Back to the case page, the confirmation `done` shown in the part saved (`at`), where
    the eye is, not at the top of a page scrolled away."""
    return see_other(f"/cases/{number}?{urlencode({'done': done, 'at': at})}#{at}")
