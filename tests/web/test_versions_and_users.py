"""Corrections of a signed letter as new versions, and the admin's users page, over HTTP."""

from __future__ import annotations

import os
import re

import pytest
from fastapi.testclient import TestClient
from tests.security.helpers import with_csrf

from openimr.web.seed import DEMO_PASSWORD, demo_app

pytestmark = pytest.mark.xdist_group("web-versions")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    os.environ.setdefault("OPENIMR_BCRYPT_ROUNDS", "4")
    return demo_app(tmp_path_factory.mktemp("versions-web") / "web.db", corpus_letters=0)


def login(site, username: str, password: str = DEMO_PASSWORD) -> TestClient:
    client = TestClient(site[0])
    response = client.post("/login", data={"username": username, "password": password},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return with_csrf(client)


def version_in(page: str, action: str) -> int:
    form = page.split(f'action="{action}"', 1)[1]
    return int(re.search(r'name="version" value="(\d+)"', form).group(1))


def _sign(client: TestClient, number: str, page: str) -> str:
    signed = client.post(f"/cases/{number}/sign", data={
        "version": version_in(page, f"/cases/{number}/sign"), "attest": "yes", "statement": ""})
    assert signed.status_code == 200, signed.text
    return signed.text


def test_correcting_a_signed_letter_makes_a_new_version(site):
    _, demo = site
    number = demo.seed_case
    ortiz = login(site, "ortiz")
    page = ortiz.get(f"/cases/{number}").text
    assert "Correct this letter" not in page  # a draft is edited, not corrected
    version = version_in(page, f"/cases/{number}/decision")
    decided = ortiz.post(f"/cases/{number}/decision", data={
        "item_id": "item-1", "decision": "upheld", "version": version,
        "rationale": "First rationale, as signed."}).text
    signed = _sign(ortiz, number, decided)
    assert "Correct this letter" in signed
    assert "Correct this letter" not in login(site, "manager").get(f"/cases/{number}").text

    blank = ortiz.post(f"/cases/{number}/correct", data={
        "reason": "  ", "version": version_in(signed, f"/cases/{number}/correct")})
    assert blank.status_code == 422 and "reason" in blank.text
    started = ortiz.post(f"/cases/{number}/correct", data={
        "reason": "The rationale named the wrong body part.",
        "version": version_in(signed, f"/cases/{number}/correct")}).text
    assert "Correction started: version 2" in started
    assert "Reason for the correction: The rationale named the wrong body part." in started
    edited = ortiz.post(f"/cases/{number}/decision", data={
        "item_id": "item-1", "decision": "upheld",
        "version": version_in(started, f"/cases/{number}/decision"),
        "rationale": "Corrected rationale, lumbar spine."}).text
    final = _sign(ortiz, number, edited)
    assert "letter version 2" in final

    letter = ortiz.get(f"/cases/{number}/letter").text
    assert "Version 2 (correction of version 1: The rationale named the wrong body part.)" \
        in letter
    assert f'href="/cases/{number}/letter?version=1">Version 1</a>' in letter
    old = ortiz.get(f"/cases/{number}/letter?version=1").text
    assert '<span class="tag superseded">Superseded</span> signed' in old
    assert f"/cases/{number}/letter.html?version=1" in old
    old_html = ortiz.get(f"/cases/{number}/letter.html?version=1").text
    assert "SUPERSEDED" in old_html and "First rationale, as signed." in old_html
    new_html = ortiz.get(f"/cases/{number}/letter.html").text
    assert "SUPERSEDED" not in new_html and "Corrected rationale, lumbar spine." in new_html
    assert ortiz.get(f"/cases/{number}/letter.pdf?version=1").content.startswith(b"%PDF")
    assert ortiz.get(f"/cases/{number}/letter?version=7").status_code == 404
    audit = login(site, "admin").get(f"/admin/audit?case_number={number}").text
    assert "correction version 2 of 1: The rationale named the wrong body part." in audit


def test_admin_lists_deactivates_and_reactivates_users(site):
    admin = login(site, "admin")
    page = admin.get("/admin/users").text
    rows = re.findall(r'<th scope="row">([\w.@-]+)</th>\s*<td>([\w ]+)</td>\s*<td>[^<]*</td>\s*'
                      r'<td>(yes|no \(deactivated\))</td>\s*<td>(\d\d/\d\d/\d{4} [\d:]+ UTC)</td>',
                      page)
    assert {(name, role) for name, role, *_ in rows} >= {
        ("admin", "admin"), ("manager", "case manager"), ("ortiz", "reviewer"),
        ("chen", "reviewer")}
    assert all(active == "yes" for _, _, active, _ in rows)
    assert 'action="/admin/users/admin/active"' not in page  # not oneself

    done = admin.post("/admin/users/chen/active", data={"active": "no"}).text
    assert "User chen deactivated." in done and "no (deactivated)" in done
    refused = TestClient(site[0]).post("/login", data={"username": "chen",
                                                        "password": DEMO_PASSWORD})
    assert refused.status_code == 401
    assert admin.post("/admin/users/nobody/active", data={"active": "no"}).status_code == 404
    assert login(site, "manager").get("/admin/users").status_code == 403
    back = admin.post("/admin/users/chen/active", data={"active": "yes"}).text
    assert "User chen reactivated." in back
    login(site, "chen")
    audit = admin.get("/admin/audit?username=admin").text
    assert "chen deactivated" in audit and "chen reactivated" in audit
