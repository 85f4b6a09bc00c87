"""Finding 6, what the API's Schemathesis run cannot reach: uploads with any file name and
content, and the pages' forms with any field values, never give a 5xx, and the case stays
readable afterwards."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.helpers import with_csrf
from tests.service.factories import seed_case

FUZZ = settings(max_examples=12, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
#: File names as a client may send them: any character a multipart header can carry.
names = st.text(st.characters(codec="utf-8", exclude_characters='"\r\n'), max_size=300)
suffixes = st.sampled_from([".txt", ".pdf", ".TXT", "", ".exe"])
contents = st.one_of(st.binary(max_size=2000), st.text(max_size=2000).map(str.encode),
                     st.just(b"%PDF-1.4 broken"), st.just(b""))


def _multipart(name: str, content: bytes) -> tuple[bytes, str]:
    boundary = "fuzz-boundary-7f3a"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"'
            "\r\nContent-Type: application/octet-stream\r\n\r\n").encode() \
        + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def case_number(client: TestClient, admin: dict) -> str:
    return client.post("/api/cases", headers=admin, json=seed_case()).json()["case_number"]


@FUZZ
@given(stem=names, suffix=suffixes, content=contents)
def test_any_upload_is_taken_or_refused_never_a_5xx(client: TestClient, admin: dict,
                                                    case_number: str, stem: str, suffix: str,
                                                    content: bytes) -> None:
    body, kind = _multipart(stem + suffix, content)
    response = client.post(f"/api/cases/{case_number}/documents", content=body,
                           headers={**admin, "Content-Type": kind})
    assert response.status_code in (201, 409, 422), response.text
    assert client.get(f"/api/cases/{case_number}", headers=admin).status_code == 200
    if response.status_code == 201:
        download = client.get(f"/api/cases/{case_number}/documents/"
                              f"{response.json()['sha256']}", headers=admin)
        assert download.status_code == 200 and download.content == content


@pytest.fixture
def pages(client: TestClient) -> TestClient:
    from openimr.web import mount

    mount(client.app)
    assert client.post("/login", data={"username": "admin", "password": "admin-password"},
                       follow_redirects=False).status_code == 303
    return with_csrf(client)


field = st.one_of(st.text(max_size=300), st.integers().map(str),
                  st.just("9" * 40), st.just("-1"), st.just(""))


@FUZZ
@given(to=field, note=field, version=field, electronic=field, reviewer=field, reason=field)
def test_any_form_values_give_a_page_never_a_5xx(pages: TestClient, case_number: str, to: str,
                                                 note: str, version: str, electronic: str,
                                                 reviewer: str, reason: str) -> None:
    base = f"/cases/{case_number}"
    for path, form in ((f"{base}/transition", {"to": to, "note": note, "version": version,
                                               "electronic": electronic}),
                       (f"{base}/assignment", {"reviewer_id": reviewer, "version": version}),
                       (f"{base}/draft", {"version": version}),
                       (f"{base}/correct", {"reason": reason, "version": version}),
                       ("/admin/users", {"username": note, "role": to, "password": reason,
                                         "reviewer_id": reviewer, "case_numbers": version})):
        response = pages.post(path, data=form, follow_redirects=False)
        assert response.status_code < 500, (path, form, response.text[:300])
    assert pages.get(base).status_code == 200


def test_a_form_value_the_service_model_refuses_is_a_422_page(pages: TestClient,
                                                            case_number: str) -> None:
    """Found by the fuzzing above: these were 500s (the input model's ValidationError)."""
    for path, form in ((f"/cases/{case_number}/transition", {"to": "", "version": "1"}),
                       (f"/cases/{case_number}/correct", {"reason": "", "version": "1"}),
                       ("/admin/users", {"username": "", "role": "", "password": ""})):
        response = pages.post(path, data=form, follow_redirects=False)
        assert response.status_code == 422 and "text/html" in response.headers["content-type"]
