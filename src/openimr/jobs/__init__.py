"""Background jobs: OCR, reading the records, drafting, letters as PDF, corpus ingest and
training, run outside the request that asked for them.

The service queues a job (`openimr.workflow.jobs`); this package runs it:
- `run(engine, job_id)`: one job, the same whichever queue delivered it (`runner`);
- `InProcessRunner`: on SQLite, a thread of `openimr serve` runs queued jobs (the
  two-command start needs no other process);
- `openimr worker` (`worker`): on PostgreSQL, any number of worker processes on any number
  of machines take jobs from procrastinate's queue, and take up those of a worker that died.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # `openimr --help` imports this package: no SQLAlchemy at import time
    from sqlalchemy import Engine

    from openimr.workflow.jobs import JobStatus


def run(engine: Engine, job_id: int, *, worker: str | None = None) -> JobStatus | None:
    """Run one job if it is due; its status afterwards."""
    from openimr.jobs.runner import run_job
    from openimr.jobs.tasks import TASKS

    return run_job(engine, job_id, TASKS, worker=worker)


def ocr_engine() -> tuple[Callable[..., Any], Callable[[], bool]]:
    """`recognize(data, media_type, *, progress=None)` and `ocr_available()` of
    `openimr.records.ocr`, imported only when an OCR job runs."""
    try:
        from openimr.records.ocr import ocr_available, recognize
    except ImportError:
        return _no_ocr, lambda: False
    return recognize, ocr_available


def _no_ocr(*_: Any, **__: Any) -> Any:
    raise RuntimeError("this installation has no OCR (openimr.records.ocr)")


def __getattr__(name: str) -> Any:
    if name == "InProcessRunner":
        from openimr.jobs.inprocess import InProcessRunner

        return InProcessRunner
    raise AttributeError(name)


__all__ = ["InProcessRunner", "ocr_engine", "run"]
