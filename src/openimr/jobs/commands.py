"""`openimr worker`: start background-job workers."""

from __future__ import annotations

import typer


def worker(
    concurrency: int = typer.Option(1, "--concurrency", "-c", min=1, max=64,
                                    help="Worker processes (one job each at a time)."),
    queues: list[str] = typer.Option([], "--queues", "-q",
                                     help="Only these queues (repeat): ocr, records, "
                                          "letters, corpus. Default: all."),
    database_url: str | None = typer.Option(None, "--database-url",
                                            help="Database (default OPENIMR_DATABASE_URL, "
                                                 "else sqlite:///openimr.db)."),
    burst: bool = typer.Option(False, "--burst", help="SQLite: run the queued jobs, then "
                               "stop."),
) -> None:
    """Run background jobs (OCR, reading records, drafts, PDFs, corpus). On PostgreSQL any
    number of workers, on any number of machines, share the database's queue."""
    from openimr.jobs.worker import run_workers
    from openimr.store.base import database_url as default_url

    run_workers(database_url or default_url(), concurrency=concurrency, queues=queues,
                burst=burst)


def register(app: typer.Typer) -> None:
    app.command()(worker)
