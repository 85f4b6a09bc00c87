"""Background jobs on SQLite and PostgreSQL: queued in the transaction that asks for them,
idempotent by case and content hash, retried with backoff, failed with a reason, retried
by a person, and shown through the service and the API."""

from __future__ import annotations

import datetime as dt
import json
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from openimr.jobs import run
from openimr.jobs.inprocess import InProcessRunner
from openimr.model import Case
from openimr.model.errors import InputError
from openimr.store import models as m
from openimr.workflow.errors import Conflict, NotFound
from openimr.workflow.reviewers import ReviewerIn
from openimr.workflow.service import Service
from openimr.workflow.users import Actor, Role
from openimr.workflow.views import TransitionIn
from tests.service.factories import reviewer, seed_case

MANAGER = Actor(username="casey", role=Role.case_manager)


def scanned_pdf(path: Path, pages: int) -> bytes:
    """A PDF of blank pages: no text layer, as a scan has none."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=letter)
    for _ in range(pages):
        pdf.rect(72, 72, 100, 100)
        pdf.showPage()
    pdf.save()
    return path.read_bytes()


@dataclass
class FakeOcrDocument:
    pages: list[dict[str, object]] = field(default_factory=list)


@pytest.fixture
def ocr(monkeypatch: pytest.MonkeyPatch) -> types.SimpleNamespace:
    """An OCR engine for the OCR job that records its calls; `fail` makes it raise."""
    state = types.SimpleNamespace(calls=[], fail=None)

    def recognize(data: bytes, media_type: str, *, progress=None):  # type: ignore[no-untyped-def]
        state.calls.append((len(data), media_type))
        if state.fail is not None:
            raise state.fail
        for page in range(1, 4):
            if progress is not None:
                progress(page, 3)
        return FakeOcrDocument(pages=[{"number": n, "confidence": 0.95} for n in (1, 2, 3)])

    # The OCR job's engine is the stand-in; the records reader reads no scan itself.
    monkeypatch.setattr("openimr.jobs.ocr_engine", lambda: (recognize, lambda: True))
    monkeypatch.setenv("OPENIMR_OCR", "off")
    return state


def _in_clinical_review(service: Service, number: str | None = None) -> str:
    case = seed_case(**({"case_number": number} if number else {}))
    number = service.intake(Case.model_validate(case)).case_number
    for target in ("eligibility_review", "notice_of_assignment_sent", "records_requested"):
        service.transition(number, TransitionIn(to=target))
    added = service.add_reviewer(ReviewerIn.model_validate(reviewer(f"Dr. {number}")))
    service.assign(number, added.id)
    service.transition(number, TransitionIn(to="clinical_review"))
    return number


def _jobs(session: Session, kind: str | None = None) -> list[m.JobRow]:
    """The jobs as committed now (read apart from the test's session, whose transaction
    would otherwise keep showing what it first read)."""
    from sqlalchemy.orm import selectinload

    query = select(m.JobRow).options(selectinload(m.JobRow.case)).order_by(m.JobRow.id)
    if kind:
        query = query.where(m.JobRow.kind == kind)
    with Session(session.get_bind(), expire_on_commit=False) as fresh:
        return list(fresh.scalars(query))


def test_entry_to_clinical_review_drafts_once_in_the_background(
        engine: Engine, session: Session) -> None:
    service = Service(session, MANAGER)
    number = _in_clinical_review(service)
    [job] = _jobs(session, "draft")
    assert (job.status, job.attempts, job.case.case_number) == ("queued", 0, number)
    # Moving back and forth does not queue the same work twice.
    service.transition(number, TransitionIn(to="records_requested", version=None))
    service.transition(number, TransitionIn(to="clinical_review"))
    assert len(_jobs(session, "draft")) == 1

    assert InProcessRunner(engine).run_pending() == 1
    [job] = _jobs(session, "draft")
    assert job.status == "succeeded" and job.attempts == 1 and job.finished_at is not None
    determination = service.get_determination(number)
    assert determination.status == "draft"
    drafted = [e for e in service.get_case(number).events if e.kind == "determination"]
    assert len(drafted) == 1 and drafted[0].actor == f"job {job.id} for casey"

    # Delivered again (a queue's retry, a second worker): nothing is done twice.
    assert run(engine, job.id) is not None
    assert len([e for e in service.get_case(number).events if e.kind == "determination"]) == 1
    assert _jobs(session, "draft")[0].attempts == 1


def test_a_scanned_upload_is_recognized_then_read_and_the_draft_waits_for_it(
        engine: Engine, session: Session, ocr: types.SimpleNamespace, tmp_path: Path) -> None:
    service = Service(session, MANAGER)
    number = _in_clinical_review(service)
    service.add_document(number, "scan.pdf", scanned_pdf(tmp_path / "scan.pdf", 3))
    service.add_document(number, "note.txt", b"Progress note: 9 sessions of PT so far.\n")
    [ocr_job] = _jobs(session, "ocr")  # text files need no OCR
    [draft_job] = _jobs(session, "draft")

    # The draft waits for the OCR: queued again without spending an attempt.
    assert run(engine, draft_job.id).value == "queued"
    draft_job = _jobs(session, "draft")[0]
    assert draft_job.attempts == 0 and "waiting for the OCR" in draft_job.error
    assert draft_job.queued_at > m.utcnow()

    assert run(engine, ocr_job.id).value == "succeeded"
    ocr_job = _jobs(session, "ocr")[0]
    assert ocr.calls == [(ocr_job.params and len(service.document(number, ocr_job.params[
        "sha256"])[1]), "application/pdf")]
    assert (ocr_job.progress_done, ocr_job.progress_total) == (3, 3)
    assert ocr_job.result["pages"] == 3
    stored = service.store.get(ocr_job.result["ocr"])  # the recognized words, by hash
    assert [p["confidence"] for p in json.loads(stored)["pages"]] == [0.95, 0.95, 0.95]
    kept = session.get(m.OcrResult, ocr_job.params["sha256"])  # named for every machine
    assert kept is not None and kept.result == ocr_job.result["ocr"] and kept.pages == 3
    [extract_job] = _jobs(session, "extract")  # once no OCR of the case is left
    assert extract_job.status == "queued"
    # The same content again is the same job: never recognized twice.
    assert run(engine, ocr_job.id).value == "succeeded" and len(ocr.calls) == 1


def test_failures_retry_with_backoff_then_fail_with_the_reason_until_a_person_retries(
        engine: Engine, session: Session, ocr: types.SimpleNamespace, tmp_path: Path) -> None:
    service = Service(session, MANAGER)
    number = _in_clinical_review(service)
    ocr.fail = RuntimeError("tesseract crashed")
    service.add_document(number, "scan.pdf", scanned_pdf(tmp_path / "scan.pdf", 1))
    [job] = _jobs(session, "ocr")
    waits = []
    for _ in range(job.max_attempts - 1):
        before = m.utcnow()
        assert run(engine, job.id).value == "queued"
        job = _jobs(session, "ocr")[0]
        assert "tesseract crashed" in job.error
        waits.append((job.queued_at - before).total_seconds())
    assert waits == sorted(waits) and waits[0] >= 1.5  # backoff grows: 2, 4, 8 s
    assert run(engine, job.id).value == "failed"
    view = service.get_job(job.id)
    assert view.status == "failed" and view.attempts == job.max_attempts
    assert "tesseract crashed" in view.error and "after 4 attempts" in view.error
    assert service.job_metrics().failed == 1

    ocr.fail = None
    retried = service.retry_job(job.id)
    assert (retried.status, retried.attempts, retried.error) == ("queued", 0, None)
    with pytest.raises(Conflict):
        service.retry_job(job.id)
    assert run(engine, job.id).value == "succeeded"


def test_bad_input_fails_at_once(engine: Engine, session: Session,
                                 ocr: types.SimpleNamespace, tmp_path: Path) -> None:
    service = Service(session, MANAGER)
    number = _in_clinical_review(service)
    ocr.fail = InputError("page 1 is not an image")
    service.add_document(number, "scan.pdf", scanned_pdf(tmp_path / "scan.pdf", 1))
    [job] = _jobs(session, "ocr")
    assert run(engine, job.id).value == "failed"
    assert _jobs(session, "ocr")[0].attempts == 1


def test_reviewers_see_their_cases_jobs_only(engine: Engine, session: Session) -> None:
    service = Service(session, MANAGER)
    mine = _in_clinical_review(service, "CM26-00000031")
    other = _in_clinical_review(service, "CM26-00000032")
    row = session.scalar(select(m.CaseRow).where(m.CaseRow.case_number == mine))
    doctor = Service(session, Actor(username="dr", role=Role.reviewer,
                                    reviewer_id=row.reviewer_id))
    assert [j.case_number for j in doctor.list_jobs()] == [mine]
    with pytest.raises(NotFound):
        doctor.list_jobs(case_number=other)
    other_job = _jobs(session, "draft")[1]
    with pytest.raises(NotFound):
        doctor.get_job(other_job.id)


def test_jobs_through_the_api(client: TestClient,
                              login: Callable[[str, str], dict[str, str]]) -> None:
    admin = login("admin", "admin-password")
    engine = client.app.state.engine
    with Session(engine) as session:
        number = _in_clinical_review(Service(session, MANAGER))
    listed = client.get(f"/api/cases/{number}/jobs", headers=admin)
    assert listed.status_code == 200, listed.text
    assert listed.headers["X-Total-Count"] == "1"
    [job] = listed.json()
    assert job["kind"] == "draft" and job["status"] == "queued"
    assert job["created_at"].endswith("Z")
    assert client.get("/api/jobs", headers=admin, params={"status": "queued"}).headers[
        "X-Total-Count"] == "1"
    assert client.get("/api/jobs", headers=admin, params={"status": "nonsense"}
                      ).status_code == 422
    assert client.get("/api/jobs/999999", headers=admin).status_code == 404
    assert client.post(f"/api/jobs/{job['id']}/retry", headers=admin).status_code == 409

    metrics = client.get("/api/metrics", headers=admin).json()["jobs"]
    assert metrics["queued"] == 1 and metrics["by_kind"]["draft"]["queued"] == 1
    assert metrics["oldest_queued_seconds"] >= 0
    text = client.get("/api/metrics/prometheus", headers=admin)
    assert text.status_code == 200
    assert text.headers["content-type"].startswith("text/plain; version=0.0.4")
    assert "openimr_jobs_queue_depth 1\n" in text.text
    assert 'openimr_jobs{kind="draft",status="queued"} 1' in text.text

    client.post("/api/users", headers=admin, json={
        "username": "pat", "role": "party", "password": "party-password-1",
        "case_numbers": [number]})
    party = login("pat", "party-password-1")
    assert client.get("/api/metrics/prometheus", headers=party).status_code == 403
    assert client.get(f"/api/cases/{number}/jobs", headers=party).status_code == 403
    assert client.get("/api/metrics/prometheus").status_code == 401


def test_backoff_is_bounded() -> None:
    from openimr.jobs.runner import MAX_BACKOFF

    assert MAX_BACKOFF == dt.timedelta(minutes=5)


def test_openimr_worker_runs_the_queue_and_refuses_bad_options(sqlite_template: Path,
                                                               tmp_path: Path) -> None:
    """On SQLite (PostgreSQL workers: test_workers.py)."""
    import shutil

    from openimr.store.base import make_engine
    from tests.conftest import run_cli

    shutil.copy(sqlite_template, tmp_path / "openimr.db")
    database_url = f"sqlite:///{tmp_path}/openimr.db"
    engine = make_engine(database_url)
    with Session(engine) as session:
        number = _in_clinical_review(Service(session, MANAGER))
        result = run_cli("worker", "--burst", "--database-url", database_url)
        assert result.exit_code == 0, result.stderr
        [job] = _jobs(session, "draft")
    engine.dispose()
    assert job.status == "succeeded" and job.case.case_number == number

    bad = run_cli("worker", "--queues", "nope", "--database-url", database_url)
    assert bad.exit_code == 2 and "no queue nope" in bad.stderr
    wrong = run_cli("worker", "--burst", "--database-url", database_url,
                    env={"OPENIMR_JOBS": "procrastinate"})
    assert wrong.exit_code == 2 and "needs PostgreSQL" in wrong.stderr
