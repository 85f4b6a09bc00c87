"""`openimr serve` on a fresh directory with no configuration, and `openimr users add`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

OPENIMR = [sys.executable, "-m", "openimr.cli"]


def _environment() -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OPENIMR_")}
    environment["OPENIMR_BCRYPT_ROUNDS"] = "4"
    return environment


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_users_add_prompts_for_the_password_and_serve_needs_no_configuration(
        tmp_path: Path) -> None:
    environment = _environment()
    added = subprocess.run([*OPENIMR, "users", "add", "alice", "--role", "admin"], cwd=tmp_path,
                           env=environment, input="alice-password\nalice-password\n",
                           capture_output=True, text=True, timeout=60)
    assert added.returncode == 0, added.stderr
    assert (tmp_path / "openimr.db").exists()
    refused = subprocess.run([*OPENIMR, "users", "add", "alice", "--role", "admin"],
                             cwd=tmp_path, env=environment,
                             input="another-password\nanother-password\n",
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "already exists" in refused.stderr
    assert "Traceback" not in refused.stderr

    port = _free_port()
    server = subprocess.Popen([*OPENIMR, "serve", "--port", str(port)], cwd=tmp_path,
                              env=environment, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.3)
        token = httpx.post(f"{base}/api/token", data={
            "username": "alice", "password": "alice-password"}).json()["access_token"]
        cases = httpx.get(f"{base}/api/cases", headers={"Authorization": f"Bearer {token}"})
        assert cases.status_code == 200 and cases.json() == []
        assert "/api/v1/cases" in httpx.get(f"{base}/openapi.json").json()["paths"]
        page = httpx.get(f"{base}/login")  # the workbench pages are served too
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_cases_lists_overdue_cases(database_url: str) -> None:
    import datetime as dt

    from sqlalchemy.orm import Session
    from typer.testing import CliRunner

    from openimr.cli import app
    from openimr.model import Case
    from openimr.store.base import make_engine
    from openimr.workflow.service import Service
    from openimr.workflow.users import SYSTEM
    from openimr.workflow.views import TransitionIn
    from tests.service.factories import seed_case

    engine = make_engine(database_url)
    long_ago = dt.datetime(2026, 1, 5, 17, 0)
    with Session(engine) as session:
        service = Service(session, SYSTEM, clock=lambda: long_ago)
        late = service.intake(Case.model_validate(seed_case(case_number="CM26-00000901")))
        service.intake(Case.model_validate(seed_case(case_number="CM26-00000902")))
        for target in ("eligibility_review", "notice_of_assignment_sent", "records_requested"):
            service.transition(late.case_number, TransitionIn(to=target))
    engine.dispose()
    runner = CliRunner()
    overdue = runner.invoke(app, ["cases", "--overdue", "--database-url", database_url])
    assert overdue.exit_code == 0, overdue.output
    assert "CM26-00000901" in overdue.output and "OVERDUE" in overdue.output
    assert "CM26-00000902" not in overdue.output
    listed = runner.invoke(app, ["cases", "--status", "received", "--database-url", database_url])
    assert "CM26-00000902" in listed.output and "CM26-00000901" not in listed.output


def test_users_list_passwd_and_deactivate(database_url: str) -> None:
    from typer.testing import CliRunner

    from openimr.cli import app

    runner = CliRunner()
    db = ["--database-url", database_url]
    assert runner.invoke(app, ["users", "add", "casey", "--role", "case_manager", *db],
                         input="first-password\nfirst-password\n").exit_code == 0
    listed = runner.invoke(app, ["users", "list", *db])
    assert "casey" in listed.output and "case_manager" in listed.output
    changed = runner.invoke(app, ["users", "passwd", "casey", *db],
                            input="second-password\nsecond-password\n")
    assert changed.exit_code == 0, changed.output

    from sqlalchemy.orm import Session

    from openimr.store.base import make_engine
    from openimr.workflow.users import authenticate

    engine = make_engine(database_url)
    with Session(engine) as session:
        assert authenticate(session, "casey", "first-password") is None
        assert authenticate(session, "casey", "second-password") is not None
    assert runner.invoke(app, ["users", "passwd", "casey", "--deactivate", *db]).exit_code == 0
    with Session(engine) as session:
        assert authenticate(session, "casey", "second-password") is None
    engine.dispose()
    assert "inactive" in runner.invoke(app, ["users", "list", *db]).output


def test_an_unreachable_database_is_a_clear_error(tmp_path: Path) -> None:
    missing = f"sqlite:///{tmp_path}/no/such/folder/openimr.db"
    result = subprocess.run([*OPENIMR, "cases", "--database-url", missing],
                            env=_environment(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "cannot open the database" in result.stderr and "Traceback" not in result.stderr
