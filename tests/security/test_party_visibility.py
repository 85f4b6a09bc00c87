"""Minimum necessary (security finding 12): an employer or claims-administrator party sees
the signed letter only, never the case file, records or documents; workers (and providers,
attorneys) see both; OPENIMR_PARTY_VISIBILITY changes it. Checked in the service, so the
API and the web agree."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.service.factories import decide_and_sign


def _signed(client: TestClient, in_review: dict) -> str:
    number = in_review["number"]
    decide_and_sign(client, number, in_review["doctor"], in_review["draft"])
    return number


def _party(client: TestClient, admin: dict, login, number: str, username: str,
           party_type: str | None) -> dict[str, str]:
    body = {"username": username, "role": "party", "password": f"{username}-password",
            "case_numbers": [number]}
    if party_type is not None:
        body["party_type"] = party_type
    assert client.post("/api/users", headers=admin, json=body).status_code == 201
    return login(username, f"{username}-password")


def _reads(client: TestClient, number: str, headers: dict) -> dict[str, int]:
    return {what: client.get(f"/api/cases/{number}{path}", headers=headers).status_code
            for what, path in (("case", ""), ("documents", "/documents"),
                               ("letter", "/letter"), ("determination", "/determination"))}


@pytest.mark.parametrize("party_type", ["employer", "claims_administrator"])
def test_employer_sees_only_the_signed_letter(client: TestClient, admin: dict, in_review: dict,
                                              login, party_type: str) -> None:
    number = _signed(client, in_review)
    party = _party(client, admin, login, number, "payer", party_type)
    assert _reads(client, number, party) == {"case": 403, "documents": 403, "letter": 200,
                                             "determination": 200}
    letter = client.get(f"/api/cases/{number}/letter", headers=party)
    assert number in letter.text
    refused = client.get("/api/audit", headers=admin, params={"username": "payer"}).json()
    assert any(e["action"] == "denied" and e["case_number"] == number for e in refused)


@pytest.mark.parametrize("party_type", [None, "worker", "provider", "attorney"])
def test_worker_still_sees_the_case_and_the_letter(client: TestClient, admin: dict,
                                                   in_review: dict, login,
                                                   party_type: str | None) -> None:
    number = _signed(client, in_review)
    party = _party(client, admin, login, number, "worker1", party_type)
    assert set(_reads(client, number, party).values()) == {200}


def test_the_setting_changes_what_each_type_sees(client: TestClient, admin: dict,
                                                 in_review: dict, login,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    number = _signed(client, in_review)
    employer = _party(client, admin, login, number, "payer", "employer")
    worker = _party(client, admin, login, number, "worker1", "worker")
    monkeypatch.setenv("OPENIMR_PARTY_VISIBILITY", json.dumps(
        {"employer": ["letter", "case_file"], "worker": ["letter"]}))
    assert _reads(client, number, employer) == {"case": 200, "documents": 403, "letter": 200,
                                                "determination": 200}
    assert _reads(client, number, worker) == {"case": 403, "documents": 403, "letter": 200,
                                              "determination": 200}


def test_an_unknown_party_type_is_a_clear_400(client: TestClient, admin: dict,
                                              in_review: dict) -> None:
    response = client.post("/api/users", headers=admin, json={
        "username": "payer", "role": "party", "password": "payer-password",
        "case_numbers": [in_review["number"]], "party_type": "insurer"})
    assert 400 <= response.status_code < 500


def test_existing_grants_become_worker_grants(tmp_path) -> None:
    """The migration keeps every party access granted before it, as a worker's."""
    from alembic import command
    from sqlalchemy import text

    from openimr.store.base import make_engine
    from openimr.store.migrate import alembic_config, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "service_0006_utc")
            connection.execute(text("PRAGMA foreign_keys=OFF"))
            connection.execute(text("INSERT INTO party_access (user_id, case_id) VALUES (1, 2)"))
        upgrade(engine)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT user_id, case_id, party_type FROM "
                                           "party_access")).all() == [(1, 2, "worker")]
    finally:
        engine.dispose()


def test_a_bad_setting_stops_the_start(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from openimr.api.app import create_app
    from openimr.model.errors import InputError

    monkeypatch.setenv("OPENIMR_PARTY_VISIBILITY", json.dumps({"insurer": ["letter"]}))
    with pytest.raises(InputError, match="OPENIMR_PARTY_VISIBILITY"):
        create_app(f"sqlite:///{tmp_path / 'x.db'}")
