"""The API's contract: one error model, declared statuses, `Allow` on 405, instants with
their offset, and request schemas that state the constraints the service applies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.service.conftest import SEED_CASE


def test_errors_carry_a_message_and_a_code_and_422_names_the_field(
        client: TestClient, login: Callable[[str, str], dict[str, str]]) -> None:
    anonymous = client.get("/api/cases")
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "unauthenticated" and anonymous.json()["message"]
    admin = login("admin", "admin-password")
    missing = client.get("/api/cases/NOPE-1", headers=admin)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    bad = client.get("/api/cases?limit=0", headers=admin)
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_input"
    assert bad.json()["field"] == "query.limit"
    assert [e["field"] for e in bad.json()["errors"]] == ["query.limit"]


def test_a_malformed_body_is_422_not_400(
        client: TestClient, login: Callable[[str, str], dict[str, str]]) -> None:
    admin = login("admin", "admin-password")
    broken_json = client.post("/api/users", content=b'{"username": ',
                              headers={**admin, "Content-Type": "application/json"})
    assert broken_json.status_code == 422 and broken_json.json()["field"].startswith("body")
    broken_form = client.post("/api/token", content=b"--x\r\nbroken",
                              headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert broken_form.status_code == 422, broken_form.text
    assert broken_form.json()["code"] == "invalid_input"
    # A part without headers: Starlette's "Invalid multipart data" is a 422 too.
    no_headers = client.post("/api/v1/cases/Z/documents", content=b"--x\r\n[1]--x--\r\n",
                             headers={**admin, "Content-Type": "multipart/form-data; boundary=x"})
    assert no_headers.status_code == 422, no_headers.text


def test_405_names_every_method_of_the_path(
        client: TestClient, login: Callable[[str, str], dict[str, str]]) -> None:
    refused = client.patch("/api/cases/ABC-1", headers=login("admin", "admin-password"))
    assert refused.status_code == 405 and refused.json()["code"] == "method_not_allowed"
    assert set(refused.headers["allow"].split(", ")) == {"GET", "PUT"}


def test_every_operation_declares_its_errors_with_the_error_model(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for status in ("401", "403", "422"):
                assert status in responses, (method, path, status)
                schema = responses[status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            if method in ("post", "put", "patch", "delete"):
                assert {"409", "413", "415"} <= responses.keys(), (method, path)
    assert "429" in document["paths"]["/api/v1/token"]["post"]["responses"]


def test_instants_are_rfc3339_with_their_offset(
        client: TestClient, login: Callable[[str, str], dict[str, str]]) -> None:
    admin = login("admin", "admin-password")
    created = client.post("/api/cases", content=SEED_CASE.read_bytes(),
                          headers={**admin, "Content-Type": "application/json"})
    assert created.status_code == 201, created.text
    received = created.json()["received_at"]
    moment = dt.datetime.fromisoformat(received)
    assert moment.utcoffset() == dt.timedelta(0), received
    assert abs(dt.datetime.now(dt.UTC) - moment) < dt.timedelta(minutes=5)
    users = client.get("/api/users", headers=admin).json()
    assert all(dt.datetime.fromisoformat(u["created_at"]).tzinfo for u in users)


def test_request_schemas_state_the_constraints(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert schemas["UserIn"]["properties"]["password"]["minLength"] == 12
    assert schemas["UserIn"]["properties"]["role"] == {"$ref": "#/components/schemas/Role"}
    get_case = document["paths"]["/api/v1/cases/{case_number}"]["get"]
    (number,) = [p for p in get_case["parameters"] if p["name"] == "case_number"]
    assert number["schema"]["pattern"].startswith("^") and number["schema"]["maxLength"] == 40


def test_lists_page_with_limit_offset_and_a_total(
        client: TestClient, login: Callable[[str, str], dict[str, str]]) -> None:
    admin = login("admin", "admin-password")
    for name in ("casey", "morgan"):
        made = client.post("/api/users", headers=admin, json={
            "username": name, "role": "case_manager", "password": f"{name}-long-password"})
        assert made.status_code == 201, made.text
    first = client.get("/api/users?limit=2&offset=0", headers=admin)
    rest = client.get("/api/users?limit=2&offset=2", headers=admin)
    assert first.headers["x-total-count"] == rest.headers["x-total-count"] == "3"
    names = [u["username"] for u in first.json() + rest.json()]
    assert sorted(names) == ["admin", "casey", "morgan"]
    for path in ("/api/cases", "/api/reviewers", "/api/audit"):
        listed = client.get(f"{path}?limit=1", headers=admin)
        assert listed.status_code == 200 and len(listed.json()) <= 1
        assert int(listed.headers["x-total-count"]) >= len(listed.json())
    audit_total = int(client.get("/api/audit?limit=1", headers=admin).headers["x-total-count"])
    assert audit_total > 1


def test_v1_is_the_documented_api_and_the_first_paths_are_deprecated_aliases(
        client: TestClient, login: Callable[[str, str], dict[str, str]]) -> None:
    document = client.get("/openapi.json").json()
    assert document["paths"] and all(path.startswith("/api/v1/") for path in document["paths"])
    operation_ids = [operation["operationId"] for operations in document["paths"].values()
                     for operation in operations.values()]
    assert len(operation_ids) == len(set(operation_ids))
    admin = login("admin", "admin-password")
    current = client.get("/api/v1/users", headers=admin)
    assert current.status_code == 200 and "deprecation" not in current.headers
    alias = client.get("/api/users", headers=admin)
    assert alias.status_code == 200 and alias.json() == current.json()
    assert alias.headers["deprecation"].startswith("@")
    assert alias.headers["link"] == '</api/v1/users>; rel="successor-version"'
    token = client.post("/api/v1/token", data={"username": "admin", "password": "admin-password"})
    assert token.status_code == 200


def test_etags_and_if_match_lock_cases_optimistically(
        client: TestClient, login: Callable[[str, str], dict[str, str]]) -> None:
    admin = login("admin", "admin-password")
    created = client.post("/api/v1/cases", content=SEED_CASE.read_bytes(),
                          headers={**admin, "Content-Type": "application/json"})
    number = created.json()["case_number"]
    read = client.get(f"/api/v1/cases/{number}", headers=admin)
    etag = read.headers["etag"]
    assert etag == f'"{read.json()["version"]}"'
    moved = client.post(f"/api/v1/cases/{number}/transitions", json={"to": "eligibility_review"},
                        headers={**admin, "If-Match": etag})
    assert moved.status_code == 200 and moved.headers["etag"] != etag
    again = client.post(f"/api/v1/cases/{number}/transitions", json={"to": "withdrawn",
                        "note": "x"}, headers={**admin, "If-Match": etag})
    assert again.status_code == 412 and again.json()["code"] == "precondition_failed"
    # The body's version, kept for one release, is still a 409 when stale.
    old_way = client.post(f"/api/v1/cases/{number}/transitions", headers=admin, json={
        "to": "withdrawn", "note": "x", "version": 1})
    assert old_way.status_code == 409
    replace = client.put(f"/api/v1/cases/{number}", content=SEED_CASE.read_bytes(),
                         headers={**admin, "Content-Type": "application/json"})
    assert replace.status_code == 428 and replace.json()["code"] == "precondition_required"
    replaced = client.put(f"/api/v1/cases/{number}", content=SEED_CASE.read_bytes(), headers={
        **admin, "Content-Type": "application/json", "If-Match": moved.headers["etag"]})
    assert replaced.status_code == 200, replaced.text
    assert replaced.headers["etag"] == f'"{replaced.json()["version"]}"'
    for bad in ("7", '"seven"', '"1.2"'):
        refused = client.post(f"/api/v1/cases/{number}/transitions", headers={
            **admin, "If-Match": bad}, json={"to": "withdrawn", "note": "x"})
        assert refused.status_code == 422 and refused.json()["field"] == "header.If-Match"


def test_request_values_are_taken_only_in_the_types_the_schema_states(
        client: TestClient, login: Callable[[str, str], dict[str, str]]) -> None:
    admin = login("admin", "admin-password")
    for query in ("overdue=1", "overdue=yes", "since=0.5", "since=2026-12-03T08:00:00"):
        path = "/api/v1/audit" if query.startswith("since") else "/api/v1/cases"
        refused = client.get(f"{path}?{query}", headers=admin)
        assert refused.status_code == 422, (query, refused.text)
    assert client.get("/api/v1/audit?since=2026-12-03T08:00:00%2B01:00",
                      headers=admin).status_code == 200
    assert client.get("/api/v1/cases?overdue=true", headers=admin).status_code == 200
    roster = {"name": "Dr. Strict", "profile": {"board_certifications": ["Neurology"]}}
    for field, value in (("active", "yes"), ("capacity", True), ("unavailable_until", 0)):
        refused = client.post("/api/v1/reviewers", headers=admin, json={**roster, field: value})
        assert refused.status_code == 422, (field, refused.text)
    user = {"username": "pat", "role": "party", "password": "pat-long-password"}
    assert client.post("/api/v1/users", headers=admin, json={
        **user, "case_numbers": [""]}).status_code == 422
