"""What holds across the documents of a case: copies, links, and computed drug values.

- Copied-forward text: a fact whose words (the quote with some text on either side) were
  already read in an earlier document is marked `copy_of` the earliest such fact, so it is
  shown but not counted again.
- Links: an outcome (`treatment_trial`) points `about` the treatment it judges, a side
  effect to its drug, an injection response to the procedure, a functional gain or its
  absence to the course, procedure or device under way: the nearest earlier mention in the
  same document (the annotators link across documents in under 1% of the train and dev
  links: a note judges what it states itself).
- Each medication fact that states strength and directions carries the numbers they give
  (`regimen.computed_values`), and the date the drug was begun when its line tells it
  (`column_tables.use_began`) and whether its sentence names it in a denied list
  (`gi_risk.in_denied_list`); a GI risk factor, a dose told high or heartburn put down to
  food (`gi_risk.factor_told`); a risk screen, the score and risk its sentence tells
  (`opioid_monitoring.risk_told`); a pain score, whether its clause tells of a time off the
  drug (`pain_changes.told_off_drug`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from openimr.model import Document, Fact
from openimr.model.document import DocumentType
from openimr.model.yamltext import load_yaml
from openimr.records import linkrank
from openimr.records.column_tables import use_began
from openimr.records.gi_risk import factor_told, in_denied_list
from openimr.records.kinds.base import VISCOSUPPLEMENT_NAMES
from openimr.records.kinds.drugs import drug_names
from openimr.records.kinds.history import COURSE_TREATMENTS
from openimr.records.opioid_monitoring import risk_told
from openimr.records.pain_changes import told_off_drug
from openimr.records.regimen import computed_values

_CONTEXT = 30
_VISIT_CELL_RE = re.compile(r"\s*\d{1,3}\s*(?:/\s*\d{1,3})?\s*")
_NEARLY = 80  # rapidfuzz ratio of the surroundings for a copy
_SPACES_RE = re.compile(r"\s+")


def link_case(documents: list[Document], facts: list[Fact]) -> list[Fact]:
    """The case's facts (in document order) with copies marked, links set and drug
    numbers computed."""
    # each fact's clause, found once: copies and links both read it
    clauses = _clauses({(d.id, p.number): p.text for d in documents for p in d.pages}, facts)
    prepare(documents, facts, clauses)
    model = linkrank.active()
    state = _LinkState(documents, facts, ranked=model is not None, clauses=clauses)
    for index, chosen in _choices(state, model):
        if chosen is not None:
            facts[index].about = facts[chosen].key
    return facts


#: A case with at least this many facts is linked by this process and a forked copy of it
#: per other core, each choosing the links of a run of the facts (a 300-page record holds
#: ~14,500 facts and ~4,400 to link; a fork costs ~30-60 ms). Each fact's choice depends on
#: the case's facts alone, not on the links chosen before it, so the links are the same.
PARALLEL_FACTS = 3_000
#: what forked linkers read (inherited at the fork, never pickled)
_forked: tuple[_LinkState, linkrank.Ranker | None] | None = None


def _choices(state: _LinkState, model: linkrank.Ranker | None) -> list[tuple[int, int | None]]:
    """Each linked fact's index and the index of what it is about (or None), in order."""
    from openimr.records.extract import extract_workers

    facts = state.facts
    workers = extract_workers() if len(facts) >= PARALLEL_FACTS else 1
    if workers <= 1:
        return _choose(state, model, range(len(facts)))
    import multiprocessing

    global _forked
    # runs of about as many facts to link each (a source costs ~30 pairs, another fact
    # next to nothing)
    sources = [i for i, fact in enumerate(facts) if linkrank.is_source(fact)]
    cuts = [0, *(sources[len(sources) * n // workers] for n in range(1, workers)), len(facts)]
    runs = [range(lo, hi) for lo, hi in zip(cuts, cuts[1:], strict=False) if lo < hi]
    _forked = (state, model)
    try:
        with multiprocessing.get_context("fork").Pool(len(runs) - 1) as pool:
            pending = [pool.apply_async(_choose_forked, (run,)) for run in runs[1:]]
            out = _choose(state, model, runs[0])
            for result in pending:
                out.extend(result.get())
    finally:
        _forked = None
    return out


def _choose_forked(run: range) -> list[tuple[int, int | None]]:
    assert _forked is not None
    return _choose(*_forked, run)


def _choose(state: _LinkState, model: linkrank.Ranker | None, run: range
            ) -> list[tuple[int, int | None]]:
    out = []
    for index, pairs, chosen in state.candidates(run):
        if model is not None and pairs is not None:
            chosen, _probability = model.choose(pairs)
        out.append((index, chosen))
    return out


def prepare(documents: list[Document], facts: list[Fact], clauses: list[str] | None = None
            ) -> None:
    """What links are read after: copies marked, drug numbers computed. `clauses`: each
    fact's (`_clauses`), when found already."""
    _mark_copies(documents, facts, clauses)
    pages = {(d.id, p.number): p.text for d in documents for p in d.pages}
    for fact in facts:
        told = _told_beside(fact, pages.get((fact.evidence.document, fact.evidence.page)))
        if told:
            fact.value = {**fact.value, **told}


def _told_beside(fact: Fact, text: str | None) -> dict[str, Any]:
    """The values a fact's line or sentence gives beyond the fact itself (`text`: its page):
    a drug's numbers, the date it was begun and a denial of it; a GI risk factor's dose told
    high or its other cause; a pain score's time off the drug; a risk screen's score."""
    kind, ev = fact.kind.value, fact.evidence
    if kind == "medication":
        told: dict[str, Any] = dict(computed_values(fact.value))
        began = use_began(text, ev.start, ev.end) if text else None
        if began is not None:
            told["began"] = began.isoformat()
        if text and in_denied_list(text, ev.start, ev.end, ev.quote):
            told["in_denied_list"] = True
        return told
    if not text:
        return {}
    if kind == "gi_risk_factor":
        told = dict(factor_told(text, ev.start, ev.end, str(fact.value.get("factor"))))
        if in_denied_list(text, ev.start, ev.end, ev.quote):
            told["in_denied_list"] = True
        return told
    if kind == "pain_score":
        return {"off_drug": True} if told_off_drug(text, ev.start, ev.end) else {}
    if kind == "opioid_monitoring" and fact.value.get("item") == "risk_assessment":
        return risk_told(text, ev.start, ev.end)
    return {}


def link_candidates(documents: list[Document], facts: list[Fact], *, ranked: bool = True
                    ) -> Iterator[tuple[int, list[linkrank.Pair] | None, int | None]]:
    """Per fact that can be about a treatment: its index, its candidate pairs for the ranker
    (None for a fact the ranker does not judge, or when `ranked` is false) and the rules'
    choice (an index into `facts`, or None)."""
    return _LinkState(documents, facts, ranked=ranked).candidates(range(len(facts)))


class _LinkState:
    """What linking reads of a case, found once: its pages, the documents written during a
    course, the ranker's context and each document's facts in order."""

    def __init__(self, documents: list[Document], facts: list[Fact], *, ranked: bool,
                 clauses: list[str] | None = None) -> None:
        self.facts = facts
        self.pages = {(d.id, p.number): p.text for d in documents for p in d.pages}
        self.clauses = _clauses(self.pages, facts) if clauses is None else clauses
        self.courses = {d.id for d in documents if _course_document(d)}
        self.ctx = linkrank.context(documents, facts, self.pages, self.courses,
                                    _kinds_named) if ranked else None
        self.position = {id(f): i for i, f in enumerate(facts)}
        # each document's facts in order: the rules look in the fact's own document (a scan
        # of the case for each fact made a long record's linking grow with its square)
        self.by_document: dict[str, list[Fact]] = {}
        for fact in facts:
            self.by_document.setdefault(fact.evidence.document, []).append(fact)

    def candidates(self, run: range
                   ) -> Iterator[tuple[int, list[linkrank.Pair] | None, int | None]]:
        """`link_candidates` of the facts of one run of indices."""
        facts, pages, ctx = self.facts, self.pages, self.ctx
        for index in run:
            fact = facts[index]
            ev = fact.evidence
            sentence = self.clauses[index]
            # the text before a gain's clause, where the treatment under discussion is named
            before = _text_before(pages, fact) if fact.kind.value == "functional_improvement" \
                else ""
            wanted = _target(fact, sentence, course=ev.document in self.courses, before=before)
            tests = wanted if isinstance(wanted, tuple) else (wanted,) if wanted else ()
            chosen = _rule_choice(facts, index, wanted, pages, self.by_document[ev.document])
            picked = self.position[id(chosen)] if chosen is not None else None
            if ctx is not None and linkrank.is_source(fact):
                yield index, linkrank.pairs(ctx, index, sentence, tests, picked), picked
            elif wanted is not None:
                yield index, None, picked


def _rule_choice(facts: list[Fact], index: int,
                 wanted: Callable[[Fact], bool] | tuple[Callable[[Fact], bool], ...] | None,
                 pages: dict[tuple[str, int], str], document: list[Fact] | None = None
                 ) -> Fact | None:
    """What the rules link a fact to: the nearest fact passing the first of its tests some
    fact passes (a tuple is an order of preference). `document`: the facts of its document
    in order (else found in `facts`)."""
    if wanted is None:
        return None
    if document is None:
        mine = facts[index].evidence.document
        document = [f for f in facts if f.evidence.document == mine]
    tests = wanted if isinstance(wanted, tuple) else (wanted,)
    # the nearest treatment stated in the fact's own list item or clause just before it
    # ("Lyrica (dizzy)", "aquatic therapy 8 visits (felt good in the pool only)", "given X
    # and Y - the X upset his stomach") is what it judges, whatever the order of preference
    # says, unless one is stated within its own words ("... stopped; sertraline helps")
    item, inside = _in_item(facts[index], document, pages)
    if not any(test(f) for f in inside for test in tests):
        passing = sorted((f for f in item if any(test(f) for test in tests)),
                         key=lambda f: -f.evidence.start)
        target = next((f for f in passing if _had(f)), passing[0] if passing else None)
        if target is not None:
            return target
    for test in tests:
        target = _nearest(facts, index, test, pages, document)
        if target is not None:
            return target
    if (_judges_earlier(facts[index]) or wanted is _procedure_done) \
            and not isinstance(wanted, tuple):
        # a later note's report of a procedure's result ("the 3/2 ESI gave 60% relief for
        # 8 weeks"), or its judgement of a treatment it does not state itself ("the pain is
        # creeping back" in a call after the injection), or a gain told with a procedure's
        # result, is about the treatment the latest earlier note states (the scheme: "else
        # the latest earlier document")
        return _latest_earlier(facts, index, wanted)
    return None


def _in_item(fact: Fact, document: list[Fact], pages: dict[tuple[str, int], str]
             ) -> tuple[list[Fact], list[Fact]]:
    """The facts of the document that start in the fact's own clause or list item before
    its words (from the last comma, semicolon, colon, stop, line break or table bar before
    it): a treatment named there is the one the fact's words follow; and those that start
    within its words."""
    ev = fact.evidence
    text = pages.get((ev.document, ev.page))
    if not text:
        return [], []
    lo = linkrank.span(text, ev.start, ev.end, linkrank.CLAUSE_END_RE)[0]
    page = [f for f in document if f is not fact and f.evidence.page == ev.page
            and lo <= f.evidence.start < ev.end]
    return ([f for f in page if f.evidence.start < ev.start],
            [f for f in page if f.evidence.start >= ev.start])


def _clauses(pages: dict[tuple[str, int], str], facts: list[Fact]) -> list[str]:
    """Each fact's clause (`_sentence_of`; empty where its page is not in the case)."""
    out = []
    for fact in facts:
        ev = fact.evidence
        out.append(_sentence_of(pages.get((ev.document, ev.page), ""), ev.start, ev.end))
    return out


def _sentence_of(text: str, start: int, end: int) -> str:
    """The clause around a fact (to a full stop, semicolon, line break or table bar): what
    it says its outcome or gain is about."""
    lo, hi = linkrank.span(text, start, end, linkrank.SENTENCE_END_RE)
    return text[lo:hi]


def _signature(text: str, start: int, end: int) -> str:
    window = text[max(0, start - _CONTEXT):end + _CONTEXT]
    return _SPACES_RE.sub(" ", window).strip().lower()


#: How much of a copied block one side of a fact must share word for word with the earlier
#: note: a block carried forward verbatim up to the fact, or from it on, whose other side
#: a new section or an edited sentence follows ("Interval: ..." appended after the copied
#: history, a new line before a copied ROS item).
_SIDE = 50


def _sides(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    """The fact's words with what comes before it, and with what comes after it (`_SIDE`
    characters each, spaces and case normalized); None for a side the page's edge cuts
    short ("TTD." ending two notes is no copied block)."""
    before, after = text[max(0, start - _SIDE):start], text[end:end + _SIDE]
    quote = text[start:end]
    return (_SPACES_RE.sub(" ", before + quote).strip().lower()
            if len(before.strip()) >= _SIDE // 2 else None,
            _SPACES_RE.sub(" ", quote + after).strip().lower()
            if len(after.strip()) >= _SIDE // 2 else None)


#: A note's own label for a line carried over from an earlier note ("[copied forward] UDS
#: consistent", "carried forward from 08/2016"): what it says is not a new finding.
_COPY_LABEL_RE = re.compile(r"\b(?:copied|carried|pulled)\s+(?:forward|over)\b|"
                            r"\bcopied\s+from\s+(?:the\s+)?(?:prior|previous|last|earlier)\b",
                            re.IGNORECASE)
#: What `copy_of` says of a fact in a clause the note labels as copied.
LABELLED_COPY = "labelled copied forward by the note"


def _mark_copies(documents: list[Document], facts: list[Fact],
                 clauses: list[str] | None = None) -> None:
    """A fact is a copy when an earlier document states the same words (its quote) in
    nearly the same surroundings (the words around it at least `_NEARLY` alike, or the words
    on one side of it the same, `_sides`), or when the note itself labels its clause as
    copied forward (the earlier note may not be in the file)."""
    pages = {(d.id, p.number): p.text for d in documents for p in d.pages}
    seen: dict[tuple[str, str], list[tuple[Fact, str, tuple[str | None, str | None]]]] = {}
    for index, fact in enumerate(facts):
        ev = fact.evidence
        text = pages.get((ev.document, ev.page))
        if text is None:
            continue
        clause = clauses[index] if clauses is not None else _sentence_of(text, ev.start, ev.end)
        if _COPY_LABEL_RE.search(clause):
            fact.copy_of = LABELLED_COPY
            continue
        quote = (fact.kind.value, _SPACES_RE.sub(" ", ev.quote).strip().lower())
        window = _signature(text, ev.start, ev.end)
        sides = _sides(text, ev.start, ev.end)
        earlier = seen.setdefault(quote, [])
        for other, other_window, other_sides in earlier:
            if other.evidence.document != ev.document and (
                    _ratio(window, other_window) >= _NEARLY
                    or any(mine is not None and mine == theirs
                           for mine, theirs in zip(sides, other_sides, strict=True))):
                fact.copy_of = other.copy_of or other.key
                break
        earlier.append((fact, window, sides))


def _ratio(one: str, other: str) -> float:
    """rapidfuzz's ratio, imported when two documents first share a quote (~0.03 s of a
    review of one document, which never compares)."""
    from rapidfuzz import fuzz

    return fuzz.ratio(one, other)


@cache
def _drug_classes() -> dict[str, str]:
    return {d.generic: d.drug_class for d in drug_names()}


#: The courses an outcome judges, by its treatment (OT is judged as physical therapy).
_COURSE_MODALITIES: dict[str, set[str]] = {}
for _modality, _treatment in COURSE_TREATMENTS.items():
    if _treatment != "other":  # an aquatic or restoration program's outcome names it
        _COURSE_MODALITIES.setdefault(_treatment, set()).add(_modality)
_DRUG_CLASSES = {"nsaid", "muscle_relaxant", "antidepressant", "anticonvulsant", "opioid"}
_NEUROPATHIC = {"first_line_neuropathic"}
#: Drugs taken against another drug's side effect: "constipation, controlled with senna"
#: is not senna's side effect.
_REMEDIES = {"laxative", "ppi", "h2_blocker", "antiemetic", "gi_protectant"}
_SIDE_EFFECT_RULES = Path(__file__).resolve().parent / "rules" / "side_effects.yaml"
#: What a functional gain is said to come from, by the words of its own sentence.
_GAIN_CAUSES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern, re.IGNORECASE), kind) for pattern, kind in [
        (r"\b(?:inject\w*|blocks?|(?-i:ESIs?|ESls?)|epidural|RFA|ablation|TPIs?|neurotomy)\b",
         "injection_history"),
        (r"\b(?:TENS|H-?wave|unit|stimulator|SCS|device|brace)\b", "device_trial"),
        (r"\b(?:surgery|surgical|post-?op\w*|pre-?op\w*|operation|s/p|repair|fusion|"
         r"release|arthroscopy|arthroplasty|replacement|discectomy|ACDF)\b", "surgery"),
        (r"\b(?:therapy|PT|OT|physio\w*|chiro\w*|acupuncture|CBT|sessions?|visits?|"
         r"programs?|FRP|conditioning|hardening|aquatic|pool|IE|intake|treatments?|adjustments?"
         r")\b", "therapy_sessions"),
        (r"\b(?:medications?|meds|pills?|opioids?|narcotics?)\b", "medication"),
    ]
]
#: Injections an outcome names by what was injected.
_INJECTION_WORDS: list[tuple[re.Pattern[str], set[str]]] = [
    (re.compile(pattern, re.IGNORECASE), types) for pattern, types in [
        (r"epidural|\b(?-i:ESIs?|ESls?)\b|(?-i:TFES[Il])", {"epidural_steroid"}),
        (r"medial\s+branch|\bMBBs?\b", {"medial_branch_block"}),
        (r"radiofrequency|\bRFA\b|ablation|neurotomy", {"radiofrequency"}),
        (r"facet", {"facet"}),
        (r"trigger\s+point|\bTPIs?\b", {"trigger_point"}),
        (rf"visco\w*|hyaluron\w*|{VISCOSUPPLEMENT_NAMES}", {"joint"}),
    ]
]


@cache
def _drug_words() -> tuple[tuple[str, str], ...]:
    """Each drug name lowered, with its generic."""
    return tuple((d.name.lower(), d.generic) for d in drug_names())


@cache
def _drug_words_split() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """`_drug_words` cut in two: the names of one word (letters and digits only), each with
    its generic, and the others ("Norco 10/325", "co-codamol")."""
    single: dict[str, str] = {}
    other = []
    for name, generic in _drug_words():
        if _ONE_WORD_RE.fullmatch(name):
            single[name] = generic
        else:
            other.append((name, generic))
    return single, tuple(other)


_ONE_WORD_RE = re.compile(r"\w+")


def _named_drugs(sentence: str) -> set[str]:
    """The generics a sentence names (as a word of its own: a name of one word is one of
    the sentence's words, which is what `\bname\b` finds, without trying every name)."""
    lowered = sentence.lower()
    single, other = _drug_words_split()
    found = {single[word] for word in _ONE_WORD_RE.findall(lowered) if word in single}
    found.update(generic for name, generic in other if name in lowered
                 and re.search(rf"\b{re.escape(name)}\b", lowered))
    return found


def _is_response(fact: Fact) -> bool:
    """An injection's result (relief, its duration, a medication cut), not the procedure."""
    return fact.kind.value == "injection_history" and not _is_procedure(fact)


def _judges_earlier(fact: Fact) -> bool:
    """A result or an outcome, which a later note may report of a treatment stated only in
    an earlier one (not a functional gain, linked only where its own sentence names a cause,
    nor a side effect, judged against the drugs its note lists)."""
    return _is_response(fact) or fact.kind.value == "treatment_trial"


def _latest_earlier(facts: list[Fact], index: int, wanted: Callable[[Fact], bool]
                    ) -> Fact | None:
    """The latest matching fact of the documents before the fact's own (facts are in
    document order): the scheme's "else the latest earlier document"."""
    document = facts[index].evidence.document
    for j in range(index - 1, -1, -1):  # the latest first
        if facts[j].evidence.document != document and wanted(facts[j]):
            return facts[j]
    return None


def _is_procedure(fact: Fact) -> bool:
    """An injection done or planned, not its result (relief, its span, a medication cut)."""
    return fact.kind.value == "injection_history" and not linkrank.is_source(fact)


#: A drug told as cut, stopped or no longer needed, by the words just before its name
#: ("off hydrocodone", "stopped the naproxen", "has not needed the tramadol") or just after
#: it ("Percocet stopped", "oxycodone use down from 5 to 1", "ibuprofen rarely", "Norco now
#: 2 a day (was 4)").
_CUT_BEFORE_RE = re.compile(
    r"\b(?:off(?:\s+of)?|stopp?(?:ed|ing)?|quit|discontinu\w*|cut(?:\s+back\s+on)?|"
    r"taper\w*(?:\s+off)?|wean\w*(?:\s+off)?|reduc\w*|decreas\w*|no\s+longer\s+\w+|"
    r"(?:has\s*n[o']t|have\s*n[o']t|hasn't|not|never)\s+(?:needed|taken|used|been\s+taking)|"
    # "managing without the Norco", never a condition ("Without Norco he could not work")
    r"(?:manag\w*|doing\s+(?:well|fine|ok(?:ay)?)|get(?:s|ting)?\s+by|gone\s+\w+\s+days?)\s+without)"
    r"\s+(?:the\s+|his\s+|her\s+|all\s+|any\s+|(?:\d+\s*)?)?\W*$", re.IGNORECASE)
_CUT_AFTER_RE = re.compile(
    r"^(?:/\w+)?[\s\d/.,-]{0,10}?\s(?:use\s+|intake\s+|dose\s+)?(?:now\s+)?(?:was\s+|were\s+|has\s+been\s+|is\s+)?"
    r"(?:stopped|discontinued|d/?c'?d|down\b|dropped|fell|decreased|reduced|tapered|weaned|"
    r"cut\b|rarely|only\s+(?:at|a|once|occasionally|\d)|no\s+longer|not\s+needed)|"
    r"\(was\s+\d|\bwas\s+\d+\s*(?:/|a\s+day|per|tabs?|x)", re.IGNORECASE)


def _drug_cut(sentence: str) -> bool:
    """Whether a clause tells a drug it names as cut or stopped (`_CUT_BEFORE_RE`,
    `_CUT_AFTER_RE`): the drug is then the gain, not its cause."""
    lowered = sentence.lower()
    single, other = _drug_words_split()
    names = [w for w in set(_ONE_WORD_RE.findall(lowered)) if w in single]
    names += [name for name, _generic in other if name in lowered]
    for name in names:
        for found in re.finditer(rf"\b{re.escape(name)}\b", lowered):
            if _CUT_BEFORE_RE.search(lowered[max(0, found.start() - 40):found.start()]) \
                    or _CUT_AFTER_RE.search(lowered[found.end():found.end() + 50]):
                return True
    return False


#: Documents written during a course of therapy (its flowsheet, note, home-health visit or
#: discharge): a functional gain they state is the course's unless its sentence names
#: another cause. (Train and dev: 57 such gains linked to the course, 34 not; a stated
#: absence of gain is mostly left unlinked, 4 against 18.)
_COURSE_DOCUMENTS = {DocumentType.therapy_flowsheet, DocumentType.therapy_note,
                     DocumentType.home_health_assessment, DocumentType.discharge_summary}


def _course_document(document: Document) -> bool:
    kind = document.document_type
    if kind is None:
        return False
    return DocumentType(kind) in _COURSE_DOCUMENTS


def _target(fact: Fact, sentence: str = "", *, course: bool = False, before: str = ""
            ) -> Callable[[Fact], bool] | tuple[Callable[[Fact], bool], ...] | None:
    """What the fact is about, as a test on candidate facts (or tests in order of
    preference); None: it links to nothing.
    `sentence` is the clause the fact stands in (a drug or procedure it names narrows the
    candidates); `course`: the fact stands in a document written during a therapy course;
    `before`: the text of its page before that clause (`_text_before`), whose last
    sentences name the treatment under discussion."""
    kind, value = fact.kind.value, fact.value
    if kind == "treatment_trial":
        return _outcome_target(str(value.get("treatment")), sentence)
    if kind == "functional_improvement":
        # a drug stopped or cut ("off tramadol", "Percocet stopped 10/05", "oxycodone down
        # to 1 a day") is the gain, not its cause, whatever domain the reading gave it
        wanted = _gain_target(sentence, drugs=value.get("domain") != "reduced_treatment"
                              and not _drug_cut(sentence))
        if wanted is None and course and value.get("present") is True:
            return lambda f: f.kind.value == "therapy_sessions"
        if wanted is None and _RELIEF_SHARE_RE.search(sentence):
            return _procedure_done  # "70% better for six weeks, sleeping through the night"
        if wanted is None and before:
            return _topic_cause(before, sentence)
        return wanted
    if kind == "side_effect":
        return _side_effect_targets(fact, sentence)
    if kind == "injection_history" and not _is_procedure(fact):
        kind_of = value.get("type")
        return lambda f: (_is_procedure(f) and f.value.get("type") == kind_of
                          and not f.hypothetical)
    return None


@cache
def _effect_classes() -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    """The drug classes an adverse effect points to (`rules/side_effects.yaml`)."""
    data = load_yaml(_SIDE_EFFECT_RULES.read_text(encoding="utf-8")) or {}
    return [(re.compile(str(entry["pattern"]), re.IGNORECASE), tuple(entry["classes"]))
            for entry in data["effects"]]


def _taken(fact: Fact) -> bool:
    """A medication the worker takes or took (not one proposed, nor a remedy for another
    drug's effect): what an adverse effect can be about."""
    return (fact.kind.value == "medication" and not fact.hypothetical
            and _drug_classes().get(str(fact.value.get("generic"))) not in _REMEDIES)


def _side_effect_targets(fact: Fact, sentence: str) -> tuple[Callable[[Fact], bool], ...]:
    """The drug an adverse effect is about, in order of preference: the drug its own clause
    names ("baclofen makes him groggy"), the drug the reading gave it when that drug can
    cause it, the nearest drug of the class the effect points to ("Mild constipation" is the
    opioid's, "no heartburn or black stools" the NSAID's), the drug the reading gave it,
    and last the drug taken before it."""
    drug = str(fact.value.get("drug") or "").lower()
    if _drug_classes().get(drug) in _REMEDIES:
        drug = ""  # "constipation, managed with senna" is not senna's effect

    def named(generics: set[str]) -> Callable[[Fact], bool]:
        return lambda f: _taken(f) and (str(f.value.get("generic")).lower() in generics
                                        or str(f.value.get("drug")).lower() in generics)

    in_clause = {g for g in _named_drugs(sentence) if _drug_classes().get(g) not in _REMEDIES}
    effect = f"{fact.value.get('effect') or ''} {fact.evidence.quote}"
    classes = next((c for pattern, c in _effect_classes() if pattern.search(effect)), ())
    preferred: list[Callable[[Fact], bool]] = []
    if in_clause:
        preferred.append(named({drug} & in_clause or in_clause))
    if drug and (not classes or _drug_classes().get(drug) in classes):
        preferred.append(named({drug}))
    preferred += [lambda f, c=c: _taken(f) and _drug_classes().get(
        str(f.value.get("generic"))) == c for c in classes]
    if drug:
        preferred.append(named({drug}))
    return (*preferred, _taken)


def _outcome_target(treatment: str, sentence: str) -> Callable[[Fact], bool] | None:
    """The treatment an outcome judges: the course by modality, the drug by class (the one
    its sentence names, if any), the injection (of the kind its sentence names), TENS."""
    if treatment in _COURSE_MODALITIES:
        modalities = _COURSE_MODALITIES[treatment]
        return lambda f: (f.kind.value == "therapy_sessions"
                          and f.value.get("modality") in modalities)
    classes = {"first_line_neuropathic": {"anticonvulsant", "antidepressant"}}.get(
        treatment, {treatment})
    if classes <= _DRUG_CLASSES | {"anticonvulsant", "antidepressant"}:
        named = {g for g in _named_drugs(sentence) if _drug_classes().get(g) in classes}
        return lambda f: (f.kind.value == "medication"
                          and _drug_classes().get(str(f.value.get("generic"))) in classes
                          and (not named or f.value.get("generic") in named))
    if treatment == "injection":
        types = set().union(*(t for pattern, t in _INJECTION_WORDS if pattern.search(sentence)))
        return lambda f: _is_procedure(f) and (not types or f.value.get("type") in types)
    if treatment == "tens":  # H-wave is judged as TENS
        return lambda f: f.kind.value == "device_trial" and f.value.get("device") in (
            "tens", "h_wave")
    if treatment == "other":
        return _other_target(sentence)
    return None


#: What an outcome on "other" treatment judges, by the words of its clause.
_OTHER_TREATMENTS: list[tuple[re.Pattern[str], Callable[[Fact], bool]]] = [
    (re.compile(r"\b(?:surgery|surgical|operation|post-?op\w*|s/p|repair|fusion|release|"
                r"arthroscop\w*|arthroplasty|replacement|discectomy|laminectomy|ACDF)\b",
                re.IGNORECASE), lambda f: f.kind.value == "surgery"),
    (re.compile(r"\b(?:stimulator|SCS|pump|device)\b", re.IGNORECASE),
     lambda f: f.kind.value == "device_trial"),
    (re.compile(r"\b(?:aquatic|aqua|pool)\b", re.IGNORECASE),
     lambda f: f.kind.value == "therapy_sessions"
     and f.value.get("modality") == "aquatic_therapy"),
]


def _other_target(sentence: str) -> Callable[[Fact], bool] | None:
    """An outcome the scheme files under "other" (a sleep aid, an antibiotic, surgery, a
    stimulator): the drug its clause names, else the procedure or device it names."""
    named = _named_drugs(sentence)
    if named:
        return lambda f: f.kind.value == "medication" and f.value.get("generic") in named
    for pattern, wanted in _OTHER_TREATMENTS:
        if pattern.search(sentence):
            return wanted
    return None


@lru_cache(maxsize=4096)
def _kinds_named(text: str) -> frozenset[str]:
    """The kinds of treatment a text names by the words of `_GAIN_CAUSES` (a drug by its
    name too)."""
    found = {kind for pattern, kind in _GAIN_CAUSES if pattern.search(text)}
    if _named_drugs(text):
        found.add("medication")
    return frozenset(found)


def _gain_target(sentence: str, *, drugs: bool = True) -> Callable[[Fact], bool] | None:
    """A functional gain (or its absence) is about a treatment only when its sentence
    says so ("since the injection", "with PT", "with Norco she can..."): the kind of
    treatment it names, the nearest one stated before it."""
    named = _named_drugs(sentence) if drugs else set()
    if named:
        return lambda f: f.kind.value == "medication" and f.value.get("generic") in named
    for pattern, kind in _GAIN_CAUSES:
        if kind == "medication" and not drugs:
            continue
        if pattern.search(sentence):
            if kind == "injection_history":
                return _procedure_done
            return lambda f, k=kind: f.kind.value == k and not f.hypothetical
    return None


def _text_before(pages: dict[tuple[str, int], str], fact: Fact) -> str:
    """The text of the fact's page before its clause (as `_sentence_of` cuts it), at most
    1,000 characters: where the treatment under discussion is named."""
    ev = fact.evidence
    text = pages.get((ev.document, ev.page), "")
    lo = linkrank.span(text, ev.start, ev.end, linkrank.SENTENCE_END_RE)[0]
    return text[max(0, lo - 1000):lo]


def _topic_cause(before: str, sentence: str) -> Callable[[Fact], bool] | None:
    """A gain whose own clause names no cause, told right after a sentence that names a
    course, a procedure or a device ("Completed 8 sessions of PT. She can now carry the
    laundry basket.", "The RFA was done on 3/2. Back to full shifts."), is about that
    treatment: the last one the paragraph's nearest earlier sentence names
    (`discourse.topic`: at most two sentences back, never across a blank line, nor from one
    list item or table row to the next). Not a drug: a gain told after a medication line
    is seldom the drug's unless its own words say so ("with Norco"; train: a drug topic was
    the linked cause of 10 of 137 such gains read, a course, procedure or device of 109 of
    250)."""
    from openimr.records.discourse import topic

    carried = topic(before, sentence, wide=True)
    if not carried:
        return None
    start, end, name = carried[-1]
    words = before[start:end]
    if name in _DRUG_CLASSES | _NEUROPATHIC or _named_drugs(words):
        return None
    wanted = _outcome_target(name, words)
    if wanted is None:
        return None
    return lambda f: wanted(f) and not f.hypothetical


def _procedure_done(fact: Fact) -> bool:
    """A procedure had (not one planned): what a gain told with an injection is about."""
    return _is_procedure(fact) and not fact.hypothetical


#: A procedure's result told as a share of relief ("70% relief", "about 60% better",
#: "roughly seventy percent less pain"): a gain told in the same sentence is the
#: procedure's too.
_RELIEF_SHARE_RE = re.compile(
    r"\b(?:\d{1,3}|[a-z]+ty(?:[- ][a-z]+)?)\s*(?:%|percent|per\s+cent)\s+(?:of\s+)?"
    r"(?:relief|better|improve\w*|less\s+pain|reduction|pain\s+relief)\b", re.IGNORECASE)


def _nearest(facts: list[Fact], index: int, wanted: Callable[[Fact], bool],
             pages: dict[tuple[str, int], str] | None = None,
             document: list[Fact] | None = None) -> Fact | None:
    """The nearest earlier matching fact in the same document (the first stated at that
    place: "attended 10 of 20 authorized" is about the 10 attended), else the nearest later
    one on the same page. A flowsheet row's visit cell ("7/12") states one visit, not the
    course: the course's own statement is preferred when there is one. `document`: the facts
    of its document in order (else found in `facts`)."""
    fact = facts[index]
    if document is None:
        document = [f for f in facts if f.evidence.document == fact.evidence.document]
    same = [f for f in document if f is not fact and wanted(f)]
    cells = [f for f in same if _VISIT_CELL_RE.fullmatch(f.evidence.quote)]
    row = [f for f in cells if fact.kind.value == "treatment_trial" and pages is not None
           and _same_line(f, fact, pages)]
    # ... except for an outcome written in the visit's own row ("8/12 | ... | pt reports
    # 'same as when I started'"): it judges the course as of that visit
    same = row or [f for f in same if f not in cells] or same
    had = [f for f in same if _had(f)]
    same = had or same
    # a mention that starts inside the outcome's own words ("Meloxicam helps a bit",
    # "Stopped ibuprofen because of heartburn") is the nearest one stated before it
    position = (fact.evidence.page, fact.evidence.start)
    own = [f for f in same if f.evidence.page == fact.evidence.page
           and fact.evidence.start <= f.evidence.start < fact.evidence.end]
    if own:
        return own[0]
    before = [f for f in same if (f.evidence.page, f.evidence.start) < position]
    if before:
        last = (before[-1].evidence.page, before[-1].evidence.start)
        return next(f for f in before if (f.evidence.page, f.evidence.start) == last)
    after = [f for f in same if f.evidence.page == fact.evidence.page]
    return after[0] if after else None


def _had(fact: Fact) -> bool:
    """Not a course's visits authorized or asked for: what an outcome judges is the visits
    had (train and dev: 172 links to completed or attended visits, 30 to authorized ones)."""
    return fact.kind.value != "therapy_sessions" or fact.value.get("status") in (
        "attended", "completed")


def _same_line(first: Fact, second: Fact, pages: dict[tuple[str, int], str]) -> bool:
    """Whether two facts stand on one line of a page (one row of a table)."""
    a, b = first.evidence, second.evidence
    if (a.document, a.page) != (b.document, b.page):
        return False
    lo, hi = sorted((a, b), key=lambda e: e.start)
    return "\n" not in pages.get((lo.document, lo.page), "\n")[lo.start:hi.start]
