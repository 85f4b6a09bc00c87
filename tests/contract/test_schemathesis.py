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
#: Examples per operation and phase: every operation gets this many generated requests in
#: the fuzzing phase, beside the coverage phase's boundary values and the stateful runs.
MAX_EXAMPLES = 25
#: Checks that cannot hold by design, each with its reason (none is dropped silently).
EXCLUDED_CHECKS: dict[str, str] = {
    "use_after_free": "DELETE of a document takes it off the case, but staff may still "
                      "download it: records are never destroyed (docs/service.md)",
}
#: Hypothesis health checks suppressed, each with its reason.
SUPPRESSED_HEALTH_CHECKS: dict[str, str] = {
    "too_slow": "the determination an edit sends (every item with its criteria, evidence and "
                "guideline references) is a large schema: generating it is slow, not wrong",
}
#: Statuses a schema-valid request may get, besides Schemathesis's defaults, on some
#: operations by design: (method, path) -> status -> reason.
_CASE_FILE_RULES = ("the case file's diagnosis codes must be in the ICD-10-CM or ICD-9-CM code "
                    "sets (about 74,000 and 15,700 codes), its disputed-item ids distinct and its texts not blank "
                    "once trimmed: rules a JSON Schema cannot state (the operation's "
                    "description says them)")
_PASSWORD_RULES = ("a password must not be a well-known one, one or two characters repeated, "
                   "or the username: rules a JSON Schema cannot state (the hooks keep such "
                   "passwords out of the fuzzing phase; the coverage phase does not run hooks)")
ACCEPTED_PER_OPERATION: dict[tuple[str, str], dict[int, str]] = {
    ("POST", "/api/v1/cases"): {422: _CASE_FILE_RULES},
    ("PUT", "/api/v1/cases/{case_number}"): {
        422: _CASE_FILE_RULES,
        428: "replacing the whole case file needs the version read, in If-Match or, for one "
             "more release, ?version=: either may be absent, not both, which a schema "
             "cannot state"},
    ("POST", "/api/v1/users"): {422: _PASSWORD_RULES},
    ("POST", "/api/v1/reviewers"): {422: _PASSWORD_RULES},
}
#: Statuses a schema-valid request may get on every operation, with why.
ALSO_ACCEPTED: dict[int, str] = {
    412: "a well-formed If-Match naming a version the record is not at is refused: that is "
         "optimistic locking, and a generated tag is almost never the current one",
}
#: Schemathesis's own default for positive_data_acceptance (config/_checks.py).
_POSITIVE_DEFAULT = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]


def _accepted(*statuses: int) -> str:
    return ", ".join(f'"{status}"' for status in [*_POSITIVE_DEFAULT, *map(str, statuses)])


def config_file(tmp_path: Path) -> Path:
    """schemathesis.toml for the run: the statuses above, with their reasons as comments."""
    lines = [f"# {status}: {reason}" for status, reason in ALSO_ACCEPTED.items()]
    lines += ["[checks.positive_data_acceptance]",
              f"expected-statuses = [{_accepted(*ALSO_ACCEPTED)}]", ""]
    for (method, path), statuses in ACCEPTED_PER_OPERATION.items():
        lines += ["[[operations]]", f'include-method = "{method}"', f'include-path = "{path}"']
        lines += [f"# {status}: {reason}" for status, reason in statuses.items()]
        lines += [f"checks.positive_data_acceptance.expected-statuses = "
                  f"[{_accepted(*ALSO_ACCEPTED, *statuses)}]", ""]
    path = tmp_path / "schemathesis.toml"
    path.write_text("\n".join(lines))
    return path


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


def run_schemathesis(base: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    cli = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert cli, "schemathesis is in the dev extras"
    command = [cli, "--config-file", str(config_file(tmp_path)), "run",
               base + "/openapi.json", "--checks", "all",
               "--phases", "examples,coverage,fuzzing,stateful", "--seed", str(SEED),
               "--max-examples", str(MAX_EXAMPLES), "--workers", "1",
               "--generation-deterministic", "--no-color",
               "--report", "junit", "--report-dir", str(tmp_path / "report")]
    if EXCLUDED_CHECKS:
        command += ["--exclude-checks", ",".join(EXCLUDED_CHECKS)]
    if SUPPRESSED_HEALTH_CHECKS:
        command += ["--suppress-health-check", ",".join(SUPPRESSED_HEALTH_CHECKS)]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.contract.st_hooks",
           "PYTHONPATH": str(HERE.parents[1]), "OPENIMR_ST_BASE": base,
           "OPENIMR_ST_USER": USER, "OPENIMR_ST_PASSWORD": PASSWORD}
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)


def _assert_no_failure(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]


@pytest.mark.contract
def test_schemathesis_finds_no_failure_on_sqlite(tmp_path: Path) -> None:
    for base in serve(f"sqlite:///{tmp_path / 'openimr.db'}", tmp_path):
        _assert_no_failure(run_schemathesis(base, tmp_path))


@pytest.mark.contract
@pytest.mark.postgres
def test_schemathesis_finds_no_failure_on_postgres(tmp_path: Path, postgres_url: str) -> None:
    for base in serve(postgres_url, tmp_path):
        _assert_no_failure(run_schemathesis(base, tmp_path))
