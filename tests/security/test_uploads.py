"""Finding 4, one upload never breaks a case: file names are normalised and bounded,
downloads carry a Content-Disposition no name can break, a text over spaCy's 1,000,000
characters is read in pages, and staff can remove a document (audited, kept)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from openimr.store.models import Blob
from openimr.workflow.documents import MAX_NAME_BYTES, normalise_filename

NOTE = b"Progress note 7/1/2013. Low back pain, 6/10. Plan: physical therapy.\n"


def _upload(client: TestClient, headers: dict, number: str, name: str,
            content: bytes = NOTE):  # type: ignore[no-untyped-def]
    """A multipart upload built by hand: the file name goes out byte for byte (an HTTP
    library would escape a NUL or a line break; an attacker's client does not)."""
    boundary = "openimr-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n").encode() \
        + content + f"\r\n--{boundary}--\r\n".encode()
    return client.post(f"/api/cases/{number}/documents", content=body, headers={
        **headers, "Content-Type": f"multipart/form-data; boundary={boundary}"})


@pytest.mark.parametrize(("name", "stored"), [
    ("note\x00.txt", "note .txt"),
    ("a" * 300 + ".txt", "a" * (MAX_NAME_BYTES - 4) + ".txt"),
    ("é" * 200 + ".txt", "é" * 125 + ".txt"),
    ("evil\".txt\r\nX-Injected: 1.txt", "evil\".txt X-Injected: 1.txt"),
    ("..\\..\\windows\\note.txt", "note.txt"),
    ("\u202etxt.exe.txt", "txt.exe.txt"),
])
def test_file_names_are_normalised_and_bounded(name: str, stored: str) -> None:
    assert normalise_filename(name) == stored
    assert len(normalise_filename(name).encode("utf-8")) <= MAX_NAME_BYTES


def test_a_bad_file_name_leaves_the_case_and_its_drafting_working(
        client: TestClient, admin: dict, in_review: dict) -> None:
    number, doctor = in_review["number"], in_review["doctor"]
    for index, name in enumerate(("note\x00.txt", "n" * 300 + ".txt", "quote';.txt",
                                  "日本語.txt")):
        added = _upload(client, admin, number, name, NOTE + str(index).encode())
        assert added.status_code == 201, added.text
        shown = added.json()["filename"]
        assert "\x00" not in shown and "\r" not in shown
        assert len(shown.encode()) <= MAX_NAME_BYTES
        download = client.get(f"/api/cases/{number}/documents/{added.json()['sha256']}",
                              headers=admin)
        assert download.status_code == 200
        disposition = download.headers["content-disposition"]
        assert "\r" not in disposition and "\n" not in disposition
        assert disposition.count('"') == 2 and "filename*=UTF-8''" in disposition
    assert client.get(f"/api/cases/{number}", headers=admin).status_code == 200
    from openimr.web import mount

    mount(client.app)
    assert client.post("/login", data={"username": "doc", "password": "password-doc-12"},
                       follow_redirects=False).status_code == 303
    page = client.get(f"/cases/{number}")
    assert page.status_code == 200 and "日本語.txt" in page.text
    redraft = client.post(f"/api/cases/{number}/determination", headers=doctor,
                          json={"version": in_review["draft"]["version"]})
    assert redraft.status_code == 200, redraft.text


def test_a_text_over_spacys_limit_is_read_in_pages(client: TestClient, admin: dict,
                                                   in_review: dict) -> None:
    number, doctor = in_review["number"], in_review["doctor"]
    long_text = "".join(f"{i:06d} " + "x" * 992 + "\n" for i in range(1001)).encode()
    assert len(long_text) > 1_000_000
    added = _upload(client, admin, number, "long.txt", long_text)
    assert added.status_code == 201, added.text
    redraft = client.post(f"/api/cases/{number}/determination", headers=doctor,
                          json={"version": in_review["draft"]["version"]})
    assert redraft.status_code == 200, redraft.text


def test_staff_remove_a_document_which_stays_stored_and_audited(
        client: TestClient, admin: dict, in_review: dict) -> None:
    number, doctor = in_review["number"], in_review["doctor"]
    added = _upload(client, admin, number, "wrong-patient.txt").json()
    path = f"/api/cases/{number}/documents/{added['sha256']}"
    reason = {"reason": "another worker's record"}
    assert client.request("DELETE", path, headers=doctor, json=reason).status_code == 403
    assert client.request("DELETE", path, headers=admin, json={"reason": ""}).status_code == 422
    removed = client.request("DELETE", path, headers=admin, json=reason)
    assert removed.status_code == 200, removed.text
    assert removed.json()["removed_by"] == "admin"
    listed = client.get(f"/api/cases/{number}/documents", headers=admin).json()
    assert added["sha256"] not in [d["sha256"] for d in listed]
    assert client.get(path, headers=doctor).status_code == 404  # not the reviewer's any more
    assert client.get(path, headers=admin).status_code == 200  # kept for staff
    with Session(client.app.state.engine) as session:
        assert session.scalar(select(Blob.sha256).where(Blob.sha256 == added["sha256"]))
    audit = client.get("/api/audit", headers=admin, params={"case_number": number}).json()
    assert any((e["detail"] or "").startswith("removed wrong-patient.txt") for e in audit)
    history = client.get(f"/api/cases/{number}", headers=admin).json()["events"]
    assert any("removed: another worker's record" in (e["note"] or "") for e in history)
    again = _upload(client, admin, number, "wrong-patient.txt")
    assert again.status_code == 201  # the same content uploaded again comes back


def test_staff_remove_a_document_from_the_case_page(client: TestClient, admin: dict,
                                                    in_review: dict) -> None:
    from openimr.web import mount
    from tests.security.helpers import with_csrf

    number = in_review["number"]
    added = _upload(client, admin, number, "misfiled.txt").json()
    mount(client.app)
    assert client.post("/login", data={"username": "admin", "password": "admin-password"},
                       follow_redirects=False).status_code == 303
    with_csrf(client)
    page = client.get(f"/cases/{number}").text
    action = f"/cases/{number}/documents/{added['sha256']}/remove"
    assert action in page
    done = client.post(action, data={"reason": "filed in the wrong case"})
    assert done.status_code == 200 and "misfiled.txt removed" in done.text
    assert action not in done.text
