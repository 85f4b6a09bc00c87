"""The records viewer: a case's documents page by page, evidence spans wrapped in `<mark>`.

Documents are re-read from the case file and the uploaded files fetched through the
service (each read audited), with the same reader the engine drafted from, so the
character offsets of the evidence fall on the same text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from markupsafe import Markup, escape

from openimr.model import CaseDetermination, Document
from openimr.workflow.documents import StoredFile, read_case_documents
from openimr.workflow.service import Service
from openimr.workflow.views import CaseView


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    anchor: str
    label: str


@dataclass
class PageMarks:
    spans: list[Span] = field(default_factory=list)


def evidence_anchor(item: int, criterion: int, evidence: int) -> str:
    return f"ev-{item}-{criterion}-{evidence}"


def case_documents(service: Service, view: CaseView) -> list[Document]:
    files = []
    for document in view.documents:
        _, content = service.document(view.case_number, document.sha256)
        files.append(StoredFile(document.filename, document.sha256, content))
    return _read(view.case.model_dump_json(), tuple(files))


@lru_cache(maxsize=32)
def _read(case_json: str, files: tuple[StoredFile, ...]) -> list[Document]:
    # PDFs take a while to read: the same case file and contents give the same documents.
    from openimr.model import Case

    return read_case_documents(Case.model_validate_json(case_json), list(files))


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
    return spans


def highlight(text: str, spans: list[Span]) -> Markup:
    """The page text with every span marked; overlapping spans share the overlap.

    The text is cut at every span boundary; a piece inside any span becomes a `<mark>`,
    and a span's anchor id sits on the piece where it starts.
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
        starting = [s for s in covering if s.start == start]
        anchors = "".join(f'<span id="{s.anchor}" class="anchor"></span>' for s in starting[1:])
        ident = f' id="{starting[0].anchor}"' if starting else ""
        title = escape("; ".join(dict.fromkeys(s.label for s in covering)))
        out.append(f'{anchors}<mark{ident} title="{title}">{piece}</mark>')
    return Markup("".join(out))
