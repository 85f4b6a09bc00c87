"""Trained reading of the narrative kinds: per segment, one classifier per kind.

The narrative kinds (functional improvement and decline, ADL limits, homebound, aberrant
behaviour, red flags, psych symptoms, mechanism of injury) are said in too many ways for
rules alone. Each page is cut into segments (sentences, split at ";" and at list items:
`segment_bounds`) and, per kind, a class-weighted logistic regression (`linear`, trained
from scratch) reads each segment's words, word pairs, word classes, the words before it in
its sentence and the rules' findings there (the rules as features), and gives the
probability of each of the kind's labels or `none`. A label is the kind, with the value
key that matters for it (`FactValue.label_key`: "functional_improvement=False",
"psych_symptom=anxiety") and "/negated" when a kind without a presence key is denied
("red_flag=cauda_equina/negated"). A fact's evidence is its segment. Treatment outcomes
are read per treatment mention instead (`outcomes`).

It runs only on segments a cheap prefilter passes (a word the training set ties to a
label) or where the rules read a narrative fact. How each kind is read is chosen on the
development sets by `make train` and recorded with the weights in
`models/narrative/meta.json`: `rules`; `union` (a trained fact where the rules found
none of the kind in the segment); `gated` (a rule fact kept where the classifier gives its
kind weight); `trained` (the classifier alone).

Training data: the v1 gold sets and the v2 corpus's train cases (`train_sources`).
"""

from __future__ import annotations

import json
import math
import random
import re
import threading
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openimr.model import Document
from openimr.model.facts import VALUE_MODELS
from openimr.records import linear
from openimr.records.lowered import CaseBlindTest
from openimr.records.pipeline import sentence_starts

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import TrainablePipe

    from openimr.records.prefilter import PatternGate

RECORDS = Path(__file__).resolve().parent
MODEL_DIR = RECORDS / "models" / "narrative"
NARRATIVE_KINDS = tuple(name for name, model in VALUE_MODELS.items() if model.narrative)
#: kinds whose value carries presence: a denial is a value, not a negated label
_PRESENCE = {"functional_improvement", "homebound", "aberrant_behavior"}
#: the kinds the segment classifiers read (treatment outcomes have their own reader, per
#: treatment mention: `outcomes`)
SEGMENT_KINDS = tuple(kind for kind in NARRATIVE_KINDS if kind != "treatment_trial")
NONE = "none"
#: a label's probability that makes it a fact, unless `make train` chose another per kind
THRESHOLD = 0.5
GATE = 0.2  # a rule's fact is kept in `gated` mode when its kind has at least this weight
MODES = ("rules", "union", "gated", "trained")
_WORD_RE = re.compile(r"[a-z][a-z_'/-]+")


def label_of(kind: str, value: dict[str, Any], negated: bool) -> str:
    key = VALUE_MODELS[kind].label_key
    label = kind if key is None else f"{kind}={value.get(key)}"
    return f"{label}/negated" if negated and kind not in _PRESENCE else label


def parse_label(label: str) -> tuple[str, str | None, bool]:
    """(kind, labelled value or None, negated)."""
    negated = label.endswith("/negated")
    label = label.removesuffix("/negated")
    kind, _, value = label.partition("=")
    return kind, (value or None), negated


@lru_cache(maxsize=4)
def sentence_bounds(text: str) -> tuple[tuple[int, int], ...]:
    """The sentences of a page as (start, end), split as the pipeline splits them (cached:
    both trained readers split the page they are given)."""
    starts = sorted(sentence_starts(text))
    bounds = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end > start:
            bounds.append((start, end))
    return tuple(bounds)


@dataclass(frozen=True)
class Sentence:
    text: str
    labels: frozenset[str]


def rule_token(kind: str, value: dict[str, Any]) -> str:
    """A rule's finding as a word the classifier reads beside the sentence's own."""
    key = VALUE_MODELS[kind].label_key
    return f"rule_{kind}_{value.get(key)}".lower() if key else f"rule_{kind}"


#: (case, page text, [(start, end, label)], [(start, rule token, rule label)])
PageGold = tuple[str, str, list[tuple[int, int, str]], list[tuple[int, str, str]]]


def source_name(source: Path) -> str:
    """How a set's cases are named ("corpus/train", or "gold" for a set in `records/`)."""
    return source.name if source.parent == RECORDS else f"{source.parent.name}/{source.name}"


def annotated_cases(sources: Iterable[Path]
                    ) -> Iterator[tuple[bool, str, Document, list[Any]]]:
    """(v2?, case, document, its annotated facts) for every document of v1 gold sets
    (`notes/`, `annotations/`; a note is its own case) and v2 corpus sets (cases of several
    documents): what every trainer here learns from. The case ("corpus/train/512-...")
    keeps a case's documents together when the trainer holds some cases out."""
    from openimr.records.evaluation import load_cases, load_gold

    for source in sources:
        v2 = not (source / "annotations").is_dir()
        items: Iterable[tuple[str, list[Document], list[Any]]] = (
            [(case.id, case.documents, case.facts) for case in load_cases(source)] if v2
            else [(document.id, [document], gold) for document, gold in load_gold(source)])
        name = source_name(source)
        for case, documents, gold in items:
            for document in documents:
                yield v2, f"{name}/{case}", document, [g for g in gold if g.note == document.id]


def annotated_documents(sources: Iterable[Path]
                        ) -> Iterator[tuple[bool, Document, list[Any]]]:
    """(v2?, document, its annotated facts): `annotated_cases` without the case."""
    for v2, _case, document, gold in annotated_cases(sources):
        yield v2, document, gold


def _pages_with_gold(source: Path) -> Iterator[PageGold]:
    """(case, page text, [(start, end, label)], [(start, rule token, rule label)]) for every
    page of a v1 gold set or v2 corpus: the annotations, and what the rules read there."""
    from openimr.records.extract import document_facts

    for _v2, case, document, gold in annotated_cases([source]):
        with rules_only():
            facts = document_facts(document)
        for page in document.pages:
            spans = [(g.start, g.end, label_of(g.kind, g.value, g.flags["negated"]))
                     for g in gold if g.kind in NARRATIVE_KINDS and g.page == page.number]
            rules = [(f.evidence.start, rule_token(f.kind.value, f.value),
                      label_of(f.kind.value, f.value, f.negated)) for f in facts
                     if f.evidence.page == page.number and f.kind.value in NARRATIVE_KINDS]
            yield case, page.text, spans, rules


_LIST_ITEM_RE = re.compile(r";\s*|\n\s*(?=(?:[-•*▪○]|\d{1,2}[.)]|\[[ xX]?\])\s)")
#: Words that state a change: a classifier's functional gain needs one (the issue's "a
#: stated activity limit is not a gain"; the rules hold the same line, `kinds.function`).
_CHANGE_RE = re.compile(
    r"improv|better|increas|progress|gain|\bnow\b|no\s+longer|\bagain\b|resum|returned|"
    r"back\s+to|up\s+from|\bfrom\s+\S*\d\S*\s+(?:\S+\s+){0,3}?to\s+\S*\d|first\s+time|\bsince\b|goals?\b|independent|"
    r"decreas|reduc|stopped|discontinu|\boff\b|↑|->|→|instead\s+of|"
    r"without\s+(?:difficulty|pain|assist)|\bmet\b|full[- ]time|full\s+(?:duty|shifts?|days?)|"
    r"\bmore\b|longer|further|\bnone\b|\bno\s+(?:more|opioids?|absences)|"
    # a stated before and after ("TUG 18 s (was 34)", "45 min (IE 15 min)", "6 h vs 3-4 h
    # previously", "Oswestry 30% (48% at consult)"), a dose cut ("cut back to", "down to
    # one a day"), and function a treatment allows ("Norco lets him walk the dog")
    r"\(\s*(?:was|IE|eval\w*|entry|intake|baseline|initial\w*|pre-?op\w*)\b|"
    r"\b(?:was|were)\s+(?:\S+\s+){0,2}?\d|\bvs\.?\s|\bpreviously\b|"
    r"\bat\s+(?:IE|eval\w*|entry|intake|baseline|consult\w*|initial|start)\b|"
    r"\b(?:lets|allows?|allowed|enables?|enabled)\s+(?:him|her|them|the\s+patient)\b|"
    r"\bcut\s+(?:back|down|to)\b|\bdown\s+(?:to|from)\b|\brestored\b|\bstarted\s+\w+ing\b",
    re.IGNORECASE)
#: A measure stated beside its earlier value ("20 min (20 min at IE)", "flexion 45 (45 at
#: eval)", "ODI 40% -> 40%"): the pair, its later value first when in parentheses.
_BEFORE_AFTER_RE = re.compile(
    r"(?P<a>\d+(?:\.\d+)?)\s*(?:%|[a-z]+\.?)?\s*(?:\(\s*(?:(?:was|IE|eval\w*|initial\w*|"
    r"baseline|intake|entry)\s*:?\s*)?|(?:->|\u2192)\s*)(?P<b>\d+(?:\.\d+)?)(?:\s*(?:%|[a-z]+\.?))?"
    r"(?:\s+(?:at|on|@)\s+[^)]{0,20})?\)?", re.IGNORECASE)


def _same_as_before(sentence: str) -> bool:
    """Whether the segment's only change is a measure stated equal to its earlier value
    ("Sit tolerance 20 min (20 min at IE)"): no gain, the function unchanged."""
    pairs = list(_BEFORE_AFTER_RE.finditer(sentence))
    if not pairs or any(float(m.group("a")) != float(m.group("b")) for m in pairs):
        return False
    return not _CHANGE_RE.search(_BEFORE_AFTER_RE.sub(" ", sentence))


#: A functional gain the classifier is at least this sure of stands without a word of change
#: in its segment: the annotators read "Sleeping 7 hours" in a follow-up note, or "Sat
#: through a 2-hour movie", as a gain over the earlier notes. Below it the word is needed
#: (cross-validated on the train cases, union at 0.5: F1 0.516 with the word always
#: needed, 0.529 with the before/after forms above, 0.559 with both; with more pain, relief
#: and declines judged by `rules/function.yaml` and read at 0.7, union at 0.7: 0.577 at 0.9,
#: 0.582 at 0.8, 0.587 at 0.7; kept at 0.8: at 0.7 the seed's exam line "Forward bending to 6
#: inches from the floor with pain on return to upright" was read as a gain, a measure taken
#: once with no change, and the fold gain of 0.005 is within noise).
SURE_GAIN = 0.8
#: A present ability or tolerance stated as such ("can walk two blocks", "able to sit 20
#: minutes", "tolerates standing 1 hour"): a gain only with a word of change beside it.
#: A start date ("since 12/2018", "since March 2019", "since the 2017 injury"): when
#: something began, which is no change by itself.
_SINCE_DATE_RE = re.compile(r"\bsince\s+(?:(?:the\s+)?(?:\d{1,2}/)?\d{1,2}/\d{2,4}|\d{4}|"
                            r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
                            r"(?:\s+\d{1,2},?)?(?:\s+\d{4})?)", re.IGNORECASE)
_CAPACITY_RE = re.compile(r"\b(?:can|able\s+to|tolerates?)\b", re.IGNORECASE)
#: An ability stated ("has been able to shop", "now drives", "independent"), and the words
#: of a limit: a segment with the first and none of the second states no limitation (the
#: mirror of "a stated activity limit is not a gain").
_ABLE_RE = re.compile(r"\b(?:(?<!un)able\s+to|can\s+now|now\s+(?:able|can|\w+s)\b|resumed|"
                      r"independent(?:ly)?|without\s+(?:difficulty|help|assist\w*))",
                      re.IGNORECASE)
_LIMIT_RE = re.compile(r"\b(?:cannot|can't|can\s+not|unable|difficult\w*|trouble|only|limit\w*|"
                       r"help|assist\w*|avoid\w*|before|stops?|stopped|needs?|requires?|still|"
                       r"no\s+longer|not|never|pain\w*|worse|slow\w*|tolerat\w*|cane|walker|"
                       r"except|but)\b", re.IGNORECASE)
#: A limit of doing said as lost or absent ("can no longer drive", "She no longer cooks
#: dinner", "Can't open jars"): a decline or a limitation, never a gain, unless it is the
#: earlier state ("was unable", "(was unable)") or a need that ended ("no longer needs the
#: cane").
_LOST_RE = re.compile(r"(?<!was\s)(?<!were\s)(?<!been\s)\b(?:can\s*(?:no|not)\s+longer|can'?t|"
                      r"cannot|unable|no\s+longer\s+(?!needs?\b|needing|requir|us|tak|wear|"
                      r"wak|limp|rel)\w+)", re.IGNORECASE)
#: The words of function: a segment with relief of pain or symptoms (`rules/function.yaml`,
#: class `relief`) and none of these states relief only, which is no functional gain.
_FUNCTION_RE = re.compile(r"function|activit|\bADLs?\b|walk|sit|stand|sleep|work|duty|drive|"
                          r"lift|carry|able\b|tolera|exercis|household|chores|medication|"
                          r"opioid|\d+\s*%", re.IGNORECASE)
#: A medicine begun or raised ("Start gabapentin 100 -> 300 mg tid", "increase duloxetine to
#: 60 mg"): the corpus counts a cut in a pain drug as a gain (convention 24), so the reader
#: learnt dose changes; a start or a rise is an order, no gain, unless the segment names an
#: activity too ("since starting gabapentin she walks her dog again") or a cut.
_MEDICINE_RAISED_RE = re.compile(
    r"\b(?:start(?:ed|ing|s)?|begin|began|initiat\w*|increas\w*|titrat\w*\s+up|add(?:ed|ing)?|"
    r"trial\s+of|prescrib\w*)\b|(?P<before>\d+(?:\.\d+)?)\s*(?:->|\u2192|to)\s*"
    r"(?P<after>\d+(?:\.\d+)?)\s*(?:mg|mcg)\b", re.IGNORECASE)
_MEDICINE_CUT_RE = re.compile(r"\b(?:reduc\w*|decreas\w*|cut|off|taper\w*|less|fewer|stopp\w*|"
                              r"weaned|down\s+to|lower\w*|no\s+longer)\b", re.IGNORECASE)
_ACTIVITY_RE = re.compile(r"function|activit|\bADLs?\b|walk|\bsit|stand|sleep|\bwork|duty|"
                          r"driv|lift|carry|household|chores|exercis|shop|cook|clean|dress",
                          re.IGNORECASE)


def medicine_raised_only(segment: str) -> bool:
    """Whether a segment tells only of a medicine begun or raised: no cut, no activity."""
    raised = [m for m in _MEDICINE_RAISED_RE.finditer(segment)
              if m.group("before") is None or float(m.group("after")) > float(m.group("before"))]
    return bool(raised) and not _MEDICINE_CUT_RE.search(segment) and not _ACTIVITY_RE.search(
        segment)


#: A sentence that says the mechanism of injury is not known states none, whatever the
#: clause before it reads like ("reported a work injury on 10/14/2002, the specific
#: mechanism of injury not stated").
_NO_MECHANISM_RE = re.compile(
    r"mechanism(?:\s+of\s+(?:the\s+)?injury)?\s+(?:is\s+|was\s+)?(?:not\s+(?:stated|described|"
    r"documented|specified|known|given)|unknown|unclear|unspecified)", re.IGNORECASE)
#: The kinds said in words of activity and its change: besides the prefilter's learnt words,
#: a segment is read for these where the function vocabulary (`rules/function.yaml`) says it
#: speaks of function (a sixth of the train cases' gains and an eighth of their limits were
#: never read, their words missing from the learnt ones; the other kinds lost a little when
#: read there too).
FUNCTION_KINDS = ("functional_improvement", "adl_limitation", "homebound")
_FUNCTION_RULES = RECORDS / "rules" / "function.yaml"


@cache
def _function_rules() -> dict:
    """`rules/function.yaml`, its `<<people>>` read as the people who are not the worker
    (`records.people`, the one list of them: review 13, finding 13)."""
    from openimr.model.yamltext import load_yaml
    from openimr.records.people import PERSON_WORD

    data = load_yaml(_FUNCTION_RULES.read_text(encoding="utf-8"))
    data["classes"] = {name: [p.replace("<<people>>", PERSON_WORD) for p in patterns]
                       for name, patterns in data["classes"].items()}
    return data


@cache
def _function_vocabulary() -> tuple[tuple[tuple[str, re.Pattern[str]], ...], frozenset[str],
                                    frozenset[str]]:
    """The function word classes (`rules/function.yaml`), and the classes that make a
    segment read: alone, or with a word of change."""
    data = _function_rules()
    classes = tuple((name, re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE))
                    for name, patterns in data["classes"].items())
    names = {name for name, _p in classes}
    read = data["read"]
    alone, with_change = frozenset(read["alone"]), frozenset(read["with_change"])
    if not (alone | with_change | {"change"}) <= names:
        raise ValueError(f"{_FUNCTION_RULES}: read names a class it does not declare")
    return classes, alone, with_change


@cache
def _function_gate() -> tuple[PatternGate, tuple[tuple[int, re.Pattern[str]], ...]]:
    """The function classes' patterns one by one, each with the class it belongs to, behind
    one literal pass: a text is searched only for the patterns whose literals it holds, one
    pattern at a time (each class, an alternation of dozens of case-blind patterns with no
    literal prefix, was tried at every position of every segment: an eighth of
    extraction, issue 18)."""
    from openimr.records.prefilter import PatternGate

    data = _function_rules()
    patterns = [(position, pattern) for position, (_name, listed)
                in enumerate(data["classes"].items()) for pattern in listed]
    return (PatternGate(pattern for _position, pattern in patterns),
            tuple((position, re.compile(pattern, re.IGNORECASE))
                  for position, pattern in patterns))


@lru_cache(maxsize=1024)
def function_classes(text: str) -> frozenset[str]:
    """The function word classes `text` holds: those with a pattern that matches it (a class
    is the alternation of its patterns, `_function_vocabulary`)."""
    classes, _alone, _with_change = _function_vocabulary()
    gate, patterns = _function_gate()
    tests = _function_tests()
    low = text.lower() if text.isascii() else None
    found: set[int] = set()
    for index in gate.candidates(text):
        position = patterns[index][0]
        if position not in found and tests[index].found_in(text, low):
            found.add(position)
    return frozenset(classes[position][0] for position in found)


@cache
def _function_tests() -> tuple[CaseBlindTest, ...]:
    """`_function_gate`'s patterns, each asked over the lower-cased text (`CaseBlindTest`)."""
    return tuple(CaseBlindTest(pattern) for _position, pattern in _function_gate()[1])


def function_class(name: str) -> re.Pattern[str]:
    """One word class of `rules/function.yaml`, as one pattern."""
    classes, _alone, _with_change = _function_vocabulary()
    return dict(classes)[name]


def changes_only_for_the_worse(segment: str) -> bool:
    """Whether a segment says a decline (`rules/function.yaml`, class `decline`: more pain,
    worse, stopped, plateaued) and no word of change outside it: "increased" in "exercises
    with good form but increased pain" is a change, but not of a gain."""
    decline = function_class("decline")
    return decline.search(segment) is not None and not _CHANGE_RE.search(
        decline.sub(" ", segment))


def speaks_of_function(segment: str) -> bool:
    """Whether a segment names an activity or a measure of function, or a change in a
    medicine's use: read for the `FUNCTION_KINDS` whatever the prefilter says."""
    _classes, alone, with_change = _function_vocabulary()
    found = function_classes(segment)
    return bool(found & alone) or ("change" in found and bool(found & with_change))


_CLAUSE_RE = re.compile(r",\s+")
_CLAUSE_WORDS = 3  # the fewest words on either side of a comma that splits two clauses
_CONTEXT_WORDS = 6
_MIN_COUNT = 2  # distinct segments a feature must be seen in to be learnt


def segment_bounds(text: str) -> tuple[tuple[int, int], ...]:
    """The segments of a page: its sentences, split at ";", at list items and between
    clauses (at a comma with a few words on either side), so that a fact read from one
    item or clause never crosses to the next ("he can walk two blocks, takes stairs one
    at a time, and cannot kneel" states three limits)."""
    out = []
    for start, end in sentence_bounds(text):
        cut = start
        for match in _LIST_ITEM_RE.finditer(text, start, end):
            out.extend(_clauses(text, cut, match.start()))
            cut = match.end()
        out.extend(_clauses(text, cut, end))
    return tuple(out)


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    while end > start and text[end - 1].isspace():
        end -= 1
    out, cut = [], start
    for match in _CLAUSE_RE.finditer(text, start, end):
        if len(text[cut:match.start()].split()) >= _CLAUSE_WORDS and len(
                text[match.end():end].split()) >= _CLAUSE_WORDS:
            out.append((cut, match.start()))
            cut = match.end()
    return [*out, (cut, end)] if text[cut:end].strip() else out


def segment_text(text: str, start: int, end: int, rule_tokens: Iterable[str],
                 sentence: tuple[int, int]) -> str:
    """The classifier's view of a segment: its words, the word classes in it, the words
    just before it in its sentence ("Denies: fever; chills" - the list's head) and just
    after it ("injured at work on 10/14/2002, the mechanism not stated"), and the rules'
    findings there (the rules as features)."""
    before = text[sentence[0]:start].split()[-_CONTEXT_WORDS:]
    after = text[end:sentence[1]].split()[:_CONTEXT_WORDS]
    own = text[start:end]
    return " ".join([*own.split(), *(f"l_{w}" for w in before), *(f"r_{w}" for w in after),
                     *linear.cues(own, "s"), *linear.cues(" ".join(before), "l"),
                     *(f"fcue_{name}" for name in sorted(function_classes(own))),
                     *sorted(set(rule_tokens))])


def _sentence_of(sentences: tuple[tuple[int, int], ...], start: int) -> tuple[int, int]:
    """The last sentence opening at or before `start` (`sentence_bounds` are sorted, their
    starts distinct), found by bisection: a walk through every sentence of the page for
    each segment grew with the square of a page's length (issue 18)."""
    index = bisect_right(sentences, (start, math.inf)) - 1
    return sentences[index] if index >= 0 else (start, start)


def _facts_by_segment(segments: tuple[tuple[int, int], ...], starts: list[int]
                      ) -> list[list[int]]:
    """Per segment, the indexes (ascending) of the facts whose start is in it. Segments are
    sorted and do not overlap, so a fact is in at most one: the last segment opening at or
    before its start, if the fact starts before that segment's end."""
    out: list[list[int]] = [[] for _ in segments]
    openings = [start for start, _end in segments]
    for index, start in enumerate(starts):
        position = bisect_right(openings, start) - 1
        if position >= 0 and start < segments[position][1]:
            out[position].append(index)
    return out


@dataclass(frozen=True)
class Segment:
    text: str  # what the classifier reads
    said: str  # the segment as written (the prefilter's vocabulary is learnt from it)
    labels: frozenset[str]
    case: str = ""  # the case it comes from (`annotated_cases`): folds keep cases whole
    ruled: frozenset[str] = frozenset()  # the labels of the rules' facts there


def segments_of(sources: Iterable[Path]) -> list[Segment]:
    """Every segment of the sets' pages, with the labels of the narrative facts annotated
    there (a fact belongs to the segment its quote starts in) and of the rules' facts."""
    out = []
    for source in sources:
        for case, text, spans, rules in _pages_with_gold(source):
            sentences = sentence_bounds(text)
            for start, end in segment_bounds(text):
                labels = frozenset(label for s, _e, label in spans if start <= s < end)
                here = [(token, label) for s, token, label in rules if start <= s < end]
                out.append(Segment(segment_text(text, start, end, [t for t, _l in here],
                                                _sentence_of(sentences, start)),
                                   text[start:end], labels, case,
                                   frozenset(label for _t, label in here)))
    return out


def _keywords(sentences: list[Sentence], per_label: int = 40) -> list[str]:
    """Words that tie a sentence to a label: the prefilter's vocabulary."""
    overall: Counter[str] = Counter()
    by_label: dict[str, Counter[str]] = {}
    for sentence in sentences:
        words = set(_WORD_RE.findall(sentence.text.lower()))
        overall.update(words)
        for label in sentence.labels:
            by_label.setdefault(label, Counter()).update(words)
    keep: set[str] = set()
    for counts in by_label.values():
        ranked = sorted(counts, key=lambda w: (-(counts[w] / (overall[w] + 2)), w))
        keep.update(w for w in ranked[:per_label] if counts[w] >= 2 and len(w) > 2)
    return sorted(keep)


def build_model(labels: list[str], *, exclusive: bool = False, length: int = 2 ** 15
                ) -> Language:
    """A text classifier over hashed words and bigrams: multi-label, or one label of
    `labels` (`exclusive`)."""
    import spacy

    nlp = spacy.blank("en")
    factory = "textcat" if exclusive else "textcat_multilabel"
    textcat = nlp.add_pipe(factory, config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": exclusive,
        "ngram_size": 2, "no_output_layer": False, "length": length}})
    for label in labels:
        textcat.add_label(label)  # type: ignore[attr-defined]
    return nlp


def fit_textcat(texts: list[tuple[str, frozenset[str]]], labels: list[str], out_dir: Path,
                *, seed: int, epochs: int, exclusive: bool = False, length: int = 2 ** 15
                ) -> None:
    """Train a text classifier from scratch, seeded, and save it."""
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = build_model(labels, exclusive=exclusive, length=length)
    examples = [Example.from_dict(nlp.make_doc(text),
                                  {"cats": {label: float(label in wanted) for label in labels}})
                for text, wanted in texts]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.1)
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir / "textcat")


def kind_examples(segments: list[Segment], kind: str) -> tuple[list[str], list[str]]:
    """(texts, labels) of one kind's classifier: each segment with its label of the kind
    (once per label, when it states two), or `none`."""
    texts, labels = [], []
    for segment in segments:
        mine = sorted(label for label in segment.labels if parse_label(label)[0] == kind)
        for label in mine or [NONE]:
            texts.append(segment.text)
            labels.append(label)
    return texts, labels


def fit_segments(segments: list[Segment], out_dir: Path, *, c: float = 4.0
                 ) -> tuple[dict[str, list[str]], int, list[str]]:
    """Fit the segment classifiers of every kind the segments label (`linear`) into
    `out_dir`: (each kind's classes, the number of features, the prefilter's keywords)."""
    kinds = [kind for kind in SEGMENT_KINDS
             if any(parse_label(label)[0] == kind for s in segments for label in s.labels)]
    if not kinds:
        raise ValueError("no narrative facts in the training sources")
    classes, size = linear.fit({kind: kind_examples(segments, kind) for kind in kinds},
                               out_dir, c=c, min_count=_MIN_COUNT)
    return classes, size, _keywords([Sentence(s.said, s.labels) for s in segments])


def train(sources: Iterable[Path], out_dir: Path, *, c: float = 4.0,
          limit: int | None = None, segments: list[Segment] | None = None
          ) -> dict[str, Any]:
    """Train the segment classifiers (one per narrative kind, `linear`) on annotated sets
    (or on their `segments`, when the caller has read them already) and save them; returns
    their meta."""
    if segments is None:
        segments = segments_of(sources)
    if limit is not None:
        segments = segments[:limit]
    classes, size, keywords = fit_segments(segments, out_dir, c=c)
    kinds = list(classes)
    meta = {"labels": classes, "C": c, "features": size, "keywords": keywords,
            "segments": len(segments), "labelled": sum(1 for s in segments if s.labels),
            "modes": {kind: "rules" for kind in NARRATIVE_KINDS},
            "thresholds": {kind: THRESHOLD for kind in kinds}}
    write_meta(out_dir, meta)
    return meta


def write_meta(out_dir: Path, meta: dict[str, Any]) -> None:
    (out_dir / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n",
                                       encoding="utf-8")


_LOAD_LOCK = threading.Lock()
_LOADED: dict[tuple[Callable[[Path], Any], Path], Any] = {}


def load_once[T](factory: Callable[[Path], T], model_dir: Path) -> T | None:
    """`factory(model_dir)`, made once per process and shared by its threads, or None when
    `model_dir` holds no weights (a checkout before `make train`). Under one lock: ten
    concurrent first drafts each loaded their own copy (issue 18)."""
    key = (factory, model_dir)
    with _LOAD_LOCK:
        if key not in _LOADED:
            _LOADED[key] = factory(model_dir) if (model_dir / "meta.json").is_file() else None
        return _LOADED[key]  # type: ignore[no-any-return]


def forget(model_dir: Path) -> None:
    """Drop what `load_once` holds from `model_dir` (the trainer, after new weights)."""
    with _LOAD_LOCK:
        for key in [key for key in _LOADED if key[1] == model_dir]:
            del _LOADED[key]


def load_textcat(path: Path) -> tuple[Language, TrainablePipe]:
    """A saved text classifier's component, its weights read into a component of the
    reading pipeline: the pipeline's vocabulary and tokenizer serve it (both are spaCy's
    blank English ones, and the classifier hashes words, so it needs no strings of its
    own). Loading a whole saved pipeline per classifier cost about a second each at
    start-up (issue 18)."""
    from spacy.util import load_config

    from openimr.records.pipeline import build_pipeline

    shared = build_pipeline()
    config = load_config(path / "config.cfg", interpolate=True)
    [name] = config["nlp"]["pipeline"]
    settings = dict(config["components"][name])
    factory = settings.pop("factory")
    component = shared.create_pipe(factory, name=name, config=settings)
    component.from_disk(path / name, exclude=["vocab"])  # type: ignore[union-attr]
    return shared, component  # type: ignore[return-value]


class TextcatReader:
    """A shipped classifier: its meta (`meta.json`) and its text classifier (`textcat/`)."""

    def __init__(self, model_dir: Path) -> None:
        self.meta: dict[str, Any] = json.loads((model_dir / "meta.json").read_text("utf-8"))
        self.nlp, self.textcat = load_textcat(model_dir / "textcat")
        self.keywords = frozenset(self.meta.get("keywords") or ())
        self.modes: dict[str, str] = dict(self.meta.get("modes") or {})

    def passes(self, sentence: str) -> bool:
        """The prefilter: a word its training ties to a label."""
        return passes(self.keywords, sentence)

    def cats(self, texts: Iterable[str], batch_size: int = 64
             ) -> Iterator[dict[str, float]]:
        """Per text, every label's probability."""
        docs = (self.nlp.make_doc(text) for text in texts)
        for doc in self.textcat.pipe(docs, batch_size=batch_size):
            yield doc.cats


class NarrativeReader:
    """The shipped segment classifiers (`linear`), used on the segments its prefilter
    passes or where the rules read a narrative fact."""

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        self.meta: dict[str, Any] = json.loads((model_dir / "meta.json").read_text("utf-8"))
        self.model = linear.LinearModel(model_dir)
        self.keywords = frozenset(self.meta.get("keywords") or ())
        self.modes: dict[str, str] = dict(self.meta.get("modes") or {})
        self.thresholds: dict[str, float] = dict(self.meta.get("thresholds") or {})

    def passes(self, segment: str) -> bool:
        """The prefilter: a word its training ties to a label."""
        return passes(self.keywords, segment)

    def read(self, texts: list[str], kinds: Iterable[str]) -> list[dict[str, dict[str, float]]]:
        """Per segment, per kind (of those it was trained on), each label's probability."""
        wanted = [kind for kind in kinds if kind in self.model.groups]
        return self.model.probabilities_of(texts, wanted)

    def threshold(self, kind: str) -> float:
        chosen = self.thresholds if _threshold_override is None else _threshold_override
        return chosen.get(kind, THRESHOLD)


def passes(keywords: frozenset[str], segment: str) -> bool:
    """The prefilter: a word of `keywords` (those training ties to a label) in `segment`."""
    return not keywords.isdisjoint(_WORD_RE.findall(segment.lower()))


def is_read(segment: str, ruled: bool, keywords: frozenset[str]) -> frozenset[str]:
    """The kinds the segment classifiers read a segment for: all where the rules read a
    narrative fact or the prefilter passes it, the `FUNCTION_KINDS` where it speaks of
    function, none in a heading ("HOMEBOUND STATUS:" states nothing, its items do)."""
    if segment.rstrip().endswith(":"):
        return frozenset()
    if ruled or passes(keywords, segment):
        return frozenset(SEGMENT_KINDS)
    return frozenset(FUNCTION_KINDS) if speaks_of_function(segment) else frozenset()


_override: dict[str, str] | None = None
_threshold_override: dict[str, float] | None = None


def reader() -> NarrativeReader | None:
    return load_once(NarrativeReader, MODEL_DIR)


def modes() -> dict[str, str]:
    """How each narrative kind is read now (the recorded choice, or a trainer's trial)."""
    if _override is not None:
        return _override
    found = reader()
    return found.modes if found is not None else {}


@contextmanager
def modes_for_a_while(set_chosen: Callable[[dict[str, str] | None], None],
                      saved: dict[str, str] | None, chosen: dict[str, str]) -> Iterator[None]:
    """Read with `chosen` modes inside the block, then with `saved` again (a module's
    `set_modes` and its override now: this one's, or the assertion reader's)."""
    set_chosen(chosen)
    try:
        yield
    finally:
        set_chosen(saved)


def rules_only() -> AbstractContextManager[None]:
    return modes_for_a_while(set_modes, _override, {kind: "rules" for kind in NARRATIVE_KINDS})


def set_modes(chosen: dict[str, str] | None) -> None:
    """Read with other modes (the trainer compares them); None restores the recorded ones."""
    global _override
    _override = chosen


def set_thresholds(threshold: dict[str, float] | None) -> None:
    """Read each kind at these thresholds (the trainer compares them); None restores the
    recorded ones."""
    global _threshold_override
    _threshold_override = threshold


@dataclass(frozen=True)
class Reading:
    """A fact the classifier read: its sentence span on the page, kind and value."""

    start: int
    end: int
    kind: str
    value: dict[str, Any]
    negated: bool


def trained_kinds() -> dict[str, set[str]]:
    """The narrative kinds by how they are read now: rules, union, gated, trained."""
    out: dict[str, set[str]] = {mode: set() for mode in MODES}
    for kind, mode in modes().items():
        out.setdefault(mode, set()).add(kind)
    return out


def read_page(text: str, found: list[tuple[str, int, str, int]],
              trials: list[tuple[int, int, int, str, str]] = (),  # type: ignore[assignment]
              course: str | None = None) -> tuple[list[Reading], set[int]]:
    """The classifiers' facts on a page, and which of the rules' facts they do not back.

    `found` is (kind, start, rule token, end) of each fact the rules read on the page; `trials`
    is (index in `found`, start, end, treatment, outcome) of its treatment outcomes, which
    the mention classifier (`outcomes`) reads; `course` the treatment of the course the
    note is written during, if it is a therapy note (`outcomes.candidates`). The other narrative kinds are read per
    segment (`segment_bounds`). In `union` mode a segment that already has a rule fact of
    the kind gets no other; in `gated` mode a rule's fact stays only where the classifier
    gives its kind some weight (`GATE`); in `trained` mode the classifier alone reads it.
    """
    by_mode = trained_kinds()
    out, dropped = _read_outcomes(text, trials, modes().get("treatment_trial", "rules"), course)
    union, gated, alone = (by_mode[mode] - {"treatment_trial"}
                           for mode in ("union", "gated", "trained"))
    model = reader() if (union or gated or alone) else None
    if model is None:
        return out, dropped
    sentences = sentence_bounds(text)
    segments = segment_bounds(text)
    # the rules' facts of each segment, in the order of `found` (a walk through every fact
    # of the page for each segment grew with the square of a page's length, issue 18)
    in_segment = _facts_by_segment(segments, [s for _k, s, _t, _e in found])
    wanted = []
    for position, (start, end) in enumerate(segments):
        tokens = [found[i][2] for i in in_segment[position] if found[i][0] in NARRATIVE_KINDS]
        kinds = is_read(text[start:end], bool(tokens), model.keywords)
        if kinds:
            sentence = _sentence_of(sentences, start)
            wanted.append((position, start, end, sentence,
                           segment_text(text, start, end, tokens, sentence), kinds))
    if not wanted:
        return out, dropped
    for (position, start, end, sentence, _seen, kinds), by_kind in zip(
            wanted, model.read([w[4] for w in wanted], sorted(union | gated | alone)), strict=True):
        here = [(index, found[index][0]) for index in in_segment[position]]
        for kind, cats in by_kind.items():
            if kind not in kinds:
                continue
            ruled = [index for index, k in here if k == kind]
            if kind in gated and 1.0 - cats.get(NONE, 0.0) < GATE:
                dropped.update(ruled)
            if kind not in union | alone or (kind in union and ruled):
                continue
            opening, closing = sentence
            if kind == "mechanism_of_injury" and _NO_MECHANISM_RE.search(
                    text[opening:closing]):
                continue  # "injured on 10/14/2002, the mechanism not stated"
            for label, value in labelled_values(kind, cats, model.threshold(kind),
                                                text[start:end]):
                out.append(Reading(start, end, kind, value, parse_label(label)[2]))
    return out, dropped


def labelled_values(kind: str, cats: dict[str, float], threshold: float, said: str
                    ) -> list[tuple[str, dict[str, Any]]]:
    """(label, value) of each fact the classifier reads in a segment (`said`, as written):
    its labels at `threshold` or more, each with the values it gives there (none for a
    label the segment's words do not bear out, `values_for`)."""
    out: list[tuple[str, dict[str, Any]]] = []
    # most segments give each kind no label at its threshold: nothing to sort (issue 18)
    if all(p < threshold or label == NONE for label, p in cats.items()):
        return out
    for label, p in sorted(cats.items()):
        if label == NONE or p < threshold:
            continue
        _kind, labelled, negated = parse_label(label)
        out.extend((label, value) for value in values_for(kind, labelled, said, negated,
                                                          sure=p >= SURE_GAIN))
    return out


def _read_outcomes(text: str, trials: list[tuple[int, int, int, str, str]], mode: str,
                   course: str | None = None) -> tuple[list[Reading], set[int]]:
    """Treatment outcomes read per mention (`outcomes`), and the rules' outcomes they
    overrule: `union` adds an outcome where the rules have none for that treatment in the
    mention's segment; `gated` also lets the classifier's outcome replace a different one
    of the rules' there; `trained` reads outcomes by the classifier alone."""
    from openimr.records import outcomes

    model = outcomes.reader() if mode in ("union", "gated", "trained") else None
    if model is None:
        return [], set()
    found = outcomes.candidates(text, [t[1:] for t in trials], model.passes, course=course)
    out: list[Reading] = []
    dropped: set[int] = {t[0] for t in trials} if mode == "trained" else set()
    for candidate, outcome in model.read(found):
        lo, hi = candidate.seg_start, candidate.seg_end
        mine = [t for t in trials if t[3] == candidate.treatment and lo <= t[1] < hi]
        if mode == "union" and mine:
            continue
        if mode == "gated":
            dropped.update(t[0] for t in mine if t[4] != outcome)
            if any(t[4] == outcome for t in mine):
                continue
        while lo < hi and not text[lo].isalnum():
            lo += 1
        while hi > lo and not text[hi - 1].isalnum() and text[hi - 1] not in ")\"'":
            hi -= 1
        out.append(Reading(lo, hi, "treatment_trial",
                           {"treatment": candidate.treatment, "outcome": outcome}, False))
    return out, dropped


@cache
def _adl_activities() -> list[tuple[re.Pattern[str], str]]:
    """The rules' ADL activities, the longest name first, each as the start of a word."""
    from openimr.records.kinds.clinical import _ADL_ACTIVITIES

    return [(re.compile(rf"\b{re.escape(key)}"), _ADL_ACTIVITIES[key])
            for key in sorted(_ADL_ACTIVITIES, key=len, reverse=True)]


def values_for(kind: str, labelled: str | None, sentence: str, negated: bool = False, *,
               sure: bool = False) -> list[dict[str, Any]]:
    """The values a labelled sentence gives; the closed vocabularies come from the rules.
    A functional gain needs a word of change unless the classifier is `sure` of it."""
    if kind == "treatment_trial":
        from openimr.records.kinds.history import _treatments_in

        treatments = dict.fromkeys(name for _s, _e, name in _treatments_in(sentence))
        return [{"treatment": name, "outcome": labelled} for name in treatments]
    if kind == "adl_limitation":
        if not negated and _ABLE_RE.search(sentence) and not _LIMIT_RE.search(sentence):
            return []  # "has been able to help coach his son's team": a gain, not a limit
        from openimr.records.kinds.clinical import is_exam_manoeuvre

        if is_exam_manoeuvre(sentence):
            return []  # "unable to toe-walk": an examination manoeuvre, no activity limited
        low = sentence.lower()
        for pattern, activity in _adl_activities():
            if pattern.search(low):
                return [{"activity": activity}]
        return [{"activity": "other"}]
    if kind == "functional_improvement":
        from openimr.records.kinds.function import now_no_gain, said_of_another_person

        without_now = now_no_gain(sentence)
        if labelled == "True" and not _CHANGE_RE.search(without_now) and (
                without_now != sentence):
            # "now transfers care to pain management", "since the fall he now ambulates with
            # a walker": its "now" tells a setback or no activity, however sure the reader is
            return []
        if labelled == "True" and not _CHANGE_RE.search(sentence) and (
                not sure or _CAPACITY_RE.search(sentence)):
            # an ability stated without a change ("can walk two blocks") is no gain, however
            # sure the classifier is: a tolerance is a limit (corpus convention 4)
            return []
        if labelled == "True" and _same_as_before(sentence):
            # "Sit tolerance 20 min (20 min at IE)": the measure where it was, no gain
            return [{"present": False, "domain": "general", "detail": sentence[:80]}]
        if labelled == "True" and changes_only_for_the_worse(sentence):
            return []  # "exercises with good form but increased pain": more pain, no gain
        if labelled == "True" and _LOST_RE.search(sentence) and not re.search(
                r"\b(?:was|were|previously)\b", sentence, re.IGNORECASE):
            return []  # "she can no longer drive a bus": a loss, not a gain
        relief = "relief" in function_classes(sentence)
        if labelled == "False" and not relief and re.search(
                r"\bpain\s+(?:is\s+|remains\s+)?(?:unchanged|the\s+same|no\s+better)",
                sentence, re.IGNORECASE) and not _FUNCTION_RE.search(sentence):
            return []  # "pain unchanged at 7/10": relief that did not come, not function
        if labelled == "True" and _SINCE_DATE_RE.search(sentence) and not _CHANGE_RE.search(
                _SINCE_DATE_RE.sub(" ", sentence)) and not _FUNCTION_RE.search(sentence):
            return []  # "Naproxen since 12/2018.": when a treatment began, no change of function
        if labelled == "True" and said_of_another_person(sentence):
            return []  # "her husband now does the shopping": the worker's limit, no gain
        if labelled == "True" and relief and not _FUNCTION_RE.search(sentence):
            return []  # "marked improvement in pain": relief, not function
        if labelled == "True" and medicine_raised_only(sentence):
            return []  # "Start gabapentin 100 -> 300 mg tid": an order, no gain
        return [{"present": labelled == "True", "domain": "general", "detail": sentence[:80]}]
    if kind in ("homebound",):
        return [{"present": labelled == "True"}]
    if kind == "aberrant_behavior":
        return [{"behavior": "aberrant behavior", "present": labelled == "True"}]
    if kind == "red_flag":
        return [{"flag": labelled}]
    if kind == "psych_symptom":
        return [{"symptom": labelled}]
    if kind == "mechanism_of_injury":
        return [{"detail": sentence[:160]}]
    return []
