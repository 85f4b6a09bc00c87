"""Finding 7: the audit log is a hash chain; `openimr audit verify` names the first broken
link, on SQLite (where INSERT OR REPLACE is refused too) and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from tests.service.factories import seed_case


def _verify(database_url: str):  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from openimr.cli import app

    return CliRunner().invoke(app, ["audit", "verify", "--database-url", database_url])


def _activity(client: TestClient, admin: dict) -> None:
    number = client.post("/api/cases", headers=admin, json=seed_case()).json()["case_number"]
    for _ in range(3):
        client.get(f"/api/cases/{number}", headers=admin)


def test_an_untouched_log_verifies(client: TestClient, admin: dict, database_url: str) -> None:
    _activity(client, admin)
    result = _verify(database_url)
    assert result.exit_code == 0, result.output
    assert "intact" in result.output and "entries" in result.output


def _tamper(client: TestClient, database_url: str, statement: str) -> None:
    """What someone with the database owner's rights could do behind the app's back."""
    with client.app.state.engine.begin() as connection:
        if database_url.startswith("sqlite"):
            connection.execute(text("DROP TRIGGER audit_log_no_update"))
            connection.execute(text("DROP TRIGGER audit_log_no_delete"))
            connection.execute(text(statement))
        else:  # the database is shared by the tests: the trigger is back at once
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
            connection.execute(text(statement))
            connection.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))


@pytest.mark.parametrize(("statement", "reason"), [
    ("UPDATE audit_log SET detail = 'nothing to see' WHERE id = 3", "changed"),
    ("DELETE FROM audit_log WHERE id = 3", "missing"),
    ("UPDATE audit_log SET username = 'someone' WHERE id = 2", "changed"),
])
def test_a_changed_or_removed_entry_is_named(client: TestClient, admin: dict,
                                             database_url: str, statement: str,
                                             reason: str) -> None:
    _activity(client, admin)
    _tamper(client, database_url, statement)
    result = _verify(database_url)
    assert result.exit_code == 1
    expected = "#3" if "id = 3" in statement else "#2"
    assert f"BROKEN at entry {expected}" in result.output and reason in result.output


def test_removing_the_newest_entries_is_seen(client: TestClient, admin: dict,
                                            database_url: str) -> None:
    _activity(client, admin)
    _tamper(client, database_url, "DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM "
                                  "(SELECT id FROM audit_log) AS newest)")
    result = _verify(database_url)
    assert result.exit_code == 1 and "newest entries were removed" in result.output


def test_an_upsert_cannot_rewrite_an_entry(client: TestClient, admin: dict,
                                           database_url: str) -> None:
    """SQLite's INSERT OR REPLACE (which skips the DELETE trigger) and PostgreSQL's
    INSERT ... ON CONFLICT DO UPDATE are both refused."""
    _activity(client, admin)
    values = "(1, '2026-01-01 00:00:00', 'x', 'admin', 'read', 'case')"
    columns = "(id, at, username, role, action, resource)"
    statement = (f"INSERT OR REPLACE INTO audit_log {columns} VALUES {values}"
                 if database_url.startswith("sqlite") else
                 f"INSERT INTO audit_log {columns} VALUES {values} "
                 "ON CONFLICT (id) DO UPDATE SET username = excluded.username")
    with pytest.raises(DatabaseError, match="append-only"):
        with client.app.state.engine.begin() as connection:
            connection.execute(text(statement))
    assert _verify(database_url).exit_code == 0


def test_401s_and_refused_pages_are_audited_once_a_minute_per_source(
        client: TestClient, admin: dict, database_url: str) -> None:
    import time

    from openimr.web import mount

    mount(client.app)
    # Refusals are counted per wall-clock minute: start early in one, so that the 31 below
    # (a second or two) all fall in the same minute.
    second = time.gmtime().tm_sec
    if second > 40:
        time.sleep(61 - second)
    for _ in range(30):
        assert client.get("/api/cases").status_code == 401
    assert client.get("/api/cases", headers={"Authorization": "Bearer forged"}
                      ).status_code == 401
    client.post("/api/users", headers=admin, json={
        "username": "casey", "role": "case_manager", "password": "casey-password"})
    assert client.post("/login", data={"username": "casey", "password": "casey-password"},
                       follow_redirects=False).status_code == 303
    assert client.get("/admin/users").status_code == 403
    entries = client.get("/api/audit", headers=admin).json()
    refused = [e for e in entries if e["action"] == "refused"]
    assert len(refused) == 1  # one entry for the 31 refusals of this minute, so far
    assert "no token: GET /api/cases" in refused[0]["detail"]
    denied = [e for e in entries if e["action"] == "denied" and e["username"] == "casey"]
    assert denied and "/admin/users" in denied[0]["detail"]
    assert _verify(database_url).exit_code == 0
    # The next minute's first refusal also says how many more came in the one before.
    import datetime as dt

    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from openimr.store.models import RefusalCount

    with Session(client.app.state.engine) as session:
        for row in session.scalars(select(RefusalCount)):
            row.minute -= dt.timedelta(minutes=1)
        session.commit()
    client.cookies.clear()
    assert client.get("/api/cases").status_code == 401
    entries = client.get("/api/audit", headers=admin).json()
    summary = [e["detail"] for e in entries if e["resource"] == "refusals"]
    assert summary and summary[0].startswith("30 more from testclient")
