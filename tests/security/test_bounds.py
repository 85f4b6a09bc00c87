"""Findings 5 and 6: bounded resources and no 500 on bad input (each a 4xx that says
what is wrong), on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
import yaml
from fastapi.testclient import TestClient

from tests.service.factories import seed_case

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
"""


def test_yaml_aliases_are_refused_before_they_expand(client: TestClient, admin: dict) -> None:
    body = yaml.safe_dump(seed_case()) + BILLION_LAUGHS
    response = client.post("/api/cases", content=body.encode(),
                           headers={**admin, "Content-Type": "application/yaml"})
    assert response.status_code == 422 and "aliases" in response.json()["message"]
    assert client.get("/api/cases", headers=admin).json() == []


@pytest.mark.parametrize("yaml_format", [False, True])
def test_deep_nesting_is_refused(client: TestClient, admin: dict, yaml_format: bool) -> None:
    if yaml_format:
        body, kind = "notes: " + "[" * 5000 + "]" * 5000 + "\n", "application/yaml"
    else:
        case = json.dumps(seed_case())
        body, kind = case[:-1] + ', "notes": ' + "[" * 5000 + "]" * 5000 + "}", \
            "application/json"
    response = client.post("/api/cases", content=body.encode(),
                           headers={**admin, "Content-Type": kind})
    assert response.status_code == 422 and "nested" in response.json()["message"]


def test_a_body_over_the_limit_is_refused_before_it_is_read(
        client: TestClient, admin: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    app = client.app
    guard = next(m for m in app.user_middleware if m.cls.__name__ == "Guard")
    small = replace(guard.kwargs["settings"], max_body_bytes=1000)
    monkeypatch.setitem(guard.kwargs, "settings", small)
    app.middleware_stack = app.build_middleware_stack()
    try:
        big = client.post("/api/cases", content=json.dumps(seed_case()).encode(),
                          headers={**admin, "Content-Type": "application/json"})
        assert big.status_code == 413 and "limit" in big.json()["message"]

        def chunks():  # type: ignore[no-untyped-def]
            for _ in range(10):
                yield b" " * 500

        chunked = client.post("/api/cases", content=chunks(),
                              headers={**admin, "Content-Type": "application/json"})
        assert chunked.status_code == 413
    finally:
        monkeypatch.undo()
        app.middleware_stack = app.build_middleware_stack()


@pytest.mark.parametrize(("method", "path", "kwargs"), [
    ("GET", "/api/cases", {"params": {"offset": 10**30}}),
    ("GET", "/api/cases/{n}/determination", {"params": {"version": 10**30}}),
    ("GET", "/api/cases/{n}/letter", {"params": {"version": 10**30}}),
    ("PUT", "/api/reviewers/{big}", {"json": {}}),
    ("POST", "/api/cases/{n}/transitions", {"json": {"to": "eligibility_review",
                                                      "version": 10**30}}),
    ("POST", "/api/cases/{n}/assignment", {"json": {"reviewer_id": 10**30}}),
    ("PUT", "/api/cases/{n}", {"params": {"version": 10**30}, "json": seed_case()}),
])
def test_huge_numbers_are_422(client: TestClient, admin: dict, method: str, path: str,
                              kwargs: dict) -> None:
    number = client.post("/api/cases", headers=admin, json=seed_case()).json()["case_number"]
    response = client.request(method, path.format(n=number, big=10**30), headers=admin,
                              **kwargs)
    assert response.status_code == 422, response.text


def test_over_long_and_nul_strings_are_422_also_on_the_token_endpoint(
        client: TestClient, admin: dict) -> None:
    for username in ("ad\x00min", "a" * 5000):
        refused = client.post("/api/token", data={"username": username, "password": "x" * 20})
        assert refused.status_code in (401, 422), refused.text
    long_name = client.post("/api/cases", headers=admin, json=seed_case(
        case_number="CM13-1", worker__name="W" * 5000))
    assert long_name.status_code in (201, 422), long_name.text
    nul = client.post("/api/cases", headers=admin, json=seed_case(
        case_number="CM13-2", worker__name="Pat\x00Doe"))
    assert nul.status_code in (201, 422), nul.text
    reviewer = client.post("/api/reviewers", headers=admin, json={
        "name": "N" * 5000, "profile": {"board_certifications": ["Orthopedic Surgery"],
                                        "licensed_states": ["California"],
                                        "years_in_practice": 10,
                                        "active_practice_hours_per_week": 20}})
    assert reviewer.status_code in (201, 422), reviewer.text
    assert client.get("/api/cases", headers=admin).status_code == 200


@pytest.mark.parametrize("number", ["CM13/0012345", "CM 13", "../etc", "\u202eCM13", "x" * 41])
def test_case_numbers_get_a_format_check(client: TestClient, admin: dict, number: str) -> None:
    refused = client.post("/api/cases", headers=admin, json=seed_case(case_number=number))
    assert refused.status_code == 422 and "case_number" in refused.json()["message"]


def test_non_latin_download_names_download(client: TestClient, admin: dict) -> None:
    number = client.post("/api/cases", headers=admin, json=seed_case()).json()["case_number"]
    added = client.post(f"/api/cases/{number}/documents", headers=admin, files={
        "file": ("выписка 日本.txt", b"Progress note.\n", "text/plain")})
    assert added.status_code == 201, added.text
    download = client.get(f"/api/cases/{number}/documents/{added.json()['sha256']}",
                          headers=admin)
    assert download.status_code == 200
    assert "filename*=UTF-8''%D0%B2" in download.headers["content-disposition"]


def test_the_role_is_checked_before_the_body_is_read(client: TestClient, admin: dict,
                                                     in_review: dict) -> None:
    """A reviewer posting a case (even a malformed one) is refused for their role, not
    for the body: the body is never parsed."""
    refused = client.post("/api/cases", content=b"{not json", headers={
        **in_review["doctor"], "Content-Type": "application/json"})
    assert refused.status_code == 403, refused.text
    audit = client.get("/api/audit", headers=admin, params={"username": "doc"}).json()
    assert any(e["action"] == "denied" for e in audit)


def test_https_behind_a_trusted_proxy_gets_hsts(monkeypatch: pytest.MonkeyPatch) -> None:
    import ipaddress

    from openimr.api.deps import Settings
    from openimr.api.guard import Guard

    guard = Guard(None, Settings(trusted_proxies=(ipaddress.ip_network("10.0.0.0/8"),)))  # type: ignore[arg-type]
    assert guard._from_proxy({"client": ("10.1.2.3", 5000)})
    assert not guard._from_proxy({"client": ("203.0.113.9", 5000)})
