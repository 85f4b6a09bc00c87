"""The security tests use the service tests' databases (SQLite and PostgreSQL) and clients."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.service.conftest import *  # noqa: F403  (the databases and clients)
from tests.service.factories import reviewer, seed_case

Login = Callable[[str, str], dict[str, str]]


@pytest.fixture
def admin(login: Login) -> dict[str, str]:
    return login("admin", "admin-password")


@pytest.fixture
def in_review(client: TestClient, admin: dict, login: Login) -> dict:
    """A case in clinical review, assigned to reviewer `doc`, with the engine's draft."""
    number = client.post("/api/cases", headers=admin, json=seed_case()).json()["case_number"]
    added = client.post("/api/reviewers", headers=admin, json={
        **reviewer("Dr. Doc"), "username": "doc", "password": "password-doc-12"}).json()
    for step in ("eligibility_review", "notice_of_assignment_sent", "records_requested"):
        assert client.post(f"/api/cases/{number}/transitions", headers=admin,
                           json={"to": step}).status_code == 200
    assert client.post(f"/api/cases/{number}/assignment", headers=admin,
                       json={"reviewer_id": added["id"]}).status_code == 200
    assert client.post(f"/api/cases/{number}/transitions", headers=admin,
                       json={"to": "clinical_review"}).status_code == 200
    doctor = login("doc", "password-doc-12")
    draft = client.post(f"/api/cases/{number}/determination", headers=doctor)
    assert draft.status_code == 200, draft.text
    return {"number": number, "doctor": doctor, "draft": draft.json(),
            "reviewer_id": added["id"]}
