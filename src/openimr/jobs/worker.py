"""`openimr worker`: processes that take jobs from the queue.

On PostgreSQL the queue is procrastinate's: each worker process runs one job at a time
(the work is CPU-bound; `--concurrency N` starts N processes), sends a heartbeat every
`OPENIMR_WORKER_HEARTBEAT` seconds (default 10), and every few seconds puts back on the
queue the jobs of workers whose heartbeat stopped for three intervals (a machine that
died, a process that was killed): those jobs are taken up by a live worker. Workers on
any number of machines share one database; none needs to know of the others.

On SQLite (or `OPENIMR_JOBS=inprocess`) the worker runs the in-process runner instead.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Sequence

from sqlalchemy import make_url

from openimr.model.errors import InputError
from openimr.workflow.jobs import PROCRASTINATE_TASK, QUEUES, Backend, backend_for

log = logging.getLogger("openimr.jobs")


def heartbeat_seconds() -> float:
    raw = os.environ.get("OPENIMR_WORKER_HEARTBEAT", "10")
    try:
        seconds = float(raw)
    except ValueError:
        raise InputError(f"OPENIMR_WORKER_HEARTBEAT={raw!r} is not a number of seconds"
                         ) from None
    if not 0.2 <= seconds <= 600:
        raise InputError("OPENIMR_WORKER_HEARTBEAT must be between 0.2 and 600 seconds")
    return seconds


def check_queues(queues: Sequence[str] | None) -> tuple[str, ...] | None:
    if not queues:
        return None
    unknown = sorted(set(queues) - set(QUEUES))
    if unknown:
        raise InputError(f"no queue {', '.join(unknown)}: the queues are {', '.join(QUEUES)}")
    return tuple(queues)


def procrastinate_app(url: str):  # type: ignore[no-untyped-def]
    """The procrastinate app of the database at `url`, with the one task that runs jobs."""
    from procrastinate import App, PsycopgConnector

    from openimr.store.base import make_engine

    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    app = App(connector=PsycopgConnector(conninfo=conninfo, min_size=1, max_size=4))
    engine = make_engine(url)

    @app.task(name=PROCRASTINATE_TASK, pass_context=False)
    def run_job(job_id: int) -> None:
        from openimr.jobs import run

        run(engine, job_id)

    return app


async def _serve(url: str, queues: tuple[str, ...] | None, name: str) -> None:
    app = procrastinate_app(url)
    beat = heartbeat_seconds()
    stalled = 3 * beat
    async with app.open_async():
        worker = asyncio.create_task(app.run_worker_async(
            queues=list(queues) if queues else None, concurrency=1, name=name,
            update_heartbeat_interval=beat, stalled_worker_timeout=stalled,
            fetch_job_polling_interval=min(5.0, beat), listen_notify=True,
            delete_jobs="successful"))
        recovery = asyncio.create_task(_recover(app, beat, stalled, queues))
        try:
            await worker
        finally:
            recovery.cancel()


async def _recover(app, beat: float, stalled: float,  # type: ignore[no-untyped-def]
                   queues: tuple[str, ...] | None) -> None:
    """Put back on the queue the jobs of workers that stopped sending heartbeats."""
    while True:
        await asyncio.sleep(beat)
        try:
            jobs = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled)
            for job in jobs:
                if queues is None or job.queue in queues:
                    log.warning("job %s of a stalled worker queued again", job.id)
                    await app.job_manager.retry_job(job)
        except Exception:  # noqa: BLE001 (the database is away: try at the next beat)
            log.exception("stalled-job recovery")


def _process(url: str, queues: tuple[str, ...] | None, name: str) -> None:
    logging.basicConfig(level=logging.INFO, format=f"%(asctime)s {name} %(levelname)s "
                        "%(name)s: %(message)s")
    from openimr.records.pipeline import warm_up

    warm_up()  # the reading pipeline is loaded before the first job, not during it
    asyncio.run(_serve(url, queues, name))


def run_workers(url: str, *, concurrency: int = 1, queues: Sequence[str] | None = None,
                burst: bool = False) -> None:
    """Run `concurrency` worker processes until stopped (SIGINT, SIGTERM)."""
    from openimr.store.migrate import open_database

    chosen = check_queues(queues)
    engine = open_database(url)
    backend = backend_for(engine.dialect.name)
    if backend is Backend.inprocess:
        from openimr.jobs.inprocess import InProcessRunner

        runner = InProcessRunner(engine, threads=concurrency, queues=chosen)
        if burst:
            runner.recover()
            runner.run_pending()
            return
        runner.start()
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            runner.stop()
        return
    engine.dispose()
    if burst:
        raise InputError("--burst runs the in-process queue (SQLite); on PostgreSQL start "
                         "workers and stop them with SIGTERM")
    if concurrency == 1:
        _process(url, chosen, f"worker-{os.getpid()}")
        return
    context = multiprocessing.get_context("spawn")
    children = [context.Process(target=_process, args=(url, chosen, f"worker-{n}"),
                                name=f"openimr-worker-{n}") for n in range(concurrency)]
    for child in children:
        child.start()

    def stop(signum: int, _frame: object) -> None:
        for child in children:
            if child.pid and child.is_alive():
                os.kill(child.pid, signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for child in children:
        child.join()
