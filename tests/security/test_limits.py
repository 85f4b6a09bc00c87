"""Finding 5, the remainder: a cap on the pages and the decompressed text of one PDF (pages
past it are named as not read, never searched, and the case still works), and case lists
that never load whole case files (on SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from openimr.records.ingest import read_document
from tests.security.test_uploads import _upload
from tests.service.factories import seed_case


def _pdf(pages: list[str]) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter)
    for text in pages:
        pdf.drawString(72, 720, text)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


PAGES = [f"Visit {word}: lumbar pain, plan physical therapy {word} weekly." for word in
         ("alpha", "bravo", "charlie", "delta", "echoes")]


def test_pages_past_the_page_cap_are_named_and_not_read(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(_pdf(PAGES))
    monkeypatch.setenv("OPENIMR_PDF_MAX_PAGES", "3")
    document = read_document(path)
    assert [p.number for p in document.pages] == [1, 2, 3, 4, 5]
    assert [p.has_text_layer for p in document.pages] == [True, True, True, False, False]
    assert "charlie" in document.pages[2].text and document.pages[3].text == ""
    assert any("pages 4-5 are past the cap of 3 pages" in w and "not read" in w
               for w in document.warnings), document.warnings
    monkeypatch.delenv("OPENIMR_PDF_MAX_PAGES")
    assert all(p.has_text_layer for p in read_document(path).pages)


def test_pages_past_the_text_cap_are_named_and_not_read(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "dense.pdf"
    path.write_bytes(_pdf(PAGES))
    per_page = len(PAGES[0])
    monkeypatch.setenv("OPENIMR_PDF_MAX_TEXT_CHARS", str(2 * per_page + per_page // 2))
    document = read_document(path)
    assert [p.has_text_layer for p in document.pages] == [True, True, False, False, False]
    assert any("pages 3-5 are past the cap of" in w and "characters of text" in w
               for w in document.warnings), document.warnings


def test_a_capped_pdf_never_fails_the_case_and_is_not_searched(
        client: TestClient, admin: dict, in_review: dict,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENIMR_PDF_MAX_PAGES", "2")
    number, doctor = in_review["number"], in_review["doctor"]
    added = _upload(client, admin, number, "long.pdf", _pdf(PAGES))
    assert added.status_code == 201, added.text
    assert client.get(f"/api/cases/{number}", headers=admin).status_code == 200
    redraft = client.post(f"/api/cases/{number}/determination", headers=doctor,
                          json={"version": in_review["draft"]["version"]})
    assert redraft.status_code == 200, redraft.text
    text = redraft.text
    assert "past the cap of 2 pages" in text


def test_case_lists_never_load_whole_case_files(client: TestClient, admin: dict) -> None:
    marker = "WHOLE-CASE-FILE-MARKER"
    case = seed_case()
    case["records"] = [{"text": marker * 50}]
    created = client.post("/api/cases", headers=admin, json=case)
    assert created.status_code == 201, created.text
    engine = client.app.state.engine  # type: ignore[attr-defined]
    selects: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT") and "cases" in statement:
            selects.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        listed = client.get("/api/cases", headers=admin)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert listed.status_code == 200
    assert listed.json()[0]["disputed_items"] == created.json()["disputed_items"] != []
    assert selects
    for statement in selects:
        whole = statement.count("cases.case_file")
        parts = statement.count("cases.case_file ->") + statement.count(
            "JSON_EXTRACT(cases.case_file")
        assert whole == parts, f"the list read the whole case file: {statement}"
