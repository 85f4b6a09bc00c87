"""What the engine drafts and the physician reviewer attests: one decision per disputed item."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field, PrivateAttr

from openimr.model.facts import Evidence


class CriterionStatus(StrEnum):
    met = "met"
    not_met = "not_met"
    unknown = "unknown"


class CriterionRole(StrEnum):
    """What the guideline makes of a criterion.

    A `requirement` must be met for the treatment to be supported; a `consideration` is
    something the guideline asks the reviewer to weigh: it is reported, but never decides the
    item alone (see `guidelines.basis.roll_up`).
    """

    requirement = "requirement"
    consideration = "consideration"


class Decision(StrEnum):
    upheld = "upheld"
    overturned = "overturned"
    #: No topic of the knowledge base covers the item: a physician must decide it.
    unsupported = "unsupported"


class DecisionBasis(StrEnum):
    """Why the draft decides as it does (issue 12 §2)."""

    #: Every requirement is met on quoted evidence.
    criteria_met = "criteria_met"
    #: A requirement (or several considerations together) fails on quoted evidence.
    criteria_not_met = "criteria_not_met"
    #: Nothing fails, but a requirement is not established: upheld, as in IMR practice,
    #: with the checklist of what is missing and where it was looked for.
    insufficient_documentation = "insufficient_documentation"


class DeterminationStatus(StrEnum):
    draft = "draft"
    signed = "signed"


class GuidelineRef(BaseModel):
    source: str
    document: str
    section: str
    pages: str | None = None
    version: str
    verified: bool = False


class SummarySentence(BaseModel):
    """One sentence of the letter's clinical case summary, with the quotes that support it."""

    text: str
    evidence: list[Evidence] = Field(default_factory=list)
    #: The reviewer's words: the engine's quotes no longer vouch for this sentence.
    edited: bool = False


class DocumentRead(BaseModel):
    """A record the draft was made from, by content: another upload makes the draft stale."""

    sha256: str
    filename: str


class CriterionResult(BaseModel):
    id: str
    text: str
    status: CriterionStatus
    role: CriterionRole = CriterionRole.requirement
    evidence: list[Evidence] = Field(default_factory=list)
    explanation: str = ""
    missing: list[str] = Field(default_factory=list, description="Facts the records did not give.")
    verified: bool = False
    citation: str | None = None
    reviewer_comment: str | None = None
    #: Set on a re-draft that kept the reviewer's status: what the engine now reads.
    engine_status: CriterionStatus | None = None
    engine_explanation: str | None = None
    #: The explanation's sentences, each with its own evidence, when it joins several checks:
    #: the letter cites each quote after the sentence it supports. Private: neither in the
    #: JSON nor in the API's schema.
    _parts: list[tuple[str, list[Evidence]]] = PrivateAttr(default_factory=list)

    @property
    def parts(self) -> list[tuple[str, list[Evidence]]]:
        return self._parts

    def with_parts(self, parts: list[tuple[str, list[Evidence]]]) -> CriterionResult:
        """The result with its explanation's parts (`parts`) set."""
        self._parts = parts
        return self


class MissingDocumentation(BaseModel):
    """One line of the checklist of an undecided requirement: what is missing, where it was sought."""

    criterion: str
    text: str
    missing: list[str] = Field(description="The facts the records did not give.")
    searched: list[str] = Field(default_factory=list, description="The records searched.")
    unreadable: list[str] = Field(default_factory=list,
                                  description="Pages that could not be searched (no text layer).")


class ItemDetermination(BaseModel):
    item: str
    item_id: str | None = None
    category: str | None = None
    topic: str | None = None
    decision: Decision
    guideline: GuidelineRef | None = None
    citation: str | None = None
    criteria: list[CriterionResult] = Field(default_factory=list)
    rationale: str
    request: dict | None = Field(default=None, description="The item as parsed.")
    not_applicable: list[str] = Field(default_factory=list)
    basis: DecisionBasis | None = Field(default=None, description="None when unsupported.")
    missing_documentation: list[MissingDocumentation] = Field(default_factory=list)
    confidence: float | None = Field(
        default=None, ge=0, le=1,
        description="Calibrated probability that a physician reviewer reaches the same decision.")
    needs_physician_attention: bool = False
    attention_reasons: list[str] = Field(default_factory=list)
    override_reason: str | None = Field(
        default=None, description="Why the decision departs from what the criteria imply.")
    #: Set on a re-draft that kept the reviewer's decision: what the engine now decides.
    engine_decision: Decision | None = None
    engine_rationale: str | None = None


class Attestation(BaseModel):
    reviewer_id: str
    statement: str
    signed_at: dt.datetime


class CaseDetermination(BaseModel):
    case_number: str | None = None
    status: DeterminationStatus = DeterminationStatus.draft
    mtus_version: str | None = None
    as_of: dt.date | None = Field(default=None, description="The date whose MTUS version applied.")
    determinations: list[ItemDetermination]
    warnings: list[str] = Field(default_factory=list)
    summary: list[SummarySentence] = Field(
        default_factory=list, description="The clinical case summary the reviewer attests.")
    #: Set on a re-draft that kept the reviewer's summary: the engine's new summary.
    engine_summary: list[SummarySentence] | None = None
    documents_read: list[DocumentRead] | None = Field(
        default=None, description="The uploaded records the draft read (None: not recorded).")
    attestation: Attestation | None = None
