"""The reviewer's worksheet over HTTP and through the service (what the API calls): the
clinical summary the reviewer attests, stale drafts and re-drafting that keeps edits, and
the roll-up of the criteria with its override reason."""

from __future__ import annotations

import html
import os
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.security.helpers import with_csrf

from openimr.model.errors import InputError
from openimr.web.seed import DEMO_PASSWORD, demo_app
from openimr.workflow.errors import Conflict
from openimr.workflow.service import Service
from openimr.workflow.users import Actor, Role
from openimr.workflow.views import DeterminationEdit, SignIn

pytestmark = pytest.mark.xdist_group("web-worksheet")

NOTE = (b"PROGRESS NOTE 08/02/2013\nPatient reports walking 20 minutes daily.\n"
        b"Assessment: lumbar sprain improving with therapy.\n")


@pytest.fixture
def site(tmp_path):
    os.environ.setdefault("OPENIMR_BCRYPT_ROUNDS", "4")
    return demo_app(tmp_path / "web.db")


def login(site, username: str) -> TestClient:
    app, _ = site
    client = TestClient(app)
    client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    return with_csrf(client)


def draft_version(page: str) -> int:
    return int(re.search(r'id="draft-version" hidden data-version="(\d+)"', page).group(1))


def summary_of(page: str) -> list[str]:
    block = re.search(r'<ol class="summary-sentences">(.*?)</ol>', page, re.S).group(1)
    return [html.unescape(" ".join(re.sub(r"<[^>]+>", " ", li).split()))
            for li in re.findall(r"<li>(.*?)</li>", block, re.S)]


def reviewer_service(site) -> tuple[Service, Session]:
    app, _ = site
    session = app.state.sessions()
    ortiz = next(r for r in Service(session, Actor(username="x", role=Role.admin)).reviewers()
                 if "Ortiz" in r.name)
    return Service(session, Actor(username="ortiz", role=Role.reviewer,
                                  reviewer_id=ortiz.id)), session


@pytest.fixture
def seed_page(site) -> tuple[TestClient, str, str]:
    """The seed case's page as its reviewer (ortiz) reads it: client, case number, page."""
    _, demo = site
    ortiz = login(site, "ortiz")
    return ortiz, demo.seed_case, ortiz.get(f"/cases/{demo.seed_case}").text


def test_the_summary_is_on_the_case_page_linked_to_its_evidence_and_edited_with_a_diff(site):
    _, demo = site
    number = demo.seed_case
    ortiz = login(site, "ortiz")
    page = ortiz.get(f"/cases/{number}").text
    sentences = summary_of(page)
    assert any("diagnoses" in s for s in sentences)
    # Each quoted sentence links to its highlighted span in the records viewer.
    links = re.findall(r'class="evidence" href="([^"]+#(sum-\d+-\d+))"', page)
    assert links
    for _, anchor in links:
        assert re.search(rf'id="{anchor}"', page.split('id="records"')[1]), anchor
    assert "(not quoted: the case file" in page  # the worker's age and injury date

    # The reviewer rewrites the first sentence and keeps the rest.
    first = re.search(r'<textarea id="summary-text"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    lines = html.unescape(first).splitlines()
    mine = "The patient is a 54-year-old man injured lifting boxes at work on 10/14/2002."
    saved = ortiz.post(f"/cases/{number}/summary", data={
        "text": "\n".join([mine, *lines[1:]]), "version": draft_version(page)})
    assert saved.status_code == 200
    assert re.search(r'<section class="summary" id="summary".*?Clinical summary saved\.',
                     saved.text, re.S)
    after = summary_of(saved.text)
    assert after[0].startswith(mine) and "(reviewer's words)" in after[0]
    assert after[1:] == sentences[1:]  # kept sentences keep their evidence links
    # The diff is kept in the history.
    history = saved.text.split('id="history"')[1]
    assert "clinical summary edited" in history
    assert html.escape("+ " + mine, quote=False) in history
    assert html.escape("- " + lines[0], quote=False) in history
    # The letter prints the summary the reviewer attests; the sign form says so.
    assert mine in ortiz.get(f"/cases/{number}/letter.html").text
    assert "clinical case summary" in saved.text.split('class="sign"')[1]
    # An empty summary is refused, and nothing is lost.
    empty = ortiz.post(f"/cases/{number}/summary", data={
        "text": "  \n ", "version": draft_version(saved.text)})
    assert empty.status_code == 422 and "cannot be empty" in empty.text
    assert summary_of(ortiz.get(f"/cases/{number}").text) == after


def test_the_service_keeps_evidence_only_on_the_engines_own_words(site):
    """What the API calls: a caller cannot put the engine's quotes under its own sentence."""
    _, demo = site
    doctor, session = reviewer_service(site)
    with session:
        view = doctor.get_determination(demo.seed_case)
        edit = view.determination.model_copy(deep=True)
        quoted = next(s for s in edit.summary if s.evidence)
        quoted.text = "The records show a full recovery."  # evidence left attached
        saved = doctor.save_draft(demo.seed_case, DeterminationEdit(determination=edit,
                                                                    version=view.version))
        changed = next(s for s in saved.determination.summary if s.text == quoted.text)
        assert changed.edited and changed.evidence == []
        untouched = [s for s in saved.determination.summary if s.evidence]
        assert untouched and all(not s.edited for s in untouched)


def test_an_upload_after_drafting_makes_the_draft_stale_and_a_redraft_keeps_edits(site,
                                                                                 seed_page):
    ortiz, number, page = seed_page
    assert "This draft is stale" not in page
    version = draft_version(page)
    ortiz.post(f"/cases/{number}/criterion", data={
        "item_id": "item-1", "criterion_id": "pm.statutory_cap", "status": "unknown",
        "comment": "Authorization for visits past 24 not in the file.", "version": version})
    ortiz.post(f"/cases/{number}/decision", data={
        "item_id": "item-1", "decision": "upheld", "version": version + 1,
        "rationale": "My own rationale for the upheld decision."})

    uploaded = ortiz.post(f"/cases/{number}/documents",
                          files={"document": ("late-progress-note.txt", NOTE, "text/plain")},
                          data={"kind": "medical_records"})
    assert uploaded.status_code == 200
    banner = re.search(r'<div class="stale warning" role="alert".*?</div>', uploaded.text, re.S)
    assert banner and "late-progress-note.txt was added after drafting" in banner.group(0)
    assert "Re-draft with the current records" in banner.group(0)
    # The API's determination carries the same field.
    doctor, session = reviewer_service(site)
    with session:
        view = doctor.get_determination(number)
        assert view.stale and view.stale_reasons == ["late-progress-note.txt was added after "
                                                     "drafting"]

    redrafted = ortiz.post(f"/cases/{number}/draft",
                           data={"version": draft_version(uploaded.text)})
    assert redrafted.status_code == 200
    assert "This draft is stale" not in redrafted.text
    assert "Reviewer: Authorization for visits past 24 not in the file." in redrafted.text
    assert "My own rationale for the upheld decision." in redrafted.text
    with session:
        view = doctor.get_determination(number)
        assert not view.stale
        assert "late-progress-note.txt" in {d.filename for d in view.determination.documents_read}
        item = view.determination.determinations[0]
        assert item.rationale == "My own rationale for the upheld decision."
        kept = next(c for c in item.criteria if c.id == "pm.statutory_cap")
        assert kept.status.value == "unknown" and kept.reviewer_comment
    # The engine's own view (it read the cap as met) is offered beside the kept choice.
    assert kept.engine_status is not None and kept.engine_status.value == "met"
    row = redrafted.text.split('id="criterion-item-1-pm.statutory_cap"')[1].split("</tr>")[0]
    assert "re-draft now reads <strong>met</strong>" in row and "Use the engine" in row


def test_a_decision_against_the_criteria_needs_an_override_reason(seed_page):
    ortiz, number, page = seed_page
    version = draft_version(page)
    criteria = re.findall(r'id="criterion-item-1-([a-z_.]+)"', page)
    for criterion in criteria:
        page = ortiz.post(f"/cases/{number}/criterion", data={
            "item_id": "item-1", "criterion_id": criterion, "status": "met",
            "comment": "Documented in the progress note.", "version": version}).text
        version += 1
    assert "Criterion updated" in page.split('id="item-item-1"')[1]
    rollup = re.search(r'<p class="rollup">(.*?)</p>', page, re.S).group(1)
    assert "imply: <strong>Overturned</strong>" in rollup
    assert "departs from the criteria" in rollup
    # Signing an upheld decision that the criteria contradict is refused.
    refused = ortiz.post(f"/cases/{number}/sign", data={"version": version, "attest": "yes"})
    assert refused.status_code == 409 and "override reason" in refused.text
    # Deciding against the roll-up without a reason is refused; with one it is kept, shown
    # in the worksheet and audited in the history.
    form = {"item_id": "item-1", "decision": "upheld", "version": version,
            "rationale": "Upheld: the visits exceed what the guideline supports."}
    missing = ortiz.post(f"/cases/{number}/decision", data=form)
    assert missing.status_code == 422 and "override reason" in missing.text
    reason = "The statutory cap of 24 visits is reached whatever the progress."
    saved = ortiz.post(f"/cases/{number}/decision", data={**form, "override_reason": reason})
    assert saved.status_code == 200
    assert f"override reason: {reason}" in html.unescape(saved.text)
    signed = ortiz.post(f"/cases/{number}/sign", data={"version": version + 1, "attest": "yes"})
    assert signed.status_code == 200 and "Determination signed." in signed.text


def test_the_service_refuses_signing_against_the_roll_up(site):
    _, demo = site
    doctor, session = reviewer_service(site)
    with session:
        view = doctor.get_determination(demo.seed_case)
        edit = view.determination.model_copy(deep=True)
        item = edit.determinations[0]
        for criterion in item.criteria:
            criterion.status, criterion.reviewer_comment = type(criterion.status)("met"), "ok"
        saved = doctor.save_draft(demo.seed_case, DeterminationEdit(determination=edit,
                                                                    version=view.version))
        with pytest.raises(Conflict, match="override reason"):
            doctor.sign(demo.seed_case, SignIn(version=saved.version))
        session.rollback()
        edit = saved.determination.model_copy(deep=True)
        edit.determinations[0].rationale = "Upheld on the cap."
        with pytest.raises(InputError, match="override_reason"):
            doctor.save_draft(demo.seed_case, DeterminationEdit(determination=edit,
                                                                version=saved.version))
        session.rollback()
        edit.determinations[0].override_reason = "The cap is reached."
        decided = doctor.save_draft(demo.seed_case, DeterminationEdit(determination=edit,
                                                                      version=saved.version))
        assert decided.determination.determinations[0].override_reason == "The cap is reached."
        assert doctor.sign(demo.seed_case, SignIn(version=decided.version)).status == "signed"


def test_status_moves_have_no_default_and_ending_ones_ask_first(site):
    _, demo = site
    manager = login(site, "manager")
    number = demo.seed_case
    page = manager.get(f"/cases/{number}").text
    select = re.search(r'<select id="to" name="to" required>(.*?)</select>', page, re.S).group(1)
    assert '<option value="" selected disabled>Choose…</option>' in select
    assert select.count("selected") == 1
    version = int(re.search(r'name="version" value="(\d+)"',
                            page.split('id="manage-h"')[1]).group(1))
    unchosen = manager.post(f"/cases/{number}/transition", data={"to": "", "version": version})
    assert unchosen.status_code == 422 and "to" in unchosen.text
    unconfirmed = manager.post(f"/cases/{number}/transition",
                               data={"to": "terminated", "version": version})
    assert unconfirmed.status_code == 422 and "ends the review" in unconfirmed.text
    assert "Clinical Review" in manager.get(f"/cases/{number}").text
