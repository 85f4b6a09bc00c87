"""Ingestion: text and PDF records, bad files reported per document, normalisation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openimr.model import Case
from openimr.model.errors import InputError
from openimr.records import documents_for_case, ingest, read_document
from openimr.records.ingest import read_documents
from openimr.records.normalize import normalise_text, strip_repeated_lines


def _pdf(path: Path, pages: list[str]) -> Path:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=letter)
    for text in pages:
        y = 720
        for line in text.split("\n"):
            pdf.drawString(72, y, line)
            y -= 14
        pdf.showPage()
    pdf.save()
    return path


def test_text_record_is_read_normalised_and_hashed(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Date of service: 07/26/2013\nThe patient com-\npleted 9 sessions.â¿¿\f"
                    "Page two text.", encoding="utf-8")
    document = read_document(path)
    assert [p.number for p in document.pages] == [1, 2]
    assert "completed 9 sessions." in document.pages[0].text
    assert "â" not in document.pages[0].text
    assert document.date is not None and document.date.isoformat() == "2013-07-26"
    assert document.content_hash and len(document.content_hash) == 64
    assert read_document(path).content_hash == document.content_hash


def test_pdf_pages_are_read_and_combined_pdf_split_by_dated_headers(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "combined.pdf", [
        "Date of service: 03/02/2014\nPain is 7/10 without medication.",
        "Date of service: 03/02/2014\nContinued: independent with HEP.",
        "Date of service: 04/06/2014\nPain is 5/10.",
    ])
    single = read_document(path)
    assert len(single.pages) == 3 and all(p.has_text_layer for p in single.pages)
    parts = read_documents(path)
    assert [len(p.pages) for p in parts] == [2, 1]
    assert [p.date.isoformat() for p in parts] == ["2014-03-02", "2014-04-06"]
    assert parts[1].pages[0].number == 1 and "5/10" in parts[1].pages[0].text


def test_scanned_page_without_text_layer_is_reported(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "scan.pdf", ["Visible text on page one.", ""])
    document = read_document(path)
    assert len(document.pages) == 2
    assert document.pages[1].has_text_layer is False
    assert any("page 2 has no text layer" in w for w in document.warnings)


def test_encrypted_pdf_is_reported_not_fatal(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = _pdf(tmp_path / "plain.pdf", ["Secret clinical note."])
    writer = PdfWriter()
    for page in PdfReader(str(plain)).pages:
        writer.add_page(page)
    writer.encrypt(user_password="s3cret", owner_password="owner")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    document = read_document(locked)
    assert document.pages == []
    assert "encrypted" in document.warnings[0] and "locked.pdf" in document.warnings[0]


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("corrupt.pdf", b"%PDF-1.4\nthis is not really a pdf\x00\x01", "not a readable PDF"),
    ("empty.pdf", b"", "empty"),
    ("binary.txt", bytes(range(256)) * 10, "binary data"),
])
def test_bad_files_give_a_message_for_that_document(tmp_path: Path, name: str, content: bytes,
                                                    expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    document = read_document(path)
    assert document.pages == []
    assert expected in document.warnings[0] and name in document.warnings[0]


def test_file_over_the_size_limit_is_reported(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert ingest.MAX_FILE_BYTES == 50 * 1024 * 1024
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 1024 * 1024)
    path = tmp_path / "huge.txt"
    path.write_bytes(b"pain 5/10. " * 200_000)
    document = read_document(path)
    assert document.pages == [] and "over the 1 MB limit" in document.warnings[0]


def test_case_with_a_bad_record_still_processes_the_rest(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Independent with home exercise program.",
                                       encoding="utf-8")
    (tmp_path / "bad.pdf").write_bytes(b"garbage")
    case = Case.model_validate({
        "disputed_items": ["8 physical therapy sessions"],
        "records": [{"path": "good.txt"}, {"path": "bad.pdf"},
                    {"text": "Independent with home exercise program.", "title": "dup"},
                    {"text": "He completed 9 sessions of physical therapy."}],
    })
    documents = documents_for_case(case, tmp_path)
    ids = [d.id for d in documents]
    assert ids == ["good.txt", "bad.pdf", "record-4"]  # the duplicate is read once
    assert any("same content" in w for w in documents[0].warnings)
    assert documents[1].warnings and not documents[1].pages


def test_missing_record_file_stops_the_case_with_its_name(tmp_path: Path) -> None:
    case = Case.model_validate({"disputed_items": ["x"], "records": [{"path": "nope.txt"}]})
    with pytest.raises(InputError, match="nope.txt"):
        documents_for_case(case, tmp_path)


def test_normalisation_repairs_extraction_artefacts() -> None:
    assert normalise_text("donâ€™t  stop") == "don't stop"
    assert normalise_text("exer-\ncise program") == "exercise program"
    double_spaced = "line one\n\nline two\n\nline three\n\nline four\n\n \n\nnew paragraph"
    assert normalise_text(double_spaced) == "line one\nline two\nline three\nline four\n\n" \
                                            "new paragraph"
    pages = [f"ACME CLINIC REPORT\nbody {i}\nPage {i} of 4" for i in range(1, 5)]
    assert strip_repeated_lines(pages) == [f"body {i}" for i in range(1, 5)]


def test_folder_of_records(tmp_path: Path) -> None:
    from openimr.records.ingest import documents_in_folder

    (tmp_path / "a.txt").write_text("one", encoding="utf-8")
    (tmp_path / "b.txt").write_text("two", encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps({}), encoding="utf-8")
    assert [d.id for d in documents_in_folder(tmp_path)] == ["a.txt", "b.txt"]


def test_a_text_over_spacys_limit_is_read_in_pages(tmp_path: Path) -> None:
    from openimr.records import extract_facts
    from openimr.records.ingest import MAX_PAGE_CHARS

    lines = [f"Visit {i}. Low back pain 6/10. Physical therapy helps.\n" for i in range(20_000)]
    path = tmp_path / "long.txt"
    path.write_text("".join(lines), encoding="utf-8")  # > 1,000,000 characters, one page
    document = read_document(path)
    assert len(document.pages) > 10
    assert all(len(page.text) <= MAX_PAGE_CHARS for page in document.pages)
    assert all(page.text.endswith("helps.") for page in document.pages)
    facts = extract_facts([document.model_copy(update={"pages": document.pages[-2:]})])
    assert facts
