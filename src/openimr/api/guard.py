"""The HTTP guard in front of every route (an ASGI middleware): requests from other
origins that would change data are refused, bodies are bounded before they are read,
and every response carries the security headers.

- A POST, PUT, PATCH or DELETE whose `Sec-Fetch-Site` is neither `same-origin` nor `none`
  (typed by the user), or whose `Origin` is not this site's, is refused with 403: another
  site, or a page on another port of this host, cannot drive a logged-in browser. The CSRF
  token (see `security.check_csrf`) is the second, independent check.
- A body larger than `Settings.max_body_bytes` is refused with 413: by its
  `Content-Length` before anything is read, or as soon as a chunked body passes the limit.
- Headers: a Content-Security-Policy without inline script (htmx is vendored), no
  framing by other sites, `nosniff`, `Referrer-Policy`, `Cache-Control: no-store` on
  everything but the static files, and HSTS when the request came over https.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openimr.api.deps import Settings
from openimr.api.errors import error_body

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors {frames}")
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def _netloc(scheme: str, netloc: str) -> str:
    """host[:port], lower case, without the scheme's default port."""
    parts = urlsplit(f"//{netloc}")
    try:
        port = parts.port
    except ValueError:
        return netloc.lower()
    host = (parts.hostname or "").lower()
    return host if port is None or str(port) == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"


def cross_origin(scope: Scope, headers: Headers) -> str | None:
    """Why an unsafe request comes from another origin, or None when it does not."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return f"a request from another site ({fetch_site}) may not change data"
    origin = headers.get("origin")
    if origin is None:
        return None
    parts = urlsplit(origin)
    if origin == "null" or not parts.netloc:
        return "a request from an opaque origin may not change data"
    scheme = scope.get("scheme", "http")
    host = headers.get("host", "")
    forwarded = headers.get("x-forwarded-host")
    if _netloc(parts.scheme, parts.netloc) not in {
            _netloc(scheme, host), _netloc(parts.scheme, host),
            *((_netloc(parts.scheme, forwarded),) if forwarded else ())}:
        return f"a request from another origin ({origin}) may not change data"
    return None


class Guard:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app, self.settings = app, settings

    def _from_proxy(self, scope: Scope) -> bool:
        """Did the request come through a configured reverse proxy (TLS ends there)?"""
        import ipaddress

        try:
            peer = ipaddress.ip_address(_peer(scope))
        except ValueError:
            return False
        return any(peer in network for network in self.settings.trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        path: str = scope.get("path", "")
        if scope["method"] in UNSAFE:
            refusal = cross_origin(scope, headers)
            if refusal:
                await _refuse(send, 403, refusal)
                return
        limit = self.settings.max_body_bytes
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _refuse(send, 413, f"the request body is over the limit of {limit} bytes")
            return
        received = 0

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413, f"the request body is over the limit of "
                                             f"{limit} bytes")
            return message

        https = scope.get("scheme") == "https" or (
            headers.get("x-forwarded-proto") == "https" and self._from_proxy(scope))
        frames = "'self'" if path.endswith("/letter.html") else "'none'"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                out.setdefault("Content-Security-Policy", _CSP.format(frames=frames))
                out.setdefault("X-Frame-Options", "SAMEORIGIN" if frames == "'self'" else "DENY")
                out.setdefault("X-Content-Type-Options", "nosniff")
                out.setdefault("Referrer-Policy", "same-origin")
                if not path.startswith(("/static/", "/docs/assets/")):
                    out["Cache-Control"] = "no-store"
                if https:
                    out.setdefault("Strict-Transport-Security",
                                   "max-age=31536000; includeSubDomains")
            await send(message)

        await self.app(scope, bounded_receive, send_with_headers)


def _peer(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else ""


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps(error_body(status, message)).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff")]})
    await send({"type": "http.response.body", "body": body})
