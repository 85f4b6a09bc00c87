"""Findings 11 and 13: security headers on every response, Secure session cookies, and the
API docs for logged-in staff only, from vendored files (no CDN, no inline script)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.xdist_group("security-web")


@pytest.fixture
def site(client: TestClient) -> TestClient:
    from openimr.web import mount

    mount(client.app)
    return client


def _login(client: TestClient, username: str = "admin",
           password: str = "admin-password"):  # type: ignore[no-untyped-def]
    return client.post("/login", data={"username": username, "password": password},
                       follow_redirects=False)


def test_every_page_and_api_response_carries_the_security_headers(site: TestClient,
                                                                  admin: dict) -> None:
    assert _login(site).status_code == 303
    for response in (site.get("/cases"), site.get("/api/cases", headers=admin),
                     site.get("/login"), site.get("/api/cases/nope", headers=admin)):
        headers = response.headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split(
            "script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in csp and headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["cache-control"] == "no-store"
        assert "strict-transport-security" not in headers  # plain http: no HSTS
    page = site.get("/cases").text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # no inline script
    assert site.get("/static/style.css").headers.get("cache-control") != "no-store"


def test_https_gets_hsts_and_secure_cookies(client: TestClient) -> None:
    from openimr.web import mount

    mount(client.app)
    secure = TestClient(client.app, base_url="https://imr.example")
    response = _login(secure)
    assert response.status_code == 303
    assert "max-age=" in response.headers["strict-transport-security"]
    assert "secure" in response.headers["set-cookie"].lower()
    plain_remote = TestClient(client.app, base_url="http://imr.example")
    assert "secure" in _login(plain_remote).headers["set-cookie"].lower()
    local = TestClient(client.app, base_url="http://localhost:8000")
    assert "secure" not in _login(local).headers["set-cookie"].lower()


def test_the_docs_are_for_logged_in_staff_and_load_nothing_from_outside(
        site: TestClient, admin: dict) -> None:
    anonymous = site.get("/docs", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    assert site.get("/redoc").status_code == 404
    site.post("/api/users", headers=admin, json={
        "username": "doc", "role": "reviewer", "password": "doc-password-12"})
    assert _login(site, "doc", "doc-password-12").status_code == 303
    assert site.get("/docs").status_code == 403
    site.cookies.clear()
    assert _login(site).status_code == 303
    docs = site.get("/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text
    sources = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert sources and all(s.startswith("/") for s in sources)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", docs.text)
    for source in sources:
        assert site.get(source).status_code == 200, source


def test_the_access_log_masks_case_numbers_and_queries() -> None:
    import logging

    from openimr.api.logs import MaskedAccessLog, mask_path

    assert mask_path("/api/cases/CM13-0012345/documents/" + "ab" * 32 + "?version=2") == \
        "/api/cases/*/documents/*?…"
    assert mask_path("/api/users/casey") == "/api/users/*"
    record = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
                               ("10.0.0.1:5", "GET", "/cases/CM13-0012345?doc=1", "1.1", 200),
                               None)
    assert MaskedAccessLog().filter(record)
    assert record.getMessage() == '10.0.0.1:5 - "GET /cases/*?… HTTP/1.1" 200'
