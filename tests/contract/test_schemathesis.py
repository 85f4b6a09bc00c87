"""Schemathesis against the running service (`openimr serve`'s app under uvicorn), every
check, the stateful phase included, a fixed seed: zero failures. The run uses a dedicated
admin account that its own requests cannot deactivate (the service refuses deactivating
one's own login) or log out (each request logs in afresh: `st_hooks.py`)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.orm import Session

from openimr.store.migrate import open_database
from openimr.workflow.users import create_user

HERE = Path(__file__).resolve().parent
USER, PASSWORD = "contract-admin", "contract-admin-password"
SEED = 20261203
#: Checks that cannot hold by design, each with its reason (none is dropped silently).
EXCLUDED_CHECKS: dict[str, str] = {}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(database_url: str, tmp_path: Path) -> Iterator[str]:
    """The app on `database_url` under uvicorn on a free port, with the dedicated admin."""
    engine = open_database(database_url)
    os.environ.setdefault("OPENIMR_BCRYPT_ROUNDS", "4")
    with Session(engine) as session:
        create_user(session, USER, "admin", PASSWORD)
        session.commit()
    engine.dispose()
    port = _free_port()
    env = {**os.environ, "OPENIMR_DATABASE_URL": database_url,
           # The throttle is tested on its own; here failed logins that the fuzzer makes
           # (random names and passwords) would lock this machine's address out of the run.
           "OPENIMR_LOCKOUT_MINUTES": "0", "OPENIMR_BCRYPT_ROUNDS": "4"}
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-c", "import uvicorn; from openimr.api.commands import server_app; "
         f"uvicorn.run(server_app({database_url!r}), host='127.0.0.1', port={port}, "
         "log_level='warning')"], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.5)
        else:
            raise AssertionError("the server did not start: " + (tmp_path / "server.log").read_text())
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def run_schemathesis(base: str, tmp_path: Path, max_examples: int) -> subprocess.CompletedProcess[str]:
    cli = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert cli, "schemathesis is in the dev extras"
    command = [cli, "run", base + "/openapi.json", "--checks", "all",
               "--phases", "examples,coverage,fuzzing,stateful", "--seed", str(SEED),
               "--max-examples", str(max_examples), "--workers", "1",
               "--generation-deterministic", "--no-color",
               "--report", "junit", "--report-dir", str(tmp_path / "report")]
    if EXCLUDED_CHECKS:
        command += ["--exclude-checks", ",".join(EXCLUDED_CHECKS)]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.contract.st_hooks",
           "PYTHONPATH": str(HERE.parents[1]), "OPENIMR_ST_BASE": base,
           "OPENIMR_ST_USER": USER, "OPENIMR_ST_PASSWORD": PASSWORD}
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=1800)


@pytest.mark.contract
def test_schemathesis_finds_no_failure_on_sqlite(tmp_path: Path) -> None:
    for base in serve(f"sqlite:///{tmp_path / 'openimr.db'}", tmp_path):
        result = run_schemathesis(base, tmp_path, max_examples=25)
        assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
