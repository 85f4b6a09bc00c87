"""The parsed form of a published IMR determination letter: one record per disputed item."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class Layout(StrEnum):
    notice_2013 = "notice_2013"
    """Layout 1: "Notice of Independent Medical Review Determination", numbered decisions."""
    case_header = "case_header"
    """Layout 2: starts with "Case Number:" header fields."""
    case_body = "case_body"
    """The body of a layout-2 letter without its case header (the seed letter)."""
    maximus_header = "maximus_header"
    """Layout 3: starts "MAXIMUS FEDERAL SERVICES, INC. / Independent Medical Review"."""
    professional_review = "professional_review"
    """Layout 4: starts "MEDICAL PROFESSIONAL REVIEW" (later years)."""
    unknown = "unknown"


class ItemOutcome(StrEnum):
    upheld = "upheld"
    overturned = "overturned"


class LetterDates(BaseModel):
    ur_denial: str | None = None
    assigned: str | None = None
    decided: str | None = None
    application: str | None = None


class LetterReviewer(BaseModel):
    specialties: list[str] = Field(default_factory=list)
    licensed_states: list[str] = Field(default_factory=list)


class LetterWorker(BaseModel):
    age: int | None = None
    sex: str | None = None


class LetterItem(BaseModel):
    item: str
    decision: ItemOutcome | None = None
    claims_administrator_guideline: str | None = None
    guideline_cited: str | None = None
    guideline_pages: str | None = None
    rationale: str | None = None
    category: str | None = None
    subcategory: str | None = None


class ParsedLetter(BaseModel):
    layout: Layout = Layout.unknown
    case_number: str | None = None
    dates: LetterDates = Field(default_factory=LetterDates)
    reviewer: LetterReviewer = Field(default_factory=LetterReviewer)
    worker: LetterWorker = Field(default_factory=LetterWorker)
    date_of_injury: str | None = None
    diagnoses: list[str] = Field(default_factory=list)
    clinical_summary: str | None = None
    items: list[LetterItem] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    @property
    def year(self) -> int | None:
        """The decision year, else the year of assignment, UR denial or application."""
        for value in (self.dates.decided, self.dates.assigned, self.dates.ur_denial,
                      self.dates.application):
            if value:
                return int(value[:4])
        if self.case_number and len(self.case_number) >= 4 and self.case_number[2:4].isdigit():
            return 2000 + int(self.case_number[2:4])
        return None
