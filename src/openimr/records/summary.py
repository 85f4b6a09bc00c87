"""The CLINICAL CASE SUMMARY of the letter, composed from the case and the facts (minimal)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from openimr.model import Case, Document, Evidence, Fact


class SummarySentence(BaseModel):
    text: str
    evidence: list[Evidence] = Field(default_factory=list)


def compose_summary(case: Case, documents: list[Document], facts: list[Fact]) -> list[SummarySentence]:
    worker = case.worker
    who = "The patient"
    if worker.age is not None:
        who += f" is a {worker.age}-year-old {worker.sex.value if worker.sex else 'patient'}"
    injury = case.claim.date_of_injury
    text = f"{who} who reported a work related injury on {injury:%m/%d/%Y}." if injury else f"{who}."
    sentences = [SummarySentence(text=text)]
    if case.diagnoses:
        labels = ", ".join(d.description or d.code or "" for d in case.diagnoses)
        sentences.append(SummarySentence(text=f"The patient is being treated for the following diagnoses: {labels}."))
    return sentences
