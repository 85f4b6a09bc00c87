"""Facts from documents: run the pipeline page by page and parse each trigger's value.

Evidence offsets are into `Document.pages[i].text`; each page is one spaCy doc, and the
section a page ends in carries over to the next page, so a "Past Medical History" list
that runs over a page break stays historical.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from openimr.model import Document, Evidence, Fact
from openimr.model.collector import fewer_collections
from openimr.model.document import DocumentType, Reading
from openimr.model.facts import VALUE_MODELS, FactKind, Source
from openimr.records.column_tables import find_tables, pain_cells, session_logs, table_facts
from openimr.records.dates import header_date, sentence_date
from openimr.records.doctypes import (
    case_manager_regions,
    classify,
    is_case_manager_report,
    regions,
    source_at,
)
from openimr.records.kinds import Mention, spec_by_kind
from openimr.records.kinds.base import box_of_label
from openimr.records.kinds.history import COURSE_TREATMENTS
from openimr.records.pipeline import SPAN_GROUP, doc_text, process, sentence_table


@fewer_collections()
def extract_facts(documents: Iterable[Document]) -> list[Fact]:
    """Every fact of every document, in document and reading order, with copies, links and
    drug numbers read across the case (`linking`)."""
    from openimr.records.linking import link_case

    documents = list(documents)
    facts: list[Fact] = []
    for found in _facts_of_each(documents):
        facts.extend(found)
    return link_case(documents, facts)


#: A case of at least this many words in two documents or more is read by this process and
#: forked copies of it, one per core (issue 18 §3); a smaller one here alone (a fork and the
#: facts sent back cost ~30-60 ms, a tenth of reading 10,000 words).
PARALLEL_WORDS = 20_000


def extract_workers() -> int:
    """The processes a large case is read by: `OPENIMR_EXTRACT_WORKERS`, else the cores this
    process may use. Forking is safe only while this process runs no other Python thread
    (the API server's threads may hold locks a child would inherit held), and needs `fork`
    (Linux): otherwise one."""
    import os
    import threading

    chosen = os.environ.get("OPENIMR_EXTRACT_WORKERS", "").strip()
    try:
        wanted = int(chosen) if chosen else len(os.sched_getaffinity(0))
    except (ValueError, AttributeError):
        wanted = 1
    if wanted <= 1 or threading.active_count() != 1 or not hasattr(os, "fork"):
        return 1
    return wanted


#: A large case's documents are cut into this many runs per process, and each process reads
#: the next run no process has taken until none is left: a process whose notes read dearer
#: (tables, long outcome paragraphs, caches still cold) takes fewer runs, so both cores finish
#: about together. On the 300-page PDF (per-note CPU measured, issue 18) one run per process
#: made the first half 6.5 s against 4.8 s; 6 per process 5.8 s against 5.6; 12, 5.7 and 5.7.
RUNS_PER_WORKER = 12
#: what forked readers read (inherited at the fork, never pickled): the documents, their runs
#: and the index of the next run to take
_forked: tuple[list[Document], list[range], Any] | None = None


def _facts_of_each(documents: list[Document]) -> list[list[Fact]]:
    """`document_facts` of each document, in order: for a large case (`PARALLEL_WORDS`) the
    documents are cut into runs of consecutive documents with about as many words each
    (`RUNS_PER_WORKER` per worker), which this process and forked children take one at a
    time until none is left. The pipeline and the trained readers are loaded before the
    fork, so the children start warm; each document is read whole by one process, so the
    facts are the same."""
    global _forked
    workers = min(extract_workers(), len(documents))
    words = [document.word_count for document in documents]
    if workers <= 1 or sum(words) < PARALLEL_WORDS:
        return [document_facts(document) for document in documents]
    import multiprocessing

    from openimr.records.pipeline import warm_up

    warm_up()
    runs = _runs(words, workers * RUNS_PER_WORKER)
    if len(runs) < 2:  # one document holds nearly all the words
        return [document_facts(document) for document in documents]
    context = multiprocessing.get_context("fork")
    _forked = (documents, runs, context.Value("i", 0))
    try:
        with context.Pool(workers - 1) as pool:
            pending = [pool.apply_async(_take_runs) for _ in range(workers - 1)]
            read = dict(_take_runs())
            for result in pending:
                read.update(result.get())
    finally:
        _forked = None
    return [facts for index in range(len(runs)) for facts in read[index]]


def _take_runs() -> list[tuple[int, list[list[Fact]]]]:
    """The runs this process took, each with its documents' facts, until none is left."""
    assert _forked is not None
    documents, runs, taken = _forked
    out = []
    while True:
        with taken.get_lock():
            index = taken.value
            taken.value += 1
        if index >= len(runs):
            return out
        out.append((index, [document_facts(documents[i]) for i in runs[index]]))


def _runs(words: list[int], workers: int) -> list[range]:
    """At most `workers` runs of consecutive documents, none empty, each ending once the
    words so far reach its share of the total."""
    total, runs, start, seen = sum(words), [], 0, 0
    for index, count in enumerate(words):
        seen += count
        if len(runs) < workers - 1 and seen * workers >= total * (len(runs) + 1):
            runs.append(range(start, index + 1))
            start = index + 1
    if start < len(words):
        runs.append(range(start, len(words)))
    return runs


def note_date(document: Document) -> dt.date | None:
    if document.date is not None:
        return document.date
    for page in document.pages[:1]:
        return header_date(page.text)
    return None


_STUDY_REPORT_TYPES = {"imaging_report", "electrodiagnostic_report"}
#: The notes a therapy course writes as it goes.
_COURSE_NOTES = {DocumentType.therapy_note, DocumentType.therapy_flowsheet}
#: Reports of a treating or evaluating physician, and the words that name one in a record's
#: type, title or author ("PR-2 progress report", "Dr. Lee, MD", "PTP follow-up").
_PHYSICIAN_NOTES = {DocumentType.pr2_report, DocumentType.pr4_report, DocumentType.consultation,
                    DocumentType.qme_report, DocumentType.ame_report}
_PHYSICIAN_NAME_RE = re.compile(r"\bPR-?[1-4]\b|\bPTP\b|primary\s+treating|"
                                r"(?:,|\bDr\.?[^,]*,)\s*(?-i:M\.?D|D\.?O)\b", re.IGNORECASE)
_STUDY_REPORT_RE = re.compile(r"\b(?:EMG|NCV|NCS|electrodiagnostic|electromyograph\w*|nerve\s+"
                              r"conduction|MRI|radiology|imaging|x-?ray|CT\s+scan|ultrasound)\b"
                              r"[^\n]{0,40}\b(?:report|study|studies|consultation|findings)\b",
                              re.IGNORECASE)


class _Hints(dict[str, Any]):
    """A note's hints, each found when first asked for: its main injection took ~0.5 ms of
    scanning per note (a tenth of reading a 300-page record, issue 18), and only a relief
    statement that names no injection asks for it. `get` and `[]` as a dict's."""

    def __init__(self, makers: dict[str, Callable[[], Any]]) -> None:
        super().__init__()
        self._makers = makers

    def __missing__(self, key: str) -> Any:
        if key not in self._makers:
            raise KeyError(key)
        value = self[key] = self._makers[key]()
        return value

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self._makers or key in self else default


def radicular_study(text: str) -> bool:
    """Whether a note's nerve study concludes a radiculopathy: one asserted ("active and
    chronic left S1 radiculopathy") and no focal or generalized neuropathy asserted beside
    it ("moderate right median neuropathy at the wrist": the evidence is the nerve's)."""
    from openimr.records.kinds.clinical import asserted_edx_conditions

    if not _EDX_NAMED_RE.search(text):
        return False
    radicular, neuropathic = asserted_edx_conditions(text)
    return radicular and not neuropathic


_EDX_NAMED_RE = re.compile(r"\b(?:EMG|NCV|NCS|electrodiagnostic|nerve\s+conduction)", re.IGNORECASE)


def document_hints(document: Document) -> dict[str, Any]:
    """What the whole note says about itself: its main therapy modality and injection, for
    statements that do not name theirs ("Visit: 10 of 12 authorized" in a physical therapy
    note, "about 50% relief for 6 weeks" in an injection follow-up)."""
    from openimr.records.kinds.history import dominant_injection
    from openimr.records.kinds.therapy import dominant_modality

    head = document.pages[0].text[:3000] if document.pages else ""
    heading = " ".join(filter(None, [document.type, document.title, head[:200]]))
    kind = str(getattr(document.document_type, "value", document.document_type) or "")

    def modality() -> str | None:
        # the note's own heading names its service ("REDWOOD CHIROPRACTIC -- SOAP
        # FLOWSHEET", "FUNCTIONAL RESTORATION PROGRAM"), whatever else its text mentions most
        named = dominant_modality(" ".join(filter(None, [document.type, document.title,
                                                         head.lstrip().split("\n", 1)[0]])))
        return named or dominant_modality(head)

    def physician_note() -> bool:
        # a treating physician's report (a PR-2, a consultation, a medical-legal report)
        # whose type, title and heading name no therapy: its "Visit 3" is its own visit
        named = " ".join(filter(None, [document.type, document.title, document.author]))
        heading_names = dominant_modality(" ".join(filter(None, [
            document.type, document.title, head.lstrip().split("\n", 1)[0]])))
        return heading_names is None and (classify(document) in _PHYSICIAN_NOTES
                                          or bool(_PHYSICIAN_NAME_RE.search(named)))

    hints: _Hints
    hints = _Hints({
        "modality": modality,
        "physician_note": physician_note,
        # a therapy course's own note: an outcome it states without naming a treatment
        # ("Good progress", "no lasting response") judges the course
        "course": lambda: COURSE_TREATMENTS.get(hints["modality"] or "")
        if classify(document) in _COURSE_NOTES else None,
        "injection": lambda: dominant_injection(" ".join(filter(None, [document.type, head]))),
        # a study report's "Impression" lists the study's findings, not diagnoses
        "study_report": lambda: kind in _STUDY_REPORT_TYPES or bool(
            _STUDY_REPORT_RE.search(heading)),
        # a laboratory report's "not prescribed" is its drug test's result, not an aberrant act
        "document_type": lambda: kind,
        # the note's date: a year told in it is set against it ("returned to his usual job
        # in 2015" is no status of a note of 2021)
        "note_date": lambda: note_date(document),
        # its heading names the study its findings are read from ("MRI LUMBAR SPINE")
        "heading": lambda: heading,
        # whether the nerve study the note reports concludes a radiculopathy (and no nerve
        # entrapment): its conduction and needle evidence then speak for that root
        "radicular_study": lambda: radicular_study("\n".join(page.text for page in
                                                             document.pages))})
    return hints


#: An empty checkbox right before a mention ("[ ] fever", "☐ night sweats").
_CHECKLIST_VERDICT_RE = re.compile(r"[^\n]*(?:\n(?!\s*\n)[^\n]*)?[-:]\s*(?:all\s+)?"
                                   r"(?:negative|none|denie[sd]|patient\s+denies)\b",
                                   re.IGNORECASE)
_UNCHECKED_RE = re.compile(r"(?:\[\s?\]|\(\s?\)|☐|□)[ \t]*(?:\w+[ \t]+)?$")


_ANALYTE_KINDS = {"medication", "daily_mme"}


def _own_box_after(text: str, start: int, end: int) -> bool:
    """The fact's words have their own box after them, in a checklist row written label
    first ("Fever [ ]  Saddle numbness [x]")."""
    line_start = text.rfind("\n", 0, start) + 1
    return box_of_label(text[line_start:start], text[end:end + 12]) is not None


def document_facts(document: Document) -> list[Fact]:
    """The facts of one document that are about the worker: first-hand in a treating
    provider's record, second-hand in a UR summary or a records review, none in documents
    that are not records (see `doctypes`).

    A page that reads as OCR'd is read in its repaired text (`ocrnoise`: misread numbers
    and words, fax furniture); its facts' evidence is then taken back to the page's own
    text, so that quotes stay what the record says."""
    from openimr.records.ocrnoise import repair_pages

    readable = [page for page in document.pages if page.readable]
    repairs = {page.number: repaired for page, repaired in zip(
        readable, repair_pages([page.text for page in readable]), strict=True)
        if repaired is not None}
    if not repairs:
        return _document_facts(document)
    read = document.model_copy(update={"pages": [
        page.model_copy(update={"text": repairs[page.number].text})
        if page.number in repairs else page for page in document.pages]})
    facts = _document_facts(read)
    for fact in facts:
        repaired = repairs.get(fact.evidence.page)
        if repaired is not None:
            start, end = repaired.span(fact.evidence.start, fact.evidence.end)
            fact.evidence = fact.evidence.model_copy(update={
                "start": start, "end": end, "quote": repaired.original[start:end]})
    return facts


def _document_facts(document: Document) -> list[Fact]:
    kind = classify(document)
    if kind is not None and kind.reading is Reading.not_read:
        return []
    anchor = note_date(document)
    hints = document_hints(document)
    facts: list[Fact] = []
    section: str | None = None
    carried: Source | None = None
    # a nurse case manager's report: its own contacts first-hand, the notes it reports not
    case_manager = (kind is None or kind.reading is Reading.first_hand) and \
        is_case_manager_report(document)
    for page in document.pages:
        # a page OCR read below the confidence floor is shown, never searched
        if not page.text.strip() or not page.readable:
            continue
        page_regions = regions(kind, page.text, carried)
        if case_manager:
            page_regions = case_manager_regions(page.text)
        found, section = _page_facts(document.id, page.number, page.text, anchor, section,
                                     hints)
        found = _with_tables(document.id, page.number, page.text, anchor, hints, found)
        for fact in found:
            if _UNCHECKED_RE.search(page.text, max(0, fact.evidence.start - 8),
                                    fact.evidence.start) and not _CHECKLIST_VERDICT_RE.match(
                                        page.text, fact.evidence.end,
                                        fact.evidence.end + 200) and not _own_box_after(
                                            page.text, fact.evidence.start, fact.evidence.end):
                continue  # "[ ] fever": an unchecked box states nothing (unless the list
                # ends with its verdict: "[ ] fever [ ] weight loss - all negative"; in a
                # row written label first the box before is the item before's)
            if kind is DocumentType.lab_report and fact.kind.value in _ANALYTE_KINDS:
                continue  # a drug a laboratory names is an analyte tested for, or the
                # clinic's list it tested against, not a drug the worker is prescribed
            source = source_at(page_regions, fact.evidence.start)
            if source is not None:
                fact.source = source
                facts.append(fact)
        if page_regions:
            carried = page_regions[-1].source
    return _join_lists(_drop_shadowed(_deduplicate(facts)), document)


def _page_facts(document_id: str, page_number: int, text: str, anchor: dt.date | None,
                carried_section: str | None, hints: dict[str, Any]
                ) -> tuple[list[Fact], str | None]:
    doc = process(text)
    specs = spec_by_kind()
    facts: list[Fact] = []
    # the text of each sentence and what precedes it, made once for all its mentions
    sentence_texts: dict[int, tuple[str, str, str]] = {}
    # sentences, sections and ConText's flags read from plain tables and `doc.user_data`:
    # `span.sent` walks the tokens to the sentence's ends and each `span._` / `token._`
    # is an object of its own (a third of this loop's time, issue 18)
    table = sentence_table(doc)
    # line breaks as spaces (same length, so offsets hold) for the value parsers
    said_text, user_data = doc_text(doc).replace("\n", " "), doc.user_data
    for span in doc.spans[SPAN_GROUP]:
        kind, _, index = span.label_.partition("#")
        spec = specs[kind]
        trigger = spec.triggers[int(index)]
        span_start, span_end = span.start_char, span.end_char
        # `span.sent`: from the start of the sentence of the span's first token to the end
        # of the sentence of its last (a phrase match may cross a sentence start)
        offset = table.char_bounds[table.of_token(span.start)][0]
        said = sentence_texts.get(offset)
        if said is None:
            closing = table.char_bounds[table.of_token(span.end - 1)][1]
            before = text[max(0, offset - 1000):offset]
            said = sentence_texts[offset] = (
                said_text[offset:closing], before.replace("\n", " "), before)
        section = _section_category(user_data, span_start) or carried_section
        family = bool(_context_flag(user_data, "is_family", span_start, span_end))
        mention = Mention(
            sentence=said[0], start=span_start - offset, end=span_end - offset,
            meta=dict(trigger.meta), section=section,
            negated=bool(_context_flag(user_data, "is_negated", span_start, span_end)),
            hypothetical=bool(_context_flag(user_data, "is_hypothetical", span_start,
                                            span_end)),
            family=family, preceding=said[1], preceding_lines=said[2], hints=hints)
        historical = bool(_context_flag(user_data, "is_historical", span_start, span_end))
        for found in spec.parse(mention):
            start, end = offset + found.start, offset + found.end
            facts.append(Fact(
                kind=spec.kind, value=found.value,
                date=sentence_date(mention.sentence, found.start, anchor),
                negated=mention.negated if found.negated is None else found.negated,
                historical=historical if found.historical is None else found.historical,
                hypothetical=mention.hypothetical if found.hypothetical is None
                else found.hypothetical,
                family=family if found.family is None else found.family,
                evidence=Evidence(document=document_id, page=page_number, start=start,
                                  end=end, quote=text[start:end]),
            ))
    from openimr.records.assertion import assert_flags, context_flags

    facts[:] = _about_the_worker(facts)
    for fact in _trained_facts(document_id, page_number, text, anchor, facts,
                               hints.get("course")):
        # what the trained readers read gets ConText's flags as the rules' facts do (the
        # assertion classifier then reads them all, `assert_flags`)
        for flag, value in context_flags(doc, fact.evidence.start, fact.evidence.end,
                                         carried_section).items():
            setattr(fact, flag, value)
        facts.append(fact)
    assert_flags(facts, text)
    facts[:] = _about_the_worker(facts)
    sections = doc._.sections
    last_section = sections[-1].category if sections else carried_section
    facts.sort(key=lambda fact: (fact.evidence.start, fact.evidence.end))
    return facts, last_section


def _with_tables(document_id: str, page_number: int, text: str, anchor: dt.date | None,
                 hints: dict[str, Any], found: list[Fact]) -> list[Fact]:
    """`found` with the rows of the page's column tables read cell by cell (`column_tables`):
    each cell as the sentence its row's label and the cell make, dated by its column; the
    page's own reading of the table (a sentence or segment running into it) is left out."""
    found = found + _pain_by_row(document_id, page_number, text, found)
    tables, logs = find_tables(text, anchor), session_logs(text)
    if not tables and not logs:
        return found

    def read(sentence: str) -> list[Fact]:
        return _page_facts(document_id, page_number, sentence, anchor, None, hints)[0]

    cells = table_facts(tables, logs, text, document_id, page_number, read)
    kept = [fact for fact in found if not any(
        t.start < fact.evidence.end and fact.evidence.start < t.end for t in tables)
        or _row_trend_kept(fact, cells)]
    return sorted(kept + cells, key=lambda fact: (fact.evidence.start, fact.evidence.end))


def _pain_by_row(document_id: str, page_number: int, text: str, found: list[Fact]) -> list[Fact]:
    """The scores of a flowsheet's pain column and a pain diary's entries (`pain_cells`)
    that the page's reading did not give: a bare number there is a score of 10."""
    read = [f.evidence for f in found if f.kind is FactKind.pain_score]
    return [Fact(kind=FactKind.pain_score, value={"value": value, "scale": 10,
                                                  "context": "current"},
                 evidence=Evidence(document=document_id, page=page_number, start=start,
                                   end=end, quote=text[start:end]))
            for start, end, values in pain_cells(text)
            if not any(e.start < end and start < e.end for e in read)
            for value in values]


def _row_trend_kept(fact: Fact, cells: list[Fact]) -> bool:
    """The page's reading of one whole row as a trend ("KOOS JR 38 55 66": the function
    reader's gain across visits) stays beside the cells' reading when the cells give no
    functional fact of their own there: a row, not a sentence running across rows."""
    return (fact.kind.value == "functional_improvement" and "\n" not in fact.evidence.quote
            and not any(cell.kind is fact.kind and cell.evidence.start < fact.evidence.end
                        and fact.evidence.start < cell.evidence.end for cell in cells))


def _section_category(user_data: dict[Any, Any], token_start: int) -> str | None:
    """medspaCy's `token._.section_category` of the token starting at `token_start`, read
    where spaCy keeps a token's extension (`doc.user_data`, keyed by its character offset)."""
    section = user_data.get(("._.", "section", token_start, None))
    return section.category if section is not None else None  # type: ignore[no-any-return]


def _context_flag(user_data: dict[Any, Any], name: str, start: int, end: int) -> bool:
    """ConText's `span._.<name>` of the span at these character offsets (False unset)."""
    return user_data.get(("._.", name, start, end), False)  # type: ignore[no-any-return]


#: Kinds whose other-person mentions are not facts (`FactValue.worker_only`).
_WORKER_ONLY = frozenset(name for name, model in VALUE_MODELS.items() if model.worker_only)


#: Worker-only kinds no hypothetical mention of which is a fact (`_about_the_worker`).
_STATE_ONLY = frozenset({"adl_limitation", "homebound"})


def _about_the_worker(facts: list[Fact]) -> list[Fact]:
    """`facts` without the other-person mentions of kinds that only the worker's own state
    makes: a relative's knee problems are no limitation of the worker's, flagged or not;
    nor is a limit or a confinement told as a condition or a plan ("if unable to progress
    lifting", "should she be unable to climb stairs"): one the worker may come to have is
    not one the worker has. (A functional gain told so stays, flagged: the v1 gold set
    annotates "if progress stalls" as a hypothetical absence of gain.)
    Dropped before the trained readers read the page too, so that a rule's wrong flag
    does not keep their own reading of the segment out (`trained.read_page`, `union`)."""
    return [fact for fact in facts if fact.kind.value not in _WORKER_ONLY
            or not (fact.family or (fact.hypothetical and fact.kind.value in _STATE_ONLY))]


def _trained_facts(document_id: str, page_number: int, text: str, anchor: dt.date | None,
                   facts: list[Fact], course: str | None = None) -> list[Fact]:
    """The trained classifier's facts (see `trained`); the rules' facts it does not back
    are dropped from `facts` for the kinds it gates or reads alone. `course`: the
    treatment of the course a therapy note is written during."""
    from openimr.records.trained import read_page, rule_token, trained_kinds

    # the rules' findings are the classifier's features, also for the kinds it reads alone
    readings, dropped = read_page(
        text, [(f.kind.value, f.evidence.start, rule_token(f.kind.value, f.value),
                f.evidence.end) for f in facts],
        [(index, f.evidence.start, f.evidence.end, f.value.get("treatment"),
          f.value.get("outcome")) for index, f in enumerate(facts)
         if f.kind.value == "treatment_trial"], course)
    alone = trained_kinds()["trained"]
    if dropped or alone:
        facts[:] = [fact for index, fact in enumerate(facts)
                    if index not in dropped and fact.kind.value not in alone]
    out = []
    for found in readings:
        quote = text[found.start:found.end]
        out.append(Fact(kind=found.kind, value=found.value,
                        date=sentence_date(quote, 0, anchor), negated=found.negated,
                        evidence=Evidence(document=document_id, page=page_number,
                                          start=found.start, end=found.end, quote=quote)))
    return out


#: What joins the items of a list: ", ", "; ", " and ", ", or ".
_LIST_JOINT_RE = re.compile(r"\s*[,;]?\s*(?:(?:and|or)\s+)?")
_LISTED_AS_ONE = frozenset(name for name, model in VALUE_MODELS.items() if model.listed_as_one)


def _join_lists(facts: list[Fact], document: Document) -> list[Fact]:
    """Of the kinds a list states once (`FactValue.listed_as_one`), facts of the same value
    and flags that are items of one list become one fact spanning the list: "nightmares,
    intrusive memories and hypervigilance" is one PTSD symptom."""
    texts = {page.number: page.text for page in document.pages}
    out: list[Fact] = []
    last: dict[tuple[str, int], Fact] = {}
    for fact in sorted(facts, key=lambda f: (f.evidence.page, f.evidence.start)):
        ev = fact.evidence
        if fact.kind.value not in _LISTED_AS_ONE:
            out.append(fact)  # (its identity, a JSON dump, is needed by listed kinds only)
            continue
        key = (_identity(fact), ev.page)
        before = last.get(key)
        if before is not None and _same_flags(before, fact) and \
                before.evidence.end < ev.start and _LIST_JOINT_RE.fullmatch(
                    texts[ev.page], before.evidence.end, ev.start):
            start = before.evidence.start
            before.evidence = before.evidence.model_copy(update={
                "end": ev.end, "quote": texts[ev.page][start:ev.end]})
            continue
        last[key] = fact
        out.append(fact)
    order = {id(fact): index for index, fact in enumerate(facts)}
    return sorted(out, key=lambda fact: order[id(fact)])


def _same_flags(a: Fact, b: Fact) -> bool:
    return all(getattr(a, flag) == getattr(b, flag)
               for flag in ("negated", "hypothetical", "historical", "family"))


def _identity(fact: Fact) -> str:
    if fact.kind.value == "diagnosis":
        return fact.kind.value
    value = {k: v for k, v in fact.value.items() if k not in ("detail", "group")}
    return fact.kind.value + json.dumps(value, sort_keys=True, default=str)


def _deduplicate(facts: list[Fact]) -> list[Fact]:
    """Two triggers reading the same fact from overlapping text give one fact: the one
    with the widest evidence ("home exercise program" over "home exercise")."""
    kept: list[Fact | None] = []
    by_identity: dict[str, list[int]] = {}
    for fact in facts:
        indexes = by_identity.setdefault(_identity(fact), [])
        ev = fact.evidence
        for index in indexes:
            other = kept[index]
            assert other is not None
            oe = other.evidence
            if oe.page == ev.page and oe.start < ev.end and ev.start < oe.end:
                if ev.end - ev.start > oe.end - oe.start:
                    kept[index] = fact
                break
        else:
            indexes.append(len(kept))
            kept.append(fact)
    return [fact for fact in kept if fact is not None]


#: Kinds where one span holds one finding: of overlapping facts, the most specific stays.
_EXCLUSIVE = frozenset(name for name, model in VALUE_MODELS.items() if model.exclusive)
_GENERIC_VALUES = {"other"}


def _drop_shadowed(facts: list[Fact]) -> list[Fact]:
    """Of two overlapping facts of an exclusive kind, drop the generic one ("other" under
    a named finding), the one inside the other ("tenderness" in "joint line tenderness"),
    or the later of two on the very same span."""
    by_kind: dict[tuple[str, int], list[Fact]] = {}
    for fact in facts:
        if fact.kind.value in _EXCLUSIVE:
            by_kind.setdefault((fact.kind.value, fact.evidence.page), []).append(fact)
    dropped: set[int] = set()
    for group in by_kind.values():
        for a in group:
            for b in group:
                if a is b or id(a) in dropped or id(b) in dropped:
                    continue
                ea, eb = a.evidence, b.evidence
                if not (ea.start < eb.end and eb.start < ea.end):
                    continue
                generic_a = set(map(str, a.value.values())) & _GENERIC_VALUES
                generic_b = set(map(str, b.value.values())) & _GENERIC_VALUES
                if generic_a and not generic_b:
                    dropped.add(id(a))
                elif eb.start <= ea.start and ea.end <= eb.end and (ea.end - ea.start) < (
                        eb.end - eb.start):
                    dropped.add(id(a))
                elif (ea.start, ea.end) == (eb.start, eb.end) and group.index(a) > group.index(b):
                    dropped.add(id(a))  # two rules read one span: the first declared stays
    return [fact for fact in facts if id(fact) not in dropped]


def iter_facts(documents: Iterable[Document]) -> Iterator[Fact]:
    """Facts one document at a time: for streams too long to hold in memory."""
    for document in documents:
        yield from document_facts(document)
