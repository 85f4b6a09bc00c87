"""The workbench's pages over HTTP (no browser): roles, the queue, edits with optimistic
locking, signing, intake, assignment and the audit log, all through the service."""

from __future__ import annotations

import os
import re

import pytest
from fastapi.testclient import TestClient
from tests.security.helpers import with_csrf

from openimr.web.records import Span, highlight
from openimr.web.seed import DEMO_PASSWORD, SEED_CASE, demo_app

pytestmark = pytest.mark.xdist_group("web-pages")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    os.environ.setdefault("OPENIMR_BCRYPT_ROUNDS", "4")
    return demo_app(tmp_path_factory.mktemp("web") / "web.db")


def login(site, username: str) -> TestClient:
    app, _ = site
    client = TestClient(app)
    response = client.post("/login", data={"username": username, "password": DEMO_PASSWORD},
                           follow_redirects=False)
    assert response.status_code == 303
    return with_csrf(client)


def version_of(page: str) -> int:
    return int(re.search(r'name="version" value="(\d+)"', page).group(1))


def test_pages_need_a_login_and_come_back_after_it(site):
    app, demo = site
    client = TestClient(app)
    response = client.get(f"/cases/{demo.seed_case}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next=/cases/{demo.seed_case}"
    wrong = client.post("/login", data={"username": "ortiz", "password": "not-it-at-all"})
    assert wrong.status_code == 401 and "Wrong username or password" in wrong.text
    back = client.post("/login", data={"username": "ortiz", "password": DEMO_PASSWORD,
                                       "next": f"/cases/{demo.seed_case}"},
                       follow_redirects=False)
    assert back.headers["location"] == f"/cases/{demo.seed_case}"
    assert "httponly" in back.headers["set-cookie"].lower()
    # Another site as `next` is ignored: no open redirect.
    elsewhere = client.post("/login", data={"username": "ortiz", "password": DEMO_PASSWORD,
                                            "next": "//evil.example/"}, follow_redirects=False)
    assert elsewhere.headers["location"] == "/queue"
    # A forged or expired cookie is no session.
    forged = TestClient(app, cookies={"openimr_token": "not-a-jwt"})
    assert forged.get("/queue", follow_redirects=False).headers["location"].startswith("/login")


def test_a_truncated_form_gets_a_page_naming_the_field(site):
    _, demo = site
    response = login(site, "ortiz").post(f"/cases/{demo.seed_case}/decision",
                                         data={"item_id": "item-1", "decision": "upheld"})
    assert response.status_code == 422
    assert "text/html" in response.headers["content-type"] and "version" in response.text


def test_queue_lists_my_cases_by_deadline_with_overdue_and_due_soon_marked(site):
    _, demo = site
    page = login(site, "ortiz").get("/queue").text
    rows = re.findall(r'<tr class="([a-z-]*)">\s*<th scope="row"><a href="/cases/([^"]+)"', page)
    numbers = [number for _, number in rows]
    assert sorted(numbers) == sorted([demo.seed_case, *demo.queue])
    assert demo.other_case not in page
    # Overdue (33 days in review) before due soon (28 days) before the fresh case.
    assert rows == [("overdue", demo.queue[1]), ("due-soon", demo.queue[0]),
                    ("", demo.seed_case)]
    assert "Overdue</span>" in page and "Due soon</span>" in page
    assert re.search(r"\(\d+ days? overdue\)", page) and re.search(r"\(in \d+ days?\)", page)


def test_queue_filters_by_status_and_priority(site):
    _, demo = site
    manager = login(site, "manager")
    expedited = manager.get("/cases?priority=expedited").text
    assert demo.other_case in expedited and f">{demo.seed_case}<" not in expedited
    received = manager.get("/cases?status=received").text
    assert "No cases match these filters." in received
    assert manager.get("/cases?status=bogus").status_code == 422


def test_a_reviewer_cannot_open_or_change_another_reviewers_case(site):
    _, demo = site
    ortiz = login(site, "ortiz")
    page = ortiz.get(f"/cases/{demo.other_case}")
    assert page.status_code == 403 and "Not your case" in page.text
    assert "8 Physical Therapy" not in page.text
    post = ortiz.post(f"/cases/{demo.other_case}/decision", data={
        "item_id": "item-1", "decision": "overturned", "rationale": "x", "version": 1})
    assert post.status_code == 403
    assert ortiz.get("/admin/audit").status_code == 403
    assert ortiz.get("/intake").status_code == 403


def test_case_page_links_each_evidence_to_its_mark_in_the_records(site):
    _, demo = site
    page = login(site, "ortiz").get(f"/cases/{demo.seed_case}").text
    links = re.findall(r'class="evidence" href="([^"]+)"[^>]*>“([^”]+)”', page)
    assert links
    for href, quote in links:
        anchor = href.split("#")[1]
        assert re.search(rf'<mark id="{anchor}" class="cited"[^>]*>{re.escape(quote)}</mark>',
                         page)
    # Facts no criterion cites are highlighted too, with what the extractor read.
    assert re.search(r'<mark title="[a-z_]+: [^"]+">', page)
    # The fragment htmx swaps in holds the viewer alone.
    fragment = login(site, "ortiz").get(links[0][0].split("#")[0],
                                        headers={"HX-Request": "true",
                                                 "HX-Target": "records"}).text
    assert fragment.lstrip().startswith('<section id="records"') and "<html" not in fragment


def test_criterion_change_is_saved_audited_and_a_stale_form_is_refused(site):
    _, demo = site
    ortiz = login(site, "ortiz")
    page = ortiz.get(f"/cases/{demo.seed_case}").text
    version = version_of(page)
    form = {"item_id": "item-1", "criterion_id": "pm.statutory_cap", "status": "unknown",
            "comment": "Written authorization not in the file.", "version": version}
    saved = ortiz.post(f"/cases/{demo.seed_case}/criterion", data=form)
    assert saved.status_code == 200 and "set to unknown" in saved.text
    assert "Reviewer: Written authorization not in the file." in saved.text
    assert version_of(saved.text) == version + 1
    # The same form again (the version read before the change) is stale: a 409 page.
    stale = ortiz.post(f"/cases/{demo.seed_case}/criterion",
                       data={**form, "comment": "A second opinion"})
    assert stale.status_code == 409
    assert "changed since you read it" in stale.text and "Back to the case" in stale.text
    assert "A second opinion" not in ortiz.get(f"/cases/{demo.seed_case}").text
    missing = ortiz.post(f"/cases/{demo.seed_case}/criterion",
                         data={**form, "comment": " ", "version": version + 1})
    assert missing.status_code == 422 and "comment" in missing.text
    audit = login(site, "admin").get(f"/admin/audit?case_number={demo.seed_case}").text
    assert re.search(r"<td>ortiz</td><td>reviewer</td><td>write</td><td>determination</td>",
                     audit)


def test_signed_determination_is_final_and_its_letter_downloads(site):
    _, demo = site
    ortiz = login(site, "ortiz")
    number = demo.queue[0]
    drafted = ortiz.post(f"/cases/{number}/draft")
    assert drafted.status_code == 200 and "drafted the determination" in drafted.text
    version = version_of(drafted.text.split('action="/cases/' + number + '/sign"')[1])
    unticked = ortiz.post(f"/cases/{number}/sign", data={"version": version})
    assert unticked.status_code == 422 and "attest" in unticked.text
    decided = ortiz.post(f"/cases/{number}/decision", data={
        "item_id": "item-1", "decision": "overturned", "version": version,
        "rationale": "A first course of therapy is supported for the diagnosis."})
    assert "saved: overturned" in decided.text
    signed = ortiz.post(f"/cases/{number}/sign", data={
        "version": version + 1, "attest": "yes", "statement": ""})
    assert signed.status_code == 200 and "Determination signed." in signed.text
    assert "The signed determination is final." in signed.text
    assert 'action="/cases/' + number + '/decision"' not in signed.text
    again = ortiz.post(f"/cases/{number}/decision", data={
        "item_id": "item-1", "decision": "upheld", "rationale": "changed", "version": version + 2})
    assert again.status_code == 409 and "signed" in again.text
    pdf = ortiz.get(f"/cases/{number}/letter.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    html = ortiz.get(f"/cases/{number}/letter.html").text
    assert "Overturned" in html


def test_intake_registers_an_upload_and_shows_eligibility_with_reasons(site):
    manager = login(site, "manager")
    content = SEED_CASE.read_text().replace("CM13-0012345", "CM13-0099999")
    response = manager.post("/intake", files={
        "case_file": ("case.json", content.encode(), "application/json"),
        "records": ("extra-note.txt", b"Follow-up note: home exercise continues.", "text/plain")})
    assert response.status_code == 200
    assert str(response.url).endswith("/cases/CM13-0099999/eligibility")
    assert "Eligible for IMR." in response.text
    assert "filed 08/20/2013, 18 days after the UR decision" in response.text
    assert "extra-note.txt" in manager.get("/cases/CM13-0099999").text
    bad = manager.post("/intake", files={"case_file": (
        "bad.json", b'{"disputed_items": [], "records": []}', "application/json")})
    assert bad.status_code == 422 and "disputed_items" in bad.text


def test_assignment_page_shows_candidates_and_exclusions(site):
    _, demo = site
    page = login(site, "manager").get(f"/cases/{demo.seed_case}/assignment").text
    assert "Dr. Ana Ortiz" in page and "Dr. Wei Chen" in page
    assert "Currently assigned: <strong>Dr. Ana Ortiz</strong>" in page
    assert "eligible reviewers (1 excluded)" in page
    rows = page.split("<tbody>")[1].split("<tr class=")
    patel = next(row for row in rows if "Dr. Sam Patel" in row)
    ortiz = next(row for row in rows if "Dr. Ana Ortiz" in row)
    assert 'type="radio"' in ortiz
    assert "<td>excluded</td>" in patel and "Example Distribution" in patel
    # An excluded reviewer cannot be chosen: no radio button on that row.
    assert 'type="radio"' not in patel


def test_admin_adds_a_user_and_sees_the_roster(site):
    admin = login(site, "admin")
    created = admin.post("/admin/users", data={
        "username": "newmanager", "role": "case_manager", "password": "long-enough-pw"})
    assert created.status_code == 200 and "User newmanager (case_manager) created." in created.text
    duplicate = admin.post("/admin/users", data={
        "username": "newmanager", "role": "case_manager", "password": "long-enough-pw"})
    assert duplicate.status_code == 409 and "already exists" in duplicate.text
    roster = admin.get("/admin/reviewers").text
    assert "Dr. Ana Ortiz" in roster and "Physical Medicine and Rehabilitation" in roster


def test_highlight_marks_overlapping_spans_and_escapes_the_text():
    text = "a <b> and more text"
    marked = str(highlight(text, [Span(0, 5, "ev-a", "A"), Span(2, 9, "ev-b", "B"),
                                  Span(15, 19, None, "fact", cited=False),
                                  Span(50, 60, "ev-out", "out of range")]))
    assert marked.startswith('<mark id="ev-a" class="cited" title="A">a </mark>')
    assert '<mark id="ev-b" class="cited" title="A; B">&lt;b&gt;</mark>' in marked
    assert '<mark class="cited" title="B"> and</mark>' in marked
    assert marked.endswith(' more <mark title="fact">text</mark>') and "ev-out" not in marked


def _two_page_pdf() -> bytes:
    import io

    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    for line in ("PROGRESS REPORT page one: lumbar strain, pain 6/10.",
                 "PROGRESS REPORT page two: patient completed 12 sessions of physical therapy."):
        pdf.drawString(72, 700, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_case_manager_takes_a_case_from_intake_to_a_draft_with_the_forms(site):
    manager = login(site, "manager")
    number = "CM13-0088888"
    content = SEED_CASE.read_text().replace("CM13-0012345", number)
    manager.post("/intake", files={"case_file": ("case.json", content.encode(), "application/json")})

    def move(to: str, note: str = "") -> str:
        page = manager.get(f"/cases/{number}").text
        return manager.post(f"/cases/{number}/transition", data={
            "to": to, "note": note, "version": version_of(page.split('id="manage-h"')[1])}).text

    assert "Status is now Eligibility Review." in move("eligibility_review")
    # A move the workflow does not allow is refused with the reason, nothing changes.
    refused = manager.post(f"/cases/{number}/transition", data={"to": "determined", "version":
                           version_of(manager.get(f"/cases/{number}").text.split(
                               'id="manage-h"')[1])})
    assert refused.status_code == 409 and "allowed next statuses" in refused.text
    move("notice_of_assignment_sent")
    move("records_requested")
    page = manager.get(f"/cases/{number}/assignment").text
    assigned = manager.post(f"/cases/{number}/assignment", data={
        "reviewer_id": "", "version": version_of(page)})
    assert "assigned reviewer #" in assigned.text
    uploaded = manager.post(f"/cases/{number}/documents", files={
        "document": ("progress.pdf", _two_page_pdf(), "application/pdf")},
        data={"kind": "medical_records"})
    assert "progress.pdf uploaded." in uploaded.text
    assert "Status is now Clinical Review." in move("clinical_review")
    drafted = manager.post(f"/cases/{number}/draft")
    assert "drafted the determination" in drafted.text
    # The uploaded PDF is a second document of two pages in the viewer.
    viewer = manager.get(f"/cases/{number}?doc=1&page=2").text
    assert "Page 2 of 2" in viewer and "page two" in viewer and 'rel="prev"' in viewer
    # The extractor's fact on that page is highlighted with what it read, and the draft's
    # visit-count criterion cites it.
    assert re.search(r'<mark id="ev-0-0-\d" class="cited" title="[^"]*therapy_sessions:[^"]*'
                     r'count 12[^"]*">12 sessions of physical therapy</mark>', viewer)


def test_a_scanned_record_is_drafted_with_its_cited_words_boxed_on_the_page_image(
        site, tmp_path, monkeypatch):
    import io
    import json

    from PIL import Image
    from tests.scans import Fax, fax_images, tiff, typeset

    monkeypatch.setenv("OPENIMR_OCR_CACHE", str(tmp_path / "ocr"))
    manager = login(site, "manager")
    number = "CM13-0077777"
    case = json.loads(SEED_CASE.read_text().replace("CM13-0012345", number))
    record = case["records"][0]
    case["records"] = [{"path": "fax.tif", "date": record["date"], "type": record["type"]}]
    scan = tiff(fax_images(typeset([record["text"]]), Fax(skew=0.6)))
    manager.post("/intake", files=[
        ("case_file", ("case.json", json.dumps(case).encode(), "application/json")),
        ("records", ("fax.tif", scan, "image/tiff"))])
    for status in ("eligibility_review", "notice_of_assignment_sent", "records_requested"):
        page = manager.get(f"/cases/{number}").text
        manager.post(f"/cases/{number}/transition", data={
            "to": status, "version": version_of(page.split('id="manage-h"')[1])})
    page = manager.get(f"/cases/{number}/assignment").text
    manager.post(f"/cases/{number}/assignment", data={"reviewer_id": "",
                                                       "version": version_of(page)})
    page = manager.get(f"/cases/{number}").text
    manager.post(f"/cases/{number}/transition", data={
        "to": "clinical_review", "version": version_of(page.split('id="manage-h"')[1])})
    assert "drafted the determination" in manager.post(f"/cases/{number}/draft").text

    viewer = manager.get(f"/cases/{number}?doc=0&page=1").text
    # the recognized text, with the visit count the criterion cites marked in it ...
    assert re.search(r'<mark id="ev-0-0-\d" class="cited"[^>]*>9 sessions of physical '
                     r'therapy</mark>', viewer)
    # ... beside the page image, the same words boxed on it, linked to the mark
    src = re.search(r'<img src="(/cases/[^"]+/pages/1\.png)"', viewer).group(1)
    assert "read by OCR, confidence" in viewer
    boxes = re.findall(r'<a class="word-box cited" href="#(ev-0-0-\d)"[^>]*style="left: '
                       r'([\d.]+)%; top: ([\d.]+)%', viewer)
    assert len(boxes) >= 5 and all(0 < float(x) < 100 and 0 < float(y) < 30
                                   for _, x, y in boxes)
    image = manager.get(src)
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(image.content)).size == (850, 1100)  # letter at 100 dpi
    assert manager.get(src.replace("/pages/1.png", "/pages/9.png")).status_code == 404


def test_a_party_reads_their_case_without_the_reviewer_or_the_draft(site):
    _, demo = site
    admin = login(site, "admin")
    admin.post("/admin/users", data={"username": "worker-rep", "role": "party",
                                     "password": DEMO_PASSWORD, "case_numbers": demo.seed_case})
    party = login(site, "worker-rep")
    listing = party.get("/cases").text
    assert demo.seed_case in listing and demo.other_case not in listing
    page = party.get(f"/cases/{demo.seed_case}")
    assert page.status_code == 200 and "Parties and dates" in page.text
    # The reviewer's identity is never shown to a party (LC 4610.6(f)), nor the draft.
    assert "Ortiz" not in page.text and "ortiz" not in page.text
    assert "The determination has not been issued yet." in page.text
    assert "Change status" not in page.text and 'action="/cases/' not in page.text
    assert party.get(f"/cases/{demo.seed_case}/letter").status_code == 404
    assert party.get(f"/cases/{demo.other_case}").status_code == 404


def test_web_demo_refuses_to_reuse_a_database(cli, tmp_path):
    existing = tmp_path / "demo.db"
    existing.write_bytes(b"")
    result = cli("web-demo", "--database", str(existing))
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "Traceback" not in result.stderr


def test_case_page_shows_the_basis_confidence_and_roles(site):
    _, demo = site
    page = login(site, "ortiz").get(f"/cases/{demo.seed_case}").text
    # The seed item fails a requirement on quoted evidence; the home-program criterion is a
    # consideration and says so.
    assert re.search(r'Basis: <strong>criteria not met</strong>; confidence 0\.\d\d', page)
    assert '<span class="tag role">consideration</span>' in page
    assert "Missing documentation" not in page
