"""A read replica (OPENIMR_READ_DATABASE_URL): list and read requests query it, writes and
their audit entries go to the primary, and without it everything uses the primary.

The "replica" here is a second database on the same server, kept apart on purpose: what a
request shows tells which of the two it read."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openimr.api import create_app
from openimr.model import Case
from openimr.store import models as m
from openimr.store.base import make_engine
from openimr.workflow.service import Service
from openimr.workflow.users import Actor, Role, create_user
from tests.service.conftest import postgres_database
from tests.service.factories import seed_case


@pytest.fixture
def replica_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A second, migrated database beside the primary of `database_url`."""
    if database_url.startswith("sqlite"):
        path = tmp_path / "replica.db"
        shutil.copy(Path(database_url.removeprefix("sqlite:///")), path)
        # an empty copy: the primary's rows of this test are made after it
        yield f"sqlite:///{path}"
        return
    with postgres_database("openimr_replica") as url:
        yield url


def _audit_rows(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        count = session.scalar(select(func.count()).select_from(m.AuditEntry)) or 0
    engine.dispose()
    return count


def _client(url: str) -> tuple[TestClient, dict[str, str]]:
    app = create_app(url)
    with Session(app.state.engine) as session:
        create_user(session, "admin", "admin", "admin-password")
        session.commit()
    client = TestClient(app)
    token = client.post("/api/token", data={"username": "admin", "password": "admin-password"})
    assert token.status_code == 200, token.text
    return client, {"Authorization": f"Bearer {token.json()['access_token']}"}


def test_lists_and_reads_go_to_the_replica_and_writes_to_the_primary(
        database_url: str, replica_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENIMR_READ_DATABASE_URL", replica_url)
    client, admin = _client(database_url)
    try:
        created = client.post("/api/cases", json=seed_case(case_number="CM26-0000101"),
                              headers=admin)
        assert created.status_code == 201, created.text  # written to the primary
        audited = _audit_rows(database_url)

        # Not replicated yet: the list and the case come from the replica, which lacks it.
        assert client.get("/api/cases", headers=admin).json() == []
        assert client.get("/api/cases/CM26-0000101", headers=admin).status_code == 404
        # ... and each read was audited on the primary, none on the replica
        assert _audit_rows(database_url) > audited
        assert _audit_rows(replica_url) == 0

        # Replicated (here: the same case written to the replica): now it is read there.
        replica = make_engine(replica_url)
        with Session(replica) as session:
            Service(session, Actor(username="replication", role=Role.admin)).intake(
                Case.model_validate(seed_case(case_number="CM26-0000101")))
        replica.dispose()
        listed = client.get("/api/cases", headers=admin).json()
        assert [c["case_number"] for c in listed] == ["CM26-0000101"]
        assert client.get("/api/cases/CM26-0000101", headers=admin).status_code == 200
        assert sum(client.get("/api/metrics", headers=admin).json()["cases_by_status"].values()) == 1
        # a change still goes to the primary, which has the case
        moved = client.post("/api/cases/CM26-0000101/transitions", headers=admin,
                            json={"to": "eligibility_review"})
        assert moved.status_code == 200, moved.text
    finally:
        client.app.state.engine.dispose()
        client.app.state.read_engine.dispose()


def test_without_a_replica_every_request_uses_the_primary(
        database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENIMR_READ_DATABASE_URL", raising=False)
    client, admin = _client(database_url)
    try:
        assert client.app.state.read_engine is None
        assert client.post("/api/cases", json=seed_case(case_number="CM26-0000102"),
                           headers=admin).status_code == 201
        listed = client.get("/api/cases", headers=admin).json()
        assert [c["case_number"] for c in listed] == ["CM26-0000102"]
    finally:
        client.app.state.engine.dispose()
