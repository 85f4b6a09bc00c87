"""Finding 2, login defence: throttling per account and per address with counters in the
database (shared by every app server), a temporary lockout, every login audited with the
client address, and no timing difference between unknown and known usernames."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from openimr.api.deps import Settings
from openimr.api.security import client_address
from openimr.store.models import LoginThrottle


def _try(client: TestClient, password: str, username: str = "admin"):  # type: ignore[no-untyped-def]
    return client.post("/api/token", data={"username": username, "password": password})


def test_forty_wrong_passwords_lock_the_account_even_for_the_right_one(
        client: TestClient) -> None:
    statuses = [_try(client, f"wrong-password-{i}").status_code for i in range(40)]
    assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}
    locked = _try(client, "admin-password")
    assert locked.status_code == 429
    assert 0 < int(locked.headers["retry-after"]) <= 15 * 60
    assert "try again" in locked.json()["message"]


def test_the_counters_are_in_the_database_shared_by_every_app_server(
        client: TestClient, database_url: str) -> None:
    from openimr.api import create_app

    for i in range(5):
        assert _try(client, f"wrong-password-{i}").status_code == 401
    other_server = create_app(database_url)
    try:
        with TestClient(other_server) as second:
            assert _try(second, "admin-password").status_code == 429
    finally:
        other_server.state.engine.dispose()


def test_the_lockout_ends_and_a_success_clears_the_account_counter(
        client: TestClient) -> None:
    for i in range(5):
        _try(client, f"wrong-password-{i}")
    assert _try(client, "admin-password").status_code == 429
    past = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=1)
    with Session(client.app.state.engine) as session:
        session.execute(update(LoginThrottle).values(locked_until=past))
        session.commit()
    assert _try(client, "admin-password").status_code == 200
    assert _try(client, "wrong-password-x").status_code == 401  # counting starts again
    assert _try(client, "admin-password").status_code == 200


def test_one_address_cannot_try_many_accounts(client: TestClient) -> None:
    statuses = [_try(client, "wrong-password", username=f"user{i}").status_code
                for i in range(21)]
    assert statuses[:20] == [401] * 20 and statuses[20] == 429


def test_every_login_is_audited_with_the_client_address(client: TestClient) -> None:
    assert _try(client, "wrong-password-1").status_code == 401
    assert _try(client, "whatever-pass", username="ghost").status_code == 401
    admin = {"Authorization": f"Bearer {_try(client, 'admin-password').json()['access_token']}"}
    logins = [e for e in client.get("/api/audit", headers=admin).json()
              if e["action"] == "login"]
    details = {(e["username"], e["detail"]) for e in logins}
    assert ("admin", "failure from testclient: wrong password") in details
    assert ("ghost", "failure from testclient: unknown user") in details
    assert ("admin", "success from testclient") in details


def test_an_unknown_username_costs_a_bcrypt_check_too(client: TestClient,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import bcrypt

    checked: list[bytes] = []
    real = bcrypt.checkpw

    def counting(password: bytes, hashed: bytes) -> bool:
        checked.append(hashed)
        return real(password, hashed)

    monkeypatch.setattr(bcrypt, "checkpw", counting)
    assert _try(client, "some-password", username="nobody-here").status_code == 401
    assert _try(client, "some-password").status_code == 401
    assert len(checked) == 2
    # Same cost: the dummy hash has the rounds of the real ones.
    assert checked[0][:7] == checked[1][:7]


def _request(peer: str, forwarded: str | None = None) -> SimpleNamespace:
    headers = {"x-forwarded-for": forwarded} if forwarded else {}
    return SimpleNamespace(client=SimpleNamespace(host=peer), headers=headers)


def test_x_forwarded_for_is_believed_only_from_configured_proxies() -> None:
    import ipaddress

    none = Settings()
    proxied = Settings(trusted_proxies=(ipaddress.ip_network("10.0.0.0/8"),))
    assert client_address(_request("203.0.113.5", "1.2.3.4"), none) == "203.0.113.5"
    assert client_address(_request("10.0.0.2", "1.2.3.4"), none) == "10.0.0.2"
    assert client_address(_request("10.0.0.2", "1.2.3.4"), proxied) == "1.2.3.4"
    # A client cannot pose as another by prefixing the header: the nearest untrusted hop.
    assert client_address(_request("10.0.0.2", "6.6.6.6, 1.2.3.4, 10.0.0.9"),
                          proxied) == "1.2.3.4"
    assert client_address(_request("203.0.113.5", "1.2.3.4"), proxied) == "203.0.113.5"
