"""Case endpoints: intake, lists, transitions, documents, assignment, determination, letter."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from fastapi import (
    APIRouter,
    Body,
    Depends,
    File,
    Form,
    HTTPException,
    Path,
    Query,
    Request,
    UploadFile,
)
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from pydantic import BaseModel, Field

from openimr.api.deps import MAX_INT, ApiRoute, QueryBool, read_case_file
from openimr.api.paging import PAGED, Limit, Offset, page, page_of
from openimr.api.preconditions import (
    TAGGED,
    CaseMatch,
    DeterminationMatch,
    case_version,
    checked,
    conditional,
    determination_versions,
    determination_write,
    tag,
)
from openimr.api.security import get_read_service, get_service
from openimr.model import Case
from openimr.model.instant import JsonInt
from openimr.workflow.documents import MAX_DOCUMENT_BYTES, DocumentKind, content_disposition
from openimr.workflow.eligibility import EligibilityReport
from openimr.workflow.jobs import OCR_MEDIA_TYPES
from openimr.workflow.policy import Action
from openimr.workflow.reviewers import AssignmentResult
from openimr.workflow.service import Service
from openimr.workflow.service.cases import CASE_NUMBER
from openimr.workflow.states import CaseStatus
from openimr.workflow.views import (
    CaseSummary,
    CaseView,
    CorrectionIn,
    DeterminationEdit,
    DeterminationView,
    DocumentView,
    SignIn,
    TransitionIn,
)

#: A case number as intake accepts it (`service.cases.CASE_NUMBER`).
CaseNumber = Annotated[str, Path(pattern=f"^{CASE_NUMBER.pattern}$", max_length=40)]
#: A document's content address.
Sha256 = Annotated[str, Path(pattern="^[0-9a-f]{64}$")]

router = APIRouter(prefix="/cases", tags=["cases"], route_class=ApiRoute)


def _case_file_schema() -> dict[str, object]:
    """The case file's JSON Schema, self-contained (its definitions inlined: an operation's
    schema cannot carry `$defs` of its own), with the case number intake accepts."""
    schema = Case.model_json_schema(mode="validation")
    definitions = schema.pop("$defs", {})

    def inline(node: object) -> object:
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(definitions[node["$ref"].rsplit("/", 1)[1]])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(value) for value in node]
        return node

    inlined: dict[str, object] = inline(schema)  # type: ignore[assignment]
    inlined["properties"]["case_number"] = {  # type: ignore[index]
        "anyOf": [{"type": "string", "pattern": f"^{CASE_NUMBER.pattern}$"}, {"type": "null"}],
        "description": "Given by intake when absent."}
    return inlined


_CASE_BODY = {
    "requestBody": {
        "required": True,
        "description": "A case file as accepted by `openimr review` (see `openimr schema "
                       "case`): JSON, or YAML with Content-Type application/yaml. A FHIR "
                       "PAS request Bundle is accepted too (docs/fhir.md). Diagnosis codes "
                       "must be in the ICD-10-CM code set (or, for claims coded before "
                       "October 2015, the ICD-9-CM one) and item ids distinct.",
        "content": {media: {"schema": _case_file_schema()}
                    for media in ("application/json", "application/yaml")},
    }
}


async def _case_file(request: Request) -> Case:
    """The case file in the body: JSON, or YAML when the content type says so."""
    content_type = request.headers.get("content-type", "")
    return read_case_file(await request.body(), yaml_format="yaml" in content_type)


@router.post("", status_code=201, response_model=CaseView, openapi_extra=_CASE_BODY)
async def intake(request: Request, liability_disputed: Annotated[QueryBool, Query(
        description="The claims administrator disputes liability (defers the IMR).")] = False,
        service: Service = Depends(get_service)) -> CaseView:
    # The role is checked (and a refusal audited) before the body is even read.
    await run_in_threadpool(service.require, Action.intake)
    case = await _case_file(request)
    # The service is synchronous: keep it off the event loop.
    return await run_in_threadpool(service.intake, case, liability_disputed=liability_disputed)


@router.put("/{case_number}", response_model=CaseView, openapi_extra=_CASE_BODY,
            responses=conditional(required=True))
async def update_case_file(case_number: CaseNumber, request: Request, response: Response,
                           if_match: CaseMatch = None,
                           version: int | None = Query(
                               None, ge=1, le=MAX_INT, deprecated=True,
                               description="The case version read (send `If-Match`)."),
                           service: Service = Depends(get_service)) -> CaseView:
    """Correct or complete the application until the notice of assignment. Replacing the
    whole case file needs the version read: `If-Match` (or `?version=`), else 428."""
    await run_in_threadpool(service.require, Action.edit_case_file)
    read = case_version(if_match) or version
    if read is None:
        raise HTTPException(428, "send If-Match with the case's ETag (or ?version=)")
    case = await _case_file(request)
    with checked(if_match):
        return tag(response, await run_in_threadpool(
            service.update_case_file, case_number, case, read))


@router.get("", response_model=list[CaseSummary], responses=PAGED)
async def list_cases(response: Response, status: CaseStatus | None = None,
               overdue: Annotated[QueryBool, Query(
                   description="Only cases past their current deadline.")] = False,
               due_within_hours: float | None = Query(
                   None, ge=0, le=24 * 366, description="Only cases whose current deadline falls within "
                                           "this many hours (and is not past)."),
               needs_reassignment: Annotated[QueryBool, Query(
                   description="Only open cases whose reviewer was retired or has "
                               "disciplinary history (staff).")] = False,
               limit: Limit = 200, offset: Offset = 0,
               service: Service = Depends(get_read_service)) -> list[CaseSummary]:
    within = dt.timedelta(hours=due_within_hours) if due_within_hours is not None else None
    return page(response, *await run_in_threadpool(
        service.case_page, limit=limit, offset=offset, status=status, overdue=overdue,
        due_within=within, needs_reassignment=needs_reassignment))


@router.get("/{case_number}", response_model=CaseView, responses=TAGGED)
async def get_case(case_number: CaseNumber, response: Response,
                   service: Service = Depends(get_read_service)) -> CaseView:
    return tag(response, await run_in_threadpool(service.get_case, case_number))


@router.get("/{case_number}/eligibility", response_model=EligibilityReport)
async def eligibility(case_number: CaseNumber,
                      service: Service = Depends(get_service)) -> EligibilityReport:
    return await run_in_threadpool(service.eligibility, case_number)


@router.post("/{case_number}/transitions", response_model=CaseView,
             responses=conditional())
async def transition(case_number: CaseNumber, change: TransitionIn, response: Response,
                     if_match: CaseMatch = None, service: Service = Depends(get_service)
                     ) -> CaseView:
    if if_match:
        change = change.model_copy(update={"version": case_version(if_match)})
    with checked(if_match):
        return tag(response, await run_in_threadpool(service.transition, case_number, change))


@router.post("/{case_number}/documents", status_code=201, response_model=DocumentView)
async def upload(case_number: CaseNumber,
                 file: UploadFile = File(..., json_schema_extra={"format": "binary"}),
                 kind: DocumentKind = Form(DocumentKind.medical_records),
                 service: Service = Depends(get_service)) -> DocumentView:
    content = await file.read(MAX_DOCUMENT_BYTES + 1)
    return await run_in_threadpool(service.add_document, case_number, file.filename or "",
                                   content, kind)


@router.get("/{case_number}/documents", response_model=list[DocumentView], responses=PAGED)
def documents(case_number: CaseNumber, response: Response, limit: Limit = 200,
              offset: Offset = 0, service: Service = Depends(get_read_service)
              ) -> list[DocumentView]:
    return page_of(response, service.documents(case_number), limit, offset)


@router.get("/{case_number}/documents/{sha256}", response_class=Response,
            responses={200: {"content": {media: {} for media in ("text/plain", *OCR_MEDIA_TYPES)}}})
def download(case_number: CaseNumber, sha256: Sha256, service: Service = Depends(get_service)) -> Response:
    view, content = service.document(case_number, sha256)
    return Response(content, media_type=view.media_type, headers={
        "Content-Disposition": content_disposition("attachment", view.filename)})


class RemovalIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


@router.delete("/{case_number}/documents/{sha256}", response_model=DocumentView)
def remove_document(case_number: CaseNumber, sha256: Sha256, body: RemovalIn,
                    service: Service = Depends(get_service)) -> DocumentView:
    """Remove a document from the case (staff): it is no longer read or listed, but it is
    kept in the store, and the removal is in the case history and the audit log."""
    return service.remove_document(case_number, sha256, body.reason)


class AssignmentIn(BaseModel):
    reviewer_id: JsonInt | None = Field(None, ge=1, le=MAX_INT)
    version: JsonInt | None = Field(None, ge=1, le=MAX_INT)


@router.get("/{case_number}/assignment", response_model=AssignmentResult)
def candidates(case_number: CaseNumber, service: Service = Depends(get_service)) -> AssignmentResult:
    """Every reviewer of the roster, eligible or not, with the reasons: nothing is assigned."""
    return service.assignment_candidates(case_number)


@router.post("/{case_number}/assignment", response_model=AssignmentResult,
             responses=conditional())
def assign(case_number: CaseNumber, body: AssignmentIn | None = Body(None),
           if_match: CaseMatch = None, service: Service = Depends(get_service)
           ) -> AssignmentResult:
    """Assign the best eligible reviewer, or `reviewer_id`; the case's version (`If-Match`
    or `version`) guards against a change made meanwhile."""
    body = body or AssignmentIn()
    with checked(if_match):
        return service.assign(case_number, body.reviewer_id,
                              case_version(if_match) or body.version)


class DraftIn(BaseModel):
    version: JsonInt | None = Field(None, ge=1, le=MAX_INT)


@router.post("/{case_number}/determination", response_model=DeterminationView,
             responses=conditional())
async def draft(case_number: CaseNumber, response: Response, body: DraftIn | None = Body(None),
                if_match: DeterminationMatch = None, service: Service = Depends(get_service)
                ) -> DeterminationView:
    """Draft the determination with the engine (replacing a draft needs its version:
    `If-Match`, or `version`)."""
    letter, record = determination_versions(if_match)
    with checked(if_match):
        return tag(response, await run_in_threadpool(
            service.draft, case_number, record or (body or DraftIn()).version, letter))


class DeterminationFormat(StrEnum):
    json = "json"
    fhir = "fhir"


@router.get("/{case_number}/determination", response_model=DeterminationView,
            responses={200: {"content": {"application/fhir+json": {}},
                             **TAGGED[200]}})
async def get_determination(case_number: CaseNumber, response: Response,
                            version: int | None = Query(None, ge=1, le=MAX_INT),
                            format: DeterminationFormat = Query(
                                DeterminationFormat.json, description="`fhir`: a FHIR R4 Bundle in "
                                "Da Vinci PAS shapes (docs/fhir.md)"),
                            service: Service = Depends(get_read_service)) -> DeterminationView | Response:
    """The newest version of the determination, or `?version=N`; `versions` lists them all."""
    if format is DeterminationFormat.fhir:
        import json

        # The ETag is the JSON representation's: the Bundle is read-only.
        bundle = await run_in_threadpool(service.determination_fhir, case_number, version)
        return Response(json.dumps(bundle), media_type="application/fhir+json")
    return tag(response, await run_in_threadpool(service.get_determination, case_number,
                                                 version))


@router.post("/{case_number}/determination/corrections", status_code=201,
             response_model=DeterminationView, responses=conditional(201))
def correct(case_number: CaseNumber, correction: CorrectionIn, response: Response,
            if_match: DeterminationMatch = None, service: Service = Depends(get_service)
            ) -> DeterminationView:
    """Correct the signed letter: a new draft version, copied from it, to edit and sign.
    The signed version stays as it is, and is superseded once the correction is signed.
    `If-Match` (or `version`) names the signed version read."""
    return determination_write(response, if_match, correction,
                               lambda body, letter: service.correct(case_number, body, letter))


@router.put("/{case_number}/determination", response_model=DeterminationView,
            responses=conditional())
def edit_determination(case_number: CaseNumber, edit: DeterminationEdit, response: Response,
                       if_match: DeterminationMatch = None,
                       service: Service = Depends(get_service)) -> DeterminationView:
    """Save the reviewer's edits: a stale `If-Match` is refused with 412, a stale body
    `version` with 409."""
    return determination_write(response, if_match, edit,
                               lambda body, letter: service.save_draft(case_number, body, letter))


@router.post("/{case_number}/determination/sign", response_model=DeterminationView,
             responses=conditional())
def sign(case_number: CaseNumber, signing: SignIn, response: Response,
         if_match: DeterminationMatch = None, service: Service = Depends(get_service)
         ) -> DeterminationView:
    return determination_write(response, if_match, signing,
                               lambda body, letter: service.sign(case_number, body, letter))


class LetterFormat(StrEnum):
    text = "text"
    html = "html"
    pdf = "pdf"


class LetterCopy(StrEnum):
    full = "full"
    public = "public"


@router.get("/{case_number}/letter", response_class=Response,
            responses={200: {"content": {"text/plain": {}, "text/html": {},
                                         "application/pdf": {}}}})
async def letter(case_number: CaseNumber, format: LetterFormat = LetterFormat.text,
                 version: int | None = Query(None, ge=1, le=MAX_INT),
                 copy: LetterCopy = Query(LetterCopy.full, description="`public`: the public copy, "
                                          "identities removed"),
                 service: Service = Depends(get_service)) -> Response:
    """The newest letter, or version N (`?version=N`; a superseded one says so)."""
    public = copy is LetterCopy.public
    rendered = await run_in_threadpool(service.letter, case_number, format.value, version,
                                       public=public)
    if format is LetterFormat.pdf:
        name = f"{case_number}-public.pdf" if public else f"{case_number}.pdf"
        return Response(rendered, media_type="application/pdf", headers={
            "Content-Disposition": content_disposition("inline", name)})
    if format is LetterFormat.html:
        return HTMLResponse(rendered)
    return PlainTextResponse(rendered)
