"""A scanned case from upload to a drafted determination (issue 15): the wall time from the
upload of a 300-page scanned case file (faxed 200 dpi pages, read by OCR) to its drafted
determination, on the in-process queue (SQLite, one job thread in the process, as
`openimr serve` runs them) and, when PostgreSQL is up, with two `openimr worker`
processes.

The pages come from the project's generator (`tests/scans.py`), made for the run and never
checked in. Before the clock starts the readers have loaded the reading pipeline and their
OCR caches are empty. Run alone: `python bench/run.py ocr_case`.

BENCH_CASE_PAGES (default 300) and BENCH_CASE_FILES (default 10: a case file arrives as
several faxes, each one OCR job, so two workers share them); BENCH_POSTGRES as in
`bench_jobs.py`.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

PAGES = int(os.environ.get("BENCH_CASE_PAGES", "300"))
FILES = int(os.environ.get("BENCH_CASE_FILES", "10"))
#: Longest wait for the draft, seconds (a loaded machine reads 300 pages slowly).
DEADLINE = 3 * 3600


def main() -> list[str]:
    from openimr.jobs import ocr_engine

    if not ocr_engine()[1]():
        from openimr.records.ocr import MISSING_MESSAGE

        return [f"skipped: {MISSING_MESSAGE}"]
    files = scanned_files(PAGES, FILES)
    size = sum(len(f) for f in files) // 1024
    lines = [f"a {PAGES}-page scanned case: {len(files)} faxed PDFs, {size} KB, 200 dpi "
             f"1-bit, skew up to 1 degree; {os.cpu_count()} cores"]
    lines.append(_in_process(files))
    lines.append(_two_workers(files))
    return lines


def scanned_files(pages: int, files: int) -> list[bytes]:
    """A long scanned record: `pages` pages of clinical prose (the example cases' notes),
    typeset, faxed at 200 dpi (1-bit, speckle, skew up to a degree) and scanned back by the
    project's generator, as `files` image-only PDFs."""
    from tests.scans import Fax, clinical_pages, fax_images, image_pdf, typeset

    texts = clinical_pages(pages, words_per_page=330, seed=17)
    per_file = -(-pages // files)
    out = []
    for start in range(0, pages, per_file):
        images = [fax_images(typeset([text], size=(10, 10.5, 11)[i % 3]),
                             Fax(skew=round((-1) ** i * (0.2 + 0.8 * ((i * 7) % 10) / 10), 2),
                                 seed=i))[0]
                  for i, text in enumerate(texts[start:start + per_file], start=start)]
        out.append(image_pdf(images))
    return out


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _in_process(files: list[bytes]) -> str:
    """SQLite and the server's own job thread: the two-command start."""
    from openimr.jobs.inprocess import InProcessRunner
    from openimr.records.pipeline import warm_up
    from openimr.store.migrate import open_database

    with tempfile.TemporaryDirectory(prefix="openimr-bench-case-") as folder:
        saved = {name: os.environ.get(name) for name in
                 ("OPENIMR_DOCUMENT_STORE", "OPENIMR_OCR_CACHE", "OPENIMR_JOBS")}
        os.environ.update(OPENIMR_DOCUMENT_STORE=f"{folder}/documents",
                          OPENIMR_OCR_CACHE=f"{folder}/ocr-cache", OPENIMR_JOBS="inprocess")
        try:
            engine = open_database(f"sqlite:///{folder}/bench.db")
            number = _case_before_records(engine)
            warm_up()
            runner = InProcessRunner(engine).start()
            try:
                cpu, started = _cpu(), time.perf_counter()
                _upload(engine, number, files)
                _wait_draft(engine)
                elapsed, cpu = time.perf_counter() - started, _cpu() - cpu
                # the `extract` job (the facts for the workbench) is not on the way to the
                # draft, which reads the records itself: let it end before the folder goes
                _wait_settled(engine)
            finally:
                runner.stop()
            steps = _steps(engine)
            engine.dispose()
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
    return (f"in-process queue (SQLite, 1 job thread): upload to drafted determination "
            f"{elapsed:.0f} s = {elapsed / 60:.1f} min; {cpu:.0f} CPU s "
            f"({PAGES / cpu:.2f} pages per core-second); {steps}; load average "
            f"{os.getloadavg()[0]:.1f}")


def _two_workers(files: list[bytes]) -> str:
    """PostgreSQL and two `openimr worker` processes, each with its own OCR cache."""
    import psycopg
    from bench_jobs import ADMIN, _start, _stop, _wait_registered

    from openimr.store.migrate import open_database

    try:
        with psycopg.connect(ADMIN, autocommit=True, connect_timeout=3):
            pass
    except psycopg.OperationalError as error:
        return f"2 workers: skipped, no PostgreSQL at {ADMIN} ({str(error).splitlines()[0]})"
    name = f"openimr_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + "/" + name
    saved = os.environ.get("OPENIMR_DOCUMENT_STORE")
    try:
        with tempfile.TemporaryDirectory(prefix="openimr-bench-case-") as folder:
            os.environ["OPENIMR_DOCUMENT_STORE"] = f"{folder}/documents"
            engine = open_database(url)
            number = _case_before_records(engine)
            processes = _start(url, 2, Path(folder) / "workers.log")
            try:
                _wait_registered(engine, 2)
                started = time.perf_counter()
                _upload(engine, number, files)
                _wait_draft(engine)
                elapsed = time.perf_counter() - started
            finally:
                _stop(processes)
            steps = _steps(engine)
            engine.dispose()
    finally:
        if saved is None:
            os.environ.pop("OPENIMR_DOCUMENT_STORE", None)
        else:
            os.environ["OPENIMR_DOCUMENT_STORE"] = saved
        with psycopg.connect(ADMIN, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return (f"2 workers (PostgreSQL): upload to drafted determination {elapsed:.0f} s = "
            f"{elapsed / 60:.1f} min; {steps}; load average {os.getloadavg()[0]:.1f}")


def _case_before_records(engine) -> str:  # type: ignore[no-untyped-def]
    """The seed case, assigned and waiting for its records; its number."""
    from bench_jobs import bench_reviewer
    from sqlalchemy.orm import Session

    from openimr.model import Case
    from openimr.workflow.service import Service
    from openimr.workflow.users import SYSTEM
    from openimr.workflow.views import TransitionIn

    seed = json.loads((ROOT / "examples/cases/seed-lumbar-pt.json").read_text())
    with Session(engine) as session:
        service = Service(session, SYSTEM)
        doctor = bench_reviewer(service, capacity=100)
        number = service.intake(Case.model_validate(
            {**seed, "case_number": "BENCH-SCANNED"})).case_number
        for target in ("eligibility_review", "notice_of_assignment_sent", "records_requested"):
            service.transition(number, TransitionIn(to=target))
        service.assign(number, doctor.id)
    return number


def _upload(engine, number: str, files: list[bytes]) -> None:  # type: ignore[no-untyped-def]
    """The records arrive and the case enters Clinical Review (which queues the draft)."""
    from sqlalchemy.orm import Session

    from openimr.workflow.service import Service
    from openimr.workflow.users import SYSTEM
    from openimr.workflow.views import TransitionIn

    with Session(engine) as session:
        service = Service(session, SYSTEM)
        for index, content in enumerate(files, start=1):
            service.add_document(number, f"records-{index:02d}.pdf", content)
        service.transition(number, TransitionIn(to="clinical_review"))


def _wait_draft(engine) -> None:  # type: ignore[no-untyped-def]
    from bench_jobs import _scalar

    deadline = time.monotonic() + DEADLINE
    while True:
        status = _scalar(engine, "SELECT count(*) FROM jobs WHERE kind = 'draft' AND status "
                                 "IN ('succeeded', 'failed')")
        if status:
            break
        if time.monotonic() > deadline:
            raise RuntimeError("the draft was not done in time")
        time.sleep(0.5)
    if _scalar(engine, "SELECT count(*) FROM jobs WHERE status = 'failed'"):
        raise RuntimeError("a job failed: see the jobs table")


def _wait_settled(engine) -> None:  # type: ignore[no-untyped-def]
    from bench_jobs import _scalar

    deadline = time.monotonic() + DEADLINE
    while _scalar(engine, "SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')"):
        if time.monotonic() > deadline:
            raise RuntimeError("the jobs did not end in time")
        time.sleep(0.5)


def _steps(engine) -> str:  # type: ignore[no-untyped-def]
    """The jobs' mean run times by kind (computed here: SQLite has no interval type)."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from openimr.store import models as m

    runs: dict[str, list[float]] = {}
    with Session(engine) as session:
        for job in session.scalars(select(m.JobRow).where(m.JobRow.status == "succeeded")):
            runs.setdefault(job.kind, []).append(
                (job.finished_at - job.started_at).total_seconds())
    ocr = runs.get("ocr", [])
    mean = {kind: sum(values) / len(values) for kind, values in runs.items()}
    return (f"{len(ocr)} ocr jobs of {mean.get('ocr', 0):.0f} s each on average, extract "
            f"{mean.get('extract', 0):.0f} s, draft {mean.get('draft', 0):.0f} s")


if __name__ == "__main__":
    print("\n".join(main()))
