"""The medspaCy pipeline, built once per process.

`spacy.blank("en")` tokenizer -> a rule-based sentence splitter (PyRuSH is ~3,700 words/s,
far too slow for a 300-page record) -> medspaCy TargetMatcher (the phrase lexicons of
every fact kind) -> anchored regular-expression targets (see `RegexTargets`) -> Sectionizer (section headers; past history makes mentions historical, family
history makes them family) -> ConText (negated, historical, hypothetical, family).
Mentions live in a span group, so triggers of different kinds may overlap. Section
headers are recognised by their colon ("Past Medical History:").
"""

from __future__ import annotations

import re
import sys
import threading
import types
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from openimr.model.yamltext import load_yaml
from openimr.records.kinds import all_specs

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

RULES = Path(__file__).resolve().parent / "rules"
SPAN_GROUP = "medspacy_spans"
#: The assertion flag a section gives what is said in it (a goal is not yet done).
SECTION_FLAGS = {"past_medical_history": "historical", "past_surgical_history": "historical",
                 "family_history": "family", "goals": "hypothetical"}
#: The assertion flag of each ConText category (`rules/context.yaml`).
CONTEXT_FLAGS = {"NEGATED_EXISTENCE": "negated", "HISTORICAL": "historical",
                 "HYPOTHETICAL": "hypothetical", "FAMILY": "family"}

_ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "vs", "e.g", "i.e", "approx", "etc", "no", "st",
                  "pt", "b.i.d", "t.i.d", "q.i.d", "p.o", "q.d", "h.s", "p.r.n", "fig", "inc",
                  "jr", "sr", "mg", "min", "max", "dept", "ave", "co", "corp", "lt", "rt"}
_BOUNDARY_RE = re.compile(
    # end punctuation, then a capital, digit, bullet or quote
    r"(?P<stop>[.!?])[\"')\]]?(?:[ \t]+|[ \t]*\n[ \t]*)(?=[A-Z0-9\"(\[\-*])"
    # a blank line
    r"|\n[ \t]*\n\s*"
    # a new line that opens a list item or a "Header:" line, or follows a colon
    r"|\n(?=[ \t]*(?:[-*]\s|\d{1,2}[.)]\s|[A-Z][A-Za-z /&()'-]{1,40}:))"
    # a table row: a new line with a column bar (a flowsheet row is one statement)
    r"|\n(?=[^\n]*\|)"
    r"|(?<=:)[ \t]*\n"
    # a line in capitals (a header without colon)
    r"|(?<=\n)(?=[A-Z][A-Z0-9 /&'-]{3,60}\n)|(?<=[A-Z]{4})\n(?=[A-Z][a-z])"
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z.]+)$")
#: A list item's number at the start of a line ("\n2" before "2. Lumbar strain").
_LIST_NUMBER_RE = re.compile(r"(?:^|\n)[ \t]*\d{1,2}$")


def sentence_starts(text: str) -> set[int]:
    """Character offsets where a sentence starts: fast, clinical-note aware."""
    starts = {0}
    for match in _BOUNDARY_RE.finditer(text):
        if match.group("stop"):
            word = _WORD_BEFORE_RE.search(text, max(0, match.start() - 24), match.start())
            if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                continue
            if match.group("stop") == "." and match.start() > 0 and text[
                    match.start() - 1].isdigit() and text[match.end():match.end() + 1].isdigit():
                continue
            if match.group("stop") == "." and _LIST_NUMBER_RE.search(
                    text, max(0, match.start() - 8), match.start()):
                continue  # "1. Lumbar strain": a list item's number opens its sentence
        starts.add(match.end())
    return starts


def _install_sentence_splitter() -> str:
    from spacy.language import Language

    name = "openimr_sentences"
    if name not in Language.factories:
        @Language.component(name)
        def split_sentences(doc: Doc) -> Doc:
            import numpy as np
            from spacy.attrs import IDX, IS_SPACE, SENT_START

            starts = doc.user_data.get("openimr_starts") or sentence_starts(doc.text)
            if not len(doc):
                return doc
            arrays = doc.to_array([IDX, IS_SPACE])
            idx, space = arrays[:, 0], arrays[:, 1].astype(bool)
            wanted = np.isin(idx, np.fromiter(starts, dtype=idx.dtype, count=len(starts)))
            wanted[0] = True
            # a start on whitespace moves to the next word: whitespace ends a sentence
            marks = np.flatnonzero(wanted)
            words = np.flatnonzero(~space)
            if len(words):
                moved = words[np.minimum(np.searchsorted(words, marks), len(words) - 1)]
                wanted[:] = False
                wanted[moved] = True
                wanted[0] = True
            sent_start = np.where(wanted, 1, -1).astype("uint64").reshape(-1, 1)
            doc.from_array([SENT_START], sent_start)
            return doc
    return name


class _RegexRule:
    """One regular-expression trigger, parsed and compiled on first use.

    Compiling the ~200 rules and deriving their literals took about 0.5 s of every start-up
    (issue 18), though a short record reaches few of them: a rule is prepared when a
    sentence of its kind first reaches it, and compiled when one first holds its literals.
    Preparing twice from two threads is harmless (same result)."""

    __slots__ = ("index", "source", "check", "pattern", "ready")

    def __init__(self, index: int, source: str) -> None:
        self.index = index
        self.source = source
        #: searches a lower-cased sentence for one of the rule's required literals (one
        #: alternation: a single C call, not a Python loop over the literals); None when
        #: the rule requires no literal and always runs
        self.check: Callable[[str], re.Match[str] | None] | None = None
        self.pattern: re.Pattern[str] | None = None
        self.ready = False

    def prepare(self) -> None:
        from openimr.records.prefilter import literal_search

        self.check = literal_search(self.source)
        self.ready = True

    def compile(self) -> re.Pattern[str]:
        self.pattern = re.compile(self.source, re.IGNORECASE)
        return self.pattern


class RegexTargets:
    """Regular-expression target rules, run only on sentences with a token that matches
    their kind's anchor, and only when the sentence holds one of the literals every match
    of the rule contains (`prefilter.required_literals`). medspaCy's own regex matching
    scans the whole page once per rule (~3,000 words/s for ~200 rules); gated, the rules
    run on the few sentences that can match."""

    def __init__(self) -> None:
        self.kinds: list[tuple[str, list[_RegexRule]]] = []
        self.anchors: list[re.Pattern[str] | None] = []
        for spec in all_specs():
            rules = [_RegexRule(index, trigger.regex)
                     for index, trigger in enumerate(spec.triggers) if trigger.regex]
            if rules:
                self.kinds.append((spec.kind.value, rules))
                self.anchors.append(re.compile(spec.anchor, re.IGNORECASE)
                                    if spec.anchor else None)
        self.ungated = [i for i, anchor in enumerate(self.anchors) if anchor is None]
        #: the kinds each word (by its spaCy string id) anchors
        self._token_kinds: dict[int, tuple[int, ...]] = {}

    def _kinds_of(self, orth: int, doc: Doc) -> tuple[int, ...]:
        found = self._token_kinds.get(orth)
        if found is None:
            token_text = doc.vocab.strings[orth]
            found = tuple(i for i, anchor in enumerate(self.anchors)
                          if anchor is not None and anchor.search(token_text))
            if len(self._token_kinds) < 200_000:
                self._token_kinds[orth] = found
        return found

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import ORTH
        from spacy.tokens import Span

        text = doc.text
        bounds: list[tuple[int, int]] = []
        sentences_of: list[set[int]] = [set() for _ in self.kinds]
        # the words as string ids, each distinct word of a sentence looked up once: making
        # a Token object and its text for every word was most of this component's time
        orths = doc.to_array(ORTH).tolist() if len(doc) else []
        known = self._token_kinds
        for sent_index, sent in enumerate(doc.sents):
            bounds.append((sent.start_char, sent.end_char))
            for orth in set(orths[sent.start:sent.end]):
                kinds = known.get(orth)
                for kind_index in kinds if kinds is not None else self._kinds_of(orth, doc):
                    sentences_of[kind_index].add(sent_index)
        for kind_index in self.ungated:
            sentences_of[kind_index] = set(range(len(bounds)))
        spans: list[Span] = list(doc.spans[SPAN_GROUP]) if SPAN_GROUP in doc.spans else []
        lowered: dict[int, str] = {}
        for (kind, rules), sentences in zip(self.kinds, sentences_of, strict=True):
            for sent_index in sorted(sentences):
                start, end = bounds[sent_index]
                low = lowered.get(sent_index)
                if low is None:
                    low = lowered[sent_index] = text[start:end].lower()
                for rule in rules:
                    if not rule.ready:
                        rule.prepare()
                    check = rule.check
                    if check is not None and check(low) is None:
                        continue
                    for match in (rule.pattern or rule.compile()).finditer(text, start, end):
                        if match.end() <= match.start():
                            continue
                        span = doc.char_span(match.start(), match.end(),
                                             label=f"{kind}#{rule.index}",
                                             alignment_mode="expand")
                        if span is not None:
                            spans.append(span)
        doc.spans[SPAN_GROUP] = spans
        return doc


def _install_regex_targets() -> str:
    from spacy.language import Language

    name = "openimr_regex_targets"
    if name not in Language.factories:
        Language.factory(name)(lambda nlp, name: RegexTargets())
    return name


class _NotLoaded:
    """Stands for a name of a library openimr does not use; using it says so."""

    def __init__(self, module: str, name: str) -> None:
        self._what = f"{module}.{name}"

    def __call__(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError(f"{self._what} is not loaded: openimr does not use it")


#: medspaCy's package imports these for components openimr does not use: QuickUMLS pulls in
#: nltk and scipy (about 2.6 s, issue 18), PyRuSH logs through loguru.
_UNUSED_BY_MEDSPACY = ("quickumls", "quickumls.spacy_component", "PyRuSH")


@contextmanager
def _without_unused_libraries() -> Iterator[None]:
    """While medspaCy is imported, its unused dependencies are placeholders; they leave
    `sys.modules` afterwards, so anything else that imports them gets the real ones."""
    placed = []
    for name in _UNUSED_BY_MEDSPACY:
        if name not in sys.modules:
            module = types.ModuleType(name)
            module.__getattr__ = lambda attr, n=name: _NotLoaded(n, attr)  # type: ignore[method-assign]
            sys.modules[name] = module
            placed.append(name)
    if "quickumls.spacy_component" in placed:
        sys.modules["quickumls"].spacy_component = sys.modules["quickumls.spacy_component"]  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for name in placed:
            del sys.modules[name]


_BUILD_LOCK = threading.Lock()


def build_pipeline() -> Language:
    """The pipeline: built once, shared by every document and thread of the process.

    The lock matters: ten concurrent first drafts built it ten times (issue 18).
    """
    with _BUILD_LOCK:
        return _build_pipeline()


@cache
def _build_pipeline() -> Language:
    with _without_unused_libraries():
        import spacy
        from medspacy.context import ConText, ConTextRule
        from medspacy.section_detection import Sectionizer, SectionRule
        from medspacy.target_matcher import TargetMatcher, TargetRule

    nlp = spacy.blank("en")
    nlp.add_pipe(_install_sentence_splitter())
    matcher: TargetMatcher = nlp.add_pipe(
        "medspacy_target_matcher", config={"result_type": "group", "prune": False})
    rules = []
    for spec in all_specs():
        # The label names the rule: spaCy keeps span extensions per character span, not
        # per label, so a rule stored on the span would be shared by same-span mentions.
        for index, trigger in enumerate(spec.triggers):
            if trigger.regex is None:
                rules.append(TargetRule(trigger.literal, f"{spec.kind.value}#{index}"))
    matcher.add(rules)
    nlp.add_pipe(_install_regex_targets())

    sections = load_yaml((RULES / "sections.yaml").read_text(encoding="utf-8"))
    sectionizer: Sectionizer = nlp.add_pipe(
        "medspacy_sectionizer",
        config={"rules": None, "input_span_type": "group", "require_start_line": False,
                "span_attrs": {section: {f"is_{flag}": True}
                               for section, flag in SECTION_FLAGS.items()}})
    section_rules = []
    # History sections are short lists: their scope ends within a few lines even when no
    # header we know follows, so a later finding is not taken for history.
    short = {"past_medical_history": 60, "past_surgical_history": 60, "family_history": 40,
             "social_history": 60}
    for category, titles in sections["sections"].items():
        for title in titles:
            section_rules.append(SectionRule(f"{title}:", category,
                                             max_scope=short.get(category)))
    sectionizer.add(section_rules)

    context_data = load_yaml((RULES / "context.yaml").read_text(encoding="utf-8"))
    context: ConText = nlp.add_pipe(
        "medspacy_context", config={"rules": None, "input_span_type": "group"})
    context.add([
        ConTextRule(rule["literal"], rule["category"], direction=rule["direction"],
                    pattern=rule.get("pattern"), max_scope=rule.get("max_scope"))
        for rule in context_data["rules"]
    ])
    return nlp


@cache
def _section_title_re() -> re.Pattern[str]:
    sections = load_yaml((RULES / "sections.yaml").read_text(encoding="utf-8"))
    titles = sorted({t for ts in sections["sections"].values() for t in ts}, key=len,
                    reverse=True)
    alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in titles)
    return re.compile(rf"(?<![A-Za-z])(?:{alternatives})\s*:", re.IGNORECASE)


def _hide_inline_titles(text: str) -> str:
    """A section title counts only at the start of a line: "Date of exam: 11/14/2016" is
    not an Exam section. The colon of a title inside a line becomes a space (same length,
    so offsets hold; evidence quotes are read from the page text, not from this copy)."""
    out = None
    for match in _section_title_re().finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if text[line_start:match.start()].strip(" \t-*•0123456789.)"):
            if out is None:
                out = list(text)
            out[match.end() - 1] = " "
    return "".join(out) if out is not None else text


def process(text: str) -> Doc:
    """Run the pipeline on one page of text.

    Sentences are split on the text as written (line breaks carry structure), but the
    matchers see line breaks as spaces (same length, so offsets hold) so that a phrase
    wrapped over two lines is still one phrase.
    """
    nlp = build_pipeline()
    doc = nlp.make_doc(_hide_inline_titles(text).replace("\n", " "))
    doc.user_data["openimr_starts"] = sentence_starts(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _, component in nlp.pipeline:
            doc = component(doc)
    return doc


def warm_up() -> None:
    """Build the pipeline and load the trained readers now, by reading one short note: a
    server calls this at start so that its first draft is as fast as the rest."""
    from openimr.model import Document, Page
    from openimr.records.extract import extract_facts

    extract_facts([Document(id="warm-up", pages=[Page(number=1, text=(
        "Date of service: 01/02/2020\nSubjective: low back pain 6/10, no numbness.\n"
        "Plan: physical therapy 2x/week for 4 weeks."))])])
