"""Finding 10: the signing key is never kept in the database; a shared database needs
OPENIMR_SECRET_KEY (32 bytes or more); on one machine a key file (0600) sits beside the
database, which is created 0600 too; tokens past the absolute lifetime are refused."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import jwt
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from openimr.api.security import KEY_FILE, secret_key
from openimr.model.errors import InputError
from openimr.store.models import LoginSession, Setting


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_on_one_machine_the_key_is_a_private_file_beside_a_private_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from openimr.api import create_app

    monkeypatch.delenv("OPENIMR_SECRET_KEY", raising=False)
    url = f"sqlite:///{tmp_path}/openimr.db"
    app = create_app(url)
    try:
        key = tmp_path / KEY_FILE
        assert _mode(key) == 0o600 and _mode(tmp_path / "openimr.db") == 0o600
        assert len(key.read_text().strip()) >= 32
        assert app.state.secret_key == key.read_text().strip() == secret_key(url)
        with Session(app.state.engine) as session:
            assert session.scalars(select(Setting.value)).all() == []
    finally:
        app.state.engine.dispose()


def test_a_shared_database_needs_a_long_enough_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENIMR_SECRET_KEY", raising=False)
    with pytest.raises(InputError, match="set OPENIMR_SECRET_KEY"):
        secret_key("postgresql+psycopg://postgres@127.0.0.1:5432/openimr")
    monkeypatch.setenv("OPENIMR_SECRET_KEY", "too-short")
    with pytest.raises(InputError, match="at least 32 bytes"):
        secret_key("postgresql+psycopg://postgres@127.0.0.1:5432/openimr")


def test_a_token_with_a_far_exp_is_refused_past_the_absolute_lifetime(
        client: TestClient) -> None:
    token = client.post("/api/token", data={"username": "admin",
                                            "password": "admin-password"}).json()
    claims = jwt.decode(token["access_token"], options={"verify_signature": False})
    forged = jwt.encode({**claims, "exp": dt.datetime(2099, 1, 1, tzinfo=dt.UTC)},
                        client.app.state.secret_key, algorithm="HS256")
    headers = {"Authorization": f"Bearer {forged}"}
    assert client.get("/api/me", headers=headers).status_code == 200
    old = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=9)
    with Session(client.app.state.engine) as session:
        row = session.get(LoginSession, claims["sid"])
        row.created_at, row.expires_at = old, old + dt.timedelta(days=365)
        session.commit()
    assert client.get("/api/me", headers=headers).status_code == 401
