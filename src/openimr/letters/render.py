"""Render a review as a Final Determination Letter in the structure of the published letters."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from pydantic import BaseModel

from openimr.model import Decision, DeterminationStatus, ItemDetermination, ReviewerProfile
from openimr.model.errors import InputError
from openimr.model.wording import join_words
from openimr.model.yamltext import load_yaml
from openimr.records.summary import compose_summary

HERE = Path(__file__).parent
DEFAULT_IRO_NAME = "OpenIMR Review Organization"
FORMATS = ("text", "json", "html", "pdf")


def iro_name_from_environment() -> str:
    """The IRO's name is configuration: `OPENIMR_IRO_NAME`."""
    return os.environ.get("OPENIMR_IRO_NAME") or DEFAULT_IRO_NAME


@lru_cache(maxsize=1)
def example_reviewer() -> ReviewerProfile:
    data = load_yaml((HERE / "reviewer-example.yaml").read_text(encoding="utf-8"))
    return ReviewerProfile.model_validate(data)


class ItemView(BaseModel):
    number: int
    determination: ItemDetermination
    heading: str
    claims_administrator_guideline: str
    iro_guideline: str


class LetterContext(BaseModel):
    """Everything a letter template shows, computed once for every format."""

    iro_name: str
    draft: bool
    case_number: str | None
    header: list[tuple[str, str]]
    reviewer_paragraph: str
    documents: list[str]
    summary: list[str]
    items: list[ItemView]
    warnings: list[str]
    notice: str | None = None


def _date(value) -> str:
    return value.strftime("%m/%d/%Y") if value else "Not stated"


def reviewer_paragraph(reviewer: ReviewerProfile, iro_name: str) -> str:
    """The reviewer's qualifications, never the name (LC 4610.6(f))."""
    board = join_words(reviewer.board_certifications) or "a relevant specialty"
    sentences = [
        f"{iro_name} sent the complete case file to a physician reviewer. He/she has no "
        "affiliation with the employer, employee, providers or the claims administrator.",
    ]
    qualification = f"The physician reviewer is Board Certified in {board}"
    if reviewer.subspecialties:
        qualification += f" and has a subspecialty in {join_words(reviewer.subspecialties)}"
    if reviewer.licensed_states:
        qualification += f" and is licensed to practice in {join_words(reviewer.licensed_states)}"
    sentences.append(qualification + ".")
    years = reviewer.years_in_practice
    sentences.append(
        f"He/she has been in active clinical practice for {'more than ' if years >= 5 else ''}"
        f"{_number_words(max(years, 0))} years and is currently working at least "
        f"{reviewer.active_practice_hours_per_week} hours a week in active practice.")
    sentences.append(
        "The physician reviewer was selected based on his/her clinical experience, education, "
        "background, and expertise in the same or similar specialties that evaluate and/or treat "
        "the medical condition and disputed items/services. He/she is familiar with governing laws "
        "and regulations, including the strength of evidence hierarchy that applies to "
        "Independent Medical Review determinations.")
    return " ".join(sentences)


def _number_words(n: int) -> str:
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    return words[n] if n < len(words) else str(n)


def _heading(item: ItemDetermination) -> str:
    if item.decision is Decision.unsupported:
        return f"{item.item}:  Physician review required"
    return f"{item.item}:  {item.decision.value.capitalize()}"


def letter_context(review, reviewer: ReviewerProfile | None = None,
                   iro_name: str | None = None, notice: str | None = None) -> LetterContext:
    """The letter's content from a `Review` (case, documents, facts, determination)."""
    case, determination = review.case, review.determination
    iro = iro_name or iro_name_from_environment()
    reviewer = reviewer or example_reviewer()
    cited = case.ur_decision.guideline_cited
    ca_guideline = (f"Decision based on {cited}" if cited else
                    "The Claims Administrator did not cite any medical evidence for its decision.")
    items = []
    for number, item in enumerate(determination.determinations, start=1):
        iro_guideline = (f"Decision based on {item.citation}" if item.citation else
                         "No guideline in the knowledge base addresses this request; physician "
                         "review is required.")
        items.append(ItemView(number=number, determination=item, heading=_heading(item),
                              claims_administrator_guideline=ca_guideline,
                              iro_guideline=iro_guideline))
    header = [
        ("IMR Case Number", case.case_number or "Not assigned"),
        ("Priority", case.priority.value.capitalize()),
        ("Application Received", _date(case.application.received_date)),
        ("Date of UR Decision", _date(case.ur_decision.date)),
        ("Claim Number", case.claim.claim_number or "Not stated"),
        ("Date of Injury", _date(case.claim.date_of_injury)),
        ("Requesting Provider Specialty", case.requesting_provider.specialty or "Not stated"),
        ("Treatment(s) in Dispute", "; ".join(i.description for i in case.disputed_items)),
    ]
    documents = [", ".join(part for part in (d.title or d.id, _date(d.date) if d.date else None,
                                              d.type, d.author) if part)
                 for d in review.documents]
    # the summary the reviewer attests; drafts made before it was stored compose it afresh
    summary = [s.text for s in determination.summary
               or compose_summary(case, review.documents, review.facts)]
    return LetterContext(
        iro_name=iro, draft=determination.status is not DeterminationStatus.signed,
        case_number=case.case_number, header=header,
        reviewer_paragraph=reviewer_paragraph(reviewer, iro), documents=documents,
        summary=summary, items=items, warnings=determination.warnings, notice=notice)


def public_context(context: LetterContext, review) -> LetterContext:
    """The letter's content with the parties' identities removed. The IRO's name stays (it
    is the publisher, not a party); so do the reviewer's qualifications, which name nobody."""
    from openimr.letters.redact import Redactor, redact_model

    redactor = Redactor.for_case(review.case, review.documents)
    public = redact_model(context, redactor)
    return public.model_copy(update={"iro_name": context.iro_name,
                                     "reviewer_paragraph": context.reviewer_paragraph})


@lru_cache(maxsize=1)
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(HERE / "templates"), undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    environment.filters["wrap"] = _wrap
    return environment


def _wrap(text: str, width: int = 96) -> str:
    import textwrap

    return "\n".join(textwrap.fill(p, width) if p else "" for p in text.split("\n"))


def render(review, format: str = "text", reviewer: ReviewerProfile | None = None,
           iro_name: str | None = None, notice: str | None = None,
           public: bool = False) -> str | bytes:
    """The letter in `format`. `notice` is a banner above it, e.g. that a version is superseded.
    `public` gives the public copy: every identifier of a person or the claim removed
    (`letters.redact`), the clinical content as it is."""
    if format not in FORMATS:
        raise InputError(f"unknown letter format {format!r}; choose one of {', '.join(FORMATS)}")
    if format == "json":
        if public:
            raise InputError("the public copy is a letter: choose text, html or pdf")
        return review.determination.model_dump_json(indent=2) + "\n"
    context = letter_context(review, reviewer, iro_name, notice)
    if public:
        context = public_context(context, review)
    if format == "text":
        return _environment().get_template("letter.txt.j2").render(letter=context)
    html = _environment().get_template("letter.html.j2").render(letter=context)
    if format == "html":
        return html
    return html_to_pdf(html)


def html_to_pdf(html: str) -> bytes:
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return HTML(string=html, base_url=str(HERE)).write_pdf()
