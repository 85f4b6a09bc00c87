"""Databases for the service tests: every storage test runs on SQLite and on PostgreSQL.

SQLite tests get a copy of a migrated template file; PostgreSQL tests share one database
per test session (created here, dropped at the end) that is emptied before each test.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

os.environ.setdefault("OPENIMR_BCRYPT_ROUNDS", "4")  # bcrypt's minimum cost keeps tests fast
# A shared database needs the signing key from the environment (never from the database).
os.environ.setdefault("OPENIMR_SECRET_KEY", "test-signing-key-" + "k" * 32)

from openimr.store.base import make_engine  # noqa: E402
from openimr.store.migrate import open_database  # noqa: E402
from openimr.workflow.users import create_user  # noqa: E402

POSTGRES_ADMIN = os.environ.get("OPENIMR_TEST_POSTGRES",
                                "postgresql://postgres@127.0.0.1:5432/postgres")
TABLES = ("ocr_results", "jobs", "procrastinate_jobs", "procrastinate_workers", "refusal_counts", "login_sessions", "login_throttle", "audit_chain", "audit_log", "determinations", "case_documents", "blobs", "party_access",
          "case_events", "cases", "users", "reviewers", "service_settings")
ROOT = Path(__file__).resolve().parents[2]
SEED_CASE = ROOT / "examples" / "cases" / "seed-lumbar-pt.json"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "openimr.db"
    open_database(f"sqlite:///{path}").dispose()
    return path


@contextlib.contextmanager
def postgres_database(prefix: str = "openimr_test") -> Iterator[str]:
    """A new, migrated PostgreSQL database on the test server (dropped at the end): its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    url = f"{base}/{name}"
    try:
        open_database(url).dispose()
        yield url
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "openimr.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    with engine.begin() as connection:
        # TRUNCATE skips the audit log's row triggers, which refuse DELETE.
        connection.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


@pytest.fixture
def engine(database_url: str):  # type: ignore[no-untyped-def]
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        yield session


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    from openimr.api import create_app

    app = create_app(database_url)
    with Session(app.state.engine) as session:
        create_user(session, "admin", "admin", "admin-password")
        session.commit()
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


@pytest.fixture
def login(client: TestClient) -> Callable[[str, str], dict[str, str]]:
    def login(username: str, password: str) -> dict[str, str]:
        response = client.post("/api/token", data={"username": username, "password": password})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    return login
