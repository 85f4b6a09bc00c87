"""Turn a case's records into Documents (placeholder, to be replaced by the full ingestion)."""

from __future__ import annotations

from pathlib import Path

from openimr.model import Case, Document, InlineRecord, Page
from openimr.model.errors import InputError


def read_document(path: Path, doc_id: str | None = None) -> Document:
    if not path.exists():
        raise InputError(f"record file not found: {path}")
    if path.suffix.lower() == ".pdf":
        import pdfplumber

        try:
            with pdfplumber.open(path) as pdf:
                pages = [Page(number=i, text=p.extract_text() or "") for i, p in enumerate(pdf.pages, 1)]
        except Exception as error:
            raise InputError(f"cannot read PDF {path}: {error}") from error
    else:
        text = path.read_text(encoding="utf-8", errors="replace")
        pages = [Page(number=i, text=t) for i, t in enumerate(text.split("\f"), 1)]
    return Document(id=doc_id or path.name, source_path=str(path), pages=pages)


def documents_for_case(case: Case, base_dir: Path) -> list[Document]:
    documents = []
    for index, record in enumerate(case.records, start=1):
        if isinstance(record, InlineRecord):
            documents.append(Document(id=record.title or f"record-{index}", date=record.date,
                                      type=record.type, author=record.author,
                                      pages=[Page(number=1, text=record.text)]))
        else:
            document = read_document(base_dir / record.path)
            document.date, document.type, document.author = record.date, record.type, record.author
            documents.append(document)
    return documents
