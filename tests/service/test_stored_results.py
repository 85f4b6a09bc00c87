"""What a job makes is kept for every machine (issue 15): the pages an OCR job recognized
are read back by another process that shares only the database and the document store,
and the letter PDF a job rendered is served from the store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from openimr.jobs import InProcessRunner
from openimr.model import Case
from openimr.records import ocr
from openimr.store import models as m
from openimr.store.base import make_engine
from openimr.workflow.reviewers import ReviewerIn
from openimr.workflow.service import Service
from openimr.workflow.users import Actor, Role
from openimr.workflow.views import TransitionIn
from tests.conftest import run_cli_process
from tests.scans import Fax, faxed_pdf
from tests.service.factories import reviewer, seed_case
from tests.service.test_corrections import _signed_case

MANAGER = Actor(username="casey", role=Role.case_manager)


def scanned_seed_case(service: Service, name: str = "seed-scan.pdf") -> tuple[str, bytes]:
    """The seed case with its record printed, faxed at 200 dpi and scanned back, uploaded
    and moved into Clinical Review (which queues the draft): (case number, the scan)."""
    case = seed_case()
    record = case["records"][0]
    scan = faxed_pdf([record["text"]], Fax(skew=0.7, seed=5))
    case["records"] = [{"path": name, "date": record["date"], "type": record["type"],
                        "author": record["author"]}]
    number = service.intake(Case.model_validate(case)).case_number
    for target in ("eligibility_review", "notice_of_assignment_sent", "records_requested"):
        service.transition(number, TransitionIn(to=target))
    added = service.add_reviewer(ReviewerIn.model_validate(reviewer(f"Dr. {number}")))
    service.assign(number, added.id)
    service.add_document(number, name, scan)
    service.transition(number, TransitionIn(to="clinical_review"))
    return number, scan


def visits_evidence(service: Service, number: str) -> dict:  # type: ignore[type-arg]
    drafted = service.get_determination(number).determination.model_dump(mode="json")
    visits = next(c for i in drafted["determinations"] for c in i["criteria"]
                  if c["id"] == "pm.visits_within_guideline")
    return visits["evidence"][0]


def test_pages_recognized_by_one_process_are_read_back_by_another(
        sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two worker processes sharing only the database and the document store: the first
    recognizes the scan (OCR queue only), the second, with no OCR and a cache of its own,
    reads the records and drafts from what the first kept."""
    assert ocr.ocr_available(), ocr.MISSING_MESSAGE
    shutil.copy(sqlite_template, tmp_path / "openimr.db")
    url = f"sqlite:///{tmp_path}/openimr.db"
    store = tmp_path / "documents"
    monkeypatch.setenv("OPENIMR_DOCUMENT_STORE", str(store))
    engine = make_engine(url)
    with Session(engine) as session:
        number, scan = scanned_seed_case(Service(session, MANAGER))

    first = run_cli_process("worker", "--burst", "--queues", "ocr", "--database-url", url,
                            env={"OPENIMR_DOCUMENT_STORE": str(store),
                                 "OPENIMR_OCR_CACHE": str(tmp_path / "cache-1")})
    assert first.exit_code == 0, first.stderr
    second = run_cli_process("worker", "--burst", "--queues", "records", "--database-url", url,
                             env={"OPENIMR_DOCUMENT_STORE": str(store), "OPENIMR_OCR": "off",
                                  "OPENIMR_OCR_CACHE": str(tmp_path / "cache-2")})
    assert second.exit_code == 0, second.stderr

    with Session(engine) as session:
        jobs = {j.kind: j for j in session.scalars(select(m.JobRow))}
        assert {k: j.status for k, j in jobs.items()} == {
            "ocr": "succeeded", "extract": "succeeded", "draft": "succeeded"}, [
            (j.kind, j.error) for j in jobs.values()]
        kept = session.get(m.OcrResult, jobs["ocr"].params["sha256"])
        assert kept is not None and kept.recognized == 1 and kept.result == jobs["ocr"].result["ocr"]
        assert kept.engine.startswith("tesseract")
        # the second process read the page (it has no OCR of its own), from the kept result
        assert jobs["extract"].result["pages_not_read"] == []
        assert list((tmp_path / "cache-2").glob(f"*/kept-{kept.result}"))
        stored = json.loads((store / kept.result[:2] / kept.result[2:4] / kept.result).read_text())
        assert "9 sessions" in stored["pages"][0]["text"]
        evidence = visits_evidence(Service(session, MANAGER), number)
    engine.dispose()
    assert "9 sessions" in evidence["quote"] and evidence["document"] == "seed-scan.pdf"
    assert len(evidence["boxes"]) == len(evidence["quote"].split())
    assert all(0 < b[0] < b[2] < 612 and 0 < b[1] < b[3] < 792 for b in evidence["boxes"])


def test_the_letter_pdf_a_job_rendered_is_served_from_the_store(
        engine, session: Session) -> None:  # type: ignore[no-untyped-def]
    number, doctor, _ = _signed_case(session)
    InProcessRunner(engine).run_pending()
    job = session.scalar(select(m.JobRow).where(m.JobRow.kind == "render_pdf"))
    assert job.status == "succeeded" and job.result["letter_version"] == 1
    rendered = doctor.store.get(job.result["pdf"])
    assert doctor.letter(number, "pdf") == rendered

    # What is served is the stored file, not a new rendering: point the job at another.
    # (its bytes name this run's database: the document store is shared by the test workers,
    # and the same bytes would be the same file, which the other database's run unlinks below)
    copy = f"%PDF-1.4\n% the copy the job kept on {engine.url.drivername}\n".encode()
    kept = doctor.store.put(copy)
    job.result = {**job.result, "pdf": kept}
    session.commit()
    assert doctor.letter(number, "pdf") == copy
    # The public copy is always rendered (identities removed), never the stored full one.
    assert doctor.letter(number, "pdf", public=True).startswith(b"%PDF")
    assert doctor.letter(number, "pdf", public=True) != doctor.store.get(kept)

    # A stored file that went missing: the letter is rendered in the request instead.
    path = Path(doctor.store.location) / kept[:2] / kept[2:4] / kept
    path.unlink()
    again = doctor.letter(number, "pdf")
    assert again.startswith(b"%PDF") and b"the copy the job kept" not in again
