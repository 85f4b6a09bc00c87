"""Intake by the application form (issue 13, point 5): the fields a person types, missing
fields named in words and filled in on the case page until the notice of assignment, and
intake that is atomic (a refused attachment leaves no case), in the service (what the API
calls) and the pages; and entering Clinical Review drafts in the background (point 6)."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select
from tests.web.test_pages import login, version_of
from tests.web.test_worksheet import site  # noqa: F401

from openimr.model.errors import InputError
from openimr.store import models as m
from openimr.workflow import application
from openimr.workflow.service import Service
from openimr.workflow.users import Actor, Role

pytestmark = pytest.mark.xdist_group("web-worksheet")

NOTE = b"PROGRESS NOTE 03/02/2024\nLow back pain radiating to the left leg. Plan: PT.\n"
FORM = {
    "worker_name": "Maria Lopez", "date_of_injury": "2023-11-02",
    "claims_administrator": "Golden State Claims", "ur_decision_date": "2024-03-10",
    "ur_outcome": "denied", "requesting_physician": "Dr. Sam Park",
    "items": "12 sessions of physical therapy for the lumbar spine\nTramadol 50 mg #60",
    "diagnoses": "M54.16 Radiculopathy, lumbar region\nlow back pain",
    "received_date": "2024-03-20", "signed": "yes", "ur_decision_attached": "yes"}


def case_count(site) -> int:  # noqa: F811
    app, _ = site
    with app.state.sessions() as session:
        return session.scalar(select(func.count()).select_from(m.CaseRow)) or 0


def test_an_application_typed_into_the_form_is_registered_and_completed_later(site):  # noqa: F811
    manager = login(site, "manager")
    form_page = manager.get("/intake").text
    assert 'action="/intake/form"' in form_page and 'action="/intake"' in form_page
    assert '<label for="claim_number">Claim number <span class="meta">(required)' in form_page

    # No claim number, no employer: registered all the same, then named in words.
    response = manager.post("/intake/form", data=FORM, files=[
        ("records", ("progress-note.txt", NOTE, "text/plain"))])
    assert response.status_code == 200 and "/eligibility" in str(response.url)
    number = str(response.url).split("/cases/")[1].split("/")[0]
    assert "missing required fields: claim number" in response.text
    assert "employer (conflict screening is incomplete)" in response.text
    assert "claim.claim_number" not in response.text and "claim.employer" not in response.text

    page = manager.get(f"/cases/{number}").text
    assert "Maria Lopez" in page and "Tramadol 50 mg #60" in page
    assert "progress-note.txt" in page
    assert "Radiculopathy, lumbar region (M54.16)" in page
    missing = page.split('id="application-h"')[1].split("</section>")[0]
    assert "<strong>claim number</strong>" in missing
    assert 'name="claim_number"' in missing and 'name="employer"' in missing
    assert 'name="worker_name"' not in missing  # given: not offered again

    filled = manager.post(f"/cases/{number}/application", data={
        "claim_number": "ADJ1234567", "version": version_of(missing)})
    assert filled.status_code == 200
    assert "Application completed: claim number." in filled.text
    assert "<strong>claim number</strong>" not in filled.text.split('id="application-h"')[1]
    eligibility = manager.get(f"/cases/{number}/eligibility").text
    assert "the fields of the DWC Form IMR are complete" in eligibility

    # A value already given is corrected by replacing the case file, not by this form; and
    # after the notice of assignment the application is closed (the service's 409).
    again = manager.post(f"/cases/{number}/application", data={
        "claim_number": "ADJ7654321", "version": version_of(filled.text.split(
            'id="application-h"')[1])})
    assert again.status_code == 422 and "given already" in again.text
    app, _ = site
    with app.state.sessions() as session:
        admin = Service(session, Actor(username="admin", role=Role.admin))
        from openimr.workflow.views import TransitionIn

        view = admin.get_case(number)
        view = admin.transition(number, TransitionIn(to="eligibility_review", version=view.version))
        view = admin.transition(number, TransitionIn(to="notice_of_assignment_sent",
                                                     version=view.version))
    page = manager.get(f"/cases/{number}").text
    assert 'id="application-fill"' not in page
    closed = manager.post(f"/cases/{number}/application", data={
        "employer": "Acme", "version": view.version})
    assert closed.status_code == 409 and "notice of assignment" in closed.text


def test_the_form_names_wrong_fields_in_words(site):  # noqa: F811
    manager = login(site, "manager")
    before = case_count(site)
    no_items = manager.post("/intake/form", data={**FORM, "items": ""},
                            files=[("records", ("n.txt", NOTE, "text/plain"))])
    assert no_items.status_code == 422 and "name the disputed items" in no_items.text
    bad_code = manager.post("/intake/form", data={**FORM, "diagnoses": "M99.99 Nothing"},
                            files=[("records", ("n.txt", NOTE, "text/plain"))])
    assert bad_code.status_code == 422
    assert "diagnoses: diagnosis, line 1: 'M99.99' is not a valid ICD-10-CM or ICD-9-CM code" in \
        html.unescape(bad_code.text)
    no_records = manager.post("/intake/form", data=FORM)
    assert no_records.status_code == 422 and "upload the medical records" in no_records.text
    # Records may be pasted instead of uploaded.
    pasted = manager.post("/intake/form", data={**FORM, "records_text": NOTE.decode()})
    assert pasted.status_code == 200 and case_count(site) == before + 1


def test_intake_is_atomic_a_refused_attachment_leaves_no_case(site):  # noqa: F811
    manager = login(site, "manager")
    before = case_count(site)
    bad = ("scan.pdf", b"%PDF-1.4 this is not a readable PDF", "application/pdf")
    by_form = manager.post("/intake/form", data=FORM, files=[
        ("records", ("progress-note.txt", NOTE, "text/plain")), ("records", bad)])
    assert by_form.status_code == 422 and "scan.pdf" in by_form.text
    case_file = manager.get("/intake")  # the case-file form: the same rule
    assert case_file.status_code == 200
    app, demo = site
    with app.state.sessions() as session:
        admin = Service(session, Actor(username="admin", role=Role.admin))
        seed = admin.get_case(demo.seed_case).case.model_copy(update={"case_number": "CM-ATOM-1"})
    import json

    by_file = manager.post("/intake", files=[
        ("case_file", ("case.json", json.dumps(seed.model_dump(mode="json")).encode(),
                       "application/json")),
        ("records", ("late.txt", b"\x00\x01 binary", "text/plain"))])
    assert by_file.status_code == 422 and "late.txt" in by_file.text
    assert case_count(site) == before
    assert manager.get("/cases/CM-ATOM-1").status_code == 404

    # The service itself (what the API calls): the case and its documents, or nothing.
    with app.state.sessions() as session:
        admin = Service(session, Actor(username="admin", role=Role.admin))
        with pytest.raises(InputError, match="empty.txt: the file is empty"):
            admin.intake(seed, documents=[("note.txt", NOTE), ("empty.txt", b"")])
        assert case_count(site) == before
        made = admin.intake(seed, documents=[("note.txt", NOTE)])
        assert [d.filename for d in admin.documents(made.case_number)] == ["note.txt"]


def test_fields_are_one_table_in_words():
    # Every required field of eligibility is a form field named in words, not a path.
    required = [f for f in application.FIELDS if f.need is application.Need.required]
    assert {f.label for f in required} == {"claim number", "date of injury",
                                           "date of the UR decision", "requesting physician",
                                           "diagnosis"}
    assert all("." not in f.label and "_" not in f.label for f in application.FIELDS)
    case = application.case_from_form(FORM, record_files=["a.pdf"],
                                      flags=lambda flag: flag == "signed")
    assert case.diagnoses[0].code == "M54.16" and case.diagnoses[1].description == "low back pain"
    assert [i.description for i in case.disputed_items][1] == "Tramadol 50 mg #60"
    assert case.application.signed and not case.application.ur_decision_attached
    assert [f.name for f in application.missing(case)] == ["claim_number", "employer"]
    done = application.complete(case, {"claim_number": "ADJ1", "employer": "Acme"})
    assert application.missing(done) == []
    with pytest.raises(InputError, match="ur_outcome: the UR decision must be one of"):
        application.case_from_form({**FORM, "ur_outcome": "maybe"}, record_files=["a.pdf"])


def test_entering_clinical_review_drafts_in_the_background(site):  # noqa: F811
    """Point 6: the move queues the draft as a job; the case page shows the job, and once
    the in-process runner (SQLite) has run it, the draft in place."""
    from openimr.jobs.inprocess import InProcessRunner

    app, demo = site
    manager = login(site, "manager")
    with app.state.sessions() as session:
        admin = Service(session, Actor(username="admin", role=Role.admin))
        seed = admin.get_case(demo.seed_case).case.model_copy(update={"case_number": "CM-JOB-1"})
        view = admin.intake(seed)
        from openimr.workflow.views import TransitionIn

        for to in ("eligibility_review", "notice_of_assignment_sent", "records_requested"):
            view = admin.transition("CM-JOB-1", TransitionIn(to=to, version=view.version))
        chen = next(r for r in admin.reviewers() if "Chen" in r.name)
        admin.assign("CM-JOB-1", chen.id)
        version = admin.get_case("CM-JOB-1").version
    page = manager.get("/cases/CM-JOB-1").text
    control = page.split('id="manage-h"')[1].split("</section>")[0]
    assert 'value="clinical_review"' in control
    moved = manager.post("/cases/CM-JOB-1/transition", data={"to": "clinical_review",
                                                             "version": version})
    assert "Status is now Clinical Review." in moved.text
    assert "No determination has been drafted yet." in moved.text
    jobs = manager.get("/cases/CM-JOB-1/jobs", headers={"HX-Request": "true"}).text
    assert "Drafting the determination" in jobs and "queued" in jobs
    assert 'hx-trigger="every 2s"' in jobs  # polled until it ends

    assert InProcessRunner(app.state.engine).run_pending() >= 1
    ended = manager.get("/cases/CM-JOB-1/jobs?active=1", headers={"HX-Request": "true"})
    assert ended.headers.get("HX-Refresh") == "true" and "succeeded" in ended.text
    page = manager.get("/cases/CM-JOB-1").text
    assert re.search(r'<span class="tag draft">Draft</span>', page)
    assert "No determination has been drafted yet." not in page
