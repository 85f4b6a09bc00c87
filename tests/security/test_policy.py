"""The common policy layer: one `allowed()`, refusals with fields, and the rules the web
used to enforce alone now enforced by the service, so the API refuses them too."""

from __future__ import annotations

import copy

import pytest
from fastapi.testclient import TestClient

from openimr.workflow import policy
from openimr.workflow.errors import Forbidden, NotFound
from openimr.workflow.policy import Action, CaseKey
from openimr.workflow.users import Actor, Role

ADMIN = Actor("root", Role.admin)
MANAGER = Actor("cm", Role.case_manager)
DOCTOR = Actor("doc", Role.reviewer, reviewer_id=7)
PARTY = Actor("payer", Role.party, user_id=3)
MINE, THEIRS = CaseKey("CM26-1", 7), CaseKey("CM26-2", 8)


@pytest.mark.parametrize(("actor", "action", "case", "expected"), [
    (DOCTOR, Action.edit_determination, MINE, True),
    (DOCTOR, Action.edit_determination, THEIRS, False),
    (DOCTOR, Action.sign, THEIRS, False),
    (ADMIN, Action.edit_determination, MINE, False),  # the physician decides
    (ADMIN, Action.sign, MINE, False),
    (ADMIN, Action.correct, MINE, True),
    (DOCTOR, Action.correct, MINE, True),
    (DOCTOR, Action.correct, THEIRS, False),
    (MANAGER, Action.correct, MINE, False),
    (MANAGER, Action.remove_document, MINE, True),
    (DOCTOR, Action.remove_document, MINE, False),
    (PARTY, Action.add_document, None, False),
    (PARTY, Action.read_case, None, True),
    (PARTY, Action.read_corpus, None, False),
    (MANAGER, Action.manage_users, None, False),
    (ADMIN, Action.read_audit, None, True),
])
def test_allowed_answers_for_the_role_and_the_case(actor, action, case, expected) -> None:
    assert policy.allowed(actor, action, case) is expected


def test_refusals_carry_fields_not_just_a_message() -> None:
    with pytest.raises(Forbidden) as refused:
        policy.check(DOCTOR, Action.sign, THEIRS)
    assert (refused.value.action, refused.value.role, refused.value.case_number) == (
        "sign", "reviewer", "CM26-2")
    with pytest.raises(Forbidden, match="read-only") as party:
        policy.check(PARTY, Action.add_document)
    assert party.value.action == "add-document"
    missing = NotFound("case", "CM26-9")
    assert (missing.resource, missing.key, str(missing)) == ("case", "CM26-9",
                                                            "case CM26-9 not found")


def test_every_action_has_a_rule() -> None:
    assert set(policy.RULES) == set(Action)


def _edited(draft: dict) -> dict:
    return copy.deepcopy(draft["determination"])


def test_the_api_refuses_a_criterion_change_without_a_comment(
        client: TestClient, in_review: dict) -> None:
    number, doctor, draft = in_review["number"], in_review["doctor"], in_review["draft"]
    body = _edited(draft)
    criterion = body["determinations"][0]["criteria"][0]
    criterion["status"] = "not_met" if criterion["status"] != "not_met" else "met"
    criterion["reviewer_comment"] = None
    refused = client.put(f"/api/cases/{number}/determination", headers=doctor,
                         json={"determination": body, "version": draft["version"]})
    assert refused.status_code == 422 and "comment" in refused.json()["message"]
    criterion["reviewer_comment"] = "The file has no written authorization."
    saved = client.put(f"/api/cases/{number}/determination", headers=doctor,
                       json={"determination": body, "version": draft["version"]})
    assert saved.status_code == 200, saved.text


def test_the_api_refuses_a_decision_change_without_a_rationale(
        client: TestClient, in_review: dict) -> None:
    number, doctor, draft = in_review["number"], in_review["doctor"], in_review["draft"]
    body = _edited(draft)
    item = body["determinations"][0]
    item["decision"] = "overturned" if item["decision"] != "overturned" else "upheld"
    item["rationale"] = "  "
    refused = client.put(f"/api/cases/{number}/determination", headers=doctor,
                         json={"determination": body, "version": draft["version"]})
    assert refused.status_code == 422 and "rationale" in refused.json()["message"]


def test_only_the_assigned_reviewer_edits_the_draft_through_the_api(
        client: TestClient, admin: dict, in_review: dict) -> None:
    number, draft = in_review["number"], in_review["draft"]
    refused = client.put(f"/api/cases/{number}/determination", headers=admin,
                         json={"determination": _edited(draft), "version": draft["version"]})
    assert refused.status_code == 403
    denied = client.get("/api/audit", headers=admin,
                        params={"case_number": number, "username": "admin"}).json()
    assert any(e["action"] == "denied" for e in denied)
