"""A clinical document as ingested: pages of text, with where it came from."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field


class Page(BaseModel):
    number: int = Field(ge=1)
    text: str
    has_text_layer: bool = True
    #: Set when the text was recognized from the page image (OCR): the mean confidence of
    #: its characters, 0-1.
    ocr_confidence: float | None = None
    #: Running header and footer lines the cleaner removed from the page (not read, not
    #: searched): kept only to show them, greyed, to a reader. Not serialised, so neither
    #: hashes nor stored documents change.
    removed_above: list[str] = Field(default_factory=list, exclude=True)
    removed_below: list[str] = Field(default_factory=list, exclude=True)
    #: An OCR page read at or above the confidence floor: its text is searched. Below the
    #: floor its text is shown but not searched, and the page is named as not reliably read.
    ocr_reliable: bool = False
    #: The page's number in its file, when a combined record was split (pages renumber
    #: from 1 in each part) and the page was recognized: its key in the OCR cache.
    file_page: int | None = None

    @property
    def readable(self) -> bool:
        """The page's text can be searched: a text layer, or OCR read reliably."""
        return self.has_text_layer or self.ocr_reliable

    @property
    def unread_label(self) -> str | None:
        """Why the page could not be searched, for the letter and worksheet; None when it
        could."""
        if self.readable:
            return None
        if self.ocr_confidence is not None:
            return f"not reliably read, OCR confidence {self.ocr_confidence:.0%}"
        return None if self.has_text_layer else "no text layer"


class Document(BaseModel):
    """One record of the case. Evidence spans are character offsets into a page's text."""

    id: str = Field(description="Stable name used in evidence, e.g. 'record-1' or a file name.")
    title: str | None = None
    date: dt.date | None = None
    type: str | None = None
    #: What the document is, when known (a case file or corpus says so); otherwise the
    #: extractor classifies it from its type, title and heading.
    document_type: DocumentType | None = None
    author: str | None = None
    source_path: str | None = None
    content_hash: str | None = None
    #: The SHA-256 of the file when its pages were recognized (`records.ocr`): the key of
    #: its words and boxes in the OCR cache.
    recognized: str | None = None
    media_type: str | None = None
    pages: list[Page]
    warnings: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages)

    @property
    def word_count(self) -> int:
        return sum(len(page.text.split()) for page in self.pages)


class DocumentType(StrEnum):
    """What a document is (annotation scheme v2), which decides whose facts it holds."""

    progress_note = "progress_note"
    pr2_report = "pr2_report"
    pr4_report = "pr4_report"
    consultation = "consultation"
    therapy_note = "therapy_note"
    therapy_flowsheet = "therapy_flowsheet"
    procedure_note = "procedure_note"
    operative_report = "operative_report"
    imaging_report = "imaging_report"
    electrodiagnostic_report = "electrodiagnostic_report"
    psych_report = "psych_report"
    home_health_assessment = "home_health_assessment"
    medication_list = "medication_list"
    lab_report = "lab_report"
    discharge_summary = "discharge_summary"
    ur_decision = "ur_decision"
    qme_report = "qme_report"
    ame_report = "ame_report"
    imr_application = "imr_application"
    attorney_letter = "attorney_letter"
    guideline_excerpt = "guideline_excerpt"
    claims_correspondence = "claims_correspondence"

    @property
    def reading(self) -> Reading:
        return _READING.get(self, Reading.first_hand)


class Reading(StrEnum):
    """How a document's text is read as facts about the worker."""

    first_hand = "first_hand"  # a treating provider's own record
    second_hand = "second_hand"  # a UR decision: its clinical summary reports other notes
    mixed = "mixed"  # a medical-legal report: own history and exam, plus a records review
    not_read = "not_read"  # applications, letters, guideline text: shown, never facts


_READING = {
    DocumentType.ur_decision: Reading.second_hand,
    DocumentType.qme_report: Reading.mixed,
    DocumentType.ame_report: Reading.mixed,
    DocumentType.imr_application: Reading.not_read,
    DocumentType.attorney_letter: Reading.not_read,
    DocumentType.guideline_excerpt: Reading.not_read,
    DocumentType.claims_correspondence: Reading.not_read,
}
