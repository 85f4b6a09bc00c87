"""A typed Python client generated from the OpenAPI document (openapi-python-client, a dev
dependency) in the test run, never checked in, drives a case from intake to the letter PDF
alone, on both databases: the document is a contract a client can be built from."""

from __future__ import annotations

import importlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.service.factories import reviewer, seed_case

PACKAGE = "openimr_client"


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The client package, generated from the app's OpenAPI document into a temporary
    directory and imported from there."""
    from openimr.api import create_app

    out = tmp_path_factory.mktemp("generated-client")
    app = create_app(f"sqlite:///{out / 'schema.db'}")
    (out / "openapi.json").write_text(json.dumps(app.openapi()))
    app.state.engine.dispose()
    # No post-generation formatting: the code is imported, never read.
    (out / "config.yaml").write_text("post_hooks: []\n")
    bin_dir = Path(sys.executable).parent
    generator = shutil.which("openapi-python-client", path=str(bin_dir))
    assert generator, "openapi-python-client is in the dev extras"
    done = subprocess.run(
        [generator, "generate", "--path", str(out / "openapi.json"), "--meta", "none",
         "--config", str(out / "config.yaml"), "--output-path", str(out / PACKAGE)],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    sys.path.insert(0, str(out))
    try:
        return importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))


def _module(name: str) -> Any:
    return importlib.import_module(f"{PACKAGE}.{name}")


def _connect(app: FastAPI, token: str | None = None) -> Any:
    """A generated client whose requests go to `app` in this process."""
    clients = _module("client")
    if token is None:
        return clients.Client(base_url="http://testserver").set_httpx_client(TestClient(app))
    return clients.AuthenticatedClient(base_url="http://testserver", token=token) \
        .set_httpx_client(TestClient(app, headers={"Authorization": f"Bearer {token}"}))


def _log_in(app: FastAPI, username: str, password: str) -> Any:
    models, login = _module("models"), _module("api.authentication.login")
    token = login.sync(client=_connect(app),
                       body=models.BodyLogin(username=username, password=password))
    assert isinstance(token, models.Token), token
    return _connect(app, token.access_token)


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    return response.parsed


def test_the_generated_client_drives_a_case_from_intake_to_the_letter_pdf(
        generated: ModuleType, client: TestClient) -> None:
    app = client.app
    models = _module("models")
    api = {name: _module(f"api.{group}.{name}") for group, names in {
        "users": ("add_user",), "reviewers": ("add_reviewer",),
        "cases": ("intake", "get_case", "transition", "eligibility", "upload", "assign",
                  "draft", "edit_determination", "sign", "letter", "get_determination")}.items()
        for name in names}
    admin = _log_in(app, "admin", "admin-password")
    _ok(api["add_user"].sync_detailed(client=admin, body=models.UserIn(
        username="casey", role=models.Role.CASE_MANAGER, password="casey-password")), 201)
    manager = _log_in(app, "casey", "casey-password")
    _ok(api["add_reviewer"].sync_detailed(client=manager, body=models.ReviewerCreate.from_dict({
        **reviewer("Dr. Avery Quinn", boards=["PM&R"], years_in_practice=17, hours=32),
        "username": "drquinn", "password": "quinn-password"})), 201)

    # Intake, then eligibility, each write guarded by the ETag of the case as read.
    case = _ok(api["intake"].sync_detailed(
        client=manager, body=models.IntakeJsonCase.from_dict(seed_case())), 201)
    number = case.case_number
    assert case.status == models.CaseStatus.RECEIVED
    read = api["get_case"].sync_detailed(number, client=manager)
    etag = read.headers["etag"]
    assert etag == f'"{case.version}"'
    for step in (models.TransitionIn(to=models.CaseStatus.ELIGIBILITY_REVIEW),
                 models.TransitionIn(to=models.CaseStatus.NOTICE_OF_ASSIGNMENT_SENT,
                                     electronic=True),
                 models.TransitionIn(to=models.CaseStatus.RECORDS_REQUESTED)):
        moved = api["transition"].sync_detailed(number, client=manager, body=step,
                                                if_match=etag)
        _ok(moved)
        etag = moved.headers["etag"]
    report = _ok(api["eligibility"].sync_detailed(number, client=manager))
    assert report.eligible is True

    # A stale tag is refused with 412, and nothing changes.
    stale = api["transition"].sync_detailed(number, client=manager, if_match='"1"', body=(
        models.TransitionIn(to=models.CaseStatus.WITHDRAWN, note="stale")))
    assert stale.status_code == 412 and stale.parsed.code == "precondition_failed"

    # Records, assignment, clinical review.
    file_type = _module("types").File
    _ok(api["upload"].sync_detailed(number, client=manager, body=models.BodyUpload(
        file=file_type(payload=io.BytesIO(b"UR decision of 08/02/2013: 8 PT sessions "
                                          b"non-certified."), file_name="ur.txt",
                       mime_type="text/plain"), kind=models.DocumentKind.UR_DECISION)), 201)
    etag = api["get_case"].sync_detailed(number, client=manager).headers["etag"]  # a new one
    assigned = _ok(api["assign"].sync_detailed(number, client=manager, if_match=etag,
                                               body=models.AssignmentIn()))
    assert assigned.reviewer_id is not None
    etag = api["get_case"].sync_detailed(number, client=manager).headers["etag"]
    _ok(api["transition"].sync_detailed(number, client=manager, if_match=etag, body=(
        models.TransitionIn(to=models.CaseStatus.CLINICAL_REVIEW))))

    # The reviewer drafts, decides every item, saves and signs, each on the draft's ETag.
    doctor = _log_in(app, "drquinn", "quinn-password")
    drafted = api["draft"].sync_detailed(number, client=doctor, body=models.DraftIn())
    draft = _ok(drafted)
    assert drafted.headers["etag"] == f'"{draft.letter_version}.{draft.version}"'
    determination = draft.determination.to_dict()
    for item in determination["determinations"]:
        if item["decision"] == "unsupported":
            item["decision"] = "upheld"
    edited = api["edit_determination"].sync_detailed(
        number, client=doctor, if_match=drafted.headers["etag"],
        body=models.DeterminationEdit.from_dict({"determination": determination,
                                                 "version": draft.version}))
    _ok(edited)
    signed = _ok(api["sign"].sync_detailed(number, client=doctor,
                                           if_match=edited.headers["etag"],
                                           body=models.SignIn(version=edited.parsed.version)))
    assert signed.status == "signed"
    read = api["get_determination"].sync_detailed(number, client=manager)
    assert read.headers["etag"] == f'"{signed.letter_version}.{signed.version}"'

    letter = api["letter"].sync_detailed(number, client=manager,
                                         format_=models.LetterFormat.PDF)
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF-")
    assert _ok(api["get_case"].sync_detailed(number, client=manager)).status == \
        models.CaseStatus.DETERMINED
