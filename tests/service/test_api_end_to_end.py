"""One case from intake to signed letter through the REST API alone, on both databases."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.service.factories import decide_and_sign, reviewer, seed_case


def test_intake_to_signed_letter(client: TestClient,
                                 login: Callable[[str, str], dict[str, str]]) -> None:
    admin = login("admin", "admin-password")
    response = client.post("/api/users", headers=admin, json={
        "username": "casey", "role": "case_manager", "password": "casey-password"})
    assert response.status_code == 201, response.text
    manager = login("casey", "casey-password")

    # Two reviewers: one works for the employer (under another spelling), one is free.
    conflicted = client.post("/api/reviewers", headers=manager, json=reviewer(
        "Dr. Conflicted", affiliations=[{"kind": "employer",
                                         "name": "EXAMPLE DISTRIBUTION COMPANY"}]))
    assert conflicted.status_code == 201, conflicted.text
    free = client.post("/api/reviewers", headers=manager, json={
        **reviewer("Dr. Avery Quinn", boards=["PM&R"], subspecialties=["Pain Medicine"],
                   states=["California", "Nevada"], years_in_practice=17, hours=32),
        "username": "drquinn", "password": "quinn-password"})
    assert free.status_code == 201, free.text

    created = client.post("/api/cases", headers=manager, json=seed_case())
    assert created.status_code == 201, created.text
    number = created.json()["case_number"]
    assert number == "CM13-0012345"
    assert created.json()["status"] == "received"

    for step in ({"to": "eligibility_review"},
                 {"to": "notice_of_assignment_sent", "electronic": True},
                 {"to": "records_requested"}):
        moved = client.post(f"/api/cases/{number}/transitions", headers=manager, json=step)
        assert moved.status_code == 200, moved.text
    case = moved.json()
    assert case["records_due_at"] is not None

    upload = client.post(f"/api/cases/{number}/documents", headers=manager, files={
        "file": ("ur-decision.txt", b"UR decision of 08/02/2013: 8 PT sessions non-certified.",
                 "text/plain")}, data={"kind": "ur_decision"})
    assert upload.status_code == 201, upload.text
    digest = upload.json()["sha256"]
    fetched = client.get(f"/api/cases/{number}/documents/{digest}", headers=manager)
    assert fetched.content.startswith(b"UR decision of 08/02/2013")

    assigned = client.post(f"/api/cases/{number}/assignment", headers=manager)
    assert assigned.status_code == 200, assigned.text
    result = assigned.json()
    assert result["reviewer_id"] == free.json()["id"]
    excluded = next(c for c in result["candidates"] if c["reviewer_id"] == conflicted.json()["id"])
    assert not excluded["eligible"]
    assert any("conflict of interest" in reason and "employer" in reason
               for reason in excluded["reasons"])

    moved = client.post(f"/api/cases/{number}/transitions", headers=manager,
                        json={"to": "clinical_review"})
    assert moved.status_code == 200, moved.text
    assert moved.json()["determination_due_at"] is not None

    doctor = login("drquinn", "quinn-password")
    listed = client.get("/api/cases", headers=doctor).json()
    assert [c["case_number"] for c in listed] == [number]

    drafted = client.post(f"/api/cases/{number}/determination", headers=doctor)
    assert drafted.status_code == 200, drafted.text
    draft = drafted.json()
    assert draft["status"] == "draft"
    items = draft["determination"]["determinations"]
    assert [i["item"] for i in items] == [
        "8 Physical Therapy Sessions between 7/29/2013 and 9/29/2013"]
    # The physician decides: any item the engine could not decide gets a decision here.
    signed = decide_and_sign(client, number, doctor, draft)
    assert signed["status"] == "signed"
    assert signed["determination"]["attestation"]["signed_at"]

    case = client.get(f"/api/cases/{number}", headers=manager).json()
    assert case["status"] == "determined"
    assert [e["to_status"] for e in case["events"] if e["kind"] == "transition"] == [
        "eligibility_review", "notice_of_assignment_sent", "records_requested",
        "clinical_review", "determined"]
    assert all(e["actor"] and e["at"] for e in case["events"])

    letter = client.get(f"/api/cases/{number}/letter", headers=manager,
                        params={"format": "text"})
    assert letter.status_code == 200, letter.text
    text = " ".join(letter.text.split())  # the letter is wrapped at 96 columns
    assert "DRAFT" not in letter.text.split("\n", 1)[0]
    assert "Board Certified in Physical Medicine and Rehabilitation" in text
    assert re.search(r"licensed to practice in California,? and Nevada", text)
    assert "Quinn" not in text and "drquinn" not in text
    pdf = client.get(f"/api/cases/{number}/letter", headers=manager, params={"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")

    # The worker's side reads the case and the letter, never the reviewer's identity.
    party = client.post("/api/users", headers=admin, json={
        "username": "worker", "role": "party", "password": "worker-password",
        "case_numbers": [number]})
    assert party.status_code == 201, party.text
    worker = login("worker", "worker-password")
    seen = client.get(f"/api/cases/{number}", headers=worker)
    assert seen.status_code == 200
    assert seen.json()["reviewer"] is None
    assert "drquinn" not in seen.text and "Quinn" not in seen.text
    assert client.get(f"/api/cases/{number}/letter", headers=worker).status_code == 200
    decided = client.get(f"/api/cases/{number}/determination", headers=worker)
    assert decided.status_code == 200 and decided.json()["signed_by"] == "physician reviewer"
    assert "drquinn" not in decided.text
    refused = client.post(f"/api/cases/{number}/transitions", headers=worker,
                          json={"to": "closed"})
    assert refused.status_code == 403
    assert "message" in refused.json()

    audit = client.get("/api/audit", headers=admin, params={"case_number": number}).json()
    readers = {(e["username"], e["action"]) for e in audit}
    assert {("casey", "write"), ("drquinn", "write"), ("worker", "read")} <= readers
    assert client.get("/api/audit", headers=manager).status_code == 403
