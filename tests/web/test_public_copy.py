"""The public copy through the API (`?copy=public`) and the workbench's download."""

from __future__ import annotations

import io
import json
import os

import pdfplumber
import pytest
from fastapi.testclient import TestClient
from tests.security.helpers import with_csrf

from openimr.web.seed import DEMO_PASSWORD, SEED_CASE, demo_app

pytestmark = pytest.mark.xdist_group("web-public")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    os.environ.setdefault("OPENIMR_BCRYPT_ROUNDS", "4")
    return demo_app(tmp_path_factory.mktemp("public") / "web.db", corpus_letters=0)


def test_public_copy_from_api_and_workbench(site) -> None:
    app, demo = site
    client = TestClient(app)
    assert client.post("/login", data={"username": "ortiz", "password": DEMO_PASSWORD},
                       follow_redirects=False).status_code == 303
    client = with_csrf(client)
    number = demo.seed_case
    assert client.post(f"/cases/{number}/draft").status_code in (200, 409)  # drafted already
    claim_number = json.loads(SEED_CASE.read_text())["claim"]["claim_number"]

    token = TestClient(app).post("/api/token", data={
        "username": "ortiz", "password": DEMO_PASSWORD}).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    full = client.get(f"/api/cases/{number}/letter", headers=headers)
    public = client.get(f"/api/cases/{number}/letter", headers=headers,
                        params={"copy": "public"})
    assert full.status_code == public.status_code == 200
    assert claim_number in full.text and claim_number not in public.text
    assert "[ID NUMBER]" in public.text
    assert client.get(f"/api/cases/{number}/letter", headers=headers,
                      params={"copy": "other"}).status_code == 422

    page = client.get(f"/cases/{number}/letter").text
    assert f"/cases/{number}/letter.pdf?copy=public" in page
    pdf = client.get(f"/cases/{number}/letter.pdf", params={"copy": "public"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert "public" in pdf.headers["content-disposition"]
    with pdfplumber.open(io.BytesIO(pdf.content)) as document:
        text = "\n".join(p.extract_text() or "" for p in document.pages)
    assert claim_number not in text and "Physical Therapy" in text
    assert client.get(f"/cases/{number}/letter.pdf", params={"copy": "x"}).status_code == 400


def test_case_page_shows_the_appeal_self_check_before_signing(site) -> None:
    app, demo = site
    client = TestClient(app)
    client.post("/login", data={"username": "ortiz", "password": DEMO_PASSWORD})
    client = with_csrf(client)
    client.post(f"/cases/{demo.seed_case}/draft")
    page = client.get(f"/cases/{demo.seed_case}").text
    assert "Self-check: candidate appeal grounds (LC 4610.6(h))" in page
    assert "not legal advice" in page
    assert "No candidate appeal ground found." in page  # the seed raises none


def test_determination_endpoint_gives_a_fhir_bundle(site) -> None:
    from fhir.resources.R4B import get_fhir_model_class

    app, demo = site
    client = TestClient(app)
    client.post("/login", data={"username": "ortiz", "password": DEMO_PASSWORD})
    client = with_csrf(client)
    client.post(f"/cases/{demo.seed_case}/draft")
    token = client.post("/api/token", data={
        "username": "ortiz", "password": DEMO_PASSWORD}).json()["access_token"]
    response = client.get(f"/api/cases/{demo.seed_case}/determination",
                          headers={"Authorization": f"Bearer {token}"},
                          params={"format": "fhir"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/fhir+json")
    bundle = response.json()
    get_fhir_model_class("Bundle").model_validate(bundle)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds[0] == "ClaimResponse" and "DocumentReference" in kinds
    assert "ortiz" not in response.text.lower()  # the reviewer is a role, never a name
    plain = client.get(f"/api/cases/{demo.seed_case}/determination",
                       headers={"Authorization": f"Bearer {token}"})
    assert plain.status_code == 200 and "determinations" in plain.json()["determination"]


def test_publish_writes_the_public_copy_of_signed_letters_for_the_corpus(tmp_path) -> None:
    from typer.testing import CliRunner

    from openimr.cli import app as cli
    from openimr.corpus import parse_letter

    web, demo = demo_app(tmp_path / "publish.db", corpus_letters=0)
    client = TestClient(web)
    client.post("/login", data={"username": "ortiz", "password": DEMO_PASSWORD})
    client = with_csrf(client)
    number = demo.queue[0]
    page = client.post(f"/cases/{number}/draft").text
    version = int(page.split('action="/cases/' + number + '/sign"')[1]
                  .split('name="version" value="')[1].split('"')[0])
    signed = client.post(f"/cases/{number}/sign", data={
        "version": version, "attest": "yes", "statement": ""})
    assert "Determination signed." in signed.text
    out = tmp_path / "public"
    result = CliRunner().invoke(cli, ["publish", str(out), "--database-url",
                                      f"sqlite:///{tmp_path / 'publish.db'}"])
    assert result.exit_code == 0, result.output
    assert "1 public copy" in result.output
    text = (out / f"{number}.txt").read_text()
    assert number not in text and "[ID NUMBER]" in text and "DRAFT" not in text
    assert parse_letter(text).items  # the corpus parser reads the public copy
