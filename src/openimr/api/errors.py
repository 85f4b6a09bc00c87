"""Every error as JSON with a message, and bad input as a 4xx: never a bare 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException

from openimr.model.errors import InputError
from openimr.workflow.errors import Conflict, Forbidden, NotFound

log = logging.getLogger("openimr.api")


def _error(status: int, message: str, **extra: object) -> JSONResponse:
    return JSONResponse({"message": message, **extra}, status_code=status)


def _status_of(error: InputError) -> int:
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, Forbidden):
        return 403
    if isinstance(error, Conflict):
        return 409
    return 422


def install(app: FastAPI) -> None:
    @app.exception_handler(InputError)
    async def input_error(_: Request, error: InputError) -> JSONResponse:
        return _error(_status_of(error), str(error))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, error: RequestValidationError) -> JSONResponse:
        problems = []
        for problem in error.errors():
            where = ".".join(str(p) for p in problem.get("loc", ()))
            problems.append(f"{where}: {problem.get('msg', 'invalid')}")
        return _error(422, "invalid request: " + "; ".join(problems),
                      errors=[{"loc": list(p.get("loc", ())), "msg": p.get("msg")}
                              for p in error.errors()])

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, error: HTTPException) -> JSONResponse:
        response = _error(error.status_code, str(error.detail))
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(IntegrityError)
    async def integrity_error(_: Request, error: IntegrityError) -> JSONResponse:
        log.info("integrity error: %s", type(error.orig).__name__)
        return _error(409, "the change conflicts with stored data (a duplicate or a missing "
                      "reference)")

    @app.exception_handler(StaleDataError)
    async def stale(_: Request, __: StaleDataError) -> JSONResponse:
        return _error(409, "someone else changed this record meanwhile: reload and try again")

    @app.exception_handler(OperationalError)
    async def database_down(_: Request, error: OperationalError) -> JSONResponse:
        log.error("database error: %s", type(error.orig).__name__)
        return _error(503, "the database is unavailable; try again shortly")

    @app.exception_handler(DataError)
    async def data_error(_: Request, error: DataError) -> JSONResponse:
        log.info("value refused by the database: %s", type(error.orig).__name__)
        return _error(422, "a value is too long, too large or not valid text (a NUL "
                      "character?) for the database")

    @app.exception_handler(OverflowError)
    async def overflow(_: Request, __: OverflowError) -> JSONResponse:
        return _error(422, "a number in the request is too large")

    @app.exception_handler(RecursionError)
    async def recursion(_: Request, __: RecursionError) -> JSONResponse:
        return _error(422, "the request is nested too deeply")

    @app.exception_handler(UnicodeError)
    async def unicode_error(_: Request, __: UnicodeError) -> JSONResponse:
        return _error(422, "the request has text that cannot be encoded")

    @app.exception_handler(Exception)
    async def unexpected(_: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return _error(500, f"internal error ({type(error).__name__}); it has been logged")
