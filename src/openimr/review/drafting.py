"""Draft the determination of every disputed item of a case."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pydantic import BaseModel

from openimr.guidelines.engine import decide_item
from openimr.guidelines.items import parse_item
from openimr.guidelines.knowledge import KnowledgeBase, load_knowledge_base
from openimr.model import Case, CaseDetermination, Document, Fact
from openimr.model.collector import fewer_collections
from openimr.model.document import Reading
from openimr.records import documents_for_case, extract_facts
from openimr.records.doctypes import classify
from openimr.review.casefile import load_case_file
from openimr.review.confidence import with_confidence


class Review(BaseModel):
    """A drafted review: the case, its documents, the facts read from them, the determination."""

    case: Case
    documents: list[Document]
    facts: list[Fact]
    determination: CaseDetermination


def decision_date(case: Case) -> tuple[dt.date | None, list[str]]:
    """The date whose MTUS version applies: the UR decision, else the application."""
    if case.ur_decision.date:
        return case.ur_decision.date, []
    if case.application.received_date:
        return case.application.received_date, [
            "The UR decision date is not given; the guidelines in force on the application "
            "date were applied."]
    return None, ["Neither the UR decision date nor the application date is given; the newest "
                  "guidelines in the knowledge base were applied."]


def is_second_hand(document: Document) -> bool:
    """A record that is not the treating providers' own (a UR decision, an IMR application, a
    letter, a guideline excerpt): what it says about the worker is never a finding."""
    kind = classify(document)
    return kind is not None and kind.reading in (Reading.second_hand, Reading.not_read)


def is_request_form(document: Document) -> bool:
    """A request for authorization: the treating physician's form naming what is requested."""
    return classify(document) is None and form_kind(document) == "request"


def not_findings(documents: list[Document]) -> list[str]:
    """The documents whose words are not findings about the worker: the second-hand ones, and
    the request forms when no treating record beside them documents the condition. An RFA
    names what is requested and why in a line; with no clinical note attached, nothing
    substantiates it (the IMRO receives the physician reports, 8 CCR 9792.10.5(a)(1)), so its
    diagnosis line is the request's own claim, not a finding."""
    second_hand = [d.id for d in documents if is_second_hand(d)]
    forms = [d.id for d in documents if d.id not in second_hand and is_request_form(d)]
    clinical = [d.id for d in documents if d.id not in second_hand and d.id not in forms]
    return second_hand + ([] if clinical else forms)


#: A document's type or title naming the report of a procedure (not a post-operative visit).
_PROCEDURE_REPORT = re.compile(r"(?<![-\w])(?:operative|op|procedure|surgical)\s+(?:report|note)",
                               re.IGNORECASE)


def is_procedure_report(document: Document) -> bool:
    """An operative or procedure report: its date is the date of the procedure it reports."""
    return any(_PROCEDURE_REPORT.search(text or "") for text in (document.type, document.title))


#: A form that reports nothing of the worker's condition: a request for authorization (DWC Form
#: RFA) or a bare medication list, named by the document's type or title ...
_FORM_NAMES: dict[str, re.Pattern[str]] = {
    "request": re.compile(r"\brequest\s+for\s+authori[sz]ation\b|\bRFA\b", re.IGNORECASE),
    "medication_list": re.compile(r"^\s*medication\s+list\s*$", re.IGNORECASE)}
#: ... or by its heading, the first line ("DWC FORM RFA (fax received 10/12/2016)").
_FORM_HEADINGS: dict[str, re.Pattern[str]] = {
    "request": re.compile(r"\s*(?:DWC\s+Form\s+RFA|RFA\b|request\s+for\s+authori[sz]ation"
                          r"(?:\s+form)?\s*$)", re.IGNORECASE),
    "medication_list": re.compile(r"\s*medication\s+list\s*$", re.IGNORECASE)}
#: A name that also names a clinical record ("orthopedic follow-up / RFA"): a report, not a form.
_REPORT_NAME = re.compile(r"\b(?:progress|follow-?up|PR-?[1-4]|notes?|consult\w*|reports?|"
                          r"evaluation|exam\w*|visit|H&P)\b", re.IGNORECASE)


def form_kind(document: Document) -> str | None:
    """Which form the document is ("request" or "medication_list"), if it is one: first-hand,
    but no report of the worker's history or examination (what a treating report is,
    8 CCR 9792.10.5(a)(1))."""
    names = [text for text in (document.type, document.title) if text]
    if any(_REPORT_NAME.search(text) for text in names):
        return None
    first_line = next((line for page in document.pages[:1] for line in page.text.splitlines()
                       if line.strip()), "")
    return next((kind for kind, name in _FORM_NAMES.items()
                 if any(name.search(text) for text in names)
                 or _FORM_HEADINGS[kind].match(first_line)), None)


def is_form(document: Document) -> bool:
    """A request for authorization or a medication list (`form_kind`)."""
    return form_kind(document) is not None


@fewer_collections()
def review_case(case: Case, documents: list[Document], *,
                knowledge: KnowledgeBase | None = None) -> Review:
    knowledge = knowledge or load_knowledge_base()
    facts = extract_facts(documents)
    as_of, warnings = decision_date(case)
    warnings += [f"{d.id}: {w}" for d in documents for w in d.warnings]
    document_ids = [d.id for d in documents]
    unreadable = unread_pages(documents)
    second_hand = not_findings(documents)
    procedure_reports = [d.id for d in documents if is_procedure_report(d)]
    forms = [d.id for d in documents if is_form(d)]
    requests = [d.id for d in documents if d.id in forms and is_request_form(d)]
    page_texts = {(d.id, page.number): page.text for d in documents for page in d.pages}
    # A one-page record is one note, and its stated date is the note's; a packet of pages may
    # hold many notes, whose first header does not date the rest.
    stated_dates = {d.id: d.date for d in documents if d.date is not None and len(d.pages) == 1}
    determinations = [
        with_confidence(decide_item(item.description, parse_item(item.description, as_of=as_of), case, facts,
                    knowledge, documents=document_ids, unreadable=unreadable, as_of=as_of,
                    item_id=item.id, second_hand=second_hand,
                    procedure_reports=procedure_reports, forms=forms, requests=requests,
                    page_texts=page_texts,
                    stated_dates=stated_dates))
        for item in case.disputed_items
    ]
    _place_evidence(documents, determinations)
    _answer_ur_reasons(case, documents, determinations)
    versions = sorted({d.guideline.version for d in determinations if d.guideline})
    determination = CaseDetermination(
        case_number=case.case_number, determinations=determinations, as_of=as_of,
        mtus_version=", ".join(versions) or None, warnings=warnings)
    return Review(case=case, documents=documents, facts=facts, determination=determination)


#: The sentence that closes every drafted rationale (`guidelines.engine.compose_rationale`).
_VERDICT = " As such, "


def _answer_ur_reasons(case: Case, documents: list[Document], determinations: list) -> None:
    """Each rationale answers the reason the UR letter gave for denying its item, where the
    letter ties one to it (`urreason`): just before the closing verdict."""
    from openimr.review.urreason import answer, ur_reasons

    reasons = ur_reasons([item.description for item in case.disputed_items], documents)
    when = f" of {case.ur_decision.date:%m/%d/%Y}" if case.ur_decision.date else ""
    for index, determination in enumerate(determinations):
        sentence = reasons.get(index) and answer(determination, reasons[index], when)
        if not sentence or _VERDICT not in determination.rationale:
            continue
        body, verdict = determination.rationale.rsplit(_VERDICT, 1)
        determination.rationale = f"{body} {sentence}{_VERDICT}{verdict}"


def unread_pages(documents: list[Document]) -> list[str]:
    """The pages no conclusion may claim to have searched, as "document p. N": without a
    text layer (and not recognized), or recognized below the OCR confidence floor (then
    with the reason, "(not reliably read, OCR confidence 62%)")."""
    unread = []
    for document in documents:
        for page in document.pages:
            label = page.unread_label
            if label is None:
                continue
            where = f"{document.id} p. {page.number}"
            unread.append(where if label == "no text layer" else f"{where} ({label})")
    return unread


def _place_evidence(documents: list[Document], determinations: list) -> None:
    """Evidence quoted from a recognized page gains the boxes of its words on the page."""
    from openimr.records.ocr import evidence_boxes

    recognized = {d.id: d for d in documents if d.recognized}
    if not recognized:
        return
    for determination in determinations:
        for criterion in determination.criteria:
            for evidence in criterion.evidence:
                document = recognized.get(evidence.document)
                if document is not None:
                    evidence.boxes = evidence_boxes(document, evidence) or None


@fewer_collections()
def review_case_file(path: Path) -> Review:
    case = load_case_file(path)
    return review_case(case, documents_for_case(case, path.parent))
