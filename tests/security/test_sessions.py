"""Finding 3, revocable sessions: logout, a password change, deactivation and a changed
role end a token at once; idle and absolute limits; `users passwd` never reactivates."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from openimr.store.models import LoginSession, User
from openimr.workflow.service import Service
from openimr.workflow.users import SYSTEM
from openimr.workflow.views import UserIn


def _token(client: TestClient, username: str = "admin",
           password: str = "admin-password") -> dict[str, str]:
    response = client.post("/api/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _me(client: TestClient, headers: dict) -> int:
    return client.get("/api/me", headers=headers).status_code


def _age(client: TestClient, **columns: dt.timedelta) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with Session(client.app.state.engine) as session:
        session.execute(update(LoginSession).values(
            **{name: now - ago for name, ago in columns.items()}))
        session.commit()


def test_logout_ends_the_token(client: TestClient) -> None:
    token, other = _token(client), _token(client)
    assert client.post("/api/logout", headers=token).status_code == 204
    assert _me(client, token) == 401
    assert _me(client, other) == 200  # another session of the same login goes on


def test_a_password_change_ends_every_stolen_token(client: TestClient) -> None:
    stolen = _token(client)
    with Session(client.app.state.engine) as session:
        Service(session, SYSTEM).set_password("admin", "a-new-admin-password")
    assert _me(client, stolen) == 401
    assert _me(client, _token(client, password="a-new-admin-password")) == 200


def test_deactivation_and_a_changed_role_end_the_token(client: TestClient) -> None:
    admin = _token(client)
    client.post("/api/users", headers=admin, json={
        "username": "casey", "role": "case_manager", "password": "casey-password"})
    casey = _token(client, "casey", "casey-password")
    with Session(client.app.state.engine) as session:
        session.execute(update(User).where(User.username == "casey").values(role="admin"))
        session.commit()
    assert _me(client, casey) == 401  # a session is for the role it was opened with
    casey = _token(client, "casey", "casey-password")
    assert client.patch("/api/users/casey", headers=admin,
                        json={"active": False}).status_code == 200
    assert _me(client, casey) == 401
    with Session(client.app.state.engine) as session:
        revoked = session.scalars(select(LoginSession.revoked_reason)).all()
    assert "deactivated" in revoked


def test_an_idle_session_ends_after_15_minutes(client: TestClient) -> None:
    token = _token(client)
    _age(client, last_seen_at=dt.timedelta(minutes=14))
    assert _me(client, token) == 200
    _age(client, last_seen_at=dt.timedelta(minutes=16))
    assert _me(client, token) == 401


def test_no_session_outlives_its_absolute_lifetime(client: TestClient) -> None:
    token = _token(client)
    # Used a moment ago, but opened 9 hours ago: over the 8-hour lifetime, whatever `exp`.
    _age(client, created_at=dt.timedelta(hours=9), last_seen_at=dt.timedelta(seconds=5))
    assert _me(client, token) == 401


def test_a_password_reset_never_reactivates_and_is_audited(client: TestClient, cli) -> None:
    engine = client.app.state.engine
    with Session(engine) as session:
        service = Service(session, SYSTEM)
        service.add_user(UserIn(username="casey", role="case_manager",
                                password="casey-password"))
        service.set_user_active("casey", False)
    url = engine.url.render_as_string(hide_password=False)
    result = cli("users", "passwd", "casey", "--database-url", url)
    assert result.exit_code != 0  # no password given on stdin: nothing changes
    from typer.testing import CliRunner

    from openimr.cli import app

    done = CliRunner().invoke(app, ["users", "passwd", "casey", "--database-url", url],
                              input="another-casey-pass\nanother-casey-pass\n")
    assert done.exit_code == 0, done.output
    assert "stays deactivated" in done.output
    with Session(engine) as session:
        assert session.scalar(select(User.active).where(User.username == "casey")) is False
        details = [e.detail for e in Service(session, SYSTEM).audit(username="system")]
    assert any(d and d.startswith("casey password set") for d in details)
    assert client.post("/api/token", data={"username": "casey",
                                           "password": "another-casey-pass"}).status_code == 401


def test_no_password_option_on_the_command_line(cli) -> None:
    result = cli("users", "add", "x", "--role", "admin", "--password", "whatever-password")
    assert result.exit_code == 2
