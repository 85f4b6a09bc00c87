"""Findings 8 and 12: a retired reviewer (inactive, or with disciplinary history) loses
access to their assigned cases at once, and the cases show up for reassignment; parties
see neither draft nor correction activity in the history."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.service.factories import reviewer


def _retire(client: TestClient, admin: dict, reviewer_id: int, **change: object) -> None:
    entry = client.get("/api/reviewers", headers=admin).json()
    current = next(r for r in entry if r["id"] == reviewer_id)
    body = {k: current[k] for k in ("name", "profile", "affiliations", "capacity",
                                    "accepts_expedited", "unavailable_until",
                                    "disciplinary_history", "active")}
    assert client.put(f"/api/reviewers/{reviewer_id}", headers=admin,
                      json={**body, **change}).status_code == 200


def test_an_inactive_reviewer_can_neither_read_nor_sign(client: TestClient, admin: dict,
                                                        in_review: dict) -> None:
    number, doctor, draft = in_review["number"], in_review["doctor"], in_review["draft"]
    assert client.get(f"/api/cases/{number}", headers=doctor).status_code == 200
    _retire(client, admin, in_review["reviewer_id"], active=False)
    assert client.get(f"/api/cases/{number}", headers=doctor).status_code == 404
    assert client.get("/api/cases", headers=doctor).json() == []
    signed = client.post(f"/api/cases/{number}/determination/sign", headers=doctor,
                         json={"version": draft["version"]})
    assert signed.status_code == 404
    waiting = client.get("/api/cases", headers=admin,
                         params={"needs_reassignment": True}).json()
    assert [c["case_number"] for c in waiting] == [number]
    assert waiting[0]["needs_reassignment"] is True
    denied = client.get("/api/audit", headers=admin, params={"username": "doc"}).json()
    assert any(e["action"] == "denied" and e["case_number"] == number for e in denied)


def test_disciplinary_history_ends_access_too(client: TestClient, admin: dict,
                                              in_review: dict) -> None:
    number, doctor = in_review["number"], in_review["doctor"]
    _retire(client, admin, in_review["reviewer_id"], disciplinary_history=True)
    assert client.get(f"/api/cases/{number}", headers=doctor).status_code == 404
    other = client.post("/api/reviewers", headers=admin, json=reviewer("Dr. Next")).json()
    case = client.get(f"/api/cases/{number}", headers=admin).json()
    moved = client.post(f"/api/cases/{number}/assignment", headers=admin,
                        json={"reviewer_id": other["id"], "version": case["version"]})
    assert moved.status_code == 200, moved.text
    assert client.get("/api/cases", headers=admin,
                      params={"needs_reassignment": True}).json() == []


def test_parties_see_no_draft_or_correction_activity(client: TestClient, admin: dict,
                                                     in_review: dict, login) -> None:
    number = in_review["number"]
    assert client.post("/api/users", headers=admin, json={
        "username": "payer", "role": "party", "password": "payer-password",
        "case_numbers": [number]}).status_code == 201
    party = login("payer", "payer-password")
    staff_kinds = {e["kind"] for e in client.get(f"/api/cases/{number}",
                                                 headers=admin).json()["events"]}
    assert "determination" in staff_kinds
    party_kinds = {e["kind"] for e in client.get(f"/api/cases/{number}",
                                                 headers=party).json()["events"]}
    assert party_kinds and not party_kinds & {"determination", "correction"}
