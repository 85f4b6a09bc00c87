"""Render a review as a Final Determination Letter in the structure of the published letters."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from pydantic import BaseModel

from openimr.model import Decision, DeterminationStatus, ItemDetermination, ReviewerProfile
from openimr.model.errors import InputError
from openimr.model.wording import join_words, reviewer_notes, without_reviewer_notes
from openimr.model.yamltext import load_yaml
from openimr.records.summary import compose_summary

HERE = Path(__file__).parent
DEFAULT_IRO_NAME = "OpenIMR Review Organization"
FORMATS = ("text", "json", "html", "pdf")


def iro_name_from_environment() -> str:
    """The IRO's name is configuration: `OPENIMR_IRO_NAME`."""
    return os.environ.get("OPENIMR_IRO_NAME") or DEFAULT_IRO_NAME


class ItemView(BaseModel):
    number: int
    determination: ItemDetermination
    heading: str
    claims_administrator_guideline: str
    iro_guideline: str
    #: The rationale as the parties read it: records named by type and date, not by the
    #: internal ids the determination keeps for tracing ("record-3"), and without the reviewer
    #: notes the worksheet and the determination keep.
    rationale: str
    #: The tool's notes to the physician on the rationale, for the worksheet only.
    reviewer_notes: list[str] = []


class LetterContext(BaseModel):
    """Everything a letter template shows, computed once for every format."""

    iro_name: str
    draft: bool
    case_number: str | None
    #: The date of the determination: the day it was signed (a draft has none yet).
    date: str
    #: Whom the letter is addressed to, and who gets a copy.
    addressee: str
    copies: list[str]
    header: list[tuple[str, str]]
    reviewer_paragraph: str
    documents: list[str]
    summary: list[str]
    items: list[ItemView]
    attestation: str
    appeal_rights: str
    warnings: list[str]
    notice: str | None = None


@lru_cache(maxsize=1)
def notices() -> dict[str, dict]:
    """The letter's fixed paragraphs that state the law (data/notices.yaml, cited)."""
    return load_yaml((HERE / "data" / "notices.yaml").read_text(encoding="utf-8"))


def _party(name: str | None, role: str) -> str | None:
    return f"{name}, {role}" if name else None


def _attestation(determination) -> str:  # type: ignore[no-untyped-def]
    """The reviewer's attestation as signed (by role and date, never by name)."""
    signed = determination.attestation
    if determination.status is not DeterminationStatus.signed or signed is None:
        return notices()["attestation_pending"]["text"]
    return (f"{signed.statement.strip()} Attested and signed electronically by the physician "
            f"reviewer on {signed.signed_at:%m/%d/%Y}.")


def document_line(document) -> str:  # type: ignore[no-untyped-def]
    """A record as the letter lists it: by type and date, then author; never a file name."""
    from openimr.records.doctypes import document_name

    return ", ".join(part for part in (
        document_name(document), document.type if document.title else None, document.author)
        if part)


#: The guidelines a UR letter names, each as the letter names it, in this order.
_GUIDELINE_NAMES = (
    (re.compile(r"\b(?:(?-i:CPMTG)|chronic\s+pain\s+medical\s+treatment\s+guidelines?)\b", re.I),
     "MTUS Chronic Pain Medical Treatment Guidelines"),
    (re.compile(r"\bpost-?surgical\s+treatment\s+guidelines?\b", re.I),
     "MTUS Postsurgical Treatment Guidelines"),
    (re.compile(r"(?-i:\bMTUS\b)|medical\s+treatment\s+utilization\s+schedule|"
                r"\b8\s+CCR\s+(?:§\s*)?9792\.2[0-6]", re.I), "MTUS"),
    (re.compile(r"(?-i:\bACOEM\b)"), "ACOEM Practice Guidelines"),
    (re.compile(r"(?-i:\bODG\b)|official\s+disability\s+guidelines", re.I),
     "Official Disability Guidelines (ODG)"),
)


#: A UR letter's appeal rights and other notices to the parties: the MTUS or IMR they name is
#: no citation of the decision (review 14, finding 19).
_UR_BOILERPLATE = re.compile(
    r"\b(?:appeal|independent\s+medical\s+review|(?-i:IMR)|right\s+to\s+(?:request|dispute|"
    r"object)|Labor\s+Code|(?-i:DWC)|Division\s+of\s+Workers)", re.I)
def guidelines_cited_by_ur(documents, item: str | None = None,  # type: ignore[no-untyped-def]
                           items: list[str] | None = None) -> str | None:
    """The guidelines the UR decision letters of the record name ("Per MTUS CPMTG pp. 111-113",
    "ACOEM: lumbar supports ...", "ODG supports up to 7 days"), or None when they name none:
    the letter then says the claims administrator cited no medical evidence, as the seed
    letter does. For one `item` of the dispute (`items` all of them), only the part of the
    letters that concerns it, when a letter names it; never the appeal rights. The general
    MTUS is left out when a part of it is named."""
    from openimr.model.document import DocumentType
    from openimr.records.doctypes import classify
    from openimr.review.urreason import text_about

    letters = [d.text for d in documents if classify(d) is DocumentType.ur_decision]
    if item is not None:
        # the letters' passages about the item, read as the UR reason is read (`urreason`)
        parts = [part for text in letters
                 if (part := text_about(text, item, items or [item])) is not None]
        letters = parts or letters
    text = "\n".join(line for text in letters for line in re.split(r"(?<=[.;])\s+|\n", text)
                     if not _UR_BOILERPLATE.search(line))
    found = [name for pattern, name in _GUIDELINE_NAMES if pattern.search(text)]
    if any(name.startswith("MTUS ") for name in found):
        found = [name for name in found if name != "MTUS"]
    return f"{join_words(found)} (as cited in the utilization review decision)" if found else None


def records_named(documents):  # type: ignore[no-untyped-def]
    """A function that names the records a text cites by id ("record-3, page 1", "record-3
    is second-hand") as the letter's list of documents names them ("Utilization review
    determination, 08/30/2018, page 1")."""
    from openimr.records.doctypes import document_name

    names = {d.id: document_name(d) for d in documents}
    if not names:
        return lambda text: text
    # an id is replaced where it cites a page, and a case file's "record-N" anywhere: an
    # uploaded file's id may be an ordinary word ("note") elsewhere in the text
    ids = "|".join(re.escape(i) for i in sorted(names, key=len, reverse=True))
    cited = re.compile(rf"(?<![\w-])({ids})(?=, page \d)|(?<![\w-])(record-\d+)(?![\w-])")
    return lambda text: cited.sub(lambda m: names.get(m.group(1) or m.group(2), m.group(0)), text)


def _date(value) -> str:
    return value.strftime("%m/%d/%Y") if value else "Not stated"


def reviewer_paragraph(reviewer: ReviewerProfile | None, iro_name: str, case) -> str:  # type: ignore[no-untyped-def]
    """The reviewer's qualifications, never the name (LC 4610.6(f)), from the assigned
    reviewer's profile and this case: the specialty named as the one that evaluates the
    condition and the disputed items is the reviewer's own, where the specialty table
    (`workflow/data/specialties.yaml`) accepts it for them. With no reviewer assigned (a
    draft made from the command line) the paragraph says so and claims no qualification."""
    independence = ("no affiliation with the employer, employee, providers or the claims "
                    "administrator")
    if reviewer is None:
        return (f"No physician reviewer has been assigned to this case yet. {iro_name} sends the "
                f"complete case file to a physician reviewer with {independence}, in the same "
                "or a similar specialty as those that evaluate and treat the condition and the "
                "disputed items; this paragraph then states that reviewer's board "
                "certification, licensure and years in active practice.")
    board = join_words(reviewer.board_certifications) or "a relevant specialty"
    sentences = [
        f"{iro_name} sent the complete case file to a physician reviewer. He/she has "
        f"{independence}.",
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
    sentences.append(_selection(reviewer, case))
    sentences.append(
        "He/she is familiar with governing laws and regulations, including the strength of "
        "evidence hierarchy that applies to Independent Medical Review determinations.")
    return " ".join(sentences)


def _selection(reviewer: ReviewerProfile, case) -> str:  # type: ignore[no-untyped-def]
    """Why this reviewer: the reviewer's specialties that the specialty table accepts for
    this case's condition (its body parts) or its disputed items, named with them. A reviewer
    none of whose specialties is accepted is not said to share one."""
    from openimr.workflow import specialties

    held = [specialties.canonical_specialty(s)
            for s in [*reviewer.board_certifications, *reviewer.subspecialties]]
    for_condition = set(specialties.accepted_for_conditions(specialties.case_conditions(case)))
    for_items = {item.description: specialties.accepted_for_item(
        specialties.item_category(item.description)) or frozenset()
        for item in case.disputed_items}
    accepted = for_condition.union(*for_items.values())
    matched = list(dict.fromkeys(s for s in held if s in accepted))
    if not matched:
        return ("The physician reviewer was selected based on his/her clinical experience, "
                "education and background.")
    # only what the matched specialties are accepted for is said to be theirs: an
    # orthopedist is not said to treat the psychotherapy disputed beside a fusion
    treated = []
    if for_condition & set(matched):
        treated.append(f"conditions of the {join_words(case.claim.body_parts)}"
                       if case.claim.body_parts else "the worker's condition")
    items = [name for name, group in for_items.items() if group & set(matched)]
    if items:
        treated.append(f"the disputed {'services' if len(items) > 1 else 'service'} "
                       f"({join_words(items)})")
    verb = "evaluate and treat" if len(matched) > 1 else "evaluates and treats"
    return (f"The physician reviewer was selected based on his/her clinical experience, "
            f"education, background, and expertise in {join_words(matched)}, "
            f"{'specialties that' if len(matched) > 1 else 'a specialty that'} {verb} "
            f"{' and '.join(treated)}.")


_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _number_words(n: int, spell_to: int = 10) -> str:
    """A number in words up to `spell_to` (at most 99), else in figures."""
    if n > min(spell_to, 99):
        return str(n)
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens - 2] + (f"-{_ONES[ones]}" if ones else "")


def _heading(item: ItemDetermination) -> str:
    if item.decision is Decision.unsupported:
        return f"{item.item}:  Physician review required"
    return f"{item.item}:  {item.decision.value.capitalize()}"


def letter_context(review, reviewer: ReviewerProfile | None = None,
                   iro_name: str | None = None, notice: str | None = None) -> LetterContext:
    """The letter's content from a `Review` (case, documents, facts, determination)."""
    case, determination = review.case, review.determination
    iro = iro_name or iro_name_from_environment()
    disputed = [item.item for item in determination.determinations]
    named = records_named(review.documents)
    items = []
    for number, item in enumerate(determination.determinations, start=1):
        cited = case.ur_decision.guideline_cited or guidelines_cited_by_ur(
            review.documents, item.item, disputed)
        ca_guideline = (f"Decision based on {cited}" if cited else "The Claims Administrator "
                        "did not cite any medical evidence for its decision.")
        iro_guideline = (f"Decision based on {item.citation}" if item.citation else
                         "No guideline in the knowledge base addresses this request; physician "
                         "review is required.")
        items.append(ItemView(number=number, determination=item, heading=_heading(item),
                              claims_administrator_guideline=ca_guideline,
                              iro_guideline=iro_guideline,
                              rationale=prose(named(without_reviewer_notes(item.rationale))),
                              reviewer_notes=reviewer_notes(item.rationale)))
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
    documents = [document_line(d) for d in review.documents]
    signed = determination.attestation.signed_at if (
        determination.status is DeterminationStatus.signed and determination.attestation) else None
    # the summary the reviewer attests; drafts made before it was stored compose it afresh
    summary = [s.text for s in determination.summary
               or compose_summary(case, review.documents, review.facts)]
    return LetterContext(
        iro_name=iro, draft=determination.status is not DeterminationStatus.signed,
        case_number=case.case_number,
        date=_date(signed) if signed else "Not yet determined (draft)",
        addressee=_party(case.worker.name, "Injured worker") or "The injured worker",
        copies=[c for c in (
            _party(case.requesting_provider.name, "Requesting physician"),
            _party(case.claim.claims_administrator, "Claims administrator"),
            _party(case.claim.employer, "Employer")) if c],
        header=header, reviewer_paragraph=reviewer_paragraph(reviewer, iro, case),
        documents=documents, summary=summary, items=items,
        attestation=_attestation(determination),
        appeal_rights=notices()["appeal_rights"]["text"],
        warnings=determination.warnings, notice=notice)


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
    environment.filters["one_paragraph"] = one_paragraph
    # the worksheet prints the tool's notes once, as their own lines, not inside each row
    environment.filters["without_notes"] = without_reviewer_notes
    return environment


def _wrap(text: str, width: int = 96) -> str:
    import textwrap

    # a compound keeps its hyphen on one line ("follow-up", "non-neuropathic"): broken there,
    # it reads as a hyphenated word split at the line end
    return "\n".join(textwrap.fill(p, width, break_on_hyphens=False) if p else ""
                     for p in text.split("\n"))


#: A sentence that opens with a figure ("0 visits completed plus 6 requested make 6"), and a
#: sentence's full stop doubled where a quote's own stop meets it ("lb).."; not an ellipsis).
_OPENING_FIGURE = re.compile(r"(^|[.!?]\s+)(\d{1,2})(?=\s+[a-z])")
_DOUBLED_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def prose(text: str) -> str:
    """A drafted rationale as a letter prints it: one paragraph per paragraph
    (`one_paragraph`), no sentence opening with a figure (it is spelled out, as style
    manuals ask), no doubled full stop."""
    # the records' own words, between quotation marks, are left as written
    spans = one_paragraph(text).split('"')
    for index in range(0, len(spans), 2):
        spans[index] = _OPENING_FIGURE.sub(
            lambda m: m.group(1) + _number_words(int(m.group(2)), spell_to=99).capitalize(),
            _DOUBLED_STOP.sub(".", spans[index]))
    return '"'.join(spans)


def one_paragraph(text: str) -> str:
    """A text whose single line breaks come from the records it quotes ("mild\nconstipation")
    as running prose: a quote keeps its words, not the layout of the page it was read from.
    A blank line (a reviewer's paragraph break) is kept."""
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()))


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
