"""Reading a command-line source (record, folder or case file) and printing facts."""

from __future__ import annotations

import json
from pathlib import Path

from openimr.model import Document, Fact
from openimr.model.errors import InputError
from openimr.records.ingest import (
    RECORD_SUFFIXES,
    documents_for_case,
    documents_in_folder,
    read_documents,
)

CASE_SUFFIXES = (".json", ".yaml", ".yml")


def documents_from_source(source: Path) -> list[Document]:
    if not source.exists():
        raise InputError(f"not found: {source}")
    if source.is_dir():
        return documents_in_folder(source)
    suffix = source.suffix.lower()
    if suffix in CASE_SUFFIXES:
        from openimr.review.casefile import load_case_file

        return documents_for_case(load_case_file(source), source.parent)
    if suffix in RECORD_SUFFIXES:
        return read_documents(source)
    raise InputError(f"{source}: expected a .txt, .pdf or scanned image record, a folder, or a case file "
                     "(.json/.yaml)")


def fact_json(fact: Fact) -> dict:
    return fact.model_dump(mode="json")


def render_facts(documents: list[Document], facts: list[Fact], fmt: str) -> str:
    if fmt == "json":
        payload = {
            "documents": [{"id": d.id, "date": d.date.isoformat() if d.date else None,
                           "pages": len(d.pages), "words": d.word_count,
                           "content_hash": d.content_hash, "warnings": d.warnings}
                          for d in documents],
            "facts": [fact_json(fact) for fact in facts],
        }
        return json.dumps(payload, indent=2) + "\n"
    lines = []
    for document in documents:
        date = document.date.isoformat() if document.date else "date not stated"
        lines.append(f"{document.id} ({date}, {len(document.pages)} page(s))")
        lines.extend(f"  warning: {warning}" for warning in document.warnings)
    for fact in facts:
        flags = [name for name in ("negated", "historical", "hypothetical", "family")
                 if getattr(fact, name)]
        flags += ["second-hand"] * fact.second_hand + ["copy"] * (fact.copy_of is not None)
        value = ", ".join(f"{k}={v}" for k, v in fact.value.items() if v not in (None, ""))
        ev = fact.evidence
        lines.append(f"{fact.kind.value:<26} {value}"
                     + (f" [{' '.join(flags)}]" if flags else "")
                     + f"\n{'':<26} {ev.document} p{ev.page} {ev.start}-{ev.end}: "
                       f"\"{' '.join(ev.quote.split())}\"")
    return "\n".join(lines) + "\n"
