"""Which fact an outcome, side effect, injection response or functional gain is about: a
ranker over candidate (fact, target) pairs.

The rules of `linking` name what each kind of fact can be about (an NSAID outcome a drug of
that class, a side effect the drug that can cause it, a response its procedure) and take the
nearest such mention. The annotators do more than "nearest": they point to a drug's full
statement ("Celebrex 200 mg once a day") rather than a bare mention of it in the outcome's
sentence that they did not annotate, to the course a therapy note is written during rather
than another course it recalls, and they leave most gains that name no cause unlinked. A
logistic regression over each candidate pair learns how these weigh against each other from
the train cases: what the rules chose and in which order of preference the candidate passes
their tests, where the candidate stands (inside the fact's words, its clause, its line, its
paragraph, how far, before or after, another document), how complete its statement is, and
whether the fact's clause names it; in sentences and clauses rather than characters, whether
the fact's sentence credits it ("with tramadol she can...", "since starting PT", "gabapentin
helps"), whether it is the treatment stated nearest before the fact in its sentence, how many
other treatments stand between, a shared table row or list item, and whether it is dated
before the fact. It is fitted as a conditional logit: per fact, one
softmax over its candidates and "nothing". The likeliest candidate is linked when the
treatment it states (all its mentions in that note: a course's visit cells share one
probability) is at least as likely as the threshold cross-validation on the train cases
chose for link F1; otherwise nothing is. A treatment the fact's own sentence credits, which the
rules chose too, is linked whatever else the note is about (a note headed by an injection
does not take "With tramadol she can walk her dog" from tramadol).

Weights ship as `models/links/weights.json` (feature -> weight, bias, threshold), fitted by
`make train` (deterministic: lbfgs on fixed data); without them the rules decide alone.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from openimr.model import Document, Fact

if TYPE_CHECKING:
    from openimr.records.evaluation import GoldCase

MODEL_DIR = Path(__file__).resolve().parent / "models" / "links"
WEIGHTS = MODEL_DIR / "weights.json"
#: the kinds a fact can be about
TARGET_KINDS = frozenset({"medication", "therapy_sessions", "injection_history", "device_trial",
                          "surgery"})
#: the kinds that point to what they are about
SOURCE_KINDS = frozenset({"treatment_trial", "functional_improvement", "side_effect",
                          "injection_history"})
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
_WORD_RE = re.compile(r"[a-z][a-z0-9]+")
_VISIT_CELL_RE = re.compile(r"\s*\d{1,3}\s*(?:/\s*\d{1,3})?\s*")
#: the target of the choice "about nothing"
NULL = -1
#: how much of a document's first page is its head
HEAD = 300
#: words that attribute a change to something before it ("since the injection", "after 6
#: visits", "now", "back to", "for the first time"), or to something taken ("with meds")
_CUES = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in [
    ("since", r"\b(?:since|after|following|post-?\w*|s/p|status\s+post)\b"),
    ("with", r"\b(?:with|on|using|while)\b"),
    ("now", r"\b(?:now|again|back\s+to|returned|resumed|first\s+time|no\s+longer)\b"),
]]
#: where a sentence ends (`linking` cuts the clause it hands over with it too): a full stop,
#: semicolon, line break or table bar; a full stop ends it also inside a closing quote ('has
#: "cut the itch in half." Mild constipation' is two clauses)
SENTENCE_END_RE = re.compile(r"[.!?;][\"')\]]*\s|\n|\|")
#: where a clause ends within it: also a comma or colon, or a conjunction that turns to
#: another statement ("..., but", "then", "although")
CLAUSE_END_RE = re.compile(r"[.!?;:,][\"')\]]*\s|\n|\||\s(?:but|then|however|although|"
                            r"though|whereas|while)\s", re.IGNORECASE)
#: a treatment named as what a change came with, in the words just before it: "with
#: tramadol", "since starting the gabapentin", "after 6 sessions of PT", "from the
#: injection", "on Norco", "s/p the L5 ESI"
_ATTRIBUTED_RE = re.compile(
    r"\b(?P<cue>with|after|since|from|on|using|following|post|s/p|status\s+post|due\s+to|"
    r"thanks\s+to|because\s+of)\s+(?:(?:starting|started|beginning|taking|using|adding|trying|"
    r"the|his|her|their|this|that|these|a|an|trial|course|series|round|of|last|recent|"
    r"current|new|\d+|sessions?|visits?|treatments?|weeks?|months?|days?)\s+)*$",
    re.IGNORECASE)
#: ... or as the subject of a verb of effect just after it: "gabapentin helps", "the
#: injection (03/01) gave", "Norco has really helped", "PT did nothing"
_SUBJECT_RE = re.compile(
    r"^[\s,\"')\]]*(?:\([^)]{0,40}\)\s*)?(?:(?:on|in|dated)\s+[\d/.-]+\s+)?(?:(?:has|have|had|is|was|does|did|really|still|"
    r"also|definitely|clearly|seems?\s+to|seemed\s+to)\s+)*"
    r"(?:help|work|give|gave|allow|let|reduc|reliev|improv|decreas|eas|cut|made|make|keep|"
    r"kept|enabl|did\s+nothing|does\s+nothing|didn'?t|doesn'?t|not\s+help|fail|provid)",
    re.IGNORECASE)
#: a line that is a table row or a list item (its treatment and outcome go together)
_ROW_RE = re.compile(r"\||\t|^\s*(?:[-*\u2022>]|\d{1,2}[.)]|[a-z][.)])\s", re.MULTILINE)
Test = Callable[[Fact], bool]


@dataclass
class Pair:
    """A fact and one candidate it may be about."""

    source: int
    target: int
    features: dict[str, float] = field(default_factory=dict)
    #: the treatment the target states, in its document (its mentions share a probability)
    group: str = ""
    #: `features` in two parts, when built by `pairs`: the conjoined part, one dict shared by
    #: every pair of the same shape (so `Ranker` weighs it once a shape), and the rest
    shared: dict[str, float] | None = field(default=None, repr=False, compare=False)
    own: dict[str, float] | None = field(default=None, repr=False, compare=False)

    def has(self, name: str) -> bool:
        """Whether the pair has the feature (`name in features`)."""
        return name in self.features


class _SplitPair(Pair):
    """A pair built by `pairs`: its `features` (the shared part, then its own) are merged
    when first read. Scoring and choosing read the two parts: merging the ~70 features of
    each of a long record's ~110,000 pairs cost ~0.2 s, for dicts rarely read."""

    @property  # type: ignore[override]
    def features(self) -> dict[str, float]:
        merged = self.__dict__.get("_features")
        if merged is None:
            shared, own = self.shared or {}, self.own or {}
            merged = self.__dict__["_features"] = {**shared, **own} if own else shared.copy()
        return merged  # type: ignore[no-any-return]

    @features.setter
    def features(self, value: dict[str, float] | None) -> None:
        self.__dict__["_features"] = value

    def __eq__(self, other: object) -> bool:  # equal to a `Pair` of the same fields
        if not isinstance(other, Pair):
            return NotImplemented
        return (self.source, self.target, self.features, self.group) == \
            (other.source, other.target, other.features, other.group)

    __hash__ = None  # type: ignore[assignment]  # as a dataclass's with eq

    def merged(self) -> dict[str, float] | None:
        """The merged features if they were read (and so perhaps changed), else None."""
        return self.__dict__.get("_features")

    def has(self, name: str) -> bool:
        merged = self.merged()
        if merged is not None:
            return name in merged
        return name in self.shared or name in self.own  # type: ignore[operator]


@dataclass(frozen=True)
class Context:
    """What the features need of the case: its facts, page texts, the documents' order,
    those written during a course of therapy, and each document's main modality (the one
    its therapy facts name most)."""

    facts: list[Fact]
    pages: dict[tuple[str, int], str]
    order: dict[str, int]
    courses: frozenset[str]
    modality: dict[str, str]
    #: each document's head (its first lines: the heading, "3 wks s/p L4-5 TFESI", "POST-OP
    #: VISIT"), which names what the note is about
    heads: dict[str, str]
    #: the kinds of treatment a text names (`linking`'s cause words)
    named: Callable[[str], frozenset[str]]
    #: the facts that can be candidates at all (`targets`) and each one's `treatment`,
    #: found once per case
    targets: tuple[int, ...] | None = None
    keys: dict[int, str] | None = None
    #: the targets indexed by document, page and treatment (`TargetIndex`)
    index: TargetIndex | None = None
    #: what the features need of each target on its own (`_Target`), found when first asked
    memo: dict[int, _Target] = field(default_factory=dict)


_CUE_GROUPS = {"with": "with", "on": "with", "using": "with", "since": "since", "after": "after",
               "following": "after", "post": "after", "s/p": "after", "status post": "after"}


@dataclass(frozen=True)
class Where:
    """Where a source stands among its candidates on its own page: its sentence, the
    treatment stated nearest before it in that sentence, and the candidates its sentence
    attributes it to by the words around them ("with tramadol", "since starting PT",
    "gabapentin helps")."""

    lo: int
    hi: int
    nearest: int | None = None
    #: candidate -> how its sentence attributes the source to it ("with", "since",
    #: "after", "from", "subject")
    attributed: dict[int, str] = field(default_factory=dict)
    #: the candidates on the source's page, by where they start
    page: tuple[int, ...] = ()
    #: the treatments (`treatment`) of `attributed`, and of `nearest`: the annotators point
    #: to a treatment's fullest statement in the note ("tramadol 50 mg BID"), seldom to the
    #: bare mention in the crediting clause, so every mention of it shares the credit
    credited: dict[str, str] = field(default_factory=dict)
    nearest_treatment: str | None = None
    #: where each of `page` starts, and each candidate's treatment
    starts: tuple[int, ...] = ()
    treatments: dict[int, str] = field(default_factory=dict)
    #: where the source's own clause or list item starts (`CLAUSE_END_RE`): a treatment
    #: stated there before it is the one its words follow ("Lyrica (dizzy)")
    item_lo: int = 0


def span(text: str, start: int, end: int, ends: re.Pattern[str]) -> tuple[int, int]:
    """The sentence (or clause, by `ends`) around text[start:end]: from the last end before
    it (at most 300 characters back) to the first end after it."""
    before = [m.end() for m in ends.finditer(text, max(0, start - 300), start)]
    after = ends.search(text, end)
    return (before[-1] if before else max(0, start - 300), after.start() if after else len(text))


def _attribution(text: str, lo: int, start: int, end: int) -> str | None:
    """How the words around a treatment mention at text[start:end] (within a sentence that
    starts at `lo`) name it as the cause of a change: the preposition before it, or a verb
    of effect after it whose subject it is."""
    found = _ATTRIBUTED_RE.search(text[max(lo, start - 60):start])
    if found:
        cue = " ".join(found.group("cue").lower().split())
        return _CUE_GROUPS.get(cue, "from")
    if _SUBJECT_RE.match(text[end:end + 60]):
        return "subject"
    return None


def where(ctx: Context, source: int, found: list[int]) -> Where:
    """Where the source `source` stands among its candidates `found` (`Where`)."""
    fe = ctx.facts[source].evidence
    text = ctx.pages.get((fe.document, fe.page), "")
    lo, hi = span(text, fe.start, fe.end, SENTENCE_END_RE)
    page = sorted((i for i in found if ctx.facts[i].evidence.document == fe.document
                   and ctx.facts[i].evidence.page == fe.page),
                  key=lambda i: ctx.facts[i].evidence.start)
    mine = [i for i in page if lo <= ctx.facts[i].evidence.start < hi]
    before = [i for i in mine if ctx.facts[i].evidence.start < fe.end]
    attributed = {}
    for i in mine:
        ce = ctx.facts[i].evidence
        cue = _attribution(text, lo, ce.start, ce.end)
        if cue:
            attributed[i] = cue
    nearest = before[-1] if before else None
    keys = ctx.keys or {}
    treatments = {i: keys[i] if i in keys else treatment(ctx.facts[i]) for i in page}
    return Where(lo, hi, nearest, attributed, tuple(page),
                 {treatments[i]: cue for i, cue in attributed.items()},
                 treatments[nearest] if nearest is not None else None,
                 tuple(ctx.facts[i].evidence.start for i in page), treatments,
                 span(text, fe.start, fe.end, CLAUSE_END_RE)[0])


def is_source(fact: Fact) -> bool:
    """A fact that can be about a treatment (an injection's procedure is a target, its
    result a source)."""
    kind = fact.kind.value
    if kind == "injection_history":
        return fact.value.get("relief_percent") is not None or fact.value.get(
            "duration_weeks") is not None or bool(fact.value.get("medication_reduced"))
    return kind in SOURCE_KINDS


#: How many candidates a fact keeps by nearness; beyond them only the nearest statement of
#: each treatment. A long record (a 300-page chart) gave each outcome thousands of candidates,
#: so linking grew with the square of the case (208,000 scored pairs, 15 s of CPU); no case of
#: the annotated corpus gives more than 30 (train's most), so training and the scores never
#: see the cut.
NEAR_CANDIDATES = 30


def distance(facts: list[Fact], order: dict[str, int], source: int, target: int
             ) -> tuple[int, int]:
    """How far a candidate stands from a source: same page (by characters), same document
    (by pages), an earlier document (by documents)."""
    fe, e = facts[source].evidence, facts[target].evidence
    if e.document != fe.document:
        return (2, order.get(fe.document, 0) - order.get(e.document, 0))
    if e.page != fe.page:
        return (1, abs(e.page - fe.page))
    return (0, abs(e.start - fe.start))


def targets(facts: list[Fact]) -> tuple[int, ...]:
    """The facts a source may be about: the treatments (a result is never what another
    result is about)."""
    return tuple(i for i, other in enumerate(facts) if other.kind.value in TARGET_KINDS
                 and not (other.kind.value == "injection_history" and is_source(other)))


def candidates(facts: list[Fact], index: int, order: dict[str, int],
               eligible: tuple[int, ...] | None = None,
               keys: dict[int, str] | None = None,
               found: TargetIndex | None = None) -> list[int]:
    """The facts `facts[index]` may be about: the treatments stated in its own document and
    in earlier ones (a later note's result reaches back; a note never judges a later one),
    in document order: the `NEAR_CANDIDATES` nearest by `distance` (of equals the earlier
    statement), and of the rest the nearest statement of each treatment not among them
    (`keys`: each target's `treatment`, found once a case). `found`: the case's targets
    indexed once (`TargetIndex`), so that a source costs what it keeps, not the case."""
    if found is None:
        found = TargetIndex(facts, order, targets(facts) if eligible is None else eligible,
                            keys)
    return found.candidates(index)


class TargetIndex:
    """A case's targets indexed by document, page and treatment, for `candidates`: the
    nearest are found by walking outward from the source (its page by characters, then its
    document's pages by distance, then the earlier documents one by one) until
    `NEAR_CANDIDATES` are kept, and the nearest statement of each other treatment from the
    source's page and document and a running map over the documents in order (each
    treatment's latest document before the source's, and its first statement there). A long
    record (a 300-page chart split into hundreds of notes) scanned every target of the case
    for each source: the pass grew with the square of the case."""

    def __init__(self, facts: list[Fact], order: dict[str, int], eligible: Iterable[int],
                 keys: dict[int, str] | None = None) -> None:
        self.facts = facts
        self.order = order
        self.key: dict[int, str] = {}
        #: document -> page -> its targets by (start, index): starts, indices; and by index
        self.pages: dict[str, dict[int, tuple[list[int], list[int], list[int]]]] = {}
        #: document -> its pages with targets, sorted
        self.page_numbers: dict[str, list[int]] = {}
        #: document -> treatment -> pages stating it (sorted), and page -> its (start, index)
        self.key_pages: dict[str, dict[str, list[int]]] = {}
        self.key_on_page: dict[tuple[str, str, int], list[tuple[int, int]]] = {}
        #: document -> treatment -> its first statement there
        self.first: dict[str, dict[str, int]] = {}
        #: a document's place (`order`; absent: 0) -> its documents with targets, each with
        #: its targets in document order
        self.levels: dict[int, list[tuple[str, list[int]]]] = {}
        by_doc: dict[str, list[int]] = {}
        for i in eligible:
            e = facts[i].evidence
            self.key[i] = keys[i] if keys is not None else treatment(facts[i])
            by_doc.setdefault(e.document, []).append(i)
        for doc, members in by_doc.items():
            members.sort()
            self.levels.setdefault(order.get(doc, 0), []).append((doc, members))
            on_page: dict[int, list[tuple[int, int]]] = {}
            key_pages: dict[str, set[int]] = {}
            first: dict[str, int] = {}
            for i in members:
                e = facts[i].evidence
                on_page.setdefault(e.page, []).append((e.start, i))
                key = self.key[i]
                key_pages.setdefault(key, set()).add(e.page)
                self.key_on_page.setdefault((doc, key, e.page), []).append((e.start, i))
                first.setdefault(key, i)
            self.pages[doc] = {}
            for page, spots in on_page.items():
                spots.sort()
                self.pages[doc][page] = ([s for s, _ in spots], [i for _, i in spots],
                                         sorted(i for _, i in spots))
            self.page_numbers[doc] = sorted(on_page)
            self.key_pages[doc] = {k: sorted(v) for k, v in key_pages.items()}
            self.first[doc] = first
        self.sorted_levels = sorted(self.levels)
        #: place -> treatment -> (place, first statement) of its latest document of a lower
        #: place: the running map, one snapshot per place
        self.before: dict[int, dict[str, tuple[int, int]]] = {}
        running: dict[str, tuple[int, int]] = {}
        for level in self.sorted_levels:
            self.before[level] = dict(running)
            for key, i in self._firsts(level, None).items():
                running[key] = (level, i)

    def _firsts(self, level: int, skip: str | None) -> dict[str, int]:
        """Each treatment's first statement among the documents of one place but `skip`."""
        out: dict[str, int] = {}
        for doc, _members in self.levels.get(level, ()):
            if doc != skip:
                for key, i in self.first[doc].items():
                    if key not in out or i < out[key]:
                        out[key] = i
        return out

    def candidates(self, index: int) -> list[int]:
        limit = NEAR_CANDIDATES
        fe = self.facts[index].evidence
        doc, page, start = fe.document, fe.page, fe.start
        here = self.order.get(doc, 0)
        kept: list[int] = []
        # the source's page, by characters: from each side as many as could be kept and
        # every tie of the last, then the nearest of both
        spots = self.pages.get(doc, {}).get(page)
        if spots is not None:
            starts, members, _ = spots
            cut = bisect_left(starts, start)
            near: list[tuple[int, int]] = []
            for side in (range(cut - 1, -1, -1), range(cut, len(starts))):
                taken, last = 0, -1
                for j in side:
                    gap = abs(starts[j] - start)
                    if taken >= limit and gap != last:
                        break
                    if members[j] != index:
                        near.append((gap, members[j]))
                        taken, last = taken + 1, gap
            near.sort()
            kept += [i for _, i in near[:limit]]
        # the other pages of its document, by pages
        numbers = self.page_numbers.get(doc, [])
        lo = bisect_left(numbers, page) - 1
        hi = bisect_right(numbers, page)
        while len(kept) < limit and (lo >= 0 or hi < len(numbers)):
            gap = min(page - numbers[lo] if lo >= 0 else math.inf,
                      numbers[hi] - page if hi < len(numbers) else math.inf)
            group: list[int] = []
            if lo >= 0 and page - numbers[lo] == gap:
                group += self.pages[doc][numbers[lo]][2]
                lo -= 1
            if hi < len(numbers) and numbers[hi] - page == gap:
                group += self.pages[doc][numbers[hi]][2]
                hi += 1
            group = sorted(i for i in group if i != index)
            kept += group[:limit - len(kept)]
        # the earlier documents (and others of its place), by how many lie between
        level = bisect_right(self.sorted_levels, here) - 1
        while len(kept) < limit and level >= 0:
            group = sorted(i for other, members in self.levels[self.sorted_levels[level]]
                           if other != doc for i in members)
            kept += group[:limit - len(kept)]
            level -= 1
        # beyond them, the nearest statement of each other treatment
        seen = {self.key[i] for i in kept}
        out = set(kept)
        for key, pages in self.key_pages.get(doc, {}).items():
            if key in seen:
                continue
            seen.add(key)
            mine = [(abs(s - start), i) for s, i in self.key_on_page.get((doc, key, page), ())
                    if i != index]
            if mine:
                out.add(min(mine)[1])
                continue
            cut = bisect_left(pages, page)
            left = cut - 1
            right = cut + 1 if cut < len(pages) and pages[cut] == page else cut
            gaps = [page - pages[left]] if left >= 0 else []
            gaps += [pages[right] - page] if right < len(pages) else []
            if not gaps:  # stated on this page by the source alone
                seen.discard(key)
                continue
            gap = min(gaps)
            out.add(min(i for p in (page - gap, page + gap)
                        for _, i in self.key_on_page.get((doc, key, p), ()) if i != index))
        # ... then the documents of its place, then the running map of the earlier places
        for key, i in self._firsts(here, doc).items():
            if key not in seen:
                seen.add(key)
                out.add(i)
        for key, (_level, i) in self._before(here).items():
            if key not in seen:
                out.add(i)
        return sorted(out)

    def _before(self, here: int) -> dict[str, tuple[int, int]]:
        """The running map at a place: each treatment's latest document of a lower place."""
        if here not in self.before:  # a place no document with targets holds
            level = bisect_left(self.sorted_levels, here)
            if level < len(self.sorted_levels):
                self.before[here] = self.before[self.sorted_levels[level]]
            elif self.sorted_levels:
                last = self.sorted_levels[-1]
                self.before[here] = {**self.before[last], **{
                    key: (last, i) for key, i in self._firsts(last, None).items()}}
            else:
                self.before[here] = {}
        return self.before[here]


def treatment(fact: Fact) -> str:
    """What a target states, whichever words it uses: a drug by its generic, a course by
    its modality, a procedure by its type."""
    value, kind = fact.value, fact.kind.value
    name = {"medication": "generic", "therapy_sessions": "modality",
            "injection_history": "type", "device_trial": "device"}.get(kind)
    return f"{kind}={str(value.get(name) or '').lower()}" if name else kind


def _filled(fact: Fact) -> list[str]:
    return [k for k in ("strength", "frequency", "quantity", "count", "level", "date",
                        "procedure", "body_part") if fact.value.get(k)]


#: the buckets of a distance in characters (and of a source's candidates, ten each)
_BUCKETS = (40, 120, 300, 800, 2000)


def _bucket(distance: int) -> str:
    for limit in _BUCKETS:
        if distance < limit:
            return str(limit)
    return "far"


def _dist_name(distance: int) -> str:
    """The feature of a pair's distance in characters (`_bucket`'s, its name built once)."""
    for limit, name in _DIST_NAMES:
        if distance < limit:
            return name
    return "dist=far"


_DIST_NAMES = tuple((limit, f"dist={limit}") for limit in _BUCKETS)
#: the features of a test's place, a candidate's rank and a document gap (0 to 3 or more)
_TEST_NAMES = tuple(f"test{n}" for n in range(4))
_RANK_NAMES = tuple(f"rank={n}" for n in range(4))
_DOC_GAP_NAMES = tuple(f"doc_gap={n}" for n in range(4))


def _full(fact: Fact) -> bool:
    """A statement that gives more than the treatment's name: a drug's strength or
    directions, a course's count, a procedure's level or date."""
    value = fact.value
    return any(value.get(k) for k in ("strength", "frequency", "quantity", "count", "level",
                                      "date", "procedure"))


def context(documents: list[Document], facts: list[Fact],
            pages: dict[tuple[str, int], str], courses: Iterable[str],
            named: Callable[[str], frozenset[str]]) -> Context:
    counts: dict[str, dict[str, int]] = {}
    for fact in facts:
        if fact.kind.value == "therapy_sessions" and fact.value.get("modality"):
            mine = counts.setdefault(fact.evidence.document, {})
            modality = str(fact.value["modality"])
            mine[modality] = mine.get(modality, 0) + 1
    eligible = targets(facts)
    keys = {i: treatment(facts[i]) for i in eligible}
    order = {d.id: i for i, d in enumerate(documents)}
    heads = {d.id: " ".join(filter(None, [d.type, d.title,
                                          d.pages[0].text[:HEAD] if d.pages else ""]))
             for d in documents}
    return Context(facts, pages, order, frozenset(courses),
                   {doc: max(c, key=lambda m: c[m]) for doc, c in counts.items()}, heads, named,
                   eligible, keys, TargetIndex(facts, order, eligible, keys))


def pairs(ctx: Context, source: int, clause: str, tests: tuple[Test, ...],
          chosen: int | None) -> list[Pair]:
    """Every candidate of a source with its features."""
    found = candidates(ctx.facts, source, ctx.order, ctx.targets, ctx.keys, ctx.index)
    fact = ctx.facts[source]
    fe = fact.evidence
    mine = _Source(ctx, source, clause, tests, chosen)
    groups = mine.groups
    got = [_target(ctx, i) for i in found]  # in the order of `found`
    of = dict(zip(found, got, strict=True))
    passed = mine.passed
    for i in sorted(found, key=lambda i: distance(ctx.facts, ctx.order, source, i)):
        if passed(i) is not None or not tests:
            groups.setdefault(of[i].compat, []).append(i)
    for i, target in zip(found, got, strict=True):  # in document order
        if target.document == fe.document:
            groups.setdefault(target.key, []).append(i)
    kind = mine.kind
    place = where(ctx, source, found)
    mine.place = place
    null = {"null": 1.0, f"null|{kind}": 1.0,
            f"null|{kind}|rule_{'none' if chosen is None else 'some'}": 1.0,
            f"null|{kind}|cands={_bucket(len(found) * 10)}": 1.0}
    if fe.document in ctx.courses:
        null[f"null|{kind}|course_doc"] = 1.0
    for name, pattern in _CUES:
        if pattern.search(clause):
            null[f"null|{kind}|cue_{name}"] = 1.0
    for named in sorted(mine.clause_kinds):  # a set's order follows the hash seed
        null[f"null|{kind}|names_{named}"] = 1.0
    if ctx.named(ctx.heads.get(fe.document, "")):
        null[f"null|{kind}|head_names"] = 1.0
    for key in ("treatment", "outcome", "present", "domain"):
        if key in fact.value:
            null[f"null|{kind}|{key}={fact.value[key]}"] = 1.0
    for flag in ("negated", "historical", "hypothetical", "second_hand"):
        if getattr(fact, flag):
            null[f"null|{kind}|{flag}"] = 1.0
    if not any(ctx.facts[i].evidence.document == fe.document for i in found):
        null[f"null|{kind}|none_in_doc"] = 1.0
    if place.attributed:
        null[f"null|{kind}|attributed"] = 1.0
    if place.nearest is None:
        null[f"null|{kind}|none_in_sentence"] = 1.0
    out = [Pair(source, NULL, null)]
    for i, target in zip(found, got, strict=True):
        shared, own = _feature_parts(ctx, source, i, clause, tests, chosen, groups, place, mine)
        out.append(_SplitPair(source, i, None, target.group,  # type: ignore[arg-type]
                              shared, own))
    return out


class _Target:
    """What the features need of a candidate on its own, found once a case (a long record's
    targets are each a candidate of hundreds of sources)."""

    __slots__ = ("kind", "compat", "key", "group", "filled", "full", "flags", "copy", "quote_lower",
                 "quote_words", "in_head", "head_names_kind", "visit_cell", "generic",
                 "generic_first", "value_name", "attributed", "document", "kind_name",
                 "course_name")

    def __init__(self, ctx: Context, index: int) -> None:
        cand = ctx.facts[index]
        ce = cand.evidence
        self.kind = ckind = cand.kind.value
        self.document = ce.document
        #: its feature names that hold for every source (`_feature_parts`)
        self.kind_name = f"ckind={ckind}"
        self.course_name = f"course_doc|{ckind}"
        #: the group of the candidates of its kind that pass a source's tests (`pairs`)
        self.compat = f"compat:{ckind}"
        self.key = ctx.keys[index] if ctx.keys and index in ctx.keys else treatment(cand)
        self.group = f"{ce.document}:{self.key}"
        self.filled = len(_filled(cand))
        self.full = _full(cand)
        self.flags = tuple(flag for flag in ("hypothetical", "negated", "historical")
                           if getattr(cand, flag))
        self.copy = cand.copy_of is not None
        self.quote_lower = ce.quote.lower()
        self.quote_words = frozenset(_WORD_RE.findall(self.quote_lower))
        self.in_head = ce.page == 1 and ce.start < HEAD
        self.head_names_kind = ckind in ctx.named(ctx.heads.get(ce.document, ""))
        value = cand.value
        self.visit_cell = False
        self.generic = self.generic_first = ""
        self.value_name = ""
        if ckind == "medication":
            self.value_name = f"action={value.get('action')}"
            self.generic = str(value.get("generic") or "").lower()
            self.generic_first = self.generic.split("/")[0]
        elif ckind == "therapy_sessions":
            self.value_name = f"status={value.get('status')}"
            self.visit_cell = bool(_VISIT_CELL_RE.fullmatch(ce.quote))
        #: whether its own sentence credits a change to it (found when first asked)
        self.attributed: bool | None = None


def _target(ctx: Context, index: int) -> _Target:
    found = ctx.memo.get(index)
    if found is None:
        found = ctx.memo[index] = _Target(ctx, index)
    return found


class _Source:
    """What the features need of a source, found once for all its candidates."""

    def __init__(self, ctx: Context, source: int, clause: str, tests: tuple[Test, ...],
                 chosen: int | None) -> None:
        fact = ctx.facts[source]
        self.ctx, self.index, self.fact, self.tests = ctx, source, fact, tests
        self.kind = fact.kind.value
        self.clause_lower = clause.lower()
        self.clause_words = frozenset(_WORD_RE.findall(self.clause_lower))
        self.clause_kinds = ctx.named(clause)
        self.drug = str(fact.value.get("drug") or "").lower()
        self.course_doc = fact.evidence.document in ctx.courses
        self.groups: dict[str, list[int]] = {}
        self.place: Where | None = None
        #: the first test each candidate passes (`passed`), once asked
        self.known: dict[int, int | None] = {}
        self._same: dict[str, tuple[int, int, int]] = {}
        self._ranks: dict[str, dict[int, int]] = {}

    def passed(self, target: int) -> int | None:
        """The first of the tests the candidate passes."""
        if target not in self.known:
            cand = self.ctx.facts[target]
            self.known[target] = next(
                (n for n, test in enumerate(self.tests) if test(cand)), None)
        return self.known[target]

    def same(self, key: str, group: list[int]) -> tuple[int, int, int]:
        """Of the source's document's statements of one treatment: the fullest (of equals
        the nearest, then the first), how full it is, and the nearest (of equals the first)."""
        if key not in self._same:
            source, ctx = self.index, self.ctx
            fullest = max(group, key=lambda i: (_target(ctx, i).filled, -abs(i - source)))
            nearest = min(group, key=lambda i: abs(i - source))
            self._same[key] = (fullest, _target(ctx, fullest).filled, nearest)
        return self._same[key]

    def ranks(self, name: str) -> dict[int, int]:
        """Each candidate's place in one of `groups` (its first, as `list.index`); the
        groups are complete before the first pair's features are found."""
        found = self._ranks.get(name)
        if found is None:
            found = self._ranks[name] = {}
            for rank, i in enumerate(self.groups.get(name, ())):
                found.setdefault(i, rank)
        return found


#: the conjoined features of each (source kind, candidate kind, names) that occurs
_CONJOINED: dict[tuple[str, ...], dict[str, float]] = {}


def features(ctx: Context, source: int, target: int, clause: str, tests: tuple[Test, ...],
             chosen: int | None, groups: dict[str, list[int]], place: Where | None = None,
             mine: _Source | None = None) -> dict[str, float]:
    """The pair's features, each also conjoined with the source's kind. `mine`: what they
    need of the source, found once for all its candidates (`pairs`)."""
    shared, own = _feature_parts(ctx, source, target, clause, tests, chosen, groups, place,
                                 mine)
    return {**shared, **own} if own else shared.copy()


def _feature_parts(ctx: Context, source: int, target: int, clause: str,
                   tests: tuple[Test, ...], chosen: int | None, groups: dict[str, list[int]],
                   place: Where | None = None, mine: _Source | None = None
                   ) -> tuple[dict[str, float], dict[str, float]]:
    """`features` in two parts: the conjoined ones, a dict shared by every pair of the same
    names (never to be changed), and the plain ones (their names never among the first)."""
    if mine is None:
        mine = _Source(ctx, source, clause, tests, chosen)
        mine.groups = groups
    fact, cand = mine.fact, ctx.facts[target]
    fe, ce = fact.evidence, cand.evidence
    got = ctx.memo.get(target) or _target(ctx, target)
    kind, ckind = mine.kind, got.kind
    out: dict[str, float] = {got.kind_name: 1.0}
    # the features of clause attribution and time are not conjoined with the kinds: they
    # hold for any pair, and conjoined they fitted the train folds (cross-validated link F1
    # 0.530 conjoined, 0.541 not)
    plain: dict[str, float] = {}
    if mine.course_doc:
        out[got.course_name] = 1.0
    known = mine.known
    passed = known[target] if target in known else mine.passed(target)
    if passed is not None:
        out["test"] = 1.0
        out[_TEST_NAMES[min(passed, 3)]] = 1.0
    elif tests:
        out["test_fail"] = 1.0
    else:
        out["no_tests"] = 1.0
    if chosen == target:
        out["rule"] = 1.0
    elif chosen is None:
        out["rule_none"] = 1.0
    else:
        out["rule_other"] = 1.0
    same_doc = ce.document == fe.document
    if not same_doc:
        out["other_doc"] = 1.0
        gap = min(ctx.order.get(fe.document, 0) - ctx.order.get(ce.document, 0), 3)
        out[_DOC_GAP_NAMES[gap] if gap >= 0 else f"doc_gap={gap}"] = 1.0
    else:
        if ce.page == fe.page:
            text = ctx.pages.get((fe.document, fe.page), "")
            if fe.start <= ce.start < fe.end:
                out["inside"] = 1.0
            lo, hi = (ce.start, fe.start) if ce.start <= fe.start else (fe.start, ce.start)
            between = text[lo:hi]
            out[_dist_name(hi - lo)] = 1.0
            out["before" if ce.start < fe.start else "after"] = 1.0
            if "\n" not in between:
                out["same_line"] = 1.0
            if not _BLANK_LINE_RE.search(between):
                out["same_para"] = 1.0
            if place is not None:
                plain.update(_attribution_features(ctx, source, target, text, place))
        else:
            out["other_page"] = 1.0
            out["before" if ce.page < fe.page else "after"] = 1.0
        if got.quote_lower and got.quote_lower in mine.clause_lower:
            out["in_clause"] = 1.0
    # where the candidate stands among the compatible ones of its kind
    rank = mine.ranks(got.compat).get(target)
    if rank is not None:
        out[_RANK_NAMES[min(rank, 3)]] = 1.0
        if len(groups[got.compat]) == 1:
            out["only_one"] = 1.0
    out["full" if got.full else "bare"] = 1.0
    for flag in got.flags:
        out[flag] = 1.0
    if got.copy:
        out["copy"] = 1.0
    if ckind == "medication":
        out[got.value_name] = 1.0
        generic, drug = got.generic, mine.drug
        if generic and drug and (generic in drug or drug in generic):
            out["drug_named"] = 1.0
        if generic and got.generic_first in mine.clause_lower:
            out["generic_in_clause"] = 1.0
    elif ckind == "therapy_sessions":
        out[got.value_name] = 1.0
        if got.visit_cell:
            out["visit_cell"] = 1.0  # a flowsheet row's "7/12": one visit, not the course
        course_modality = ctx.modality.get(fe.document)
        if course_modality and cand.value.get("modality") == course_modality:
            out["doc_modality"] = 1.0
        elif course_modality:
            out["other_modality"] = 1.0
    elif ckind == "injection_history":
        if cand.value.get("type") == fact.value.get("type") and kind == "injection_history":
            out["same_type"] = 1.0
    # the same treatment stated elsewhere in the document: the annotators point to its
    # first and fullest statement rather than a bare mention beside the outcome
    same = groups.get(got.key, [])
    if same:
        if same[0] == target:
            out["first_of_same"] = 1.0
        fullest, filled, nearest = mine.same(got.key, same)
        if fullest == target:
            out["fullest_of_same"] = 1.0
        elif filled > got.filled:
            out["has_fuller"] = 1.0
        if len(same) == 1:
            out["once"] = 1.0
        if nearest == target:
            out["nearest_of_same"] = 1.0
    if got.in_head:
        out["in_head"] = 1.0
    if got.head_names_kind:
        out["head_names_kind"] = 1.0
    if ckind in mine.clause_kinds:
        out["clause_names_kind"] = 1.0
    if not mine.clause_words.isdisjoint(got.quote_words):
        out["shares_word"] = 1.0
    if place is not None and same_doc:
        cue = place.credited.get(got.key)
        if cue:
            plain["credited"] = 1.0
            plain[f"credited_{cue}"] = 1.0
        if place.nearest_treatment == got.key:
            plain["nearest_treatment_in_sentence"] = 1.0
    # time: an outcome judges a treatment had before it, not one dated after it
    if cand.date is not None and fact.date is not None:
        plain["dated_" + ("before" if cand.date < fact.date else
                          "same" if cand.date == fact.date else "after")] = 1.0
    # every feature of `out` is 1.0: its names and their conjunctions are built once for
    # each set of names that occurs
    shape = (kind, ckind, *out)
    result = _CONJOINED.get(shape)
    if result is None:
        if len(_CONJOINED) > 20_000:  # bounded in a long-lived process
            _CONJOINED.clear()
        result = _CONJOINED[shape] = {**out, **{f"{kind}|{name}": v for name, v in out.items()},
                                      **{f"{kind}>{ckind}|{name}": v
                                         for name, v in out.items()}}
    return result, plain


def _gap(text: str, ends: re.Pattern[str]) -> int:
    """How many ends the text holds: 0 to 3 (or more)."""
    return len(list(islice(ends.finditer(text), 3)))


#: the features of the sentences and clauses between two facts (`_gap`: 0 to 3)
_SENTENCE_GAP_NAMES = tuple(f"sentence_gap={n}" for n in range(4))
_CLAUSE_GAP_NAMES = tuple(f"clause_gap={n}" for n in range(4))


def _attribution_features(ctx: Context, source: int, target: int, text: str, place: Where
                          ) -> dict[str, float]:
    """Where a candidate on the source's page stands in clauses rather than characters:
    in the source's sentence or how many sentences and clauses away, whether the sentence
    attributes the source to it ("with X", "since starting X", "X helps"), whether it is
    the treatment stated nearest before the source in its sentence, how many other
    treatments are stated between them, and whether they share a table row or list item."""
    fe, ce = ctx.facts[source].evidence, ctx.facts[target].evidence
    got = ctx.memo.get(target) or _target(ctx, target)
    out: dict[str, float] = {}
    inside = fe.start <= ce.start < fe.end
    lo, hi = (fe.end, ce.start) if ce.start >= fe.end else (ce.end, fe.start)
    between = "" if inside or lo >= hi else text[lo:hi]
    if place.item_lo <= ce.start < fe.start:
        out["in_item"] = 1.0
    if place.lo <= ce.start < place.hi:
        out["in_sentence"] = 1.0
        cue = place.attributed.get(target)
        if cue:
            out["attributed"] = 1.0
            out[f"attributed_{cue}"] = 1.0
        elif place.attributed:
            out["other_attributed"] = 1.0  # the sentence gives the change to another
        if place.nearest == target:
            out["nearest_in_sentence"] = 1.0
    else:
        out[_SENTENCE_GAP_NAMES[_gap(between, SENTENCE_END_RE)]] = 1.0
        if place.attributed:
            out["other_attributed"] = 1.0
        if got.attributed is None:  # its page is the source's
            got.attributed = bool(_attribution(
                text, span(text, ce.start, ce.end, SENTENCE_END_RE)[0], ce.start, ce.end))
        if got.attributed:
            out["attributed_elsewhere"] = 1.0  # "Since the injection ..." of another sentence
    out[_CLAUSE_GAP_NAMES[_gap(between, CLAUSE_END_RE)]] = 1.0
    # other treatments stated between the two (a nearer one is likelier what it judges)
    first, last = (ce.start, fe.start) if ce.start <= fe.start else (fe.start, ce.start)
    mine = got.key
    others: set[str] = set()
    for i in place.page[bisect_right(place.starts, first):bisect_left(place.starts, last)]:
        if place.treatments[i] != mine:
            others.add(place.treatments[i])
            if len(others) == 2:  # two or more
                break
    out[f"between={len(others)}"] = 1.0
    if "\n" not in between:
        line_lo = text.rfind("\n", 0, min(ce.start, fe.start)) + 1
        line_hi = text.find("\n", max(ce.end, fe.end))
        if _ROW_RE.search(text[line_lo:line_hi if line_hi >= 0 else len(text)]):
            out["same_row"] = 1.0
    return out


@dataclass(frozen=True)
class Ranker:
    weights: dict[str, float]
    threshold: float

    #: the weighted terms of each shared feature dict (`Pair.shared`), by its id; the dict is
    #: kept beside its terms so that its id is never reused while cached
    _terms: dict[int, tuple[dict[str, float], list[float]]] = field(
        default_factory=dict, repr=False, compare=False)

    def score(self, feats: dict[str, float]) -> float:
        weight = self.weights.get
        return sum([weight(name, 0.0) * v for name, v in feats.items()])

    def score_pair(self, pair: Pair) -> float:
        """`score` of the pair's features: the same terms in the same order (so the same
        sum), those of its shared part weighed once per shape (most pairs of a long record
        share a few hundred shapes)."""
        shared, own = pair.shared, pair.own
        if shared is None or own is None:
            return self.score(pair.features)
        features = pair.merged() if isinstance(pair, _SplitPair) else pair.features
        if features is not None and len(features) != len(shared) + len(own):
            return self.score(features)
        cached = self._terms.get(id(shared))
        if cached is None or cached[0] is not shared:
            if len(self._terms) > 20_000:  # bounded in a long-lived process
                self._terms.clear()
            weight = self.weights.get
            cached = self._terms[id(shared)] = (
                shared, [weight(name, 0.0) * v for name, v in shared.items()])
        if not own:
            return sum(cached[1])
        weight = self.weights.get
        return sum([*cached[1], *[weight(name, 0.0) * v for name, v in own.items()]])

    def choose(self, pairs: list[Pair]) -> tuple[int | None, float]:
        """The likeliest treatment when it is at least `threshold` likely, its likeliest
        mention, and that probability (a softmax over the pairs' scores, nothing among
        them; the mentions of one treatment in one note, a course's visit cells, share
        its probability). The threshold, chosen for F1, can link a fact that is likelier
        about nothing."""
        if not pairs:
            return None, 0.0
        scores = [self.score_pair(p) for p in pairs]
        top = max(scores)
        total = sum(math.exp(s - top) for s in scores)
        shares: dict[str, float] = {}
        best: dict[str, int] = {}
        for j, pair in enumerate(pairs):
            if pair.target == NULL:
                continue
            shares[pair.group] = shares.get(pair.group, 0.0) + math.exp(scores[j] - top) / total
            if pair.group not in best or scores[j] > scores[best[pair.group]]:
                best[pair.group] = j
        if not shares:
            return None, 0.0
        # a treatment the fact's own sentence credits with it ("With tramadol she can ...",
        # "Since starting PT ...") that the rules chose too: that treatment, whatever else
        # the note is about; the ranker picks which of its mentions
        credited = next((p.group for p in pairs if p.has("rule") and p.has("credited")), None)
        if credited is not None and credited in shares:
            return self._mention(pairs, scores, best, credited), shares[credited]
        group = max(shares, key=lambda g: scores[best[g]])
        if shares[group] < self.threshold:
            return None, shares[group]
        return self._mention(pairs, scores, best, group), shares[group]

    @staticmethod
    def _mention(pairs: list[Pair], scores: list[float], best: dict[str, int], group: str
                 ) -> int | None:
        """The mention of the chosen treatment to link: one inside the fact's words, else one
        in the fact's own table row or list item when there is one (a flowsheet row's outcome is about that row's visit, not the
        authorization line above the table), else the likeliest."""
        in_row = [j for j, p in enumerate(pairs) if p.group == group and p.has("same_row")]
        # a mention inside the fact's own words ("Stopped ibuprofen because of heartburn")
        # is the one it judges, as the rules hold, not an earlier list entry of the drug
        inside = [j for j, p in enumerate(pairs) if p.group == group and p.has("inside")]
        chosen = (max(inside, key=lambda j: scores[j]) if inside else
                  max(in_row, key=lambda j: scores[j]) if in_row else best[group])
        return pairs[chosen].target


_disabled = False


@contextmanager
def rules_only() -> Iterator[None]:
    """Read links by the rules alone within the block (`make train` scores both)."""
    global _disabled
    before, _disabled = _disabled, True
    try:
        yield
    finally:
        _disabled = before


def active() -> Ranker | None:
    """The ranker links are read with: the shipped one, unless within `rules_only`."""
    return None if _disabled else ranker()


@cache
def ranker(path: Path = WEIGHTS) -> Ranker | None:
    """The shipped ranker, or None when there are no weights (the rules decide)."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Ranker(dict(data["weights"]), float(data["threshold"]))


# -- training (`make train`): pairs labelled by the annotated links of the train cases

#: the decision on one source fact: its candidate pairs, which of them the annotators linked
#: it to (None: nothing, or a target the reading did not find) and what the rules chose
Decision = tuple[list[Pair], int | None, int | None]
C = 1.0
THRESHOLDS = tuple(round(0.1 + 0.025 * i, 3) for i in range(25))


def decisions(case: GoldCase, facts: list[Fact]) -> list[Decision]:
    """A case's sources and their annotated targets, read from `facts` (a case's facts as
    the reader gives them before linking)."""
    from openimr.records.evaluation import _match
    from openimr.records.linking import link_candidates, prepare

    prepare(case.documents, facts)
    matched = _match(case.facts, facts, {}, [], source=True)
    by_prediction = {p: g for g, p in matched.items()}
    by_id = {g.id: i for i, g in enumerate(case.facts)}
    out = []
    for index, found, chosen in link_candidates(case.documents, facts):
        if found is None:
            continue
        gold = by_prediction.get(index)
        about = by_id.get(case.facts[gold].about) if gold is not None else None
        target = matched.get(about) if about is not None else None
        out.append((found, target, chosen))
    return out


def fit(examples: Iterable[Decision], c: float = C) -> dict[str, float]:
    """Weights of a conditional logit: per source, a softmax over its candidates and
    nothing, the annotated choice its label; L2-penalised by 1/`c`, fitted by L-BFGS from
    zero (deterministic)."""
    import numpy as np
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix

    names: dict[str, int] = {}
    data, cols, ptr, starts, gold = [], [], [0], [], []
    for found, target, _rules in examples:
        if not found:
            continue
        starts.append(len(ptr) - 1)
        wanted = target if target is not None else NULL
        gold.append(len(ptr) - 1 + next((j for j, p in enumerate(found) if p.target == wanted),
                                        0))
        for pair in found:
            for name, value in sorted(pair.features.items()):
                cols.append(names.setdefault(name, len(names)))
                data.append(value)
            ptr.append(len(cols))
    matrix = csr_matrix((np.array(data), np.array(cols), np.array(ptr)),
                        shape=(len(ptr) - 1, len(names)))
    bounds = np.array(starts)
    labels = np.zeros(matrix.shape[0])
    labels[gold] = 1.0
    segment = np.repeat(np.arange(len(starts)), np.diff(np.append(bounds, matrix.shape[0])))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = matrix @ w
        top = np.maximum.reduceat(z, bounds)
        e = np.exp(z - top[segment])
        total = np.add.reduceat(e, bounds)
        p = e / total[segment]
        value = -float(np.sum(np.log(p[gold] + 1e-300))) + 0.5 / c * float(w @ w)
        return value, matrix.T @ (p - labels) + w / c

    result = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B",
                      options={"maxiter": 500})
    return {name: round(float(result.x[i]), 5) for name, i in sorted(names.items())
            if abs(result.x[i]) > 1e-6}


def _counts(chosen: Iterable[tuple[int | None, int | None]]) -> tuple[int, int]:
    """(links right, links made) of (chosen, annotated) targets."""
    right = made = 0
    for target, wanted in chosen:
        made += target is not None
        right += target is not None and target == wanted
    return right, made


def f1(right: int, made: int, support: int) -> float:
    precision = right / made if made else 0.0
    recall = right / support if support else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def cross_validated(cases: dict[str, list[Decision]], support: int, c: float = C
                    ) -> dict[float, tuple[int, int]]:
    """Per threshold, (links right, links made) of rankers fitted without each case's fold
    (`crossval.deal`: whole cases, seeded)."""
    from openimr.records import crossval

    fold_of = crossval.deal(cases)
    held: list[tuple[float, int | None, int | None]] = []
    for fold in range(crossval.FOLDS):
        model = Ranker(fit([d for case, ds in cases.items() if fold_of[case] != fold
                            for d in ds], c), 0.0)
        for case, ds in cases.items():
            if fold_of[case] == fold:
                for found, target, _rules in ds:
                    best, probability = model.choose(found)
                    held.append((probability, best, target))
    return {t: _counts((best if p >= t else None, target) for p, best, target in held)
            for t in THRESHOLDS}


def train(cases: dict[str, list[Decision]], support: int, out: Path = MODEL_DIR
          ) -> dict[str, object]:
    """Fit on every train case at the threshold of the best cross-validated link F1 and
    write `weights.json`, and beside it what the ranker and the rules alone scored
    (`meta.json`). `support`: the annotated links of the cases."""
    from openimr.records.trained import write_meta

    scored = cross_validated(cases, support)
    threshold = max(scored, key=lambda t: (round(f1(*scored[t], support), 4), -t))
    weights = fit([d for ds in cases.values() for d in ds])
    rules = _counts((chosen, target) for ds in cases.values() for _f, target, chosen in ds)
    meta = {"threshold": threshold, "C": C, "cases": len(cases), "support": support,
            "features": len(weights),
            "cv_f1": round(f1(*scored[threshold], support), 4),
            "rules_f1": round(f1(*rules, support), 4),
            "cv_f1_by_threshold": {str(t): round(f1(*v, support), 4)
                                   for t, v in scored.items()}}
    out.mkdir(parents=True, exist_ok=True)
    (out / WEIGHTS.name).write_text(json.dumps(
        {"threshold": threshold, "weights": weights}, indent=0, sort_keys=True) + "\n",
        encoding="utf-8")
    write_meta(out, meta)
    ranker.cache_clear()
    return meta
