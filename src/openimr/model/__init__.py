"""The domain model every other package depends on: case, records, facts, determinations.

Dependencies point inward: `model` imports nothing else from openimr.
"""

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
