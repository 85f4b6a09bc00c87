"""What each kind of job does. Each task reads its inputs, works without holding a
transaction, then commits its effect together with `Context.finish` (see `runner`).

- `ocr`: recognize a scanned document (`openimr.records.ocr.recognize`), keep the result
  (words, boxes, confidences) in the document store by hash, then queue the reading of
  the case's records once no OCR of the case is left;
- `extract`: read the case's records and extract the facts with their evidence;
- `draft`: the engine's draft, on entry to Clinical Review (after the case's OCR);
- `render_pdf`: the signed letter as PDF, kept in the document store;
- `corpus_ingest`, `train`: the decision corpus.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from sqlalchemy import func, select

from openimr.jobs.runner import Context, Task, Wait
from openimr.model import Case
from openimr.model.errors import InputError
from openimr.store import models as m
from openimr.store.documents import document_store
from openimr.workflow.jobs import ACTIVE, JobKind, content_hash, enqueue
from openimr.workflow.recognized import keep, prime
from openimr.workflow.users import Actor, Role


def job_actor(context: Context) -> Actor:
    """Who a job acts as in the history and the audit log: the job, for its requester.
    Staff rights: the requester was allowed to ask for it (policy checked then)."""
    return Actor(username=f"job {context.job_id} for {context.requested_by}"[:100],
                 role=Role.case_manager)


def _store(context: Context):  # type: ignore[no-untyped-def]
    return document_store(context.engine.url.render_as_string(hide_password=False))


def _case_row(session, context: Context) -> m.CaseRow:  # type: ignore[no-untyped-def]
    row = session.scalar(select(m.CaseRow).where(m.CaseRow.case_number == context.case_number))
    if row is None:
        raise InputError(f"case {context.case_number} no longer exists")
    return row


def _active_ocr(session, case_id: int, but: int | None = None) -> int:  # type: ignore[no-untyped-def]
    query = select(func.count()).select_from(m.JobRow).where(
        m.JobRow.case_id == case_id, m.JobRow.kind == JobKind.ocr.value,
        m.JobRow.status.in_([s.value for s in ACTIVE]))
    if but is not None:
        query = query.where(m.JobRow.id != but)
    return session.scalar(query) or 0


def records_digest(row: m.CaseRow) -> str:
    """What reading a case's records depends on: its case file and its documents."""
    return content_hash(row.case_file, sorted(d.sha256 for d in row.current_documents))


def _as_json(document: Any) -> dict[str, Any]:
    """An `OcrDocument` as JSON, whether a pydantic model, a dataclass or a mapping."""
    if isinstance(document, dict):
        return json.loads(json.dumps(document, default=str))
    if hasattr(document, "model_dump"):
        return document.model_dump(mode="json")
    if dataclasses.is_dataclass(document) and not isinstance(document, type):
        return json.loads(json.dumps(dataclasses.asdict(document), default=str))
    raise TypeError(f"cannot store an OCR result of type {type(document).__name__}")


def ocr(context: Context) -> None:
    from openimr.jobs import ocr_engine

    recognize, available = ocr_engine()
    sha256, media_type = context.params["sha256"], context.params["media_type"]
    store = _store(context)
    recognized: dict[str, Any] | None = None
    if not available():
        result: dict[str, Any] = {"skipped": "OCR is not installed on this worker "
                                  "(tesseract, ghostscript): scanned pages stay unread"}
    else:
        with context.session() as session:  # recognized before, on another machine?
            prime(session, store, [sha256])
        recognized = _as_json(recognize(store.get(sha256), media_type,
                                        progress=context.progress))
        pages = recognized.get("pages") or []
        result = {"document": sha256, "pages": len(pages)}
    with context.session() as session:
        if recognized is not None:
            # Kept in the transaction of the job's success, for the machines that read
            # the case next (dropped with it if another run finished first).
            address = keep(session, store, {"sha256": sha256, **recognized})
            result["ocr"] = address
        if not context.finish(session, result):
            return
        row = _case_row(session, context)
        if not _active_ocr(session, row.id, but=context.job_id):
            enqueue(session, JobKind.extract, digest=records_digest(row), case=row,
                    requested_by=context.requested_by)
        session.commit()


def _read_records(session, row: m.CaseRow, context: Context):  # type: ignore[no-untyped-def]
    from openimr.workflow.documents import StoredFile, read_case_documents

    store = _store(context)
    case = Case.model_validate(row.case_file)
    prime(session, store, [d.sha256 for d in row.current_documents])
    files = [StoredFile(d.filename, d.sha256, store.get(d.sha256))
             for d in row.current_documents]
    return case, read_case_documents(case, files)


def extract(context: Context) -> None:
    from openimr.records.extract import extract_facts

    with context.session() as session:
        row = _case_row(session, context)
        _, documents = _read_records(session, row, context)
    pages = sum(len(d.pages) for d in documents)
    context.progress(0, pages)
    facts = extract_facts(documents)
    # Pages whose text cannot be searched: no text layer and no reliable OCR.
    unread = [f"{d.id} p. {p.number}" for d in documents for p in d.pages if not p.readable]
    with context.session() as session:
        if context.finish(session, {"documents": len(documents), "pages": pages,
                                    "facts": len(facts), "pages_not_read": unread}):
            session.commit()


def draft(context: Context) -> None:
    from openimr.model import DeterminationStatus
    from openimr.workflow.service import Service
    from openimr.workflow.service.determinations import DRAFTABLE
    from openimr.workflow.states import CaseStatus

    with context.session() as session:
        row = _case_row(session, context)
        if _active_ocr(session, row.id):
            raise Wait("waiting for the OCR of the case's scanned documents")
        existing = session.scalar(select(m.DeterminationRow.status).where(
            m.DeterminationRow.case_id == row.id).limit(1))
        skipped = None
        if existing is not None:
            skipped = "a determination exists already: the reviewer's draft is kept" \
                if existing == DeterminationStatus.draft.value else "the case is signed"
        elif CaseStatus(row.status) not in DRAFTABLE:
            skipped = f"the case is in {row.status}: no draft is made"
        if skipped is not None:
            if context.finish(session, {"skipped": skipped}):
                session.commit()
            return
        if not context.finish(session, {"drafted": True}):
            return
        # The service commits the draft and this job's success in one transaction.
        Service(session, job_actor(context)).draft(row.case_number)
        # The job's end is the draft's (its success was marked before the drafting ran).
        job = session.get(m.JobRow, context.job_id)
        if job is not None:
            job.finished_at = job.updated_at = m.utcnow()
            session.commit()


def render_pdf(context: Context) -> None:
    from openimr.workflow.service import Service

    version = int(context.params["letter_version"])
    with context.session() as session:
        pdf = Service(session, job_actor(context)).letter(context.case_number or "", "pdf",
                                                           version)
    content = pdf if isinstance(pdf, bytes) else pdf.encode("utf-8")
    stored = _store(context).put(content)
    with context.session() as session:
        if context.finish(session, {"letter_version": version, "pdf": stored,
                                    "size": len(content)}):
            session.commit()


def corpus_ingest(context: Context) -> None:
    from pathlib import Path

    from openimr.corpus.ingest import ingest as run_ingest
    from openimr.corpus.tables import ensure_schema

    ensure_schema(context.engine)

    def progress(results, total):  # type: ignore[no-untyped-def]
        for done, result in enumerate(results, start=1):
            context.progress(done, total)
            yield result

    report = run_ingest(Path(context.params["directory"]), context.engine, workers=1,
                        progress=progress)
    with context.session() as session:
        if context.finish(session, {"report": report.lines()}):
            session.commit()


def train(context: Context) -> None:
    from openimr.corpus.model import train as run_training
    from openimr.corpus.tables import ensure_schema

    ensure_schema(context.engine)
    lines = run_training(context.engine).lines()
    with context.session() as session:
        if context.finish(session, {"report": lines}):
            session.commit()


TASKS: dict[JobKind, Task] = {
    JobKind.ocr: ocr,
    JobKind.extract: extract,
    JobKind.draft: draft,
    JobKind.render_pdf: render_pdf,
    JobKind.corpus_ingest: corpus_ingest,
    JobKind.train: train,
}
