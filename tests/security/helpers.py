"""Test clients of the workbench pages as a browser would use them: after logging in,
every form carries the session's CSRF token (here: the header htmx sends)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def csrf_token(client: TestClient) -> str:
    """The CSRF token of the client's session, read from a page as a browser would."""
    page = client.get("/").text
    found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
    assert found, "no CSRF token on the page: not logged in?"
    return found.group(1)


def with_csrf(client: TestClient) -> TestClient:
    client.headers["X-CSRF-Token"] = csrf_token(client)
    return client
