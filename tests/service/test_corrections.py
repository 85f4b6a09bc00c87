"""Corrections of a signed letter: a new version, the signed one untouched, on both databases."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from openimr.model import Case
from openimr.model.errors import InputError
from openimr.store import models as m
from openimr.workflow.errors import Conflict, Forbidden, NotFound
from openimr.workflow.reviewers import ReviewerIn
from openimr.workflow.service import Service
from openimr.workflow.users import Actor, Role, create_user
from openimr.workflow.views import CorrectionIn, DeterminationEdit, SignIn, TransitionIn
from tests.service.factories import reviewer, seed_case

MANAGER = Actor(username="casey", role=Role.case_manager)
ADMIN = Actor(username="root", role=Role.admin)


def _signed_case(session: Session) -> tuple[str, Service, Service]:
    """A case signed by its reviewer: (case number, reviewer's service, other reviewer's)."""
    manager = Service(session, MANAGER)
    number = manager.intake(Case.model_validate(seed_case())).case_number
    mine = manager.add_reviewer(ReviewerIn.model_validate(reviewer("Dr. Mine")))
    other = manager.add_reviewer(ReviewerIn.model_validate(reviewer("Dr. Other")))
    for target in ("eligibility_review", "notice_of_assignment_sent", "records_requested"):
        manager.transition(number, TransitionIn(to=target))
    manager.assign(number, mine.id)
    manager.transition(number, TransitionIn(to="clinical_review"))
    doctor = Service(session, Actor(username="drmine", role=Role.reviewer, reviewer_id=mine.id))
    draft = doctor.draft(number)
    for item in draft.determination.determinations:
        item.decision = type(item.decision)("upheld")
    edited = doctor.save_draft(number, DeterminationEdit(determination=draft.determination,
                                                         version=draft.version))
    doctor.sign(number, SignIn(version=edited.version))
    stranger = Service(session, Actor(username="drother", role=Role.reviewer,
                                      reviewer_id=other.id))
    return number, doctor, stranger


def test_a_correction_is_a_new_version_and_the_signed_one_stays(session: Session) -> None:
    number, doctor, stranger = _signed_case(session)
    signed_row = session.scalar(select(m.DeterminationRow))
    frozen = (signed_row.determination, signed_row.signed_at, signed_row.version)

    with pytest.raises(InputError, match="reason"):
        doctor.correct(number, CorrectionIn(reason="   "))
    with pytest.raises(Forbidden):
        Service(session, MANAGER).correct(number, CorrectionIn(reason="typo"))
    with pytest.raises(NotFound):  # not their case: not even told it exists
        stranger.correct(number, CorrectionIn(reason="typo"))

    draft = doctor.correct(number, CorrectionIn(reason="wrong body part in the rationale"))
    assert (draft.status, draft.letter_version, draft.supersedes) == ("draft", 2, 1)
    assert draft.correction_reason == "wrong body part in the rationale"
    assert [(v.letter_version, v.status, v.superseded) for v in draft.versions] == [
        (1, "signed", False), (2, "draft", False)]
    with pytest.raises(Conflict, match="unsigned draft"):
        Service(session, ADMIN).correct(number, CorrectionIn(reason="again"))

    # A party still reads the signed letter while the correction is being drafted.
    party = create_user(session, "worker", Role.party, "password-w-12", case_numbers=[number])
    session.commit()
    as_party = Service(session, Actor(username="worker", role=Role.party, user_id=party.id))
    assert as_party.get_determination(number).letter_version == 1
    with pytest.raises(NotFound):
        as_party.get_determination(number, 2)

    item = draft.determination.determinations[0]
    item.rationale = "Corrected rationale: the lumbar spine, not the cervical spine."
    edited = doctor.save_draft(number, DeterminationEdit(determination=draft.determination,
                                                         version=draft.version))
    final = doctor.sign(number, SignIn(version=edited.version))
    assert (final.status, final.letter_version, final.superseded) == ("signed", 2, False)
    assert [v.superseded for v in final.versions] == [True, False]
    case = doctor.get_case(number)
    assert case.status.value == "determined"
    assert any(e.kind == "correction" for e in case.events)

    session.expire_all()
    old = session.get(m.DeterminationRow, signed_row.id)
    assert (old.determination, old.signed_at, old.version) == frozen
    current = doctor.letter(number, "text")
    assert "Corrected rationale" in " ".join(current.split()) and "SUPERSEDED" not in current
    first = doctor.letter(number, "text", 1)
    assert first.startswith("*** SUPERSEDED") and "Corrected rationale" not in first
    assert "SUPERSEDED" in doctor.letter(number, "html", 1)
    pdf = PdfReader(io.BytesIO(doctor.letter(number, "pdf", 1)))
    assert "SUPERSEDED" in pdf.pages[0].extract_text()
    with pytest.raises(NotFound):
        doctor.letter(number, "text", 3)
    assert as_party.get_determination(number).letter_version == 2

    details = [e.detail or "" for e in Service(session, ADMIN).audit(case_number=number)]
    assert any(d.startswith("correction version 2 of 1") for d in details)
    assert "signed version 2" in details
    assert "text, version 1 (superseded)" in details


def _signed_over_the_api(client: TestClient, login: Callable[[str, str], dict[str, str]]
                         ) -> tuple[str, dict[str, str]]:
    """A signed case and the headers of its reviewer's login."""
    with Session(client.app.state.engine) as session:
        number, doctor, _ = _signed_case(session)
        create_user(session, "drmine", Role.reviewer, "password-mine",
                    reviewer_id=doctor.actor.reviewer_id)
        session.commit()
    return number, login("drmine", "password-mine")


def test_corrections_over_the_api(client: TestClient,
                                  login: Callable[[str, str], dict[str, str]]) -> None:
    number, headers = _signed_over_the_api(client, login)
    refused = client.post(f"/api/cases/{number}/determination/corrections", headers=headers,
                          json={"reason": ""})
    assert refused.status_code == 422
    started = client.post(f"/api/cases/{number}/determination/corrections", headers=headers,
                          json={"reason": "date of injury misprinted"})
    assert started.status_code == 201, started.text
    assert started.json()["letter_version"] == 2 and started.json()["supersedes"] == 1
    signed = client.post(f"/api/cases/{number}/determination/sign", headers=headers,
                         json={"version": started.json()["version"]})
    assert signed.status_code == 200, signed.text
    old = client.get(f"/api/cases/{number}/letter", headers=headers, params={"version": 1})
    assert old.status_code == 200 and old.text.startswith("*** SUPERSEDED")
    first = client.get(f"/api/cases/{number}/determination", headers=headers,
                       params={"version": 1}).json()
    assert first["superseded"] and first["letter_version"] == 1
    missing = client.get(f"/api/cases/{number}/letter", headers=headers, params={"version": 5})
    assert missing.status_code == 404 and "version 5" in missing.text


def test_determination_writes_check_if_match(client: TestClient,
                                            login: Callable[[str, str], dict[str, str]]) -> None:
    # correct, edit and sign share one If-Match path: the tag's record version outranks
    # the body's, a stale tag is 412, each answer carries the new tag
    number, headers = _signed_over_the_api(client, login)
    url = f"/api/cases/{number}/determination"
    signed = client.get(url, headers=headers)
    started = client.post(f"{url}/corrections", json={"reason": "date of injury misprinted"},
                          headers={**headers, "If-Match": signed.headers["etag"]})
    assert started.status_code == 201, started.text
    draft = started.json()
    assert started.headers["etag"] == f'"{draft["letter_version"]}.{draft["version"]}"'
    edited = client.put(url, json={"determination": draft["determination"], "version": 99},
                        headers={**headers, "If-Match": started.headers["etag"]})
    assert edited.status_code == 200, edited.text
    assert edited.headers["etag"] != started.headers["etag"]
    for stale in (client.put(url, json={"determination": draft["determination"], "version": 1},
                             headers={**headers, "If-Match": started.headers["etag"]}),
                  client.post(f"{url}/sign", json={"version": 1},
                              headers={**headers, "If-Match": started.headers["etag"]})):
        assert stale.status_code == 412, stale.text
    signed_again = client.post(f"{url}/sign", json={"version": 99},
                               headers={**headers, "If-Match": edited.headers["etag"]})
    assert signed_again.status_code == 200, signed_again.text
    assert signed_again.json()["letter_version"] == 2


def test_admin_lists_and_deactivates_users_over_the_api(
        client: TestClient, login: Callable[[str, str], dict[str, str]]) -> None:
    admin = login("admin", "admin-password")
    created = client.post("/api/users", headers=admin, json={
        "username": "casey", "role": "case_manager", "password": "casey-password"})
    assert created.status_code == 201, created.text
    casey = login("casey", "casey-password")
    listed = client.get("/api/users", headers=admin).json()
    assert [(u["username"], u["role"], u["active"]) for u in listed] == [
        ("admin", "admin", True), ("casey", "case_manager", True)]
    assert all(u["created_at"] for u in listed)
    assert client.get("/api/users", headers=casey).status_code == 403
    assert client.patch("/api/users/admin", headers=admin,
                        json={"active": False}).status_code == 409
    off = client.patch("/api/users/casey", headers=admin, json={"active": False})
    assert off.status_code == 200 and off.json()["active"] is False
    assert client.get("/api/me", headers=casey).status_code == 401  # its token stops at once
    assert client.patch("/api/users/nobody", headers=admin,
                        json={"active": False}).status_code == 404
    audit = client.get("/api/audit", headers=admin, params={"username": "admin"}).json()
    assert any(e["detail"].startswith("casey deactivated") for e in audit)
