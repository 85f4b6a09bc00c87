"""The records viewer: a case's documents page by page, evidence spans wrapped in `<mark>`.

Documents are re-read from the case file and the uploaded files fetched through the
service (each read audited), with the same reader the engine drafted from, so the
character offsets of the evidence fall on the same text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from openimr.model import CaseDetermination, Document, Fact
from openimr.workflow.documents import StoredFile, read_case_documents
from openimr.workflow.service import Service
from openimr.workflow.views import CaseView


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    anchor: str | None
    label: str
    #: A criterion cites it (else a fact the extractor read that no criterion used).
    cited: bool = True


def evidence_anchor(item: int, criterion: int, evidence: int) -> str:
    return f"ev-{item}-{criterion}-{evidence}"


def summary_anchor(sentence: int, evidence: int) -> str:
    return f"sum-{sentence}-{evidence}"


def case_files(service: Service, view: CaseView) -> list[StoredFile]:
    files = []
    for document in view.documents:
        _, content = service.document(view.case_number, document.sha256)
        files.append(StoredFile(document.filename, document.sha256, content))
    return files


def case_documents(service: Service, view: CaseView,
                   files: list[StoredFile] | None = None) -> list[Document]:
    files = case_files(service, view) if files is None else files
    return _read(view.case.model_dump_json(), tuple(files))


@dataclass(frozen=True)
class PageBox:
    """A word of a highlighted span on the page image, in percent of the page's size."""

    left: float
    top: float
    width: float
    height: float
    label: str
    anchor: str | None
    cited: bool


@dataclass(frozen=True)
class PageImage:
    """The page image beside the text: where it is served, how it was read, the boxes."""

    url: str
    source: str
    aspect: float  # height / width
    boxes: list[PageBox]


def page_image(number: str, document: Document, page: int, files: list[StoredFile],
               spans: list[Span]) -> PageImage | None:
    """The page of a PDF or scanned record as an image with the words of every span boxed;
    None for a text record or inline text."""
    from openimr.records.ocr import media_type_of, quote_boxes, recognize_page

    name = document.source_path
    stored = next((f for f in files if f.filename == name), None)
    if stored is None:
        return None
    media_type = media_type_of(stored.filename, stored.content)
    if media_type is None:
        return None
    this = document.pages[page - 1]
    file_page = this.file_page or this.number
    read = recognize_page(stored.content, media_type, file_page)
    if read is None or not read.width or not read.height:
        return None
    boxes = []
    for span in spans:
        if not 0 <= span.start < span.end <= len(this.text):
            continue
        for left, top, right, bottom in quote_boxes(read, this.text[span.start:span.end],
                                                    span.start):
            boxes.append(PageBox(round(100 * left / read.width, 3),
                                 round(100 * top / read.height, 3),
                                 round(100 * (right - left) / read.width, 3),
                                 round(100 * (bottom - top) / read.height, 3),
                                 span.label, span.anchor, span.cited))
    source = ("read by OCR, confidence " + f"{read.confidence:.0%}"
              if read.source.value == "ocr" else "text layer" if read.source.value ==
              "text_layer" else "not read")
    return PageImage(f"/cases/{number}/documents/{stored.sha256}/pages/{file_page}.png",
                     source, read.height / read.width, boxes)


@lru_cache(maxsize=32)
def _read(case_json: str, files: tuple[StoredFile, ...]) -> list[Document]:
    # PDFs take a while to read: the same case file and contents give the same documents.
    from openimr.model import Case

    return read_case_documents(Case.model_validate_json(case_json), list(files))


def fact_spans(documents: list[Document]) -> dict[tuple[str, int], list[Span]]:
    """(document id, page) -> the span of every fact the extractor reads in the records."""
    spans: dict[tuple[str, int], list[Span]] = {}
    for fact in _facts(tuple(d.model_dump_json() for d in documents)):
        evidence = fact.evidence
        value = ", ".join(f"{k} {v}" for k, v in fact.value.items() if v not in (None, ""))
        flags = [name for name in ("negated", "historical", "hypothetical", "family")
                 if getattr(fact, name)]
        label = f"{fact.kind.value}: {value}" + (f" ({', '.join(flags)})" if flags else "")
        spans.setdefault((evidence.document, evidence.page), []).append(
            Span(evidence.start, evidence.end, None, label, cited=False))
    return spans


@lru_cache(maxsize=32)
def _facts(documents: tuple[str, ...]) -> list[Fact]:
    # The extractor the engine drafted with: deterministic, so the same spans it read.
    from openimr.records import extract_facts

    return extract_facts([Document.model_validate_json(d) for d in documents])


def evidence_spans(determination: CaseDetermination | None) -> dict[tuple[str, int], list[Span]]:
    """(document id, page) -> the spans the criteria cite, with the anchor each link targets."""
    spans: dict[tuple[str, int], list[Span]] = {}
    if determination is None:
        return spans
    for i, item in enumerate(determination.determinations):
        for c, criterion in enumerate(item.criteria):
            for e, evidence in enumerate(criterion.evidence):
                spans.setdefault((evidence.document, evidence.page), []).append(Span(
                    evidence.start, evidence.end, evidence_anchor(i, c, e),
                    f"{item.item}: {criterion.text}"))
    for n, sentence in enumerate(determination.summary):
        for e, evidence in enumerate(sentence.evidence):
            spans.setdefault((evidence.document, evidence.page), []).append(Span(
                evidence.start, evidence.end, summary_anchor(n, e),
                f"Clinical summary: {sentence.text}"))
    return spans


def highlight(text: str, spans: list[Span]) -> Markup:
    """The page text with every span marked; overlapping spans share the overlap.

    The text is cut at every span boundary; a piece inside any span becomes a `<mark>`
    (class `cited` when a criterion cites it), and a span's anchor id sits on the piece
    where it starts.
    """
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    out: list[str] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = escape(text[start:end])
        covering = [s for s in valid if s.start <= start and end <= s.end]
        if not covering:
            out.append(str(piece))
            continue
        starting = [s.anchor for s in covering if s.start == start and s.anchor]
        anchors = "".join(f'<span id="{a}" class="anchor"></span>' for a in starting[1:])
        ident = f' id="{starting[0]}"' if starting else ""
        kind = ' class="cited"' if any(s.cited for s in covering) else ""
        title = escape("; ".join(dict.fromkeys(s.label for s in covering)))
        out.append(f'{anchors}<mark{ident}{kind} title="{title}">{piece}</mark>')
    return Markup("".join(out))
