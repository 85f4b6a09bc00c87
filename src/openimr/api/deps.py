"""What the REST API and the web pages share: the settings, the database session, and the
reading of an uploaded case file (bounded: no YAML aliases, limited nesting)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import HTTPException, Request, Response, params
from fastapi.concurrency import run_in_threadpool
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BeforeValidator
from sqlalchemy.orm import Session

from openimr.model import Case
from openimr.model.errors import InputError

#: The largest integer a database column holds: a larger one is refused as input (422).
MAX_INT = 2**31 - 1
#: The longest a session's actor may be cached, whatever the setting asks: a revoked
#: token must not live longer than this in another process.
MAX_ACTOR_CACHE_SECONDS = 30.0
#: Deepest nesting of objects and lists accepted in a case file (a real one is below 10).
MAX_NESTING = 32


def _true_or_false(value: object) -> object:
    """A boolean in a query is `true` or `false`, as the OpenAPI document says: pydantic
    alone would also take `1`, `yes`, `on`..."""
    if isinstance(value, bool) or value in ("true", "false"):
        return value
    raise ValueError("send true or false")


#: A boolean query parameter.
QueryBool = Annotated[bool, BeforeValidator(_true_or_false)]


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return float(raw)
    except ValueError:
        raise InputError(f"{name}={raw!r} is not a number") from None


@dataclass(frozen=True)
class Settings:
    """The service's settings, read once from the environment when the app is made."""

    #: A session unused this long ends (OPENIMR_IDLE_MINUTES, default 15).
    idle_timeout: dt.timedelta = dt.timedelta(minutes=15)
    #: No session lasts longer than this, whatever its use (OPENIMR_SESSION_HOURS, 8).
    absolute_lifetime: dt.timedelta = dt.timedelta(hours=8)
    #: Largest request body accepted, before it is read (OPENIMR_MAX_BODY_MB, 30).
    max_body_bytes: int = 30 * 1024 * 1024
    #: Addresses of reverse proxies whose X-Forwarded-For is believed (OPENIMR_TRUSTED_PROXIES).
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = field(
        default_factory=tuple)
    #: Session cookies without `Secure`: only for plain http on one machine
    #: (OPENIMR_INSECURE_COOKIES=1); by default a cookie is Secure unless the request
    #: itself came over http to localhost.
    insecure_cookies: bool = False
    #: How long a session's actor is used without reading the session again
    #: (OPENIMR_ACTOR_CACHE_SECONDS, default 2; 0 reads it on every request). A change
    #: made by this process ends a session at once; one made by another process (another
    #: worker, `openimr users passwd`) is seen within this time.
    actor_cache: dt.timedelta = dt.timedelta(seconds=2)
    #: Failed logins before an account is locked, and for how long (per account).
    account_failures: int = 5
    address_failures: int = 20
    lockout: dt.timedelta = dt.timedelta(minutes=15)

    @classmethod
    def from_environment(cls) -> Settings:
        proxies = []
        for part in os.environ.get("OPENIMR_TRUSTED_PROXIES", "").split(","):
            if part.strip():
                try:
                    proxies.append(ipaddress.ip_network(part.strip(), strict=False))
                except ValueError:
                    raise InputError(f"OPENIMR_TRUSTED_PROXIES: {part.strip()!r} is not an "
                                     "address or network") from None
        return cls(
            idle_timeout=dt.timedelta(minutes=_env_float("OPENIMR_IDLE_MINUTES", 15)),
            absolute_lifetime=dt.timedelta(hours=_env_float("OPENIMR_SESSION_HOURS", 8)),
            max_body_bytes=int(_env_float("OPENIMR_MAX_BODY_MB", 30) * 1024 * 1024),
            trusted_proxies=tuple(proxies),
            insecure_cookies=os.environ.get("OPENIMR_INSECURE_COOKIES", "") in ("1", "yes"),
            lockout=dt.timedelta(minutes=_env_float("OPENIMR_LOCKOUT_MINUTES", 15)),
            actor_cache=dt.timedelta(seconds=min(max(
                _env_float("OPENIMR_ACTOR_CACHE_SECONDS", 2), 0), MAX_ACTOR_CACHE_SECONDS)))


def settings_of(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One database session per request (the API's and the pages' alike).

    Made and closed on the event loop: a session touches the database only inside a
    transaction, and a request's operations end theirs (commit or rollback), so closing
    costs a worker thread only when one is still open (an error path)."""
    session: Session = request.app.state.sessions()
    try:
        yield session
    finally:
        if session.in_transaction():
            await run_in_threadpool(session.close)
        else:
            session.close()


def read_case_file(raw: bytes, *, yaml_format: bool, source: str = "case file") -> Case:
    """An uploaded case file (JSON, or YAML), checked before it is parsed: UTF-8, not
    empty, no YAML anchors or aliases (a few kB can expand to gigabytes), and nested no
    deeper than `MAX_NESTING`."""
    from openimr.review.casefile import parse_case_text, validate_case

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the case file is not UTF-8 text", source=source) from None
    if not text.strip():
        raise InputError("the case file is empty: send a case file", source=source)
    if yaml_format:
        _check_yaml(text, source)
    else:
        _check_json(text, source)
    data = parse_case_text(text, yaml_format=yaml_format, source=source)
    return validate_case(data, source=source)


def _check_json(text: str, source: str) -> None:
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                raise InputError(f"the case file is nested deeper than {MAX_NESTING} levels",
                                 source=source)
        elif char in "]}":
            depth -= 1


def _check_yaml(text: str, source: str) -> None:
    import yaml

    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise InputError("YAML anchors and aliases (& and *) are not accepted in a "
                                 "case file: write each value out", source=source)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    raise InputError(f"the case file is nested deeper than {MAX_NESTING} "
                                     "levels", source=source)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # the parser itself reports the syntax error, with its line


JSON_TYPES = frozenset({"application/json", "application/yaml", "application/x-yaml"})
FORM_TYPES = frozenset({"multipart/form-data", "application/x-www-form-urlencoded"})


class ApiRoute(APIRoute):
    """A route of the REST API: a body that changes data must say it is JSON or YAML (or a
    form, for the routes that take one). A `text/plain` body, which a page of another site
    may send without asking the browser, is refused with 415 before it is read. Every
    route declares the error statuses it can return (`errors.declared_errors`)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        from openimr.api.errors import declared_errors

        methods = {m.upper() for m in kwargs.get("methods") or ("GET",)}
        responses = {**declared_errors(path, methods), **(kwargs.pop("responses", None) or {})}
        super().__init__(path, endpoint, responses=responses, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        takes_form = _takes_form(self.dependant)
        accepted = FORM_TYPES if takes_form else JSON_TYPES

        async def route(request: Request) -> Response:
            if request.method in ("POST", "PUT", "PATCH", "DELETE") and _has_body(request):
                media = request.headers.get("content-type", "").split(";")[0].strip().lower()
                if media not in accepted:
                    raise HTTPException(415, f"send the body as {' or '.join(sorted(accepted))}"
                                             f", not {media or 'no content type'}")
            return await handler(request)

        return route


def _takes_form(dependant: Dependant) -> bool:
    """Does the route (or one of its dependencies) read form fields or files?"""
    return any(isinstance(p.field_info, params.Form) for p in dependant.body_params) or any(
        _takes_form(d) for d in dependant.dependencies)


def _has_body(request: Request) -> bool:
    length = request.headers.get("content-length")
    return bool(length and length != "0") or "transfer-encoding" in request.headers
