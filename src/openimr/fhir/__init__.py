"""FHIR R4 exchange in the shapes of the Da Vinci Prior Authorization Support (PAS) guide.

- `determination_bundle(review, letter_pdf, ...)`: the determination as a Bundle
  (ClaimResponse, QuestionnaireResponse per item, the letter as a DocumentReference,
  Provenance, and the Claim, Patient and Conditions it answers).
- `case_from_bundle(bundle)`: a PAS-style request Bundle (Claim with items, Patient,
  Condition, DocumentReference attachments) as a case file's data.

Resources are plain JSON dicts; tests validate them with `fhir.resources` R4B models (the
same as R4 for these resources).
"""

from openimr.fhir.exchange import (
    PAS_REVIEW_ACTION,
    X12_REVIEW_DECISION,
    case_from_bundle,
    determination_bundle,
    is_bundle,
    validate_resources,
)

__all__ = ["PAS_REVIEW_ACTION", "X12_REVIEW_DECISION", "case_from_bundle",
           "determination_bundle", "is_bundle", "validate_resources"]
