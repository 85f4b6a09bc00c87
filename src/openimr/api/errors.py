"""Every error as JSON with a message and a machine-readable code (and, for invalid input,
the field path), and bad input as a 4xx: never a bare 500. `ErrorBody` is the one error
model; `declared_errors` says which statuses an operation declares with it."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException
from starlette.routing import Match

from openimr.model.errors import InputError
from openimr.store.documents import DocumentUnavailable
from openimr.workflow.errors import Conflict, Forbidden, NotFound

log = logging.getLogger("openimr.api")

#: The machine-readable `code` of each status, and what it means in the OpenAPI document.
ERROR_CODES: dict[int, tuple[str, str]] = {
    401: ("unauthenticated", "No valid bearer token (or session cookie)"),
    403: ("forbidden", "The caller's role may not do this, or a change from another origin"),
    404: ("not_found", "No such case, document, reviewer or user"),
    405: ("method_not_allowed", "The path does not take this method (see `Allow`)"),
    409: ("conflict", "A business rule refuses it now: an illegal transition, a stale "
                      "version, a duplicate"),
    412: ("precondition_failed", "`If-Match` names a version that is no longer current: "
                                 "reload and try again"),
    413: ("payload_too_large", "The body is over the size limit"),
    415: ("unsupported_media_type", "The body is not in a media type the operation takes"),
    422: ("invalid_input", "The request is invalid: `field` names where"),
    428: ("precondition_required", "Send `If-Match` with the `ETag` read (or the older "
                                   "`version`)"),
    429: ("too_many_requests", "Too many failed logins: retry after `Retry-After` seconds"),
    500: ("internal_error", "An unexpected error (logged)"),
    503: ("unavailable", "The database or the document store is unavailable"),
}


class FieldProblem(BaseModel):
    field: str = Field(description="Where: `body.x.y`, `query.limit`, `path.case_number`.")
    message: str


class ErrorBody(BaseModel):
    """Every 4xx and 5xx response of the API."""

    message: str = Field(description="What went wrong, for a person.")
    code: str = Field(description="What went wrong, for a program: "
                                  + ", ".join(code for code, _ in ERROR_CODES.values()) + ".")
    field: str | None = Field(None, description="422 only: the first invalid field's path.")
    errors: list[FieldProblem] | None = Field(None, description="422 only: every problem.")


def error_body(status: int, message: str, **extra: object) -> dict[str, object]:
    code = ERROR_CODES.get(status, ("error", ""))[0]
    return {"message": message, "code": code, **extra}


def _error(status: int, message: str, **extra: object) -> JSONResponse:
    return JSONResponse(error_body(status, message, **extra), status_code=status)


def declared_errors(path: str, methods: set[str], *, login: bool = False
                    ) -> dict[int | str, dict[str, object]]:
    """The error statuses an operation can return, each with `ErrorBody`."""
    statuses = {401, 403, 422}
    if "{" in path:
        statuses.add(404)
    if methods & {"POST", "PUT", "PATCH", "DELETE"}:
        # A body may name a reviewer or a case that does not exist: 404 too.
        statuses |= {404, 409, 413, 415}
    if login:
        statuses = {401, 403, 413, 415, 422, 429}
    return {status: {"model": ErrorBody, "description": ERROR_CODES[status][1]}
            for status in sorted(statuses)}


def _field_path(location: tuple[object, ...] | list[object]) -> str:
    return ".".join(str(part) for part in location)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed_methods(request: Request) -> str:
    """Every method some route of this path takes: Starlette names only the first route's."""
    scope = {key: value for key, value in request.scope.items() if key != "path_params"}
    allowed = [method for method in _METHODS
               if any(route.matches({**scope, "method": method})[0] is Match.FULL
                      for route in request.app.router.routes)]
    return ", ".join(allowed)


#: Exceptions answered with a fixed status and message: (status, message, log level). The
#: log keeps the cause's type (never its parameters, which may hold case data); the caller
#: only learns that it is not them, or what to change.
_FIXED_ANSWERS: dict[type[BaseException], tuple[int, str, int | None]] = {
    IntegrityError: (409, "the change conflicts with stored data (a duplicate or a missing "
                          "reference)", logging.INFO),
    StaleDataError: (409, "someone else changed this record meanwhile: reload and try again",
                     None),
    OperationalError: (503, "the database is unavailable; try again shortly", logging.ERROR),
    # The operator needs the hash and the store (logged); the caller only that it is not them.
    DocumentUnavailable: (503, "a stored document is unavailable (missing or failed its hash "
                               "check); it has been logged", logging.ERROR),
    DataError: (422, "a value is too long, too large or not valid text (a NUL character?) "
                     "for the database", logging.INFO),
    OverflowError: (422, "a number in the request is too large", None),
    RecursionError: (422, "the request is nested too deeply", None),
    UnicodeError: (422, "the request has text that cannot be encoded", None),
}


def _fixed_answer(status: int, message: str, level: int | None
                  ) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    async def answer(_: Request, error: Exception) -> JSONResponse:
        if level is not None:
            cause = getattr(error, "orig", None) or error
            detail = str(error) if isinstance(error, DocumentUnavailable) else type(cause).__name__
            log.log(level, "%s: %s", type(error).__name__, detail)
        return _error(status, message)
    return answer


def install(app: FastAPI) -> None:
    @app.exception_handler(InputError)
    async def input_error(_: Request, error: InputError) -> JSONResponse:
        status = _status_of(error)
        if status != 422:
            return _error(status, str(error))
        # The service's own checks are on what the body says (the case file, a field).
        return _error(status, str(error), field="body",
                      errors=[{"field": "body", "message": str(error)}])

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, error: RequestValidationError) -> JSONResponse:
        problems = [FieldProblem(field=_field_path(p.get("loc", ())),
                                 message=str(p.get("msg", "invalid")))
                    for p in error.errors()]
        return _error(422, "invalid request: " + "; ".join(
            f"{p.field}: {p.message}" for p in problems),
            field=problems[0].field if problems else None,
            errors=[p.model_dump() for p in problems])

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        status, message = error.status_code, str(error.detail)
        if status == 400:
            # Only the framework answers 400, for a body it cannot parse (broken JSON, "There
            # was an error parsing the body"; a broken multipart form, "Invalid multipart
            # data"): invalid input, like any other.
            status, message = 422, "the body could not be parsed: " + message
        extra: dict[str, object] = {"field": "body", "errors": [
            {"field": "body", "message": message}]} if status == 422 else {}
        response = _error(status, message, **extra)
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        if status == 405:
            response.headers["Allow"] = _allowed_methods(request)
        return response

    for exception, (status, message, level) in _FIXED_ANSWERS.items():
        app.add_exception_handler(exception, _fixed_answer(status, message, level))

    @app.exception_handler(Exception)
    async def unexpected(_: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return _error(500, f"internal error ({type(error).__name__}); it has been logged")


def _status_of(error: InputError) -> int:
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, Forbidden):
        return 403
    if isinstance(error, Conflict):
        return 409
    return 422
