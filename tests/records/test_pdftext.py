"""The pypdfium2 reader against pdfplumber (the reader it replaced) on every PDF fixture.

Text, offsets and quotes must be identical: the same normalised page text, and the same
facts with the same evidence. Also: quotes map back to boxes on the page for highlighting.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from openimr.model import Document
from openimr.records import extract_facts
from openimr.records.ingest import _clean_pages, read_documents
from openimr.records.pdftext import iter_pdf_pages, quote_boxes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "cases"


def _lines_pdf(path: Path, pages: list[str], font: tuple[str, int] = ("Helvetica", 12),
               x: int = 72, leading: int = 14) -> Path:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=letter)
    for text in pages:
        pdf.setFont(*font)
        y = 740
        for line in text.split("\n"):
            if y < 50:
                pdf.showPage()
                pdf.setFont(*font)
                y = 740
            pdf.drawString(x, y, line)
            y -= leading
        pdf.showPage()
    pdf.save()
    return path


def _wrapped_notes_pdf(path: Path, notes: list[str]) -> Path:
    """Clinical notes as a clinic prints them: wrapped paragraphs, a running header, a
    "Page n of N" footer, a word hyphenated across a line break."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    def frame(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, 760, "Valley Spine and Rehabilitation Medical Group")
        canvas.drawString(500, 30, f"Page {doc.page} of {len(notes)}")

    style = getSampleStyleSheet()["BodyText"]
    story = []
    for note in notes:
        for paragraph in note.split("\n"):
            if paragraph.strip():
                story.append(Paragraph(paragraph.replace("&", "&amp;"), style))
        story.append(PageBreak())
    SimpleDocTemplate(str(path), pagesize=letter).build(story, onFirstPage=frame,
                                                        onLaterPages=frame)
    return path


def _html_pdf(path: Path) -> Path:
    """A WeasyPrint page (what our own letters are): headings, a table, a list, quotes."""
    from weasyprint import HTML

    HTML(string="""<html><body style="font-family: serif; font-size: 11pt">
      <h2>Date of service: 03/14/2016</h2>
      <p>Chief complaint: low back pain radiating to the left leg, rated 7/10 today and
      8/10 at worst. The patient reports “limited relief” with ibuprofen 800 mg TID.</p>
      <table><tr><th>Therapy</th><th>Sessions</th></tr>
             <tr><td>Physical therapy</td><td>12 completed</td></tr></table>
      <ul><li>Lumbar MRI 01/2016: L4-5 disc protrusion</li>
          <li>Oswestry disability index 42%</li></ul>
      <p>Plan: request 6 additional sessions of physical therapy.</p>
    </body></html>""").write_pdf(str(path))
    return path


def _seed_notes() -> list[str]:
    case = json.loads((EXAMPLES / "seed-lumbar-pt.json").read_text(encoding="utf-8"))
    texts = [record["text"] for record in case["records"] if "text" in record]
    for folder in sorted(p for p in EXAMPLES.iterdir() if p.is_dir())[:6]:
        for file in sorted(folder.glob("*.json"))[:1]:
            data = json.loads(file.read_text(encoding="utf-8"))
            texts += [r["text"] for r in data.get("records", []) if "text" in r]
    return texts


FIXTURE_PDFS: dict[str, Callable[[Path], Path]] = {
    "combined-dated-notes": lambda d: _lines_pdf(d / "combined.pdf", [
        "Date of service: 01/05/2015\nLow back pain 6/10.\nPT 6 sessions completed.",
        "Date of service: 01/05/2015\ncontinued from page one",
        "Date of service: 03/10/2015\nPain improved to 3/10 after therapy."]),
    "scanned-page": lambda d: _lines_pdf(d / "scan.pdf", ["Visible text on page one.", ""]),
    "letter-small-font": lambda d: _lines_pdf(
        d / "letter.pdf", [(FIXTURES / "letters" / "case-header-opioids.txt").read_text()],
        font=("Helvetica", 8), x=40, leading=11),
    "seed-letter": lambda d: _lines_pdf(
        d / "seed.pdf", [(FIXTURES / "seed-letter.txt").read_text()], font=("Times-Roman", 10)),
    "wrapped-clinic-notes": lambda d: _wrapped_notes_pdf(d / "notes.pdf", _seed_notes()),
    "weasyprint-note": lambda d: _html_pdf(d / "html.pdf"),
}


def _pdfplumber_pages(path: Path) -> list[tuple[str, bool]]:
    """The reader this project used before pypdfium2, as it was."""
    import pdfplumber

    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            text = page.extract_text() or ""
            out.append((text, bool(text.strip())))
    return out


def _reference_document(path: Path) -> Document:
    raw = _pdfplumber_pages(path)
    pages = _clean_pages([t for t, _ in raw], [layer for _, layer in raw])
    return Document(id=path.name, pages=pages)


#: Where pdfium's text is better than pdfplumber's: pdfplumber glues a table's cells
#: ("Physical therapy12 completed"); pdfium keeps the space between them.
BETTER = {"weasyprint-note": [("Physical therapy12 completed", "Physical therapy 12 completed")]}


def _skeleton(text: str) -> str:
    return "".join(text.split())


def _fact_keys(documents: list[Document], exact: bool) -> set[tuple]:
    facts = extract_facts(documents)
    if exact:
        return {(f.kind.value, f.evidence.page, f.evidence.start, f.evidence.end,
                 f.evidence.quote, f.negated, f.historical) for f in facts}
    return {(f.kind.value, f.evidence.page, _skeleton(f.evidence.quote), f.negated,
             f.historical) for f in facts}


@pytest.mark.parametrize("name", sorted(FIXTURE_PDFS))
def test_pdfium_reads_every_fixture_as_pdfplumber_did(tmp_path: Path, name: str) -> None:
    path = FIXTURE_PDFS[name](tmp_path)
    reference = _reference_document(path)
    pages = [p for d in read_documents(path) for p in d.pages]
    theirs = [p.text for p in reference.pages]
    for worse, better in BETTER.get(name, []):
        assert any(worse in text for text in theirs)  # the flaw is still there to fix
        theirs = [text.replace(worse, better) for text in theirs]
    # Identical text, page by page, once pdfplumber's known flaws are corrected.
    assert [p.text for p in pages] == theirs
    assert [p.has_text_layer for p in pages] == [p.has_text_layer for p in reference.pages]
    whole = Document(id=path.name, pages=[p.model_copy(update={"number": i}) for i, p in
                                          enumerate(pages, start=1)])
    # The same facts with the same evidence (offsets and quotes; where the text was
    # improved, the same quotes up to spacing, and nothing lost).
    exact = name not in BETTER
    ours, before = _fact_keys([whole], exact), _fact_keys([reference], exact)
    assert ours == before if exact else ours >= before
    if name == "wrapped-clinic-notes":
        assert ours, "the realistic notes must give facts, or the comparison says nothing"


def test_quotes_map_to_boxes_on_the_page(tmp_path: Path) -> None:
    path = _wrapped_notes_pdf(tmp_path / "notes.pdf", _seed_notes())
    document = Document(id="notes.pdf", pages=_clean_pages(
        [p.text for p in iter_pdf_pages(path)], [True] * len(list(iter_pdf_pages(path)))))
    facts = extract_facts([document])
    assert facts
    for fact in facts[:20]:
        boxes = quote_boxes(path, fact.evidence.page, fact.evidence.quote, fact.evidence.start)
        assert boxes, fact.evidence.quote
        for left, bottom, right, top in boxes:
            assert 0 <= left < right <= 612 and 0 <= bottom < top <= 792
    assert quote_boxes(path, 1, "words that are on no page at all") == []
    assert quote_boxes(path, 999, "pain") == []
