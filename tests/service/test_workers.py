"""Workers on PostgreSQL: two `openimr worker` processes share the queue; one is killed
in the middle of a job, and the job is taken up by the other. Nothing is done twice and
nothing is lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from openimr.model import Case
from openimr.store import models as m
from openimr.store.base import make_engine
from openimr.workflow.reviewers import ReviewerIn
from openimr.workflow.service import Service
from openimr.workflow.users import Actor, Role
from openimr.workflow.views import TransitionIn
from tests.service.conftest import TABLES
from tests.service.factories import reviewer, seed_case, wait_for
from tests.service.test_jobs import scanned_pdf

pytestmark = pytest.mark.postgres
MANAGER = Actor(username="casey", role=Role.case_manager)
PAGES = 10

#: A slow OCR engine for the worker processes' OCR jobs (a stand-in for Tesseract): a second
#: per three pages, progress after each, and a line per finished recognition.
SLOW_OCR = textwrap.dedent('''
    import os, time
    def recognize(data, media_type, *, progress=None):
        for page in range(1, {pages} + 1):
            time.sleep(0.3)
            if progress:
                progress(page, {pages})
        with open(os.environ["FAKE_OCR_LOG"], "a") as log:
            log.write(f"{{os.getpid()}}\\n")
        return {{"pages": [{{"number": n, "confidence": 0.9}} for n in range(1, {pages} + 1)]}}
    import openimr.jobs
    openimr.jobs.ocr_engine = lambda: (recognize, lambda: True)
''').format(pages=PAGES)


def _worker(url: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen([sys.executable, "-m", "openimr.cli", "worker",
                                 "--database-url", url], env=env,
                                stdout=output, stderr=subprocess.STDOUT)


def test_a_killed_worker_loses_nothing_and_repeats_nothing(postgres_url: str,
                                                           tmp_path: Path) -> None:
    engine = make_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    (tmp_path / "sitecustomize.py").write_text(SLOW_OCR)
    log = tmp_path / "ocr.log"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path]),
           "FAKE_OCR_LOG": str(log), "OPENIMR_WORKER_HEARTBEAT": "1", "OPENIMR_OCR": "off"}
    numbers = []
    with Session(engine) as session:
        service = Service(session, MANAGER)
        for n in range(3):
            number = service.intake(Case.model_validate(
                seed_case(case_number=f"CM26-0000009{n}"))).case_number
            for target in ("eligibility_review", "notice_of_assignment_sent",
                           "records_requested"):
                service.transition(number, TransitionIn(to=target))
            added = service.add_reviewer(ReviewerIn.model_validate(reviewer(f"Dr. {n}")))
            service.assign(number, added.id)
            service.add_document(number, f"scan-{n}.pdf",
                                 scanned_pdf(tmp_path / f"scan-{n}.pdf", 1 + n))
            service.transition(number, TransitionIn(to="clinical_review"))
            numbers.append(number)

    def jobs() -> list[m.JobRow]:
        with Session(engine) as session:
            return list(session.scalars(select(m.JobRow).order_by(m.JobRow.id)))

    first = _worker(postgres_url, env, tmp_path / "worker-1.log")
    second = None
    try:
        running = wait_for(lambda: [j for j in jobs() if j.status == "running"
                                 and j.kind == "ocr" and (j.progress_done or 0) >= 2],
                        240, "an OCR job halfway")
        victim = running[0].id
        os.kill(first.pid, signal.SIGKILL)
        first.wait(30)
        second = _worker(postgres_url, env, tmp_path / "worker-2.log")
        try:
            wait_for(lambda: all(j.status == "succeeded" for j in jobs()) and len(jobs()) == 9,
                  300, "every job to finish")
        except AssertionError:
            states = [(j.id, j.kind, j.status, j.attempts, j.error) for j in jobs()]
            raise AssertionError(f"{states}\n{(tmp_path / 'worker-2.log').read_text()[-3000:]}"
                                 ) from None
        final = {j.id: j for j in jobs()}
        assert final[victim].attempts == 2  # taken up again after the kill
        assert sorted(j.kind for j in final.values()) == ["draft"] * 3 + ["extract"] * 3 \
            + ["ocr"] * 3
        with Session(engine) as session:
            for number in numbers:
                case = session.scalar(select(m.CaseRow).where(m.CaseRow.case_number == number))
                drafts = session.scalars(select(m.DeterminationRow).where(
                    m.DeterminationRow.case_id == case.id)).all()
                assert len(drafts) == 1
                assert len([e for e in case.events if e.kind == "determination"]) == 1
            left = session.execute(text("SELECT count(*) FROM procrastinate_jobs "
                                        "WHERE status IN ('todo', 'doing')")).scalar()
            assert left == 0
        # Three recognitions finished, plus none or one by the killed worker (it died
        # before finishing: its effect was never committed).
        assert len(log.read_text().split()) == 3
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
        engine.dispose()
