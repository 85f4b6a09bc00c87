"""Background jobs on PostgreSQL: job throughput with 1, 2 and 4 `openimr worker`
processes (as a ratio to one). The time from the upload of a 300-page scanned case file to
its drafted determination is `bench_ocr_case.py`'s.

Needs the PostgreSQL of the tests (127.0.0.1:5432, trust; `BENCH_POSTGRES` to change):
a database is created for the run and dropped after it. The jobs are the engine's drafts
of the seed case (reading its records, extracting facts, deciding), each on its own case;
the workers are started and have loaded the reading pipeline before the clock starts.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADMIN = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
JOBS = 24
WORKERS = (1, 2, 4)


def main() -> list[str]:
    import psycopg

    try:
        with psycopg.connect(ADMIN, autocommit=True, connect_timeout=3):
            pass
    except psycopg.OperationalError as error:
        return [f"skipped: no PostgreSQL at {ADMIN} ({str(error).strip().splitlines()[0]})"]
    name = f"openimr_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + "/" + name
    folder = tempfile.TemporaryDirectory(prefix="openimr-bench-jobs-")
    os.environ["OPENIMR_DOCUMENT_STORE"] = str(Path(folder.name) / "documents")
    try:
        return _run(url, Path(folder.name))
    finally:
        with psycopg.connect(ADMIN, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        folder.cleanup()


def _run(url: str, folder: Path) -> list[str]:
    from sqlalchemy import text

    from openimr.store.migrate import open_database

    engine = open_database(url)
    numbers = _cases(engine, JOBS)
    lines, rates = [], {}
    for workers in WORKERS:
        with engine.begin() as connection:
            connection.execute(text("TRUNCATE determinations, jobs, procrastinate_jobs "
                                    "CASCADE"))
        processes = _start(url, workers, folder / f"workers-{workers}.log")
        try:
            _wait_registered(engine, workers)
            started = time.perf_counter()
            _queue_drafts(engine, numbers)
            _wait_done(engine, JOBS)
            elapsed = time.perf_counter() - started
        finally:
            _stop(processes)
        rates[workers] = JOBS / elapsed
        lines.append(f"{workers} worker{'s' if workers > 1 else ''}: {JOBS} drafts in "
                     f"{elapsed:.1f} s = {rates[workers]:.2f} jobs/s "
                     f"(x{rates[workers] / rates[1]:.2f} of one worker; mean run "
                     f"{_mean_run(engine, 'draft'):.2f} s a job; load average "
                     f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    engine.dispose()
    return lines


def bench_reviewer(service, capacity: int):  # type: ignore[no-untyped-def]
    """The reviewer the job benchmarks assign their cases to (one specialty, licensed here)."""
    from openimr.workflow.reviewers import ReviewerIn

    return service.add_reviewer(ReviewerIn.model_validate({
        "name": "Dr. Bench", "capacity": capacity, "profile": {
            "board_certifications": ["Physical Medicine and Rehabilitation"],
            "licensed_states": ["California"], "years_in_practice": 12,
            "active_practice_hours_per_week": 30}}))


def _cases(engine, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    """`count` copies of the seed case in Clinical Review, each with its reviewer."""
    import json

    from sqlalchemy.orm import Session

    from openimr.model import Case
    from openimr.workflow.service import Service
    from openimr.workflow.users import SYSTEM
    from openimr.workflow.views import TransitionIn

    seed = json.loads((ROOT / "examples/cases/seed-lumbar-pt.json").read_text())
    numbers = []
    with Session(engine) as session:
        service = Service(session, SYSTEM)
        doctor = bench_reviewer(service, capacity=10_000)
        for n in range(count):
            number = service.intake(Case.model_validate(
                {**seed, "case_number": f"BENCH-{n:04d}"})).case_number
            for target in ("eligibility_review", "notice_of_assignment_sent",
                           "records_requested"):
                service.transition(number, TransitionIn(to=target))
            service.assign(number, doctor.id)
            numbers.append(number)
        for number in numbers:
            service.transition(number, TransitionIn(to="clinical_review"))
    return numbers


def _queue_drafts(engine, numbers: list[str]) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from openimr.store import models as m
    from openimr.workflow import jobs

    with Session(engine) as session:
        for row in session.scalars(select(m.CaseRow).where(m.CaseRow.case_number.in_(numbers))):
            jobs.enqueue(session, jobs.JobKind.draft, case=row, requested_by="bench",
                         digest=jobs.content_hash("bench", time.time_ns()))
        session.commit()


def _start(url: str, workers: int, log: Path) -> list[subprocess.Popen[bytes]]:
    """`workers` worker processes, each with an empty OCR cache of its own (as on separate
    machines: what one recognized reaches the others through the database and the store)."""
    with log.open("ab") as output:
        return [subprocess.Popen([sys.executable, "-m", "openimr.cli", "worker",
                                  "--database-url", url], stdout=output,
                                 stderr=subprocess.STDOUT,
                                 env={**os.environ, "OPENIMR_OCR_CACHE": tempfile.mkdtemp(
                                     prefix=f"ocr-{n}-", dir=log.parent)})
                for n in range(workers)]


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()


def _scalar(engine, query: str) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    with engine.connect() as connection:
        return int(connection.execute(text(query)).scalar() or 0)


def _wait_registered(engine, workers: int) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 300
    while _scalar(engine, "SELECT count(*) FROM procrastinate_workers") < workers:
        if time.monotonic() > deadline:
            raise RuntimeError("the workers did not start")
        time.sleep(0.2)


def _wait_done(engine, count: int, kind: str = "draft") -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 1800
    while _scalar(engine, f"SELECT count(*) FROM jobs WHERE kind = '{kind}' AND status IN "
                          "('succeeded', 'failed')") < count:
        if time.monotonic() > deadline:
            raise RuntimeError("the jobs did not finish")
        time.sleep(0.1)


def _mean_run(engine, kind: str) -> float:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    with engine.connect() as connection:
        value = connection.execute(text(
            "SELECT avg(extract(epoch FROM finished_at - started_at)) FROM jobs "
            "WHERE kind = :kind AND status = 'succeeded'"), {"kind": kind}).scalar()
    return float(value or 0.0)


if __name__ == "__main__":
    print("\n".join(main()))
