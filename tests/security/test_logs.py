"""Finding 11, the remainder: logs never contain SQL parameters or case-file content, with
every logger at DEBUG during a request that takes in a case, adds a record and reads them
(on SQLite and PostgreSQL)."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from tests.security.test_uploads import _upload
from tests.service.factories import seed_case

SECRET = "Zebulon-Quartermaine"  # a worker's name and note text no log may show
NOTE = f"Progress note 7/1/2013 for {SECRET}. Low back pain 6/10.".encode()


def _case_flow(client: TestClient, admin: dict) -> None:
    case = seed_case(worker__name=SECRET)
    case["records"] = [{"text": f"Clinic note: {SECRET} reports lumbar pain."}]
    created = client.post("/api/cases", headers=admin, json=case)
    assert created.status_code == 201, created.text
    number = created.json()["case_number"]
    assert _upload(client, admin, number, "note.txt", NOTE).status_code == 201
    read = client.get(f"/api/cases/{number}", headers=admin)
    assert read.status_code == 200 and SECRET in read.text
    assert client.get("/api/cases", headers=admin).status_code == 200
    listed = client.get(f"/api/cases/{number}/documents", headers=admin)
    assert listed.status_code == 200


def test_no_log_shows_case_content_with_every_logger_at_debug(
        client: TestClient, admin: dict, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    _case_flow(client, admin)
    assert caplog.records, "nothing was captured: the test would prove nothing"
    assert SECRET not in caplog.text


def test_sql_echo_turned_on_hides_the_parameters(
        client: TestClient, admin: dict, caplog: pytest.LogCaptureFixture) -> None:
    # An operator who turns SQLAlchemy's statement log on sees statements, never values.
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    _case_flow(client, admin)
    statements = [r for r in caplog.records if r.name.startswith("sqlalchemy.engine")]
    assert any("INSERT INTO cases" in r.getMessage() for r in statements)
    assert SECRET not in caplog.text
