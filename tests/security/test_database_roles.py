"""Finding 7 on PostgreSQL: the app runs as a role that can only add to the audit log; it
can neither truncate it, nor change or delete entries, nor disable its trigger."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from openimr.store.base import make_engine
from openimr.workflow.users import create_user
from tests.service.conftest import POSTGRES_ADMIN
from tests.service.factories import seed_case

pytestmark = pytest.mark.postgres


@pytest.fixture
def app_role_url(postgres_url: str) -> Iterator[str]:
    """A fresh login role granted the app's rights by `openimr db grant-app-role`."""
    from typer.testing import CliRunner

    from openimr.cli import app

    role = f"openimr_app_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {role} LOGIN")
    try:
        granted = CliRunner().invoke(app, ["db", "grant-app-role", role,
                                           "--database-url", postgres_url])
        assert granted.exit_code == 0, granted.output
        assert 'GRANT SELECT, INSERT ON TABLE "audit_log"' in granted.output
        yield postgres_url.replace("postgres@", f"{role}@", 1)
    finally:
        database = postgres_url.rsplit("/", 1)[1]
        with psycopg.connect(POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{database}",
                             autocommit=True) as connection:
            connection.execute(f"DROP OWNED BY {role}")
            connection.execute(f"DROP ROLE {role}")


def test_the_app_role_works_but_cannot_touch_the_audit_log(app_role_url: str) -> None:
    from openimr.api import create_app

    name = f"admin{uuid.uuid4().hex[:6]}"
    app = create_app(app_role_url)  # migrations are already applied by the owner
    try:
        with Session(app.state.engine) as session:
            create_user(session, name, "admin", "admin-password-12")
            session.commit()
        with TestClient(app) as client:
            token = client.post("/api/token", data={"username": name,
                                                    "password": "admin-password-12"})
            assert token.status_code == 200, token.text
            admin = {"Authorization": f"Bearer {token.json()['access_token']}"}
            created = client.post("/api/cases", headers=admin,
                                  json=seed_case(case_number=f"CM26-{uuid.uuid4().hex[:8]}"))
            assert created.status_code == 201, created.text
            assert client.get("/api/audit", headers=admin).status_code == 200
    finally:
        app.state.engine.dispose()
    engine = make_engine(app_role_url)
    try:
        for statement in ("TRUNCATE audit_log", "DELETE FROM audit_log",
                          "UPDATE audit_log SET detail = 'x'",
                          "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
                          "DROP TABLE audit_log"):
            with pytest.raises(DBAPIError, match="permission denied|must be owner"):
                with engine.begin() as connection:
                    connection.execute(text(statement))
    finally:
        engine.dispose()


def test_the_owner_role_is_refused_as_the_app_role(postgres_url: str) -> None:
    from typer.testing import CliRunner

    from openimr.cli import app

    refused = CliRunner().invoke(app, ["db", "grant-app-role", "postgres",
                                       "--database-url", postgres_url])
    assert refused.exit_code == 2 and "owns the tables" in refused.output
