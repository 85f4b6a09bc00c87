"""Finding 9: a password policy, and the optional TOTP second factor for admin and
reviewer logins (pyotp), over the API and the login page."""

from __future__ import annotations

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from openimr.model.errors import InputError
from openimr.workflow.service import Service
from openimr.workflow.users import SYSTEM, check_password_policy


@pytest.mark.parametrize(("password", "username", "problem"), [
    ("short-pass", None, "at least 12"),
    ("password1234", None, "too common"),
    ("aaaaaaaaaaaaaaa", None, "too common"),
    ("casey-manager", "casey-manager", "not be the username"),
])
def test_the_password_policy(password: str, username: str | None, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        check_password_policy(password, username)
    check_password_policy("a long passphrase of mine", username)


def test_the_api_refuses_weak_passwords(client: TestClient, admin: dict) -> None:
    refused = client.post("/api/users", headers=admin, json={
        "username": "casey", "role": "case_manager", "password": "password1234"})
    assert refused.status_code == 422 and "too common" in refused.json()["message"]


def _enable(client: TestClient) -> str:
    with Session(client.app.state.engine) as session:
        uri = Service(session, SYSTEM).set_second_factor("admin", True)
    assert uri and uri.startswith("otpauth://totp/")
    return pyotp.parse_uri(uri).secret


def test_a_second_factor_login_needs_the_current_code(client: TestClient) -> None:
    old = client.post("/api/token", data={"username": "admin", "password": "admin-password"})
    secret = _enable(client)
    stale = {"Authorization": f"Bearer {old.json()['access_token']}"}
    assert client.get("/api/me", headers=stale).status_code == 401  # sessions ended
    form = {"username": "admin", "password": "admin-password"}
    missing = client.post("/api/token", data=form)
    assert missing.status_code == 401 and "one-time code" in missing.json()["message"]
    wrong_code = str((int(pyotp.TOTP(secret).now()) + 500000) % 1000000).zfill(6)
    assert client.post("/api/token", data={**form, "otp": wrong_code}).status_code == 401
    wrong_password = client.post("/api/token", data={
        "username": "admin", "password": "not-the-password", "otp": pyotp.TOTP(secret).now()})
    assert wrong_password.status_code == 401
    assert "username or password" in wrong_password.json()["message"]
    good = client.post("/api/token", data={**form, "otp": pyotp.TOTP(secret).now()})
    assert good.status_code == 200, good.text


def test_the_login_page_takes_the_code(client: TestClient) -> None:
    from openimr.web import mount

    mount(client.app)
    secret = _enable(client)
    form = {"username": "admin", "password": "admin-password"}
    refused = client.post("/login", data=form, follow_redirects=False)
    assert refused.status_code == 401 and "one-time code" in refused.text
    assert client.post("/login", data={**form, "otp": pyotp.TOTP(secret).now()},
                       follow_redirects=False).status_code == 303


def test_only_admins_and_reviewers_take_a_second_factor(client: TestClient,
                                                       admin: dict) -> None:
    from openimr.workflow.errors import Conflict

    client.post("/api/users", headers=admin, json={
        "username": "casey", "role": "case_manager", "password": "casey-password"})
    with Session(client.app.state.engine) as session, pytest.raises(Conflict):
        Service(session, SYSTEM).set_second_factor("casey", True)
