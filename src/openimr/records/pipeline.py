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
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from openimr.model.yamltext import load_yaml
from openimr.records.kinds import all_specs
from openimr.records.kinds.base import HEADING_RESULT_WORDS, LAB_RESULT_WORDS, lab_result_re

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from openimr.records.prefilter import LiteralIndex, PatternGate

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
    # a form's line of check boxes ends at its line break ("[x] Request for authorization
    # (see RFA)" is no part of the history written on the next line)
    r"|(?:\[[ xX\u2713\u2714]\]|[\u2610\u2611\u2612])(?=[^\n\[\u2610\u2611\u2612]*\n)"
    r"[^\n\[\u2610\u2611\u2612]*\n"
    # a line in capitals (a header without colon)
    # (a laboratory's row that ends with its result in capitals is no header: "Hydrocodone
    # NEGATIVE" over "Oxycodone  POSITIVE" is one table)
    r"|(?<=\n)(?=[A-Z][A-Z0-9 /&'-]{3,60}\n)"
    r"|(?<=[A-Z]{4})" + "".join(rf"(?<!{word})" for word in LAB_RESULT_WORDS if len(word) > 3
                                and " " not in word and word not in HEADING_RESULT_WORDS)
    + r"\n(?=[A-Z][a-z])"
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z.]+)$")
#: A line break (where each is, for `_line_scope`).
_NEWLINE_RE = re.compile("\n")
#: A list item's number at the start of a line ("\n2" before "2. Lumbar strain").
_LIST_NUMBER_RE = re.compile(r"(?:^|\n)[ \t]*\d{1,2}$")


#: A laboratory's result in capitals on the same line right after a period: the period ends
#: an analyte's name cut short in its table ("O-desmethyltram.  NEGATIVE  100"), not a
#: sentence.
_RESULT_AFTER_RE = re.compile(r"[ \t]+" + lab_result_re())


@lru_cache(maxsize=8)
def sentence_starts(text: str) -> frozenset[int]:
    """Character offsets where a sentence starts: fast, clinical-note aware. Cached: the
    pipeline and both trained readers split the same page."""
    starts = {0}
    for match in _BOUNDARY_RE.finditer(text):
        if match.group("stop"):
            word = _WORD_BEFORE_RE.search(text, max(0, match.start() - 24), match.start())
            if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                continue
            if match.group("stop") == "." and match.start() > 0 and text[
                    match.start() - 1].isdigit() and text[match.end():match.end() + 1].isdigit():
                continue
            if match.group("stop") == "." and _RESULT_AFTER_RE.match(text, match.end("stop")):
                continue  # "O-desmethyltram. NEGATIVE": a laboratory's name cut short
            if match.group("stop") == "." and _LIST_NUMBER_RE.search(
                    text, max(0, match.start() - 8), match.start()):
                continue  # "1. Lumbar strain": a list item's number opens its sentence
        starts.add(match.end())
    return frozenset(starts)


def doc_text(doc: Doc) -> str:
    """The doc's text: the string `process` made it from (spaCy's tokenizer keeps every
    character, so it is `doc.text`), else `doc.text`. spaCy's `doc.text` joins every
    token's text anew (a `Token` object per word) at each call: four calls a page were ~3%
    of reading (issue 18)."""
    text = doc.user_data.get("openimr_text")
    return doc.text if text is None else text  # type: ignore[no-any-return]


def _install_sentence_splitter() -> str:
    from spacy.language import Language

    name = "openimr_sentences"
    if name not in Language.factories:
        @Language.component(name)
        def split_sentences(doc: Doc) -> Doc:
            import numpy as np
            from spacy.attrs import IDX, IS_SPACE, SENT_START

            starts = doc.user_data.get("openimr_starts") or sentence_starts(doc_text(doc))
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


class SentenceTable:
    """A doc's sentences as plain lists: token starts and ends, character bounds (spaCy's
    `Span.start_char`/`end_char`). `doc.sents` and `span.sent` make a Span object per
    sentence and walk its tokens; the components and the value parsers ask per mention."""

    __slots__ = ("token_starts", "token_ends", "char_bounds")

    def __init__(self, doc: Doc) -> None:
        import numpy as np
        from spacy.attrs import IDX, LENGTH, SENT_START

        self.token_starts: list[int] = []
        self.token_ends: list[int] = []
        self.char_bounds: list[tuple[int, int]] = []
        if not len(doc):
            return
        array = doc.to_array([IDX, LENGTH, SENT_START]).astype(np.int64)
        marks = array[:, 2] == 1
        marks[0] = True  # the first token opens a sentence, as spaCy's `doc.sents` has it
        starts = np.flatnonzero(marks)
        ends = np.r_[starts[1:], len(doc)]
        self.token_starts = starts.tolist()
        self.token_ends = ends.tolist()
        last = ends - 1
        self.char_bounds = list(zip(array[starts, 0].tolist(),
                                    (array[last, 0] + array[last, 1]).tolist(), strict=True))

    def of_char(self, char: int) -> int:
        """The index of the sentence a character offset (of a token start) is in."""
        return bisect_right(self.char_bounds, (char, float("inf"))) - 1

    def of_token(self, token: int) -> int:
        """The index of the sentence a token is in."""
        return bisect_right(self.token_starts, token) - 1


def sentence_table(doc: Doc) -> SentenceTable:
    """The doc's `SentenceTable`, made once per state of its sentence starts: a component
    that moves them (medspaCy's sectionizer can) makes it anew."""
    import numpy as np
    from spacy.attrs import SENT_START

    key = hash(np.asarray(doc.to_array(SENT_START)).tobytes()) if len(doc) else 0
    cached = doc.user_data.get("openimr_sentences")
    if cached is not None and cached[0] == key:
        return cached[1]  # type: ignore[no-any-return]
    table = SentenceTable(doc)
    doc.user_data["openimr_sentences"] = (key, table)
    return table


class _RegexRule:
    """One regular-expression trigger, compiled on first use.

    Compiling the ~200 rules took about 0.5 s of every start-up (issue 18), though a short
    record reaches few of them: a rule is compiled when a sentence first holds one of its
    literals. Compiling twice from two threads is harmless (same result).

    Where it can, a rule runs as its case-sensitive rewrite over the lower-cased page
    (`lowered.lowered_source`: the same spans on ASCII text, found several times faster
    in a long case-blind alternation); a rule with a case-sensitive part (`(?-i:RTW)`)
    runs only where its rewrite finds something. `finditer` picks the form."""

    __slots__ = ("index", "source", "label", "pattern", "lowered", "reach", "exact", "parts")

    def __init__(self, index: int, source: str, label: str = "") -> None:
        self.index = index
        self.source = source
        #: the label of its spans ("kind#index"), made once, not once a match
        self.label = label
        self.pattern: re.Pattern[str] | None = None
        #: the rewrite, compiled on first use (False: not yet; None: the rule has none)
        self.lowered: re.Pattern[str] | None | bool = False
        #: how far before a search's start the rewrite looks
        self.reach = 0
        #: whether the rewrite finds the rule's own matches; else only where it may match
        self.exact = True
        #: the exact rewrite split where its first-character guard is weak
        #: (`lowered.lowered_parts`), compiled with it; empty when it is not split
        self.parts: tuple[re.Pattern[str], ...] = ()

    def compile(self) -> re.Pattern[str]:
        self.pattern = re.compile(self.source, re.IGNORECASE)
        return self.pattern

    def _compile_lowered(self) -> re.Pattern[str] | None:
        from openimr.records.lowered import lowered_parts, lowered_source

        rewrite = lowered_source(self.source)
        if rewrite is None:
            self.lowered = None
            return None
        source, self.reach, self.exact = rewrite
        self.parts = tuple(re.compile(part) for part in lowered_parts(self.source))
        self.lowered = compiled = re.compile(source)
        return compiled

    def finditer(self, text: str, low: str | None, ascii_text: bool, start: int, end: int
                 ) -> Iterator[re.Match[str]]:
        """The rule's matches in `text[start:end]`. `low` is `text.lower()` (None when it
        is not as long: offsets would not hold), `ascii_text` whether all of `text` is
        ASCII; else the rewrite runs only where what it can see is."""
        lowered = self.lowered
        if lowered is False:
            lowered = self._compile_lowered()
        if lowered is not None and low is not None and (
                ascii_text or text[max(0, start - self.reach):end].isascii()):
            if self.exact:
                if self.parts:
                    from openimr.records.lowered import split_finditer

                    return split_finditer(lowered, self.parts, low, start, end)  # type: ignore[arg-type]
                return lowered.finditer(low, start, end)  # type: ignore[union-attr]
            first = lowered.search(low, start, end)  # type: ignore[union-attr]
            if first is None:
                return iter(())  # where the rewrite finds nothing, neither does the rule
            # nor before its first match: every match of the rule is one of the rewrite's
            # at the same start, so the rule's first match starts there or later. The rule
            # (case-blind, slow) runs from there; it still sees what is before (`pos` is
            # not a slice), so its matches are those it finds from `start`
            start = first.start()
        return (self.pattern or self.compile()).finditer(text, start, end)


class _RuleLiterals:
    """Which rules a sentence's literals let run: every rule's required literals
    (`prefilter.required_literals`) in one `LiteralIndex`, and the rules that require none."""

    def __init__(self, kinds: list[tuple[str, list[_RegexRule]]]) -> None:
        from openimr.records.prefilter import LiteralIndex, required_literals

        #: per kind, the positions of its rules that require no literal (they always run)
        self.always: list[list[int]] = [[] for _ in kinds]
        #: per literal, per kind, the positions of the kind's rules it lets run (grouped by
        #: kind: a sentence's anchor is asked once a kind, not once a rule)
        self.rules_of: dict[str, tuple[tuple[int, tuple[int, ...]], ...]] = {}
        by_literal: dict[str, dict[int, list[int]]] = {}
        for kind_index, (_kind, rules) in enumerate(kinds):
            for position, rule in enumerate(rules):
                literals = required_literals(rule.source)
                if literals is None or not all(word.isascii() for word in literals):
                    self.always[kind_index].append(position)
                    continue
                for literal in literals:
                    by_literal.setdefault(literal, {}).setdefault(kind_index, []).append(
                        position)
        self.rules_of = {literal: tuple((kind_index, tuple(positions))
                                        for kind_index, positions in kinds_of.items())
                         for literal, kinds_of in by_literal.items()}
        self.index = LiteralIndex(self.rules_of)


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
            rules = [_RegexRule(index, trigger.regex, f"{spec.kind.value}#{index}")
                     for index, trigger in enumerate(spec.triggers) if trigger.regex]
            if rules:
                self.kinds.append((spec.kind.value, rules))
                self.anchors.append(re.compile(spec.anchor, re.IGNORECASE)
                                    if spec.anchor else None)
        self.ungated = [i for i, anchor in enumerate(self.anchors) if anchor is None]
        #: the kinds with an anchor, and (made on first use) which of their anchors a word
        #: may match: each new word was searched with each of the ~24 anchors, 60 us a word
        self._anchored = [i for i, anchor in enumerate(self.anchors) if anchor is not None]
        self._anchor_gate: PatternGate | None = None
        #: the kinds each word (by its spaCy string id) anchors
        self._token_kinds: dict[int, tuple[int, ...]] = {}
        #: the rules' literals, derived on the first page read (~60 ms: not at start-up)
        self._literals: _RuleLiterals | None = None

    def _kinds_of_new(self, orths: list[int], doc: Doc) -> list[tuple[int, ...]]:
        """The kinds each of a page's new words anchors (and remembered): their candidate
        anchors found for all of them in one pass (`PatternGate.candidates_of_each`), then
        each candidate's own search on the word."""
        gate = self._anchor_gate
        if gate is None:
            from openimr.records.prefilter import PatternGate

            gate = self._anchor_gate = PatternGate(
                self.anchors[i].pattern for i in self._anchored)  # type: ignore[union-attr]
        strings, anchors, anchored = doc.vocab.strings, self.anchors, self._anchored
        words = [strings[orth] for orth in orths]
        out = []
        for orth, word, candidates in zip(orths, words, gate.candidates_of_each(words),
                                          strict=True):
            found = tuple(kind for kind in (anchored[i] for i in candidates)
                          if anchors[kind].search(word))  # type: ignore[union-attr]
            if len(self._token_kinds) < 200_000:
                self._token_kinds[orth] = found
            out.append(found)
        return out

    def _sentence_literals(self, text: str, low: str | None, bounds: list[tuple[int, int]],
                           index: LiteralIndex) -> list[set[str]]:
        """Per sentence, the literals it holds (or more: a superset only runs a rule that
        then finds nothing). `low` is `text.lower()`, None when it is not as long."""
        held: list[set[str]] = [set() for _ in bounds]
        if low is None:  # offsets of the lower-cased page would not hold
            for sent_index, (start, end) in enumerate(bounds):
                for _at, found in index.starts(text[start:end].lower()):
                    held[sent_index] |= index.within(found)
            return held
        # each sentence's own literals (one C call a sentence): a literal that runs past a
        # sentence's end is not looked for there, as no match inside the sentence holds it
        within = index.within
        for sent_index, (start, end) in enumerate(bounds):
            own = held[sent_index]
            for found in index.longest(low, start, end):
                own |= within(found)
        return held

    def _sentences_of_kinds(self, doc: Doc, token_starts: list[int]) -> list[set[int]]:
        """Per kind, the sentences with a word its anchor matches. The page's distinct words
        (spaCy string ids) are looked up once each, and only the words that anchor a kind
        are placed in their sentences: one set per sentence and a look-up per word was most
        of this component's time (issue 18)."""
        import numpy as np
        from spacy.attrs import ORTH

        sentences_of: list[set[int]] = [set() for _ in self.kinds]
        if not len(doc):
            return sentences_of
        distinct, inverse = np.unique(doc.to_array(ORTH), return_inverse=True)
        known = self._token_kinds
        kinds_of = [known.get(orth) for orth in distinct.tolist()]
        new = [index for index, kinds in enumerate(kinds_of) if kinds is None]
        if new:
            orths = distinct.tolist()
            for index, kinds in zip(new, self._kinds_of_new([orths[i] for i in new], doc),
                                    strict=True):
                kinds_of[index] = kinds
        anchoring = [index for index, kinds in enumerate(kinds_of) if kinds]
        if anchoring:
            positions = np.flatnonzero(np.isin(inverse, anchoring))
            sent_indexes = np.searchsorted(token_starts, positions, side="right") - 1
            for word, sent_index in zip(inverse[positions].tolist(), sent_indexes.tolist(),
                                        strict=True):
                for kind_index in kinds_of[word]:
                    sentences_of[kind_index].add(sent_index)
        return sentences_of

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span

        text = doc_text(doc)
        table = sentence_table(doc)
        bounds = table.char_bounds
        sentences_of = self._sentences_of_kinds(doc, table.token_starts)
        for kind_index in self.ungated:
            sentences_of[kind_index] = set(range(len(bounds)))
        literals = self._literals
        if literals is None:
            literals = self._literals = _RuleLiterals(self.kinds)
        low: str | None = text.lower()
        if len(low) != len(text):  # type: ignore[arg-type]
            low = None  # offsets of the lower-cased page would not hold
        ascii_text = text.isascii()
        # per kind, per sentence its anchor lets in, the rules the sentence's literals let
        # run (and the kind's rules that need no literal: then every anchored sentence)
        allowed: list[dict[int, set[int]]] = [{} for _ in self.kinds]
        rules_of = literals.rules_of
        for sent_index, held in enumerate(self._sentence_literals(text, low, bounds,
                                                                  literals.index)):
            for literal in held:
                for kind_index, positions in rules_of[literal]:
                    if sent_index in sentences_of[kind_index]:
                        found = allowed[kind_index].get(sent_index)
                        if found is None:
                            allowed[kind_index][sent_index] = set(positions)
                        else:
                            found.update(positions)
        spans: list[Span] = list(doc.spans[SPAN_GROUP]) if SPAN_GROUP in doc.spans else []
        char_span = doc.char_span
        for kind_index, (_kind, rules) in enumerate(self.kinds):
            always = literals.always[kind_index]
            mine = allowed[kind_index]
            for sent_index in sorted(sentences_of[kind_index] if always else mine):
                found = mine.get(sent_index)
                positions = sorted(found.union(always)) if found else always
                start, end = bounds[sent_index]
                for position in positions:  # in the kind's order of rules, as declared
                    rule = rules[position]
                    for match in rule.finditer(text, low, ascii_text, start, end):
                        begin, stop = match.span()
                        if stop <= begin:
                            continue
                        span = char_span(begin, stop, label=rule.label,
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


def _install_scoped_context_graph() -> None:
    """medspaCy's ConText asks every modifier of a page whether it modifies every target of
    the page (`ConTextModifier.modifies`: a dozen attribute look-ups and calls a pair, ~260,000
    pairs on the dev and train notes). A modifier modifies only a target that starts or
    ends in its scope (the last test of `modifies`), so the graph here asks only those: the
    same edges in the same order. Installed where `ConText` looks its graph class up."""
    from medspacy.context import context as context_module
    from medspacy.context.context_graph import ConTextGraph
    from medspacy.util import tuple_overlaps

    if getattr(context_module.ConTextGraph, "scoped", False):
        return

    class ScopedContextGraph(ConTextGraph):
        scoped = True

        def apply_modifiers(self) -> None:
            if self.prune_on_modifier_overlap:  # as medspaCy does
                for i in range(len(self.modifiers) - 1, -1, -1):
                    if any(tuple_overlaps((target.start, target.end),
                                          self.modifiers[i].modifier_span)
                           for target in self.targets):
                        self.modifiers.pop(i)
            scopes = [(modifier.scope_span, modifier) for modifier in self.modifiers]
            for target in self.targets:
                start, end = target.start, target.end
                for (low, high), modifier in scopes:
                    # medspaCy's tuple_overlaps(scope, target): the target starts or ends in it
                    if (low <= start < high or low < end <= high) and modifier.modifies(target):
                        modifier.modify(target)
            edges = []
            for modifier in self.modifiers:
                modifier.reduce_targets()
                for target in modifier._targets:
                    edges.append((target, modifier))
            self.edges = edges

    context_module.ConTextGraph = ScopedContextGraph  # type: ignore[misc]


#: Sections whose heading, written with its content on the same line, governs its own sentence
#: only: "Goals: walk 30 min, return to full duty (currently modified). Baseline UDT neg; opioid
#: agreement signed." sets goals, and the next sentence of a terse note is not one. A heading
#: alone on its line keeps the block under it.
_LINE_SECTIONS = frozenset({"goals"})


def _line_scope(doc: Doc, end: int, scope_end: int) -> int:
    """The end of a section whose heading ends at token `end`: the end of the heading's
    sentence (at the latest its line) when the heading has content on its line, else
    `scope_end`."""
    newlines = doc.user_data.get("openimr_newlines")
    if newlines is None or end >= len(doc):
        return scope_end
    heading_end = doc[end - 1].idx + len(doc[end - 1])
    length = len(doc_text(doc))
    line_end = next((i for i in newlines if i >= heading_end), length)
    if doc[end].idx >= line_end:
        return scope_end  # the heading stands alone on its line: its block follows
    starts = doc.user_data.get("openimr_starts") or ()
    sentence_end = min((i for i in starts if i > doc[end].idx), default=length)
    stop = min(line_end, sentence_end)
    first_after = next((t.i for t in doc[end:scope_end] if t.idx >= stop), scope_end)
    return min(first_after, scope_end)


def _fast_sectionizer_class() -> type:
    """medspaCy's `Sectionizer`, its results written where spaCy keeps extension values.

    medspaCy sets `token._.section` token by token (a `Token` and an `Underscore` object
    per word of every page: 190,000 on the dev and train notes, half the sectionizer's
    time) and reads each mention's section back through two more. Here the same values go
    into `doc.user_data` under spaCy's own keys (`("._.", name, start_char, end_char)`,
    `end_char` None for a token), so `token._.section`, `span._.is_historical` and the
    rest read exactly what medspaCy would have set. Only the options the pipeline uses
    are supported (no parent sections, no line or length requirements, no sentence
    boundaries); others fall back to medspaCy's own `__call__`."""
    from medspacy.section_detection.section import Section
    from medspacy.section_detection.sectionizer import Sectionizer

    class FastSectionizer(Sectionizer):  # type: ignore[misc]
        def __call__(self, doc: Doc) -> Doc:
            if (self.require_start_line or self.require_end_line or self._parent_sections
                    or self._apply_sentence_boundary or self.max_section_length is not None
                    or self._input_span_type.lower() != "group"):
                return super().__call__(doc)  # type: ignore[no-any-return]
            matcher = self._Sectionizer__matcher
            matches = matcher(doc)
            doc._.sections = []
            if not matches:
                doc._.sections.append(Section(None, 0, 0, 0, len(doc)))
                return doc
            sections = []
            if matches[0][1] != 0:
                sections.append(Section(None, 0, 0, 0, matches[0][1]))
            strings = self.nlp.vocab.strings
            for i, (match_id, start, end) in enumerate(matches):
                rule = matcher.rule_map[strings[match_id]]
                last = i == len(matches) - 1
                scope_end = len(doc) if last else matches[i + 1][1]
                if rule.max_scope is not None:  # as medspaCy: `doc[-1].i + 1` is len(doc)
                    scope_end = min(end + rule.max_scope, scope_end)
                if rule.category in _LINE_SECTIONS:
                    scope_end = _line_scope(doc, end, scope_end)
                sections.append(Section(rule.category, start, end, end, scope_end, None, rule))
            from spacy.attrs import IDX

            starts = doc.to_array(IDX).tolist()  # a token's key is its character offset
            user_data = doc.user_data
            for section in sections:
                doc._.sections.append(section)
                start, end = section.section_span
                for token_start in starts[start:end]:
                    user_data[("._.", "section", token_start, None)] = section
            mapping = self.assertion_attributes_mapping
            if mapping:
                for span in doc.spans[self._span_group_name]:
                    section = user_data.get(("._.", "section", span.start_char, None))
                    if section and section.category in mapping:
                        for name, value in mapping[section.category].items():
                            user_data[("._.", name, span.start_char, span.end_char)] = value
            return doc

    return FastSectionizer


class _NotLoaded:
    """Stands for a name of a library openimr does not use; using it says so."""

    def __init__(self, module: str, name: str) -> None:
        self._what = f"{module}.{name}"

    def __call__(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError(f"{self._what} is not loaded: openimr does not use it")


#: medspaCy's package imports these for components openimr does not use: QuickUMLS pulls in
#: nltk and scipy (about 2.6 s, issue 18), PyRuSH logs through loguru. pySBD (another
#: sentence splitter: 41 modules, ~0.02 s of every start) is imported by medspaCy and by
#: spaCy itself, which loads every `spacy_factories` entry point when a pipeline is made.
_UNUSED_BY_MEDSPACY = ("quickumls", "quickumls.spacy_component", "PyRuSH", "pysbd",
                       "pysbd.utils")


@contextmanager
def _without_unused_libraries() -> Iterator[None]:
    """While medspaCy is imported and the pipeline made, its unused dependencies are
    placeholders; they leave `sys.modules` afterwards, so anything else that imports them
    gets the real ones."""
    placed = []
    for name in _UNUSED_BY_MEDSPACY:
        if name not in sys.modules:
            module = types.ModuleType(name)
            module.__getattr__ = lambda attr, n=name: _NotLoaded(n, attr)  # type: ignore[method-assign]
            sys.modules[name] = module
            placed.append(name)
            parent, _dot, child = name.rpartition(".")
            if parent in placed:
                setattr(sys.modules[parent], child, module)
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
    sectionizer.__class__ = _fast_sectionizer_class()

    _install_scoped_context_graph()
    context_data = load_yaml((RULES / "context.yaml").read_text(encoding="utf-8"))
    context: ConText = nlp.add_pipe(
        "medspacy_context", config={"rules": None, "input_span_type": "group"})
    context.add([
        ConTextRule(rule["literal"], rule["category"], direction=rule["direction"],
                    pattern=rule.get("pattern"), max_scope=rule.get("max_scope"))
        for rule in context_data["rules"]
    ])
    _gate_regex_rules(context)
    return nlp


def _gate_regex_rules(component: object) -> None:
    """Give a medspaCy component's regular-expression rules a literal prefilter
    (`prefilter.GatedPattern`): ConText's few pattern rules were a sixth of its time."""
    from openimr.records.prefilter import GatedPattern

    matcher = getattr(component, f"_{type(component).__name__}__matcher")
    regex_matcher = matcher._MedspacyMatcher__regex_matcher
    for patterns in regex_matcher._patterns.values():
        patterns[:] = [p if isinstance(p, GatedPattern) else GatedPattern(p) for p in patterns]
    regex_matcher.__class__ = _text_once_regex_matcher()


@cache
def _text_once_regex_matcher() -> type:
    """medspaCy's `RegexMatcher`, asking spaCy for the doc's text once a call: it asked for
    `doc.text_with_ws` (a join of every token) once per pattern, two thirds of ConText's
    time (issue 18). Its matches, spans and callbacks as medspaCy makes them."""
    from medspacy.common.regex_matcher import RegexMatcher
    from medspacy.common.util import get_token_for_char

    class TextOnceRegexMatcher(RegexMatcher):  # type: ignore[misc]
        def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
            text = doc_text(doc)  # a doc's `text_with_ws` is its `text`
            low = text.lower() if text.isascii() else None  # once, not once a pattern
            matches: list[tuple[int, int, int]] = []
            for match_id, patterns in self._patterns.items():
                for pattern in patterns:
                    on_match = self._callbacks[match_id]
                    for re_match in pattern.finditer_lowered(text, low):
                        span = doc.char_span(re_match.start(), re_match.end())
                        if span is None:
                            start = get_token_for_char(doc, re_match.start(),
                                                       resolve=self.resolve_start)
                            end = get_token_for_char(doc, re_match.end(),
                                                     resolve=self.resolve_end)
                            span = doc[start.i:len(doc) if end is None else end.i]
                        if len(span):  # a span resolved to no token is no match
                            matches.append((match_id, span.start, span.end))
                        if on_match is not None:
                            on_match(self, doc, len(matches) - 1, matches)
            return matches

    return TextOnceRegexMatcher


@cache
def _section_title_re() -> re.Pattern[str]:
    """Any section title, then its colon. One trie of the titles: an alternation of the
    ~120 titles was tried title by title at every position of every page (issue 18). A
    title holds no colon, so at most one title ends before a given colon: the trie's
    choice of the longest changes no match."""
    from openimr.records.prefilter import trie_pattern

    sections = load_yaml((RULES / "sections.yaml").read_text(encoding="utf-8"))
    titles = {t.lower() for ts in sections["sections"].values() for t in ts}
    alternatives = trie_pattern(titles, lambda char: r"\s+" if char == " " else re.escape(char))
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


#: A form's answer in a box after its label ("SLR [neg R] [neg L]", "Sensation [intact]",
#: "Reflexes [2+ and equal]"): an answer (lower case, a digit or a sign), not a tick box
#: ("[x]", "[ ]") nor a bracketed heading ("[PHYSICAL EXAM]"); a sign alone keeps its box
#: ("[+]", "[-]"), which the vocabulary reads as a result.
_ANSWER_BOX_RE = re.compile(r"\[(?![xX\u2713\u2714+-]\])(?=[a-z0-9+-])[^\[\]\n]{1,30}\]")


def _open_answer_boxes(text: str) -> str:
    """The brackets of a form's answers become spaces (same length, so offsets hold): the
    matchers and the value parsers read "SLR  neg R   neg L" as the sentence it is."""
    if "[" not in text:
        return text
    return _ANSWER_BOX_RE.sub(lambda m: " " + m.group(0)[1:-1] + " ", text)


def process(text: str) -> Doc:
    """Run the pipeline on one page of text.

    Sentences are split on the text as written (line breaks carry structure), but the
    matchers see line breaks as spaces (same length, so offsets hold) so that a phrase
    wrapped over two lines is still one phrase.
    """
    nlp = build_pipeline()
    made = _open_answer_boxes(_hide_inline_titles(text)).replace("\n", " ")
    doc = nlp.make_doc(made)
    doc.user_data["openimr_text"] = made
    doc.user_data["openimr_starts"] = sentence_starts(text)
    # found by the regex engine, not a Python step per character (~0.1 ms a page)
    doc.user_data["openimr_newlines"] = [match.start() for match in _NEWLINE_RE.finditer(text)]
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
