"""Recognized documents kept for every machine (issue 15).

An OCR job recognizes a scanned document once, on whichever worker took it. Its result
(every page's text, words with boxes, confidence: an `OcrDocument`) is kept as JSON in
the document store, and `ocr_results` says which stored result belongs to which
document. Wherever the case's records are read next (the `extract` and `draft` jobs on
another worker, the app server's re-draft, the records viewer and its page images),
`prime` puts the kept pages into that machine's OCR cache first: every reader there takes
them as read, and no page is recognized twice, even on a machine without Tesseract.

The machine's own cache (`records.ocr`, `OPENIMR_OCR_CACHE`) stays what the readers read:
this is the level behind it, shared through the database and the document store.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from openimr.store import models as m
from openimr.store.documents import DocumentStore, DocumentUnavailable

log = logging.getLogger("openimr.ocr")


def keep(session: Session, store: DocumentStore, recognized: dict) -> str | None:  # type: ignore[type-arg]
    """Keep an `OcrDocument` (as JSON) for every machine, in the caller's transaction; the
    address of the stored JSON. None when it has no document hash (nothing to key it by)."""
    import json

    sha256 = recognized.get("sha256")
    if not isinstance(sha256, str) or not sha256:
        return None
    content = json.dumps(recognized, sort_keys=True, separators=(",", ":")).encode("utf-8")
    address = store.put(content)
    pages = recognized.get("pages") or []
    fields = {"result": address, "engine": str(recognized.get("engine") or "")[:200],
              "pages": len(pages),
              "recognized": sum(1 for p in pages if p.get("source") == "ocr"),
              "created_at": m.utcnow()}
    row = session.get(m.OcrResult, sha256, with_for_update=True)
    if row is None:
        session.add(m.OcrResult(sha256=sha256, **fields))
    else:
        for name, value in fields.items():
            setattr(row, name, value)
    session.flush()
    return address


def prime(session: Session, store: DocumentStore, sha256s: Iterable[str]) -> int:
    """Put the kept results of these documents into this machine's OCR cache (those not
    there yet); how many were put. A kept result the store cannot give back is logged and
    left out: the reader then recognizes the pages again, or names them as not read."""
    from openimr.model.ocr import OcrDocument
    from openimr.records import ocr

    wanted = sorted(set(sha256s))
    if not wanted:
        return 0
    rows = session.scalars(select(m.OcrResult).where(m.OcrResult.sha256.in_(wanted))).all()
    put = 0
    for row in rows:
        if ocr.remembered(row.sha256, mark=row.result):
            continue
        try:
            document = OcrDocument.model_validate_json(store.get(row.result))
        except (DocumentUnavailable, ValueError) as error:
            log.warning("the kept OCR result of document %s cannot be read: %s",
                        row.sha256, error)
            continue
        ocr.remember(document, mark=row.result)
        put += 1
    return put
