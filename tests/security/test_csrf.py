"""Finding 1, CSRF: a page of another origin (another port of the same host included)
cannot make a logged-in browser change data, cookie-authenticated changes need the
session's CSRF token, and JSON endpoints take only JSON or YAML bodies."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.security.helpers import csrf_token
from tests.service.factories import seed_case

pytestmark = pytest.mark.xdist_group("security-web")


def _browser(client: TestClient) -> TestClient:
    """The admin logged in through the login form: the session lives in the cookie."""
    response = client.post("/login", data={"username": "admin", "password": "admin-password"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def web(client: TestClient) -> TestClient:
    from openimr.web import mount

    mount(client.app)
    return _browser(client)


NEW_ADMIN = {"username": "mallory", "role": "admin", "password": "mallory-password-1"}


def _users(client: TestClient, admin: dict) -> list[str]:
    return [u["username"] for u in client.get("/api/users", headers=admin).json()]


@pytest.mark.parametrize("headers", [
    {"Origin": "http://testserver:9999"},  # another port of the same host
    {"Origin": "http://evil.example"},
    {"Origin": "null"},
    {"Sec-Fetch-Site": "same-site"},
    {"Sec-Fetch-Site": "cross-site"},
])
def test_a_page_of_another_origin_cannot_create_an_admin(web: TestClient, admin: dict,
                                                        headers: dict) -> None:
    token = csrf_token(web)  # even with the token (it cannot read it, but suppose it did)
    form = web.post("/admin/users", data={**NEW_ADMIN, "csrf_token": token}, headers=headers,
                    follow_redirects=False)
    assert form.status_code == 403
    api = web.post("/api/users", json=NEW_ADMIN, headers={**headers, "X-CSRF-Token": token})
    assert api.status_code == 403
    assert "mallory" not in _users(web, admin)


def test_a_form_without_the_session_token_is_refused(web: TestClient, admin: dict) -> None:
    refused = web.post("/admin/users", data=NEW_ADMIN, follow_redirects=False)
    assert refused.status_code == 403 and "Form expired" in refused.text
    wrong = web.post("/admin/users", data={**NEW_ADMIN, "csrf_token": "0" * 64},
                     follow_redirects=False)
    assert wrong.status_code == 403
    assert "mallory" not in _users(web, admin)
    same_site = web.post("/admin/users", data={**NEW_ADMIN, "csrf_token": csrf_token(web)},
                         headers={"Origin": "http://testserver",
                                  "Sec-Fetch-Site": "same-origin"},
                         follow_redirects=False)
    assert same_site.status_code == 303
    assert "mallory" in _users(web, admin)


def test_the_cookie_alone_does_not_drive_the_json_api(web: TestClient, admin: dict) -> None:
    refused = web.post("/api/users", json=NEW_ADMIN)
    assert refused.status_code == 403 and "CSRF" in refused.json()["message"]
    assert "mallory" not in _users(web, admin)
    allowed = web.post("/api/users", json=NEW_ADMIN, headers={"X-CSRF-Token": csrf_token(web)})
    assert allowed.status_code == 201, allowed.text


def test_the_session_token_dies_with_the_session(web: TestClient, admin: dict) -> None:
    token = csrf_token(web)
    assert web.post("/logout", data={"csrf_token": token},
                    follow_redirects=False).status_code == 303
    _browser(web)
    refused = web.post("/admin/users", data={**NEW_ADMIN, "csrf_token": token},
                       follow_redirects=False)
    assert refused.status_code == 403


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", None])
def test_a_case_is_never_made_from_a_body_that_is_not_json_or_yaml(
        client: TestClient, admin: dict, content_type: str | None) -> None:
    import json

    headers = {**admin, **({"Content-Type": content_type} if content_type else {})}
    response = client.post("/api/cases", content=json.dumps(seed_case()).encode(),
                           headers=headers)
    assert response.status_code == 415, response.text
    assert client.get("/api/cases", headers=admin).json() == []
    transition = client.post("/api/cases/CM13-0012345/transitions", headers=headers,
                             content=b'{"to": "withdrawn"}')
    assert transition.status_code == 415


def test_json_and_yaml_bodies_are_still_taken(client: TestClient, admin: dict) -> None:
    import yaml

    created = client.post("/api/cases", content=yaml.safe_dump(seed_case()).encode(),
                          headers={**admin, "Content-Type": "application/yaml"})
    assert created.status_code == 201, created.text
    assert client.post("/api/token", data={"username": "admin", "password": "admin-password"}
                       ).status_code == 200  # the login form stays a form
