"""The document store: content outside the database, addressed and verified by SHA-256,
and the migration that moved the `blobs` rows' content out."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from openimr.store.documents import (
    DirectoryStore,
    DocumentUnavailable,
    document_store,
    store_location,
)
from openimr.store.migrate import alembic_config, open_database


def test_content_is_addressed_by_hash_and_verified_on_read(tmp_path: Path) -> None:
    store = DirectoryStore(tmp_path / "docs")
    content = b"%PDF-1.4 a record"
    sha256 = store.put(content)
    assert sha256 == hashlib.sha256(content).hexdigest()
    assert store.put(content) == sha256  # storing it again changes nothing
    path = tmp_path / "docs" / sha256[:2] / sha256[2:4] / sha256
    assert path.read_bytes() == content
    assert path.stat().st_mode & 0o077 == 0  # PHI: owner only
    assert store.get(sha256) == content
    path.write_bytes(b"%PDF-1.4 a changed record")
    with pytest.raises(DocumentUnavailable, match="does not match its hash"):
        store.get(sha256)
    path.unlink()
    assert not store.has(sha256)
    with pytest.raises(DocumentUnavailable, match="missing"):
        store.get(sha256)
    with pytest.raises(DocumentUnavailable):
        store.get("../../etc/passwd")


def test_the_default_store_is_beside_the_sqlite_file(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    monkeypatch.delenv("OPENIMR_DOCUMENT_STORE", raising=False)
    assert store_location(f"sqlite:///{tmp_path}/cases.db") == tmp_path / "cases-documents"
    assert store_location("postgresql+psycopg://u@h/db") == Path("openimr-documents")
    monkeypatch.setenv("OPENIMR_DOCUMENT_STORE", str(tmp_path / "shared"))
    assert store_location("postgresql+psycopg://u@h/db") == tmp_path / "shared"


def test_the_migration_moves_blob_rows_out_of_the_database(monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    monkeypatch.delenv("OPENIMR_DOCUMENT_STORE", raising=False)
    url = f"sqlite:///{tmp_path}/old.db"
    command.upgrade(alembic_config(url), "service_0007_party_type")
    contents = [b"first record\n", b"%PDF-1.4 second record"]
    engine = create_engine(url)
    with engine.begin() as connection:
        for content in contents:
            connection.execute(text(
                "INSERT INTO blobs (sha256, size, media_type, content, created_at) "
                "VALUES (:h, :s, 'text/plain', :c, '2026-01-01 00:00:00')"),
                {"h": hashlib.sha256(content).hexdigest(), "s": len(content), "c": content})
    engine.dispose()
    open_database(url).dispose()
    engine = create_engine(url)
    assert "content" not in {c["name"] for c in inspect(engine).get_columns("blobs")}
    engine.dispose()
    store = document_store(url)
    assert store.location == str((tmp_path / "old-documents").absolute())
    for content in contents:
        assert store.get(hashlib.sha256(content).hexdigest()) == content
    # and back: the content returns to the rows
    command.downgrade(alembic_config(url), "service_0007_party_type")
    engine = create_engine(url)
    with engine.connect() as connection:
        back = {bytes(c) for (c,) in connection.execute(text("SELECT content FROM blobs"))}
    engine.dispose()
    assert back == set(contents)


def test_a_damaged_document_is_a_503_naming_no_content(client, login) -> None:  # type: ignore[no-untyped-def]
    import json

    from tests.service.conftest import SEED_CASE

    headers = login("admin", "admin-password")
    case = json.loads(SEED_CASE.read_text())
    assert client.post("/api/cases", json=case, headers=headers).status_code == 201
    number = case["case_number"]
    added = client.post(f"/api/cases/{number}/documents", headers=headers,
                        files={"file": ("note.txt", b"a progress note\n", "text/plain")}).json()
    url = client.app.state.database_url
    path = Path(document_store(url).location) / added["sha256"][:2] / added["sha256"][2:4] \
        / added["sha256"]
    path.write_bytes(b"changed")
    response = client.get(f"/api/cases/{number}/documents/{added['sha256']}", headers=headers)
    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"
    assert "changed" not in response.text
