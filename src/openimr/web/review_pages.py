"""The reviewer's pages: the queue, the case page with the records viewer, the edits of
the draft (criteria, decisions, rationale), the signature, and the letter."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request, Response

from openimr.model import CaseDetermination, CriterionStatus, Decision
from openimr.model.errors import InputError
from openimr.store.models import utcnow
from openimr.web import precedents, records
from openimr.web.routing import (
    DUE_SOON,
    PageError,
    PageRoute,
    page_service,
    render,
    saved,
)
from openimr.workflow import application, worksheet
from openimr.workflow.documents import content_disposition
from openimr.workflow.errors import NotFound
from openimr.workflow.policy import Action, CaseKey
from openimr.workflow.service import STAFF, Service
from openimr.workflow.service.cases import EDITABLE
from openimr.workflow.states import CaseStatus
from openimr.workflow.users import Role
from openimr.workflow.views import (
    CaseSummary,
    CaseView,
    CorrectionIn,
    DeterminationEdit,
    DeterminationView,
    RevertIn,
    SignIn,
    SummaryIn,
)

router = APIRouter(route_class=PageRoute, include_in_schema=False)

DEFAULT_ATTESTATION = SignIn.model_fields["statement"].default


def _urgency(summary: CaseSummary, now: dt.datetime) -> str:
    if summary.overdue:
        return "overdue"
    if summary.current_deadline and summary.current_deadline - now <= DUE_SOON:
        return "due-soon"
    return ""


#: The queue's sortable columns: how each sorts (a missing value last).
SORTS = {
    "case": lambda c, _: c.case_number,
    "status": lambda c, _: c.status_label,
    "priority": lambda c, _: c.priority != "expedited",
    "deadline": lambda c, _: (c.current_deadline is None,
                              c.current_deadline or dt.datetime.max),
    "progress": lambda c, progress: progress.get(c.case_number, ""),
    "reviewer": lambda c, _: (c.reviewer is None, c.reviewer.name if c.reviewer else ""),
}


@router.get("/queue")
@router.get("/cases")
def queue(request: Request, status: str = "", priority: str = "", q: str = "",
          sort: str = "deadline", order: str = "asc",
          service: Service = Depends(page_service)) -> Response:
    try:
        wanted = CaseStatus(status) if status else None
    except ValueError:
        raise PageError(422, "Invalid filter", f"status {status!r} is not a case status") from None
    if sort not in SORTS:
        raise PageError(422, "Invalid sort", f"sort by one of {', '.join(SORTS)}, not {sort!r}")
    cases = service.list_cases(status=wanted, search=q.strip()[:100] or None)
    if priority:
        cases = [c for c in cases if c.priority == priority]
    progress = service.case_progress([c.case_number for c in cases])
    cases.sort(key=lambda c: SORTS[sort](c, progress), reverse=order == "desc")
    now = utcnow()
    mine = service.actor.role is Role.reviewer
    return render(request, "queue.html", {
        "title": "My queue" if mine else "Cases", "cases": cases, "progress": progress,
        "urgency": {c.case_number: _urgency(c, now) for c in cases},
        "statuses": list(CaseStatus), "status": status, "priority": priority, "q": q,
        "sort": sort, "order": order, "reviewers": service.reviewers()
        if service.actor.role in STAFF else []})


def _determination(service: Service, number: str, status: str | None) -> DeterminationView | None:
    if status is None:
        return None
    try:
        return service.get_determination(number)
    except NotFound:
        return None


def _viewer(service: Service, view: CaseView, doc: int, page: int,
            determination: DeterminationView | None, search: str = "") -> dict:
    """The records viewer's context, plus the link of every piece of evidence."""
    number = view.case_number
    files = records.case_files(service, view)
    documents = records.case_documents(service, view, files)
    index = {d.id: i for i, d in enumerate(documents)}
    cited = records.evidence_spans(determination.determination if determination else None)
    links: dict[str, str] = {}
    for (document_id, page_number), page_spans in cited.items():
        for span in page_spans:
            query = urlencode({"doc": index.get(document_id, 0), "page": page_number})
            links[span.anchor] = f"/cases/{number}?{query}#{span.anchor}"
    hits, found = records.search(documents, search[:200])
    context: dict = {"documents": documents, "links": links, "doc": None, "q": search[:200],
                     "hits": hits}
    if documents:
        doc = min(max(doc, 0), len(documents) - 1)
        document = documents[doc]
        page = min(max(page, 1), len(document.pages))
        key = (document.id, page)
        facts = records.fact_spans(documents).get(key, [])
        context.update(doc=doc, page=page, document=document, facts=len(facts),
                       cited=len(cited.get(key, [])), marked=records.highlight(
                           document.pages[page - 1].text,
                           cited.get(key, []) + facts + found.get((doc, page), [])),
                       image=records.page_image(number, document, page, files,
                                                cited.get(key, [])))
    return context


@router.get("/cases/{number}/documents/{sha256}/pages/{page}.png")
def page_png(number: str, sha256: str, page: int,
             service: Service = Depends(page_service)) -> Response:
    """A page of a PDF or scanned record as the OCR read it (turned upright, straightened),
    for the records viewer to box the cited words on."""
    from openimr.records.ocr import media_type_of, page_image, recognize_page

    document, content = service.document(number, sha256)
    media_type = media_type_of(document.filename, content)
    read = recognize_page(content, media_type, page) if media_type else None
    if read is None or media_type is None:
        raise NotFound("page", str(page), f"{document.filename} has no page image {page}")
    import io

    buffer = io.BytesIO()
    page_image(content, media_type, read, dpi=100).save(buffer, "PNG", optimize=True)
    return Response(buffer.getvalue(), media_type="image/png",
                    headers={"Cache-Control": "private, max-age=3600"})


@router.get("/cases/{number}")
def case_page(request: Request, number: str, doc: int = 0, page: int = 1, q: str = "",
              service: Service = Depends(page_service)) -> Response:
    view = service.get_case(number)
    determination = _determination(service, number, view.determination_status)
    context = {"title": f"Case {number}", "case": view, "determination": determination,
               "next_moves": service.next_moves(number)
               if service.actor.role in STAFF else None,
               "criterion_statuses": list(CriterionStatus),
               "decisions": [Decision.upheld, Decision.overturned],
               "attestation": DEFAULT_ATTESTATION,
               "can_edit": _can_edit(service, view),
               "can_remove": service.allowed(Action.remove_document, _key(view)),
               "can_correct": _can_correct(service, view),
               "precedents": precedents.for_case(service, determination),
               "implied_decisions": {
                   i.item_id: worksheet.implied_decision(i)
                   for i in (determination.determination.determinations if determination
                             else [])},
               "engine": _engine_view(service, number, determination),
               "at": request.query_params.get("at", ""),
               "missing_fields": application.missing(view.case)
               if service.actor.role in STAFF and view.status in EDITABLE else [],
               "appeal_check": service.appeal_check(number) if determination else None,
               **_viewer(service, view, doc, page, determination, q.strip())}
    # The records viewer alone for its own swaps; a save in place (htmx) selects its part of
    # the whole page.
    template = "_records.html" if request.headers.get("HX-Target") == "records" else "case.html"
    return render(request, template, context)


def _engine_view(service: Service, number: str,
                 determination: DeterminationView | None) -> dict:
    """What the engine drafted, by item and by (item, criterion): shown where the reviewer's
    choice differs from it."""
    if determination is None or service.actor.role is Role.party:
        return {}
    engine = service.engine_draft(number)
    if engine is None:
        return {}
    shown: dict = {}
    for item in engine.determinations:
        shown[item.item_id] = item.decision
        shown.update({(item.item_id, c.id): c.status for c in item.criteria})
    return shown


def _can_edit(service: Service, view: CaseView) -> bool:
    return service.allowed(Action.edit_determination, _key(view))


def _can_correct(service: Service, view: CaseView) -> bool:
    """The assigned reviewer or an admin may start a correction of the signed letter."""
    return view.determination_status == "signed" and service.allowed(Action.correct, _key(view))


def _key(view: CaseView) -> CaseKey:
    return CaseKey(view.case_number, view.reviewer.id if view.reviewer else None)


def _draft(service: Service, number: str) -> CaseDetermination:
    view = service.get_determination(number)
    if view.status == "signed":
        raise PageError(409, "Signed", "the determination is signed: it is final and can no "
                        "longer be edited")
    return view.determination.model_copy(deep=True)


def _item(determination: CaseDetermination, item_id: str):  # type: ignore[no-untyped-def]
    for item in determination.determinations:
        if item.item_id == item_id:
            return item
    raise PageError(404, "Not found", f"the draft has no disputed item {item_id!r}")


def _save(service: Service, number: str, determination: CaseDetermination, version: int,
          anchor: str, done: str) -> Response:
    service.save_draft(number, DeterminationEdit(determination=determination, version=version))
    return saved(number, anchor, done)


@router.post("/cases/{number}/criterion")
def change_criterion(number: str, item_id: str = Form(...), criterion_id: str = Form(...),
                     status: str = Form(...), comment: str = Form(""), version: int = Form(...),
                     quote: str = Form(""), quote_document: str = Form(""),
                     quote_page: str = Form(""),
                     service: Service = Depends(page_service)) -> Response:
    determination = _draft(service, number)
    item = _item(determination, item_id)
    criterion = next((c for c in item.criteria if c.id == criterion_id), None)
    if criterion is None:
        raise PageError(404, "Not found", f"item {item_id} has no criterion {criterion_id!r}")
    try:
        new_status = CriterionStatus(status)
    except ValueError:
        raise InputError(f"status: {status!r} is not met, not_met or unknown") from None
    criterion.status = new_status
    criterion.reviewer_comment = comment.strip()
    criterion.engine_status = criterion.engine_explanation = None  # the reviewer chose
    attached = ""
    if quote.strip():
        evidence = service.find_quote(number, quote, quote_document or None,
                                      int(quote_page) if quote_page.isdigit() else None)
        criterion.evidence.append(evidence)
        attached = f" Evidence attached: “{evidence.quote[:60]}”, {evidence.document}, " \
                   f"p. {evidence.page}."
    return _save(service, number, determination, version, f"item-{item_id}",
                 f"Criterion updated: “{criterion.text[:60]}” set to "
                 f"{new_status.value.replace('_', ' ')}.{attached}")


@router.post("/cases/{number}/decision")
def change_decision(number: str, item_id: str = Form(...), decision: str = Form(...),
                    rationale: str = Form(""), override_reason: str = Form(""),
                    version: int = Form(...),
                    service: Service = Depends(page_service)) -> Response:
    determination = _draft(service, number)
    item = _item(determination, item_id)
    try:
        item.decision = Decision(decision)
    except ValueError:
        raise InputError(f"decision: {decision!r} is not upheld or overturned") from None
    item.rationale = rationale.strip()
    item.override_reason = override_reason.strip() or None
    item.engine_decision = item.engine_rationale = None  # the reviewer chose
    return _save(service, number, determination, version, f"item-{item_id}",
                 f"Decision saved: {item.decision.value} (“{item.item}”).")


@router.post("/cases/{number}/summary")
def change_summary(number: str, text: str = Form(""), version: int = Form(...),
                   engine_summary_seen: str = Form(""),
                   service: Service = Depends(page_service)) -> Response:
    service.edit_summary(number, SummaryIn(text=text, version=version,
                                           engine_summary_seen=engine_summary_seen == "yes"))
    return saved(number, "summary", "Clinical summary saved.")


@router.post("/cases/{number}/revert")
def revert(number: str, version: int = Form(...), item_id: str = Form(""),
           service: Service = Depends(page_service)) -> Response:
    service.revert_to_engine(number, RevertIn(version=version, item_id=item_id or None))
    at = f"item-{item_id}" if item_id else "determination"
    return saved(number, at, "Reverted to the engine's draft" + (
        "." if item_id else " (every item and the summary)."))


@router.post("/cases/{number}/correction/discard")
def discard_correction(number: str, version: int = Form(...),
                       service: Service = Depends(page_service)) -> Response:
    kept = service.discard_correction(number, version)
    return saved(number, "determination", f"Correction discarded: the signed letter version "
                 f"{kept.letter_version} stays in force.")


@router.post("/cases/{number}/sign")
def sign(number: str, version: int = Form(...), statement: str = Form(""),
         attest: str = Form(""), service: Service = Depends(page_service)) -> Response:
    if attest != "yes":
        raise InputError("attest: tick the attestation to sign")
    service.sign(number, SignIn(version=version, statement=statement.strip()
                                or DEFAULT_ATTESTATION))
    return saved(number, "determination", "Determination signed.")


@router.post("/cases/{number}/correct")
def correct(number: str, reason: str = Form(""), version: int = Form(...),
            service: Service = Depends(page_service)) -> Response:
    if not reason.strip():
        raise InputError("reason: say what the correction is for")
    started = service.correct(number, CorrectionIn(reason=reason.strip(), version=version))
    return saved(number, "determination",
                 f"Correction started: version {started.letter_version} is a draft copied from "
                 f"the signed version {started.supersedes}; edit it and sign it.")


@router.get("/cases/{number}/letter")
def letter_page(request: Request, number: str, version: int | None = None,
                service: Service = Depends(page_service)) -> Response:
    view = service.get_case(number)
    if view.determination_status is None:
        raise PageError(404, "No letter yet", f"case {number} has no determination yet")
    determination = service.get_determination(number, version)
    query = f"?version={determination.letter_version}" if version is not None else ""
    return render(request, "letter.html", {"title": f"Letter, case {number}", "case": view,
                                           "determination": determination, "query": query})


@router.get("/cases/{number}/letter.html")
def letter_html(number: str, version: int | None = None,
                service: Service = Depends(page_service)) -> Response:
    html = service.letter(number, "html", version)
    return Response(html, media_type="text/html; charset=utf-8")


@router.get("/cases/{number}/letter.pdf")
def letter_pdf(number: str, version: int | None = None, copy: str = "full",
               service: Service = Depends(page_service)) -> Response:
    if copy not in ("full", "public"):
        raise PageError(400, "Unknown copy", f"copy must be full or public, not {copy!r}")
    pdf = service.letter(number, "pdf", version, public=copy == "public")
    suffix = (f"-v{version}" if version is not None else "") + \
        ("-public" if copy == "public" else "")
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": content_disposition(
            "attachment", f"imr-determination-{number}{suffix}.pdf")})
