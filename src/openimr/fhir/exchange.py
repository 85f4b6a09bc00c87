"""Export a determination as a PAS-shaped FHIR R4 Bundle, and import a PAS request Bundle.

The IMR outcome maps onto the X12 278 review decision the PAS guide carries in its
review-action extension: an item Overturned by IMR is certified (A1), an item Upheld is not
certified (A3). An item the engine could not decide has no decision yet: pended (A4).
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from openimr.model import Case, Decision, DeterminationStatus
from openimr.model.codes import CodeSystem
from openimr.model.errors import InputError

PAS = "http://hl7.org/fhir/us/davinci-pas"
PAS_REVIEW_ACTION = f"{PAS}/StructureDefinition/extension-reviewAction"
PAS_REVIEW_ACTION_CODE = f"{PAS}/StructureDefinition/extension-reviewActionCode"
PAS_CLAIM_RESPONSE = f"{PAS}/StructureDefinition/profile-claimresponse"
PAS_CLAIM = f"{PAS}/StructureDefinition/profile-claim"
X12_REVIEW_DECISION = "https://codesystem.x12.org/005010/306"
OPENIMR = "https://openimr.org/fhir"
CITATION_EXTENSION = f"{OPENIMR}/StructureDefinition/guideline-citation"
CASE_NUMBER_SYSTEM = f"{OPENIMR}/sid/imr-case-number"
CLAIM_NUMBER_SYSTEM = f"{OPENIMR}/sid/claim-number"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
ICD9CM = "http://hl7.org/fhir/sid/icd-9-cm"
#: the FHIR system of each code system a diagnosis may be coded in
CODE_SYSTEMS = {CodeSystem.icd10cm: ICD10CM, CodeSystem.icd9cm: ICD9CM}

#: IMR outcome -> (X12 306 code, display).
_X12 = {
    Decision.overturned: ("A1", "Certified in total"),
    Decision.upheld: ("A3", "Not Certified"),
    Decision.unsupported: ("A4", "Pended"),
}
_CRITERION = f"{OPENIMR}/CodeSystem/criterion-status"


def _ref(resource: dict[str, Any]) -> dict[str, str]:
    return {"reference": f"{resource['resourceType']}/{resource['id']}"}


def _engine_version() -> str:
    from openimr import __version__

    return __version__


def _patient(case: Case) -> dict[str, Any]:
    patient: dict[str, Any] = {"resourceType": "Patient", "id": "patient"}
    if case.worker.sex is not None:
        patient["gender"] = case.worker.sex.value
    if case.worker.date_of_birth:
        patient["birthDate"] = case.worker.date_of_birth.isoformat()
    if case.worker.name:
        patient["name"] = [{"text": case.worker.name}]
    if case.worker.age is not None and not case.worker.date_of_birth:
        patient["extension"] = [{"url": f"{OPENIMR}/StructureDefinition/age-at-review",
                                 "valueInteger": case.worker.age}]
    return patient


def _organization(id_: str, name: str) -> dict[str, Any]:
    return {"resourceType": "Organization", "id": id_, "name": name}


def _conditions(case: Case) -> list[dict[str, Any]]:
    conditions = []
    for index, diagnosis in enumerate(case.diagnoses, start=1):
        code: dict[str, Any] = {"text": diagnosis.description or diagnosis.code}
        if diagnosis.code:
            code["coding"] = [{"system": CODE_SYSTEMS[diagnosis.code_system],
                               "code": diagnosis.code,
                               **({"display": diagnosis.description}
                                  if diagnosis.description else {})}]
        conditions.append({"resourceType": "Condition", "id": f"condition-{index}",
                           "subject": {"reference": "Patient/patient"}, "code": code})
    return conditions


def _identifiers(case: Case) -> list[dict[str, str]]:
    found = []
    if case.case_number:
        found.append({"system": CASE_NUMBER_SYSTEM, "value": case.case_number})
    if case.claim.claim_number:
        found.append({"system": CLAIM_NUMBER_SYSTEM, "value": case.claim.claim_number})
    return found


def _pas_common(case: Case, created: str) -> dict[str, Any]:
    """The elements the PAS Claim and ClaimResponse share: who, what kind, when."""
    return {
        "identifier": _identifiers(case) or [{"system": CASE_NUMBER_SYSTEM, "value": "unassigned"}],
        "status": "active",
        "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type",
                             "code": "professional"}]},
        "use": "preauthorization",
        "patient": {"reference": "Patient/patient"},
        "created": created,
        "insurer": {"reference": "Organization/claims-administrator"},
    }


def _claim(case: Case, created: str, conditions: list[dict[str, Any]],
           records: list[dict[str, Any]]) -> dict[str, Any]:
    """The request as PAS shapes it: the disputed items, the diagnoses and the records."""
    claim: dict[str, Any] = {
        "resourceType": "Claim", "id": "request",
        "meta": {"profile": [PAS_CLAIM]}, **_pas_common(case, created),
        "provider": {"reference": "Practitioner/requesting-provider"},
        "priority": {"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/processpriority",
            "code": "stat" if case.priority.value == "expedited" else "normal"}]},
        "insurance": [{"sequence": 1, "focal": True,
                       "coverage": {"display": "Workers' compensation claim"
                                    + (f" {case.claim.claim_number}"
                                       if case.claim.claim_number else "")}}],
        "item": [{"sequence": index,
                  "productOrService": {"text": item.description},
                  **({"diagnosisSequence": list(range(1, len(conditions) + 1))}
                     if conditions else {})}
                 for index, item in enumerate(case.disputed_items, start=1)],
    }
    if case.claim.date_of_injury:
        claim["accident"] = {"date": case.claim.date_of_injury.isoformat(),
                             "type": {"text": "Work injury"}}
    if conditions:
        claim["diagnosis"] = [{"sequence": index, "diagnosisReference": _ref(condition)}
                              for index, condition in enumerate(conditions, start=1)]
    if records:
        claim["supportingInfo"] = [{
            "sequence": index,
            "category": {"coding": [{
                "system": "http://hl7.org/us/davinci-pas/CodeSystem/PASSupportingInfoType",
                "code": "additionalInformation"}], "text": "medical record"},
            "valueReference": _ref(record)} for index, record in enumerate(records, start=1)]
    return claim


def _record_references(case: Case, documents: list[Any]) -> list[dict[str, Any]]:
    """The records as DocumentReferences, their text as a text/plain attachment."""
    out = []
    for index, document in enumerate(documents, start=1):
        reference: dict[str, Any] = {
            "resourceType": "DocumentReference", "id": f"record-{index}", "status": "current",
            "subject": {"reference": "Patient/patient"},
            "type": {"text": document.type or "medical record"},
            "description": document.title or document.id,
            "content": [{"attachment": {
                "contentType": "text/plain; charset=utf-8",
                "data": base64.b64encode(document.text.encode("utf-8")).decode("ascii"),
                "title": document.title or document.id}}]}
        if document.date:
            reference["content"][0]["attachment"]["creation"] = document.date.isoformat()
        if document.author:
            reference["author"] = [{"display": document.author}]
        out.append(reference)
    return out


def _review_action(decision: Decision, case_number: str | None, index: int) -> dict[str, Any]:
    """PAS (STU 2) review action: a complex extension whose `reviewActionCode` sub-extension
    carries the X12 306 code, and `number` the reviewer's reference number."""
    code, display = _X12[decision]
    return {"url": PAS_REVIEW_ACTION, "extension": [
        {"url": PAS_REVIEW_ACTION_CODE,
         "valueCodeableConcept": {"coding": [{"system": X12_REVIEW_DECISION, "code": code,
                                              "display": display}]}},
        {"url": "number", "valueString": f"{case_number or 'IMR'}-{index}"},
    ]}


def _claim_response(case: Case, review: Any, created: str) -> dict[str, Any]:
    determination = review.determination
    items = []
    for index, item in enumerate(determination.determinations, start=1):
        adjudication: dict[str, Any] = {
            "extension": [_review_action(item.decision, case.case_number, index)],
            "category": {"coding": [{
                "system": "http://terminology.hl7.org/CodeSystem/adjudication",
                "code": "submitted"}], "text": "IMR review decision"},
            "reason": {"coding": [{"system": f"{OPENIMR}/CodeSystem/imr-decision",
                                   "code": item.decision.value,
                                   "display": item.decision.value.capitalize()}],
                       "text": item.rationale},
        }
        if item.citation:
            adjudication["extension"].append({"url": CITATION_EXTENSION,
                                              "valueString": item.citation})
        items.append({"itemSequence": index, "adjudication": [adjudication],
                      "noteNumber": [index]})
    decided = {i.decision for i in determination.determinations}
    outcome = ("queued" if Decision.unsupported in decided else
               "complete" if len(decided) == 1 else "partial")
    response: dict[str, Any] = {
        "resourceType": "ClaimResponse", "id": "determination",
        "meta": {"profile": [PAS_CLAIM_RESPONSE]}, **_pas_common(case, created),
        "requestor": {"reference": "Practitioner/requesting-provider"},
        "request": {"reference": "Claim/request"},
        "outcome": outcome,
        "disposition": ("Final Determination" if determination.status
                        is DeterminationStatus.signed else
                        "Draft determination: not final until a physician reviewer signs"),
        "item": items,
        "processNote": [{"number": index, "type": "display", "text": item.rationale}
                        for index, item in enumerate(determination.determinations, start=1)],
    }
    if case.case_number:
        response["preAuthRef"] = case.case_number
    return response


def _questionnaire_responses(review: Any, created: str) -> list[dict[str, Any]]:
    out = []
    for index, item in enumerate(review.determination.determinations, start=1):
        answers = []
        for criterion in item.criteria:
            evidence = [{"linkId": f"{criterion.id}.evidence",
                         "text": f"{e.document}, page {e.page}, characters {e.start}-{e.end}",
                         "answer": [{"valueString": e.quote}]} for e in criterion.evidence]
            answer: dict[str, Any] = {"valueCoding": {"system": _CRITERION,
                                                      "code": criterion.status.value}}
            if evidence:
                answer["item"] = evidence
            answers.append({"linkId": criterion.id, "text": criterion.text, "answer": [answer]})
        response: dict[str, Any] = {
            "resourceType": "QuestionnaireResponse", "id": f"criteria-{index}",
            "questionnaire": f"{OPENIMR}/Questionnaire/{item.topic or 'unsupported'}",
            "status": ("completed" if review.determination.status is DeterminationStatus.signed
                       else "in-progress"),
            "subject": {"reference": "Patient/patient"},
            "authored": created,
            "extension": [{"url": f"{OPENIMR}/StructureDefinition/claim-item",
                           "valueInteger": index}],
        }
        if answers:
            response["item"] = answers
        out.append(response)
    return out


def _letter_reference(pdf: bytes, case: Case, signed: bool, created: str) -> dict[str, Any]:
    return {
        "resourceType": "DocumentReference", "id": "letter", "status": "current",
        "docStatus": "final" if signed else "preliminary",
        "type": {"text": "IMR Final Determination Letter"},
        "subject": {"reference": "Patient/patient"}, "date": created,
        "description": f"Final Determination Letter{f', case {case.case_number}' if case.case_number else ''}",
        "context": {"related": [{"reference": "ClaimResponse/determination"}]},
        "content": [{"attachment": {"contentType": "application/pdf",
                                    "data": base64.b64encode(pdf).decode("ascii"),
                                    "title": "Final Determination Letter"}}],
    }


def _provenance(targets: list[dict[str, Any]], created: str, signed_role: str | None,
                iro_name: str) -> dict[str, Any]:
    agents: list[dict[str, Any]] = [{
        "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/"
                                       "provenance-participant-type", "code": "assembler"}]},
        "who": {"reference": "Device/engine"},
        "onBehalfOf": {"reference": "Organization/iro"}}]
    if signed_role:
        # The reviewer is named by role only, never by name (LC 4610.6(f)).
        agents.append({
            "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/"
                                           "provenance-participant-type", "code": "attester"}]},
            "role": [{"text": signed_role}],
            "who": {"display": signed_role},
            "onBehalfOf": {"reference": "Organization/iro"}})
    return {"resourceType": "Provenance", "id": "provenance",
            "target": [_ref(t) for t in targets], "recorded": created, "agent": agents,
            "activity": {"text": "IMR determination drafted by the engine"
                         + (" and attested by the physician reviewer" if signed_role else "")}}


def determination_bundle(review: Any, letter_pdf: bytes, *, signed_role: str | None = None,
                         iro_name: str = "OpenIMR Review Organization",
                         created: dt.datetime | None = None) -> dict[str, Any]:
    """The determination of a `Review` as a PAS-shaped collection Bundle."""
    case: Case = review.case
    moment = created or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:  # the store keeps UTC without a zone
        moment = moment.replace(tzinfo=dt.UTC)
    moment = moment.astimezone(dt.UTC).replace(microsecond=0)
    stamp = moment.isoformat().replace("+00:00", "Z")
    signed = review.determination.status is DeterminationStatus.signed
    patient = _patient(case)
    conditions = _conditions(case)
    records = _record_references(case, review.documents)
    claim = _claim(case, stamp, conditions, records)
    response = _claim_response(case, review, stamp)
    questionnaires = _questionnaire_responses(review, stamp)
    letter = _letter_reference(letter_pdf, case, signed, stamp)
    device = {"resourceType": "Device", "id": "engine",
              "deviceName": [{"name": "openimr", "type": "manufacturer-name"}],
              "version": [{"value": _engine_version()}]}
    requesting = {"resourceType": "Practitioner", "id": "requesting-provider"}
    if case.requesting_provider.name:
        requesting["name"] = [{"text": case.requesting_provider.name}]
    if case.requesting_provider.specialty:
        requesting["qualification"] = [{"code": {"text": case.requesting_provider.specialty}}]
    administrator = _organization("claims-administrator",
                                  case.claim.claims_administrator or "Claims administrator")
    iro = _organization("iro", iro_name)
    provenance = _provenance([response, *questionnaires, letter], stamp,
                             signed_role if signed else None, iro_name)
    resources = [response, *questionnaires, letter, provenance, claim, patient, *conditions,
                 *records, requesting, administrator, iro, device]
    return {"resourceType": "Bundle", "id": f"imr-{case.case_number or 'draft'}",
            "type": "collection", "timestamp": stamp,
            "entry": [{"fullUrl": f"urn:openimr:{r['resourceType']}/{r['id']}", "resource": r}
                      for r in resources]}


# --- import ---------------------------------------------------------------------------------

def is_bundle(data: Any) -> bool:
    return isinstance(data, dict) and data.get("resourceType") == "Bundle"


def _resolve(reference: dict[str, Any] | None, index: dict[str, dict[str, Any]]) -> dict | None:
    if not reference or "reference" not in reference:
        return None
    key = reference["reference"]
    return index.get(key) or index.get(key.split("/", 1)[-1])


def _text(concept: dict[str, Any] | None) -> str | None:
    if not concept:
        return None
    codings = concept.get("coding") or []
    return concept.get("text") or next((c.get("display") or c.get("code") for c in codings), None)


def _attachment_text(attachment: dict[str, Any], source: str) -> str:
    data = attachment.get("data")
    if not data:
        raise InputError("a DocumentReference attachment has no inline data (a url is not "
                         "fetched: nothing touches the network)", source=source)
    try:
        raw = base64.b64decode(data, validate=True)
    except ValueError as error:
        raise InputError("an attachment's data is not base64", source=source) from error
    kind = (attachment.get("contentType") or "text/plain").lower()
    if kind.startswith("application/pdf"):
        from openimr.records.pdftext import PdfUnreadable, iter_pdf_pages

        try:
            return "\n\n".join(page.text.replace("\r\n", "\n")
                               for page in iter_pdf_pages(raw))
        except PdfUnreadable as error:
            raise InputError(f"an attachment's PDF cannot be read: {error}",
                             source=source) from None
    if not kind.startswith("text/"):
        raise InputError(f"attachment type {kind!r} is not text or PDF", source=source)
    return raw.decode("utf-8", errors="replace")


def validate_resources(bundle: dict[str, Any], source: str = "bundle") -> None:
    """Every resource of the Bundle, and the Bundle, against the R4B models of
    `fhir.resources` (R4B matches R4 for these resources). Invalid input is an `InputError`."""
    from fhir.resources.R4B import get_fhir_model_class
    from pydantic import ValidationError

    checked = [*(e.get("resource") or {} for e in bundle.get("entry") or []), bundle]
    for resource in checked:
        kind = resource.get("resourceType")
        try:
            model = get_fhir_model_class(str(kind))
        except (KeyError, ValueError):
            raise InputError(f"unknown FHIR resource type {kind!r}", source=source) from None
        try:
            model.model_validate(resource)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise InputError(f"invalid FHIR {kind} {resource.get('id', '')}: {where}: "
                             f"{first['msg']}", source=source) from None


def case_from_bundle(bundle: dict[str, Any], source: str = "bundle") -> dict[str, Any]:
    """A PAS request Bundle as case-file data (validated by `Case` afterwards)."""
    validate_resources(bundle, source)
    resources = [e.get("resource") or {} for e in bundle.get("entry") or []]
    index: dict[str, dict[str, Any]] = {}
    for entry, resource in zip(bundle.get("entry") or [], resources, strict=True):
        if "id" in resource:
            index[f"{resource.get('resourceType')}/{resource['id']}"] = resource
        if entry.get("fullUrl"):
            index[entry["fullUrl"]] = resource
    claims = [r for r in resources if r.get("resourceType") == "Claim"]
    if len(claims) != 1:
        raise InputError(f"a PAS request Bundle has one Claim; this one has {len(claims)}",
                         source=source)
    claim = claims[0]
    patient = _resolve(claim.get("patient"), index) or next(
        (r for r in resources if r.get("resourceType") == "Patient"), {})
    case: dict[str, Any] = {"disputed_items": [], "records": [], "diagnoses": []}
    for identifier in claim.get("identifier") or []:
        if identifier.get("system") == CLAIM_NUMBER_SYSTEM:
            case.setdefault("claim", {})["claim_number"] = identifier.get("value")
        elif identifier.get("value") and identifier.get("value") != "unassigned":
            case.setdefault("case_number", identifier["value"])
    priority = _text(claim.get("priority"))
    if priority in {"stat", "urgent"}:
        case["priority"] = "expedited"
    if claim.get("created"):
        case["application"] = {"received_date": claim["created"][:10]}
    worker: dict[str, Any] = {}
    if patient.get("gender") in {"male", "female", "other", "unknown"}:
        worker["sex"] = patient["gender"]
    if patient.get("birthDate"):
        worker["date_of_birth"] = patient["birthDate"]
    names = patient.get("name") or []
    if names:
        name = names[0]
        worker["name"] = name.get("text") or " ".join([*name.get("given", []),
                                                       name.get("family", "")]).strip()
    for extension in patient.get("extension") or []:
        if extension.get("url", "").endswith("/age-at-review"):
            worker["age"] = extension.get("valueInteger")
    if worker:
        case["worker"] = worker
    accident = claim.get("accident") or {}
    if accident.get("date"):
        case.setdefault("claim", {})["date_of_injury"] = accident["date"]
    insurer = _resolve(claim.get("insurer"), index)
    if insurer and insurer.get("name") and insurer.get("name") != "Claims administrator":
        case.setdefault("claim", {})["claims_administrator"] = insurer["name"]
    provider = _resolve(claim.get("provider"), index) or {}
    requesting: dict[str, Any] = {}
    if provider.get("name"):
        first = provider["name"][0] if isinstance(provider["name"], list) else {"text": provider["name"]}
        requesting["name"] = first.get("text") or " ".join(
            [*first.get("given", []), first.get("family", "")]).strip()
    qualification = next((_text(q.get("code")) for q in provider.get("qualification") or []), None)
    if qualification:
        requesting["specialty"] = qualification
    if requesting:
        case["requesting_provider"] = requesting
    for diagnosis in claim.get("diagnosis") or []:
        condition = _resolve(diagnosis.get("diagnosisReference"), index)
        concept = (condition or {}).get("code") or diagnosis.get("diagnosisCodeableConcept")
        if not concept:
            continue
        coding = next((c for c in concept.get("coding") or []
                       if c.get("system") in CODE_SYSTEMS.values()), None)
        entry = {"description": concept.get("text") or (coding or {}).get("display")}
        if coding:
            entry["code"] = coding.get("code")
        case["diagnoses"].append({k: v for k, v in entry.items() if v})
    for item in sorted(claim.get("item") or [], key=lambda i: i.get("sequence", 0)):
        description = _text(item.get("productOrService"))
        if not description:
            raise InputError(f"Claim item {item.get('sequence')} has no productOrService text "
                             "or display", source=source)
        case["disputed_items"].append({"id": f"item-{item.get('sequence')}",
                                       "description": description})
    attached = [_resolve(info.get("valueReference"), index)
                for info in claim.get("supportingInfo") or []]
    documents = [d for d in attached if d and d.get("resourceType") == "DocumentReference"]
    documents += [r for r in resources if r.get("resourceType") == "DocumentReference"
                  and r not in documents and r.get("id") != "letter"]
    for document in documents:
        for content in document.get("content") or []:
            attachment = content.get("attachment") or {}
            text = _attachment_text(attachment, f"{source}: DocumentReference/{document.get('id')}")
            if not text.strip():
                continue
            record: dict[str, Any] = {"text": text,
                                      "title": attachment.get("title") or document.get("description")}
            if attachment.get("creation"):
                record["date"] = attachment["creation"][:10]
            elif document.get("date"):
                record["date"] = document["date"][:10]
            kind = _text(document.get("type"))
            if kind:
                record["type"] = kind
            authors = document.get("author") or []
            if authors and authors[0].get("display"):
                record["author"] = authors[0]["display"]
            case["records"].append({k: v for k, v in record.items() if v})
    if not case["disputed_items"]:
        raise InputError("the Claim has no items: nothing is in dispute", source=source)
    if not case["records"]:
        raise InputError("the Bundle has no DocumentReference with a text or PDF attachment",
                         source=source)
    return {k: v for k, v in case.items() if v not in ([], None)} | {
        "disputed_items": case["disputed_items"], "records": case["records"]}

