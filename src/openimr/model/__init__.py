"""The domain model every other package depends on: case, records, facts, determinations.

Dependencies point inward: `model` imports nothing else from openimr. Its names are
imported on first use (`openimr.model.lazy`), so `import openimr.model.errors` is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openimr.model.lazy import lazy_exports

if TYPE_CHECKING:
    from openimr.model.case import (
        Application,
        Case,
        Claim,
        Diagnosis,
        DisputedItem,
        InlineRecord,
        Priority,
        RecordFile,
        RequestingProvider,
        Sex,
        URDecision,
        UROutcome,
        Worker,
    )
    from openimr.model.determination import (
        CaseDetermination,
        CriterionResult,
        CriterionRole,
        CriterionStatus,
        Decision,
        DecisionBasis,
        DeterminationStatus,
        GuidelineRef,
        ItemDetermination,
        MissingDocumentation,
    )
    from openimr.model.document import Document, Page
    from openimr.model.facts import Evidence, Fact, FactKind
    from openimr.model.request import DrugRequest, TreatmentRequest
    from openimr.model.reviewer import ReviewerProfile

_EXPORTS = {name: module for module, names in {
    "case": "Application Case Claim Diagnosis DisputedItem InlineRecord Priority RecordFile RequestingProvider Sex URDecision UROutcome Worker",
    "determination": "CaseDetermination CriterionResult CriterionRole CriterionStatus Decision DecisionBasis DeterminationStatus GuidelineRef ItemDetermination MissingDocumentation",
    "document": "Document Page",
    "facts": "Evidence Fact FactKind",
    "request": "DrugRequest TreatmentRequest",
    "reviewer": "ReviewerProfile",
}.items() for name in names.split()}
__all__ = [
    "Application",
    "Case",
    "CaseDetermination",
    "Claim",
    "CriterionResult",
    "CriterionRole",
    "CriterionStatus",
    "Decision",
    "DecisionBasis",
    "DeterminationStatus",
    "Diagnosis",
    "DisputedItem",
    "Document",
    "Evidence",
    "Fact",
    "FactKind",
    "GuidelineRef",
    "InlineRecord",
    "ItemDetermination",
    "MissingDocumentation",
    "Page",
    "Priority",
    "RecordFile",
    "RequestingProvider",
    "ReviewerProfile",
    "Sex",
    "URDecision",
    "UROutcome",
    "Worker",
    "DrugRequest",
    "TreatmentRequest",
]

__getattr__ = lazy_exports(__name__, _EXPORTS)
