"""Case manager pages: intake, eligibility, status changes, documents, assignment, drafting."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile
from starlette.datastructures import FormData

from openimr.api.deps import read_case_file
from openimr.model import Case
from openimr.model.errors import InputError
from openimr.web.routing import PageRoute, page_service, render, require_role, saved, see_other
from openimr.workflow import application
from openimr.workflow.documents import DocumentKind
from openimr.workflow.service import STAFF, Service
from openimr.workflow.states import ENDING
from openimr.workflow.views import TransitionIn

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/intake")
def intake_form(request: Request, service: Service = Depends(page_service)) -> Response:
    require_role(service.actor, *STAFF)
    return render(request, "intake.html", {"title": "Intake", "fields": application.BY_NAME})


async def _read_upload(upload: UploadFile) -> tuple[str, bytes]:
    return upload.filename or "", await upload.read()


async def _register(service: Service, case: Case, uploads: list[tuple[str, bytes]],
                    liability_disputed: str) -> Response:
    """One transaction: the case and its records, or nothing (a refused file names why)."""
    view = service.intake(case, liability_disputed=liability_disputed == "yes",
                          documents=uploads)
    return see_other(f"/cases/{view.case_number}/eligibility")


def _application_values(form: FormData) -> dict[str, str]:
    """The application fields of a posted form (files and unknown names left out)."""
    return {f: v for f in application.BY_NAME if isinstance(v := form.get(f, ""), str)}


@router.post("/intake")
async def intake(request: Request, case_file: UploadFile = File(...),
                 records: list[UploadFile] = File(default=[]),
                 liability_disputed: str = Form(""),
                 service: Service = Depends(page_service)) -> Response:
    require_role(service.actor, *STAFF)
    name, raw = await _read_upload(case_file)
    if not raw:
        raise InputError("case file: choose a case file (.json or .yaml) to upload")
    case = read_case_file(raw, yaml_format=name.lower().endswith((".yaml", ".yml")),
                          source=name or "case file")
    uploads = [await _read_upload(r) for r in records if r.filename]
    return await _register(service, case, uploads, liability_disputed)


@router.post("/intake/form")
async def intake_by_form(request: Request, records: list[UploadFile] = File(default=[]),
                         records_text: str = Form(""), liability_disputed: str = Form(""),
                         service: Service = Depends(page_service)) -> Response:
    """The application typed into the form (no case file), with its record files."""
    require_role(service.actor, *STAFF)
    form = await request.form()
    values = _application_values(form)
    uploads = [await _read_upload(r) for r in records if r.filename]
    case = application.case_from_form(
        values, record_files=[name for name, _ in uploads], records_text=records_text,
        flags=lambda flag: form.get(flag) == "yes")
    return await _register(service, case, uploads, liability_disputed)


@router.post("/cases/{number}/application")
async def complete_application(request: Request, number: str, version: int = Form(...),
                               service: Service = Depends(page_service)) -> Response:
    """Fill in the fields the application left empty (until the notice of assignment)."""
    form = await request.form()
    values = _application_values(form)
    case = application.complete(service.get_case(number).case, values)
    service.update_case_file(number, case, version)
    filled = [application.BY_NAME[f].label for f, v in values.items() if v.strip()]
    return saved(number, "application", "Application completed: " + ", ".join(filled) + ".")


@router.get("/cases/{number}/eligibility")
def eligibility(request: Request, number: str,
                service: Service = Depends(page_service)) -> Response:
    view = service.get_case(number)
    report = service.eligibility(number)
    return render(request, "eligibility.html", {"title": f"Eligibility, case {number}",
                                                "case": view, "report": report})


@router.post("/cases/{number}/transition")
def transition(number: str, to: str = Form(...), note: str = Form(""), version: int = Form(...),
               electronic: str = Form(""), confirm: str = Form(""),
               service: Service = Depends(page_service)) -> Response:
    if not to:
        raise InputError("to: choose the status to move to")
    if to in ENDING and confirm != "yes":
        raise InputError(f"confirm: moving to {to} ends the review; tick the confirmation to "
                         "do it")
    change = TransitionIn.model_validate({"to": to, "note": note.strip() or None,
                                          "version": version, "electronic": electronic == "yes"})
    view = service.transition(number, change)
    return saved(number, "manage", f"Status is now {view.status_label}.")


@router.post("/cases/{number}/documents")
async def upload(number: str, document: UploadFile = File(...), kind: str = Form(
        DocumentKind.medical_records.value), service: Service = Depends(page_service)) -> Response:
    name, content = await _read_upload(document)
    try:
        document_kind = DocumentKind(kind)
    except ValueError:
        raise InputError(f"kind: {kind!r} is not a document type") from None
    stored = service.add_document(number, name, content, document_kind)
    return saved(number, "documents", f"{stored.filename} uploaded.")


@router.post("/cases/{number}/documents/{sha256}/remove")
def remove_document(number: str, sha256: str, reason: str = Form(""),
                    service: Service = Depends(page_service)) -> Response:
    removed = service.remove_document(number, sha256, reason)
    return saved(number, "documents",
                 f"{removed.filename} removed from the case (kept in the store).")


@router.post("/cases/assign")
async def assign_many(request: Request, reviewer_id: str = Form(""),
                      service: Service = Depends(page_service)) -> Response:
    """Bulk assignment from the case list: each selected case on its own (one refused case
    does not stop the others), the outcome of each said."""
    numbers = [n for n in (await request.form()).getlist("numbers") if isinstance(n, str)]
    if not numbers:
        raise InputError("numbers: select the cases to assign")
    chosen = int(reviewer_id) if reviewer_id.strip().isdigit() else None
    done, refused = [], []
    for number in numbers[:200]:
        try:
            result = service.assign(number, chosen)
            done.append(f"{number}: {result.explanation}")
        except InputError as error:
            refused.append(f"{number}: {error}")
    message = " ".join([f"Assigned {len(done)} case{'s' if len(done) != 1 else ''}."]
                       + ([f"Not assigned: {'; '.join(refused)}."] if refused else []))
    return see_other("/cases?" + urlencode({"done": message, "at": "queue"}))


@router.get("/cases/{number}/assignment")
def assignment(request: Request, number: str,
               service: Service = Depends(page_service)) -> Response:
    view = service.get_case(number)
    result = service.assignment_candidates(number)
    return render(request, "assignment.html", {"title": f"Assignment, case {number}",
                                               "case": view, "result": result})


@router.post("/cases/{number}/assignment")
def assign(number: str, reviewer_id: str = Form(""), version: int = Form(...),
           service: Service = Depends(page_service)) -> Response:
    chosen = int(reviewer_id) if reviewer_id.strip().isdigit() else None
    result = service.assign(number, chosen, version=version)
    return saved(number, "manage", result.explanation[0].upper() + result.explanation[1:] + ".")


@router.post("/cases/{number}/draft")
def draft(number: str, version: str = Form(""),
          service: Service = Depends(page_service)) -> Response:
    service.draft(number, int(version) if version.isdigit() else None)
    return saved(number, "determination", "The engine drafted the determination.")
