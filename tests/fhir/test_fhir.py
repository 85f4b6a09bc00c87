"""FHIR R4 exchange in Da Vinci PAS shapes: every exported resource valid (R4B models), the
PAS profile's required elements present, and a case round-tripped through import and export."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest
from fhir.resources.R4B import get_fhir_model_class
from typer.testing import CliRunner

from openimr import __version__
from openimr.cli import app
from openimr.fhir import (
    PAS_REVIEW_ACTION,
    X12_REVIEW_DECISION,
    case_from_bundle,
    determination_bundle,
)
from openimr.fhir.exchange import PAS_REVIEW_ACTION_CODE
from openimr.letters import render
from openimr.model import Case, DeterminationStatus
from openimr.review import review_case_file

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "examples" / "cases"


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def export(name: str, signed: bool = False) -> tuple[dict, object]:
    review = review_case_file(CASES / name)
    if signed:
        review.determination.status = DeterminationStatus.signed
    bundle = determination_bundle(review, render(review, "pdf"),
                                  signed_role="physician reviewer" if signed else None)
    return bundle, review


@pytest.fixture(scope="module")
def upheld() -> tuple[dict, object]:
    return export("seed-lumbar-pt.json")


def test_every_exported_resource_is_valid_r4(upheld) -> None:
    bundle, _ = upheld
    get_fhir_model_class("Bundle").model_validate(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"ClaimResponse", "QuestionnaireResponse", "DocumentReference", "Provenance",
            "Claim", "Patient", "Condition", "Device"} <= kinds


def _review_codes(response: dict) -> list[str]:
    codes = []
    for item in response["item"]:
        for adjudication in item["adjudication"]:
            action = next(e for e in adjudication["extension"] if e["url"] == PAS_REVIEW_ACTION)
            code = next(e for e in action["extension"] if e["url"] == PAS_REVIEW_ACTION_CODE)
            coding = code["valueCodeableConcept"]["coding"][0]
            assert coding["system"] == X12_REVIEW_DECISION
            codes.append(coding["code"])
    return codes


def test_claim_response_has_the_pas_required_elements(upheld) -> None:
    bundle, review = upheld
    [response] = resources(bundle, "ClaimResponse")
    # PAS ClaimResponse profile: required (1..) elements.
    for element in ("identifier", "status", "type", "use", "patient", "created", "insurer",
                    "requestor", "request", "outcome", "item"):
        assert response.get(element), element
    assert response["use"] == "preauthorization"
    assert response["request"] == {"reference": "Claim/request"}
    assert len(response["item"]) == len(review.determination.determinations)
    for item in response["item"]:
        assert item["itemSequence"] >= 1 and item["adjudication"]
        assert item["adjudication"][0]["category"]["coding"][0]["code"]
        # ext-1: an extension has sub-extensions or a value, never both
        action = item["adjudication"][0]["extension"][0]
        assert "extension" in action and not any(k.startswith("value") for k in action)
    # Upheld by IMR: the service is not certified (X12 306 A3).
    assert _review_codes(response) == ["A3"]
    reason = response["item"][0]["adjudication"][0]["reason"]
    assert reason["text"] == review.determination.determinations[0].rationale
    # Every reference inside the bundle resolves.
    ids = {f"{e['resource']['resourceType']}/{e['resource']['id']}" for e in bundle["entry"]}
    for key in ("patient", "insurer", "requestor", "request"):
        assert response[key]["reference"] in ids


def test_overturned_item_is_certified_and_carries_its_citation() -> None:
    bundle, review = export("pt-first-course.json")
    [response] = resources(bundle, "ClaimResponse")
    assert _review_codes(response) == ["A1"]
    citation = review.determination.determinations[0].citation
    values = [e.get("valueString") for e in response["item"][0]["adjudication"][0]["extension"]]
    assert citation and citation in values


def test_questionnaire_response_per_item_with_criteria_and_evidence(upheld) -> None:
    bundle, review = upheld
    answers = resources(bundle, "QuestionnaireResponse")
    assert len(answers) == len(review.determination.determinations)
    item = review.determination.determinations[0]
    given = {i["linkId"]: i for i in answers[0]["item"]}
    assert set(given) == {c.id for c in item.criteria}
    for criterion in item.criteria:
        answer = given[criterion.id]["answer"][0]
        assert answer["valueCoding"]["code"] == criterion.status.value
        quotes = [e["answer"][0]["valueString"] for e in answer.get("item", [])]
        assert quotes == [e.quote for e in criterion.evidence]
    assert any(given[c.id]["answer"][0].get("item") for c in item.criteria)
    assert answers[0]["status"] == "in-progress"  # a draft


def test_letter_is_a_pdf_document_reference_and_provenance_names_the_engine(upheld) -> None:
    bundle, _ = upheld
    letter = next(r for r in resources(bundle, "DocumentReference") if r["id"] == "letter")
    attachment = letter["content"][0]["attachment"]
    assert attachment["contentType"] == "application/pdf"
    assert base64.b64decode(attachment["data"]).startswith(b"%PDF-")
    assert letter["docStatus"] == "preliminary"
    [provenance] = resources(bundle, "Provenance")
    assert {"reference": "ClaimResponse/determination"} in provenance["target"]
    assert [a["type"]["coding"][0]["code"] for a in provenance["agent"]] == ["assembler"]
    [device] = resources(bundle, "Device")
    assert device["version"][0]["value"] == __version__


def test_signed_determination_names_the_attesting_role_not_the_person() -> None:
    bundle, _ = export("seed-lumbar-pt.json", signed=True)
    [provenance] = resources(bundle, "Provenance")
    attester = next(a for a in provenance["agent"]
                    if a["type"]["coding"][0]["code"] == "attester")
    assert attester["role"][0]["text"] == "physician reviewer"
    letter = next(r for r in resources(bundle, "DocumentReference") if r["id"] == "letter")
    assert letter["docStatus"] == "final"
    assert resources(bundle, "QuestionnaireResponse")[0]["status"] == "completed"


def test_round_trip_through_import_and_export(upheld, tmp_path: Path) -> None:
    bundle, review = upheld
    imported = Case.model_validate(case_from_bundle(bundle))
    original = review.case
    assert [i.description for i in imported.disputed_items] == \
        [i.description for i in original.disputed_items]
    assert [d.code for d in imported.diagnoses] == [d.code for d in original.diagnoses]
    assert imported.claim.date_of_injury == original.claim.date_of_injury
    assert imported.case_number == original.case_number
    assert imported.claim.claim_number == original.claim.claim_number
    assert [r.text for r in imported.records] == [d.text for d in review.documents]
    path = tmp_path / "request.json"
    path.write_text(json.dumps(bundle))
    again = CliRunner().invoke(app, ["review", str(path), "--format", "fhir"])
    assert again.exit_code == 0, again.output
    exported = json.loads(again.output)
    assert _review_codes(resources(exported, "ClaimResponse")[0]) == \
        _review_codes(resources(bundle, "ClaimResponse")[0])


def _pdf(text: str) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    for line, y in zip(text.split("\n"), range(800, 0, -14), strict=False):
        page.drawString(40, y, line)
    page.save()
    return buffer.getvalue()


def pas_request() -> dict:
    """A PAS-style request Bundle written for the test, as another system would send it."""
    note = ("PROGRESS REPORT 03/02/2024\nLow back pain after lifting at work.\n"
            "No prior physical therapy. Lumbar paraspinal tenderness.\n"
            "Plan: physical therapy 2 times a week for 3 weeks.")
    return {"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "urn:uuid:claim", "resource": {
            "resourceType": "Claim", "id": "c1", "status": "active", "use": "preauthorization",
            "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type",
                                 "code": "professional"}]},
            "patient": {"reference": "urn:uuid:patient"}, "created": "2024-03-10",
            "insurer": {"reference": "urn:uuid:insurer"},
            "provider": {"reference": "urn:uuid:provider"},
            "priority": {"coding": [{"code": "normal"}]},
            "identifier": [{"system": "urn:example:imr", "value": "CM24-0000101"}],
            "insurance": [{"sequence": 1, "focal": True, "coverage": {"display": "WC"}}],
            "accident": {"date": "2024-02-20"},
            "diagnosis": [{"sequence": 1, "diagnosisReference": {"reference": "urn:uuid:dx"}}],
            "supportingInfo": [{"sequence": 1, "category": {"text": "record"},
                                "valueReference": {"reference": "urn:uuid:note"}}],
            "item": [{"sequence": 1, "productOrService": {
                "coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "97110",
                            "display": "Physical therapy 6 sessions"}]}}]}},
        {"fullUrl": "urn:uuid:patient", "resource": {
            "resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1980-05-01"}},
        {"fullUrl": "urn:uuid:insurer", "resource": {
            "resourceType": "Organization", "id": "o1", "name": "Example Mutual"}},
        {"fullUrl": "urn:uuid:provider", "resource": {
            "resourceType": "Practitioner", "id": "pr1",
            "qualification": [{"code": {"text": "Orthopedic Surgery"}}]}},
        {"fullUrl": "urn:uuid:dx", "resource": {
            "resourceType": "Condition", "id": "d1", "subject": {"reference": "urn:uuid:patient"},
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "S39.012A",
                                 "display": "Strain of muscle of lower back"}]}}},
        {"fullUrl": "urn:uuid:note", "resource": {
            "resourceType": "DocumentReference", "id": "n1", "status": "current",
            "type": {"text": "progress report"},
            "content": [{"attachment": {"contentType": "application/pdf",
                                        "data": base64.b64encode(_pdf(note)).decode(),
                                        "creation": "2024-03-02"}}]}},
    ]}


def test_a_pas_request_bundle_is_a_case_file(tmp_path: Path) -> None:
    case = Case.model_validate(case_from_bundle(pas_request()))
    assert case.disputed_items[0].description == "Physical therapy 6 sessions"
    assert case.diagnoses[0].code == "S39.012A"
    assert case.worker.sex.value == "female" and str(case.worker.date_of_birth) == "1980-05-01"
    assert case.claim.claims_administrator == "Example Mutual"
    assert case.requesting_provider.specialty == "Orthopedic Surgery"
    assert "No prior physical therapy" in case.records[0].text  # read from the PDF
    path = tmp_path / "pas.json"
    path.write_text(json.dumps(pas_request()))
    result = CliRunner().invoke(app, ["review", str(path)])
    assert result.exit_code == 0, result.output
    assert "Physical therapy 6 sessions" in result.output


@pytest.mark.parametrize("change, message", [
    (lambda b: b["entry"].pop(0), "one Claim"),
    (lambda b: b["entry"][0]["resource"]["item"][0].update(sequence="first"), "invalid FHIR Claim"),
    (lambda b: b["entry"][5]["resource"]["content"][0]["attachment"].pop("data"),
     "no inline data"),
])
def test_bad_bundles_are_clear_errors(tmp_path: Path, change, message: str) -> None:
    bundle = pas_request()
    change(bundle)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bundle))
    result = CliRunner().invoke(app, ["review", str(path)])
    assert result.exit_code == 2 and message in result.output, result.output


def test_an_icd9_diagnosis_is_exported_and_read_back_in_its_own_system() -> None:
    """An older claim's ICD-9-CM code keeps its system both ways (not labelled ICD-10-CM)."""
    from openimr.fhir.exchange import ICD9CM, _conditions

    case = Case.model_validate({**json.loads((CASES / "seed-lumbar-pt.json").read_text()),
                                "diagnoses": [{"code": "724.4", "description": "Lumbar radiculitis"},
                                              {"code": "M54.5"}]})
    codings = [c["code"]["coding"][0] for c in _conditions(case)]
    assert [(c["system"], c["code"]) for c in codings] == [(ICD9CM, "724.4"), (
        "http://hl7.org/fhir/sid/icd-10-cm", "M54.5")]
    bundle = pas_request()
    condition = next(e["resource"] for e in bundle["entry"]
                     if e["resource"]["resourceType"] == "Condition")
    condition["code"]["coding"] = [{"system": ICD9CM, "code": "722.10"}]
    assert Case.model_validate(case_from_bundle(bundle)).diagnoses[0].code == "722.10"
