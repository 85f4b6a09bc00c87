"""The token's actor, cached briefly (issue 18): a request within the cache's lifetime
reads neither its session nor its user, yet a session ended in this process stops at
once, and one ended by another process never works longer than the lifetime."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, text, update
from sqlalchemy.orm import Session

from openimr.api.deps import MAX_ACTOR_CACHE_SECONDS, Settings
from openimr.store.models import LoginSession, User
from openimr.workflow.service import Service
from openimr.workflow.users import SESSIONS, SYSTEM, Actor, Role, SessionCache


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(SESSIONS, "clock", fake)
    return fake


@pytest.fixture
def statements(client: TestClient) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_rest) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement.lower())

    event.listen(client.app.state.engine, "before_cursor_execute", note)
    yield seen
    event.remove(client.app.state.engine, "before_cursor_execute", note)


def _me(client: TestClient, headers: dict[str, str]) -> int:
    return client.get("/api/v1/me", headers=headers).status_code


def test_a_cached_request_reads_neither_session_nor_user(
        client: TestClient, admin: dict, clock: Clock, statements: list[str]) -> None:
    assert _me(client, admin) == 200
    statements.clear()
    assert _me(client, admin) == 200
    assert not [s for s in statements if "login_sessions" in s or "from users" in s]
    clock.now += Settings().actor_cache.total_seconds()
    assert _me(client, admin) == 200
    assert any("login_sessions" in s for s in statements)  # read again once it expired


def test_changes_made_here_end_a_cached_token_at_once(
        client: TestClient, admin: dict, login, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    client.post("/api/v1/users", headers=admin, json={
        "username": "casey", "role": "case_manager", "password": "casey-password"})

    def cached_casey() -> dict[str, str]:
        casey = login("casey", "casey-password")
        assert _me(client, casey) == 200 and _me(client, casey) == 200  # now cached
        return casey

    casey = cached_casey()
    assert client.post("/api/v1/logout", headers=casey).status_code == 204
    assert _me(client, casey) == 401

    casey = cached_casey()
    assert client.patch("/api/v1/users/casey", headers=admin,
                        json={"active": False}).status_code == 200
    assert _me(client, casey) == 401
    assert client.patch("/api/v1/users/casey", headers=admin,
                        json={"active": True}).status_code == 200

    casey = cached_casey()
    with Session(client.app.state.engine) as session:
        Service(session, SYSTEM).set_password("casey", "casey-new-password")
    assert _me(client, casey) == 401

    casey = login("casey", "casey-new-password")
    assert _me(client, casey) == 200 and _me(client, casey) == 200
    with Session(client.app.state.engine) as session:  # a role changed through the ORM
        session.execute(update(User).where(User.username == "casey").values(role="admin"))
        session.commit()
    assert _me(client, casey) == 401


def test_another_process_ends_a_token_within_the_cache_lifetime(
        client: TestClient, admin: dict, clock: Clock) -> None:
    assert _me(client, admin) == 200
    # Another process revokes every session in plain SQL: this process is not told.
    with client.app.state.engine.begin() as connection:
        connection.execute(text("UPDATE login_sessions SET revoked_at = created_at"))
    lifetime = Settings().actor_cache.total_seconds()
    clock.now += lifetime * 0.9
    assert _me(client, admin) == 200  # still cached: the price of the cache
    clock.now += lifetime * 0.1
    assert _me(client, admin) == 401  # and never longer than its lifetime


def test_an_entry_read_before_a_revocation_is_not_kept() -> None:
    cache = SessionCache(clock=Clock())
    row = LoginSession(id="s1", user_id=1, jti="j", role="admin",
                       created_at=dt.datetime(2026, 1, 1), last_seen_at=dt.datetime(2026, 1, 1),
                       expires_at=dt.datetime(2026, 1, 2))
    actor = Actor(username="a", role=Role.admin, user_id=1)
    read_in = cache.generation
    cache.forget(user_id=1)  # a logout committed while the request was reading the row
    cache.put("s1", actor, row, read_in=read_in)
    assert cache.get("s1", 60) is None
    cache.put("s1", actor, row, read_in=cache.generation)
    assert cache.get("s1", 60) is not None
    cache.forget(session_id="s1")
    assert cache.get("s1", 60) is None


def test_the_lifetime_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENIMR_ACTOR_CACHE_SECONDS", "3600")
    assert Settings.from_environment().actor_cache.total_seconds() == MAX_ACTOR_CACHE_SECONDS
    monkeypatch.setenv("OPENIMR_ACTOR_CACHE_SECONDS", "0")
    assert Settings.from_environment().actor_cache.total_seconds() == 0
