"""OCR of scanned records (issue 15): faxed pages made by the project's generator
(`tests/scans.py`: 200 dpi, 1-bit, speckle, skew up to a degree, Times at 10-11 pt) are read
with their words, boxes and confidence; the seed's record scanned gives the seed's decision.

These tests run Tesseract: `make test` installs it (scripts/install-ocr.sh).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES, run_cli
from tests.scans import (
    Fax,
    clinical_pages,
    fax_images,
    faxed_pdf,
    image_pdf,
    tiff,
    typeset,
    word_accuracy,
)

from openimr.model.ocr import PageSource
from openimr.records import ocr
from openimr.records.ingest import read_document

SEED = EXAMPLES / "seed-lumbar-pt.json"


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "ocr-cache"
    monkeypatch.setenv("OPENIMR_OCR_CACHE", str(folder))
    return folder


def test_ocr_is_installed_for_the_suite() -> None:
    # `make test` installs Tesseract: without it every test below would only see warnings.
    assert ocr.ocr_available(), ocr.MISSING_MESSAGE


def test_faxed_pages_are_read_at_97_percent_word_accuracy() -> None:
    pages = clinical_pages(3, words_per_page=350, seed=7)
    faxes = [Fax(skew=-1.0, seed=1), Fax(skew=0.6, seed=2), Fax(skew=0.9, seed=3)]
    images = [fax_images(typeset([text], size=size), fax)[0]
              for text, fax, size in zip(pages, faxes, (10, 10.5, 11), strict=True)]
    document = ocr.recognize(image_pdf(images), ocr.PDF)
    accuracy = [word_accuracy(truth, page.text) for truth, page in
                zip(pages, document.pages, strict=True)]
    assert sum(accuracy) / len(accuracy) >= 0.97, accuracy
    for page, fax in zip(document.pages, faxes, strict=True):
        assert page.source is PageSource.ocr and page.dpi == 200
        assert page.confidence >= ocr.CONFIDENCE_FLOOR
        # deskew undoes the fax's skew, within the estimate's tenth of a degree
        assert abs(page.skew + fax.skew) <= 0.25, (page.skew, fax.skew)
        # every word's box lies on the page (612 x 792 points) and holds the word's offsets
        assert all(0 <= w.box[0] < w.box[2] <= page.width and 0 <= w.box[1] < w.box[3]
                   <= page.height for w in page.words)
        assert all(page.text[w.start:w.end] == w.text for w in page.words)


def test_an_upside_down_page_is_turned_and_read() -> None:
    text = clinical_pages(1, words_per_page=200, seed=3)[0]
    pdf = faxed_pdf([text], Fax(skew=0.5, upside_down=True))
    page = ocr.recognize(pdf, ocr.PDF).pages[0]
    assert page.rotation == 180
    assert word_accuracy(text, page.text) >= 0.95
    off = ocr.recognize(pdf, ocr.PDF, settings=ocr.Settings(deskew=True, rotate=False)).pages[0]
    assert off.rotation == 0 and word_accuracy(text, off.text) < 0.5


def _straightened(text: str, fax: Fax):  # type: ignore[no-untyped-def]
    """A generated faxed page cleaned and straightened, as `read_page` hands it on."""
    from PIL import Image

    cleaned = ocr.clean(fax_images(typeset([text]), fax)[0].convert("L"), fax.dpi)
    return cleaned.convert("L").rotate(ocr.estimate_skew(cleaned),
                                       resample=Image.Resampling.BICUBIC, fillcolor=255)


def test_the_text_lines_tell_an_upside_down_page_and_a_quarter_turned_one() -> None:
    text = clinical_pages(1, words_per_page=200, seed=4)[0]
    upright = _straightened(text, Fax(skew=0.6, seed=2))
    assert ocr.orientation_hint(upright) == 0
    assert ocr.orientation_hint(_straightened(text, Fax(skew=0.6, seed=2,
                                                        upside_down=True))) == 180
    # lines running up the page: only OSD can say which way, so no guess is made
    assert ocr.orientation_hint(upright.rotate(90, expand=True)) is None
    assert ocr.orientation_hint(upright.rotate(270, expand=True)) is None
    # a page with too little text to tell is taken as upright (the reading checks it)
    from PIL import Image

    assert ocr.orientation_hint(Image.new("L", (1700, 2200), 255)) == 0


def _counting_tesseract(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Tesseract's runs from here on: "read" or "osd" each."""
    runs: list[str] = []
    real = ocr._tesseract

    def counting(image, dpi, *args, language="eng"):  # type: ignore[no-untyped-def]
        runs.append("osd" if language == "osd" else "read")
        return real(image, dpi, *args, language=language)

    monkeypatch.setattr(ocr, "_tesseract", counting)
    return runs


def test_an_upside_down_page_is_turned_before_it_is_read_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = clinical_pages(1, words_per_page=200, seed=3)[0]
    grey = fax_images(typeset([text]), Fax(skew=0.5, upside_down=True))[0].convert("L")
    runs = _counting_tesseract(monkeypatch)
    page = ocr.read_page(grey, 200, 1, ocr.Settings())
    assert runs == ["read"] and page.rotation == 180
    assert word_accuracy(text, page.text) >= 0.95


def test_a_quarter_turned_page_is_asked_of_osd_then_read_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = clinical_pages(1, words_per_page=200, seed=6)[0]
    grey = fax_images(typeset([text]), Fax(skew=0.0))[0].convert("L").rotate(90, expand=True)
    runs = _counting_tesseract(monkeypatch)
    page = ocr.read_page(grey, 200, 1, ocr.Settings())
    # turned 90 degrees counter-clockwise: 90 clockwise stands it upright
    assert runs == ["osd", "read"] and page.rotation == 90
    assert word_accuracy(text, page.text) >= 0.95


def test_a_page_the_line_check_misses_is_still_turned_after_a_poor_reading(
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = clinical_pages(1, words_per_page=200, seed=3)[0]
    grey = fax_images(typeset([text]), Fax(skew=0.5, upside_down=True))[0].convert("L")
    monkeypatch.setattr(ocr, "orientation_hint", lambda image: 0)
    runs = _counting_tesseract(monkeypatch)
    page = ocr.read_page(grey, 200, 1, ocr.Settings())
    assert runs == ["read", "osd", "read"] and page.rotation == 180
    assert word_accuracy(text, page.text) >= 0.95


def test_the_pages_of_a_file_are_read_in_one_tesseract_run_each_on_its_own(
        monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["Date of service: 03/02/2014\nPain is 7/10 without medication.",
             "Plan: continue the home exercise program daily.",
             "Patient completed 9 sessions of physical therapy."]
    pdf = faxed_pdf(texts, Fax(skew=0.4))
    runs: list[str] = []
    real = ocr._run_tesseract

    def counting(source, data, dpi, *args, **kwargs):  # type: ignore[no-untyped-def]
        runs.append(source)
        return real(source, data, dpi, *args, **kwargs)

    monkeypatch.setattr(ocr, "_run_tesseract", counting)
    seen: list[int] = []
    document = ocr.recognize(pdf, ocr.PDF, progress=lambda done, total: seen.append(done))
    assert len(runs) == 1 and seen == [1, 2, 3]
    assert [p.number for p in document.pages] == [1, 2, 3]
    # each page has its own words (the run's TSV is split by its page numbers)
    for wanted, page in zip(("Pain is 7/10", "home exercise program", "9 sessions"),
                            document.pages, strict=True):
        assert wanted in page.text and page.confidence >= ocr.CONFIDENCE_FLOOR, page.text
        assert all(page.text[w.start:w.end] == w.text for w in page.words)


def test_a_page_is_never_recognized_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = faxed_pdf(["Date of service: 03/02/2014\nPain is 7/10 without medication."])
    seen: list[int] = []
    first = ocr.recognize(pdf, ocr.PDF, progress=lambda done, total: seen.append(done))
    assert seen == [1]

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cached page was recognized again")

    monkeypatch.setattr(ocr, "read_page", fail)
    assert ocr.recognize(pdf, ocr.PDF) == first
    assert ocr.recognize_page(pdf, ocr.PDF, 1) == first.pages[0]


def test_a_mixed_pdf_keeps_its_text_layer_and_reads_its_scanned_page(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    typed = typeset(["Date of service: 03/02/2014\nPain is 7/10 without medication."])
    scanned = faxed_pdf(["Date of service: 03/02/2014\nPatient completed 9 sessions of "
                         "physical therapy with good progress."])
    writer = PdfWriter()
    for source in (typed, scanned):
        writer.append(PdfReader(_bytes_io(source)))
    path = tmp_path / "mixed.pdf"
    with path.open("wb") as file:
        writer.write(file)

    document = ocr.recognize(path.read_bytes(), ocr.PDF)
    assert [p.source for p in document.pages] == [PageSource.text_layer, PageSource.ocr]
    layer = document.pages[0]
    assert layer.confidence == 1.0 and [w.text for w in layer.words][:3] == ["Date", "of",
                                                                            "service:"]
    # text-layer boxes come from the PDF's characters: the first line near the top margin
    assert 60 < layer.words[0].box[1] < 90 and abs(layer.words[0].box[0] - 72) < 2

    record = read_document(path)
    assert record.recognized == document.sha256
    assert record.pages[0].has_text_layer and record.pages[0].ocr_confidence is None
    assert not record.pages[1].has_text_layer and record.pages[1].readable
    assert "9 sessions of physical therapy" in record.pages[1].text
    assert any("1 page without a text layer read by OCR" in w for w in record.warnings)
    boxes = ocr.quote_boxes(document.pages[1], "9 sessions of physical therapy")
    assert len(boxes) == 5 and all(b[1] < 110 for b in boxes)


def _bytes_io(data: bytes):  # type: ignore[no-untyped-def]
    import io

    return io.BytesIO(data)


def test_tiff_png_and_jpeg_records_are_read(tmp_path: Path) -> None:
    pages = ["Date of service: 04/06/2014\nLumbar pain is 5/10 after therapy.",
             "Plan: continue the home exercise program daily."]
    images = fax_images(typeset(pages, size=11), Fax(skew=0.3))
    (tmp_path / "fax.tif").write_bytes(tiff(images))
    images[0].convert("L").save(tmp_path / "page.png", dpi=(200, 200))
    images[1].convert("L").save(tmp_path / "page.jpg", dpi=(200, 200), quality=90)

    record = read_document(tmp_path / "fax.tif")
    assert len(record.pages) == 2 and all(p.readable for p in record.pages)
    assert "Lumbar pain is 5/10" in record.pages[0].text
    assert "home exercise program" in record.pages[1].text
    assert "Lumbar pain" in read_document(tmp_path / "page.png").pages[0].text
    assert "home exercise" in read_document(tmp_path / "page.jpg").pages[0].text

    (tmp_path / "fake.png").write_bytes(b"not an image at all")
    assert any("not a TIFF, PNG or JPEG image" in w
               for w in read_document(tmp_path / "fake.png").warnings)


def _scanned_seed(folder: Path) -> Path:
    """The seed case with its record printed, faxed at 200 dpi and scanned back."""
    case = json.loads(SEED.read_text(encoding="utf-8"))
    record = case["records"][0]
    (folder / "seed-scan.pdf").write_bytes(faxed_pdf([record["text"]], Fax(skew=0.7, seed=5)))
    case["records"] = [{"path": "seed-scan.pdf", "date": record["date"],
                        "type": record["type"], "author": record["author"]}]
    path = folder / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    return path


def _criteria(determination: dict) -> list[tuple[str, str, str, list[str]]]:
    return [(item["decision"], criterion["id"], criterion["status"],
             [e["quote"] for e in criterion["evidence"]])
            for item in determination["determinations"] for criterion in item["criteria"]]


def test_the_seed_scanned_as_a_fax_gives_the_same_decision_and_criteria(tmp_path: Path) -> None:
    scanned = run_cli("review", str(_scanned_seed(tmp_path)), "--format", "json")
    text = run_cli("review", str(SEED), "--format", "json")
    assert scanned.exit_code == 0 and text.exit_code == 0, scanned.stderr
    drafted, expected = json.loads(scanned.stdout), json.loads(text.stdout)
    assert _criteria(drafted) == _criteria(expected)
    visits = next(c for i in drafted["determinations"] for c in i["criteria"]
                  if c["id"] == "pm.visits_within_guideline")
    evidence = visits["evidence"][0]
    assert "9 sessions" in evidence["quote"] and evidence["document"] == "seed-scan.pdf"
    # the span still indexes the page text, and the quote gained its boxes on the page
    assert len(evidence["boxes"]) == len(evidence["quote"].split())
    assert all(0 < b[0] < b[2] < 612 and 0 < b[1] < b[3] < 792 for b in evidence["boxes"])


def test_a_page_under_the_confidence_floor_is_named_and_never_searched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = _scanned_seed(tmp_path)
    monkeypatch.setenv("OPENIMR_OCR_CONFIDENCE_FLOOR", "0.995")
    result = run_cli("review", str(case), "--format", "json")
    drafted = json.loads(result.stdout)
    item = drafted["determinations"][0]
    # nothing is read from the page: no evidence, and what needed it is unknown
    assert not any(c["evidence"] for c in item["criteria"])
    statuses = {c["id"]: c["status"] for c in item["criteria"]}
    assert statuses["pm.visits_within_guideline"] == "unknown"
    named = [u for line in item["missing_documentation"] for u in line["unreadable"]]
    assert named and all("seed-scan.pdf p. 1 (not reliably read, OCR confidence" in u
                         for u in named)
    assert "not reliably" in item["rationale"] and "could not be read" in item["rationale"]
    letter = run_cli("review", str(case)).stdout
    assert "not reliably read, OCR confidence" in letter


def test_without_tesseract_scanned_pages_are_named_with_a_clear_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = _scanned_seed(tmp_path)
    monkeypatch.setenv("OPENIMR_OCR", "off")
    result = run_cli("review", str(case), "--format", "json")
    assert result.exit_code == 0
    drafted = json.loads(result.stdout)
    assert any("OCR is not installed" in w and "install-ocr.sh" in w
               for w in drafted["warnings"]), drafted["warnings"]
    item = drafted["determinations"][0]
    assert item["decision"] == "upheld" and item["basis"] == "insufficient_documentation"
    assert "1 page without a text layer could not be read: seed-scan.pdf p. 1" in item["rationale"]


def test_ocr_command_adds_a_text_layer(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    source = tmp_path / "scan.pdf"
    source.write_bytes(faxed_pdf(["Patient completed 9 sessions of physical therapy."]))
    result = run_cli("ocr", str(source), "-o", str(tmp_path / "out.pdf"))
    assert result.exit_code == 0, result.stderr
    document = pdfium.PdfDocument(str(tmp_path / "out.pdf"))
    text = document[0].get_textpage().get_text_range()
    assert "sessions of physical therapy" in text
    missing = run_cli("ocr", str(tmp_path / "nope.pdf"), "-o", str(tmp_path / "x.pdf"))
    assert missing.exit_code == 2 and "file not found" in missing.stderr


def test_tesseract_tsv_becomes_lines_words_and_boxes_in_points() -> None:
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight"
           "\tconf\ttext\n"
           "5\t1\t1\t1\t1\t1\t200\t100\t100\t20\t96.5\tPain\n"
           "5\t1\t1\t1\t1\t2\t320\t100\t60\t20\t90\tis\n"
           "5\t1\t1\t1\t2\t1\t200\t130\t80\t20\t50\t7/10\n"
           "5\t1\t2\t1\t1\t1\t200\t300\t80\t20\t-1\t \n"
           "5\t1\t2\t1\t1\t2\t200\t300\t80\t20\t80\tPlan\n")
    page = ocr.page_from_tsv(tsv, 1, 612, 792, 200)
    assert page.text == "Pain is\n7/10\n\nPlan"
    assert [page.text[w.start:w.end] for w in page.words] == ["Pain", "is", "7/10", "Plan"]
    assert page.words[0].box == (72.0, 36.0, 108.0, 43.2)
    # the page's confidence is its characters' mean: (4*.965 + 2*.9 + 4*.5 + 4*.8) / 14
    assert page.confidence == pytest.approx(
        (4 * .965 + 2 * .9 + 4 * .5 + 4 * .8) / 14, abs=1e-3)
    assert ocr.quote_boxes(page, "is 7/10") == [page.words[1].box, page.words[2].box]
    assert ocr.quote_boxes(page, "absent") == []


def test_a_scanned_upload_is_accepted_at_intake_by_its_signature() -> None:
    from openimr.model.errors import InputError
    from openimr.workflow.documents import check_content

    png = _png_bytes()
    assert check_content("scan.png", png).media_type == "image/png"
    with pytest.raises(InputError, match="not a PNG image"):
        check_content("scan.png", b"%PDF-1.4 not really")
    with pytest.raises(InputError, match="not a TIFF image"):
        check_content("scan.tif", png)


def _png_bytes() -> bytes:
    import io

    buffer = io.BytesIO()
    fax_images(typeset(["A line of text."]))[0].save(buffer, "PNG")
    return buffer.getvalue()
