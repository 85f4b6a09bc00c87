"""Issue 15, done when: scanned case files go from upload to a draft with boxed evidence on
the page image, in background jobs on PostgreSQL with two `openimr worker` processes and
real Tesseract. The API server (this process) runs no job and no OCR: it reads what the
workers kept. Each worker has an OCR cache of its own; they share the database and the
document store only, as on separate machines.

About a minute or two on the shared 2-core machine (the workers load the reading pipeline,
then OCR and draft): marked `slow`, run by `make test-slow`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from openimr.records import ocr
from openimr.store import models as m
from openimr.store.base import make_engine
from openimr.workflow.users import create_user
from tests.scans import Fax, faxed_pdf
from tests.service.conftest import TABLES
from tests.service.factories import reviewer, seed_case, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
CASES = ("CM26-0000201", "CM26-0000202")


def test_scanned_case_files_are_drafted_with_boxed_evidence_by_two_workers(
        postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert ocr.ocr_available(), ocr.MISSING_MESSAGE
    engine = make_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    store = tmp_path / "documents"
    monkeypatch.setenv("OPENIMR_DOCUMENT_STORE", str(store))
    monkeypatch.setenv("OPENIMR_OCR", "off")  # the app server reads no scan itself
    monkeypatch.setenv("OPENIMR_OCR_CACHE", str(tmp_path / "cache-app"))
    workers = []
    for n in (1, 2):
        env = {**os.environ, "OPENIMR_OCR": "on", "OPENIMR_OCR_CACHE": str(tmp_path / f"cache-{n}"),
               "OPENIMR_WORKER_HEARTBEAT": "2"}
        with (tmp_path / f"worker-{n}.log").open("ab") as log:
            workers.append(subprocess.Popen(
                [sys.executable, "-m", "openimr.cli", "worker", "--database-url", postgres_url],
                env=env, stdout=log, stderr=subprocess.STDOUT))
    from openimr.api import create_app

    app = create_app(postgres_url)
    with Session(app.state.engine) as session:
        create_user(session, "admin", "admin", "admin-password")
        session.commit()
    client = TestClient(app)
    try:
        token = client.post("/api/token", data={"username": "admin",
                                                "password": "admin-password"})
        admin = {"Authorization": f"Bearer {token.json()['access_token']}"}
        doctor = client.post("/api/reviewers", headers=admin, json=reviewer("Dr. Scan"))
        assert doctor.status_code == 201, doctor.text
        # Both workers are up (the reading pipeline loaded) before the uploads.
        wait_for(lambda: engine.connect().execute(text(
            "SELECT count(*) FROM procrastinate_workers")).scalar() >= 2, 300, "two workers")
        for index, number in enumerate(CASES):
            case = seed_case(case_number=number)
            record = case["records"][0]
            case["records"] = [{"path": "seed-scan.pdf", "date": record["date"],
                                "type": record["type"], "author": record["author"]}]
            scan = faxed_pdf([record["text"]], Fax(skew=(0.7, -0.9)[index], seed=5 + index))
            assert client.post("/api/cases", headers=admin, json=case).status_code == 201
            for step in ("eligibility_review", "notice_of_assignment_sent", "records_requested"):
                moved = client.post(f"/api/cases/{number}/transitions", headers=admin,
                                    json={"to": step})
                assert moved.status_code == 200, moved.text
            upload = client.post(f"/api/cases/{number}/documents", headers=admin, files={
                "file": ("seed-scan.pdf", scan, "application/pdf")},
                data={"kind": "medical_records"})
            assert upload.status_code == 201, upload.text
            assert client.post(f"/api/cases/{number}/assignment",
                               headers=admin).status_code == 200
            moved = client.post(f"/api/cases/{number}/transitions", headers=admin,
                                json={"to": "clinical_review"})
            assert moved.status_code == 200, moved.text

        def all_done() -> list[m.JobRow] | None:
            with Session(engine) as session:
                jobs = list(session.scalars(select(m.JobRow)))
            finished = [j for j in jobs if j.status in ("succeeded", "failed")]
            return jobs if len(jobs) == 6 and len(finished) == 6 else None

        try:
            jobs = wait_for(all_done, 600, "the OCR, reading and drafts of both cases")
        except AssertionError:
            logs = "\n".join((tmp_path / f"worker-{n}.log").read_text()[-2000:] for n in (1, 2))
            raise AssertionError(logs) from None
        assert sorted((j.kind, j.status) for j in jobs) == sorted(
            [("ocr", "succeeded"), ("extract", "succeeded"), ("draft", "succeeded")] * 2)
        # the two scans were recognized at once, one by each worker
        assert len({j.worker for j in jobs if j.kind == "ocr"}) == 2

        for number in CASES:
            drafted = client.get(f"/api/cases/{number}/determination", headers=admin)
            assert drafted.status_code == 200, drafted.text
            criteria = [c for i in drafted.json()["determination"]["determinations"]
                        for c in i["criteria"]]
            visits = next(c for c in criteria if c["id"] == "pm.visits_within_guideline")
            evidence = visits["evidence"][0]
            assert "9 sessions" in evidence["quote"]
            assert evidence["document"] == "seed-scan.pdf"
            assert len(evidence["boxes"]) == len(evidence["quote"].split())
            assert all(0 < b[0] < b[2] < 612 and 0 < b[1] < b[3] < 792
                       for b in evidence["boxes"])
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(30)
                except subprocess.TimeoutExpired:
                    worker.kill()
        app.state.engine.dispose()
        engine.dispose()
