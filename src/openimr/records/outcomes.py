"""Trained reading of treatment outcomes: one decision per treatment mention.

A sentence often names several treatments with an outcome each ("PT helped her back but
not her legs, and gabapentin made her unsteady"), and failure is rarely written "failed":
a completed course with symptoms unchanged, a list of treatments the pain outlasted,
"little change", "helped for a day". The sentence classifier (`trained`) gives one label
per sentence; this reader instead classifies each treatment mention (the rules' closed
vocabulary of treatments, `kinds.history`) by the words of its own segment of the sentence
(from the previous treatment mention to the next), the words on either side of it, and
what the rules read about that treatment there (the rules as features). Its classes are
the outcomes of scheme v2 and `none` (the mention states no outcome).

Trained from scratch (a class-weighted logistic regression over words and word pairs, fixed
data, deterministic) on the v1 gold set and the v2 train cases; `make train` scores it on the dev
sets and records the choice for `treatment_trial` with the narrative modes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from openimr.model.yamltext import load_yaml
from openimr.records import discourse, linear, trained
from openimr.records.prefilter import PatternGate
from openimr.records.trained import RECORDS, sentence_bounds

MODEL_DIR = RECORDS / "models" / "outcome"
OUTCOMES = ("failed", "partial", "helped", "not_tolerated", "ongoing")
NONE = "none"
#: the best outcome's probability that makes it a fact (of six classes), unless the
#: trainer chose another (`meta.json` threshold, `training.choose_outcome_threshold`)
THRESHOLD = 0.4
_SIDE_WORDS = 10
_TOKEN_RE = re.compile(r"\S+")
_REFER_CHARS = 400
_KEYWORDS_PER_OUTCOME = 80
_REFERRING_RE = re.compile(
    # "this" and "these" of a time or a stage are no treatment ("no lasting response at this
    # point", "this visit")
    r"\b(?:it|(?:this|these)(?!\s+(?:point|time|visit|week|month|year|morning|evening|note|"
    r"date|exam|stage|days?)\b)|they|(?:the|that|those|this|these|his|her|my)\s+(?:(?:last|latest|"
    r"recent|first|second|third|whole|entire)\s+)?(?:medications?|medicines?|meds|drug|pills?|"
    r"injections?|shots?|blocks?|therapy|sessions|visits|treatments?|trial|procedure|unit|"
    r"device|machine|brace|splints?|surgery|adjustments|stretches|exercises|needles|patch(?:es)?|"
    r"creams?|program|course|rounds?|series))\b", re.IGNORECASE)


#: a measure before and after, by an arrow ("Pain 8 -> 5", "Sleep 4 h -> 6 h", "↓ pain
#: after session"): a flowsheet's or a medication table's outcome, in no word at all
_MEASURED_CHANGE_RE = re.compile(r"\d[^\n]{0,8}?(?:->|-->|→|⇒)\s*\d|[↓↑]")


_QUOTED_RE = re.compile(r"[\"“”][^\"“”]{3,}[\"“”]")
#: the item's judgement attached to it ("gabapentin, which ...", "PT x12 - ...", "TENS:
#: ...", "naproxen (...)"), after its dose, count or date
_ATTACHED_RE = re.compile(r"[^,;:(\-–—]{0,40}?(?:,\s*which\b|\s[-–—]\s|:\s|\s?\()")


#: A sling or a collar worn after an operation ("POD #14 s/p RCR ... Sling x 4 more weeks",
#: "Discharged POD 2 in soft collar") is the operation's aftercare, not a course of bracing
#: with a result to judge (both annotation schemes leave it out); a brace, a splint or a
#: sling worn for an injury not operated on stays a candidate.
_SUPPORT_RE = re.compile(r"(?:(?:soft|hard|cervical)\s+)?(?:slings?|collars?)", re.IGNORECASE)
_AFTER_SURGERY_RE = re.compile(
    r"\bPOD\b|\bpost-?op(?:erative(?:ly)?)?\b|\bs/p\b|\bstatus\s+post\b|\bdischarged\b|"
    r"\b(?:after|since|following)\s+(?:the\s+|his\s+|her\s+)?(?:surgery|operation|repair)\b|"
    r"\brepaired\b|\b(?:if|once)\s+repaired\b", re.IGNORECASE)
_POSTOP_CHARS = 300


def _postoperative_support(before: str, sentence: str, start: int, end: int) -> bool:
    """Whether the mention is a sling or collar in the aftercare of an operation that the
    sentence or the text just before it tells."""
    return _SUPPORT_RE.fullmatch(sentence[start:end]) is not None and \
        _AFTER_SURGERY_RE.search(f"{before} {sentence}") is not None


@dataclass(frozen=True)
class Candidate:
    """A treatment named in a sentence, with the segment of the sentence that is its own."""

    start: int  # the mention, page offsets
    end: int
    treatment: str
    seg_start: int  # from the end of the previous mention (or the sentence's start)
    seg_end: int  # to the start of the next mention (or the sentence's end)
    text: str  # what the classifier reads
    sentence: str  # the sentence as written (the prefilter's vocabulary is learnt from it)


def _words(text: str, prefix: str) -> list[str]:
    return [prefix + w.lower() for w in _TOKEN_RE.findall(text)]


def candidates(text: str, rule_outcomes: Iterable[tuple[int, int, str, str]] = (),
               passes: Callable[[str], bool] | None = None, *,
               course: str | None = None) -> list[Candidate]:
    """Every treatment mention on a page, in its sentence, as the classifier reads it.

    `rule_outcomes` is (start, end, treatment, outcome) of the rules' treatment_trial facts:
    a rule outcome for the same treatment in the sentence is a feature of the mention.
    `passes` is the prefilter: only sentences it passes, or where the rules read an
    outcome, are read. `course` is the treatment of the course a therapy note is written
    during (`extract.document_hints`): a sentence of that note that names no treatment and
    refers to none ("Pain unchanged (6/10 at start and end).", a flowsheet row's "same
    as before") is a candidate of that course."""
    from openimr.records.kinds.history import _ocr_folded, treatment_mentions

    rules = list(rule_outcomes)
    out: list[Candidate] = []
    unread: list[tuple[int, str]] = []  # sentences the prefilter skipped, latest last
    previous: tuple[int, str] | None = None  # the last treatment named, and where
    for s_start, s_end in sentence_bounds(text):
        # OCR's digits for letters ("he1ps f0r ab0ut a day", "p1ateaued") read as the
        # letters, the same length, for the prefilter, the phrases and the words alike
        sentence = _ocr_folded(text[s_start:s_end].replace("\n", " "))
        if passes is not None and not passes(sentence) and not any(
                s_start <= r[0] < s_end for r in rules):
            unread = [*unread[-1:], (s_start, sentence)]
            continue
        mentions = treatment_mentions(sentence, wide=True)
        # a sling or collar worn after an operation is its aftercare, no trial
        mentions = [m for m in mentions if not _postoperative_support(
            text[max(0, s_start - _POSTOP_CHARS):s_start], sentence, m[0], m[1])]
        if not mentions:
            # "None of it made a lasting difference", "Neither did anything": a collective
            # word refers to the treatments under discussion as "it" does
            # the worker's quoted words opening the sentence are a verdict too
            referring = _REFERRING_RE.search(sentence) is not None or \
                discourse.collective(sentence) or discourse.quoted_verdict(sentence)
            # "She stopped it after a week.", "Neither did anything.": a sentence that names
            # no treatment but refers to one is about the treatment under discussion
            # (`discourse.topic`: the paragraph's last named, of the kind it refers to; all
            # of them when it speaks of them together) ...
            carried = discourse.referred_to(sentence, discourse.topic(
                text[max(0, s_start - 1000):s_start], sentence, wide=True)) if referring else []
            topics = dict.fromkeys(name for _s, _e, name in (
                carried if discourse.collective(sentence) else carried[-1:]))
            if referring and not topics:
                # ... else the last one named in the sentence or two before it
                for u_start, skipped in unread:
                    named = treatment_mentions(skipped, wide=True)
                    if named and (previous is None or u_start > previous[0]):
                        previous = (u_start + named[-1][1], named[-1][2])
                if previous is not None and s_start - previous[0] < _REFER_CHARS:
                    topics = {previous[1]: None}
            unread = []
            # a therapy note judges its own course without naming it (the rules do the same,
            # `kinds.history.parse_treatment_trial`)
            own = not topics and course is not None
            if own:
                topics = {course: None}
            heard = sorted({f"phrase_{o}" for _p, o in _phrases_in(sentence)}) if topics else []
            for treatment in topics:
                said = sorted({f"rule_{o}" for r_start, _e, t, o in rules
                               if t == treatment and s_start <= r_start < s_end})
                features = [f"tx_{treatment}", "own_course" if own else "ref_prev", *said,
                            *linear.cues(sentence, "s"),
                            *_words(sentence, "")[:_SIDE_WORDS * 3], *heard]
                out.append(Candidate(s_start, s_end, treatment, s_start, s_end,
                                     " ".join(features), sentence))
            continue
        unread = []
        previous = (s_start + mentions[-1][1], mentions[-1][2])
        phrases = _phrases_in(sentence)
        for index, (m_start, m_end, treatment) in enumerate(mentions):
            lo = mentions[index - 1][1] if index else 0
            hi = mentions[index + 1][0] if index + 1 < len(mentions) else len(sentence)
            said = sorted({f"rule_{o}" for r_start, r_end, t, o in rules
                           if t == treatment and s_start <= r_start < s_end})
            near = sorted({f"rule_any_{o}" for r_start, r_end, t, o in rules
                           if t != treatment and s_start + lo <= r_start < s_start + hi})
            # the rules' outcome phrases in the mention's own segment, whatever its treatment:
            # they are paired by the rules only with the rules' narrower vocabulary, so a
            # brace, a TLSO or a work-hardening course judged in the same words ("did not
            # accomplish much", "reduced her pain from 7/10 to 4/10") had only its words
            heard = sorted({f"phrase_{o}" for p_start, o in phrases if lo <= p_start < hi})
            # a list of treatments judged together ("failed PT x10, NSAIDs and a muscle
            # relaxant", "tried ice, a knee sleeve and ibuprofen with minimal relief"): the
            # judgement stands after the list's last item or before its first, outside the
            # segments of the items before it. An item of such a list that is not judged in
            # its own segment sees the phrases on either side ("gabapentin (edema),
            # duloxetine (no benefit)" judges each item apart)
            listed = _listed(sentence, mentions, index)
            aside = sorted({f"list_{'l' if p_start < lo else 'r'}phrase_{o}"
                            for p_start, o in phrases if not lo <= p_start < hi}
                           ) if listed and not heard else []
            heard += [*(["in_list"] if listed else []), *aside]
            # the worker's own words in the mention's segment ('sertraline "keeps me level"',
            # 'the gel, which "does nothing"'), and a judgement attached to the item by
            # "which", a dash, a colon or a parenthesis: held-out notes judge a treatment in
            # words no training note used, and these say that it is judged at all
            after = sentence[m_end:hi]
            if _QUOTED_RE.search(after):
                heard.append("quoted")
            if _ATTACHED_RE.match(after):
                heard.append("attached")
            features = [f"tx_{treatment}", f"pos_{min(index, 3)}_of_{min(len(mentions), 4)}",
                        *said, *near, *linear.cues(sentence[lo:hi], "s"),
                        *linear.cues(sentence[hi:], "r"), *linear.cues(sentence[:lo], "l"),
                        *_words(sentence[:lo], "l_")[-_SIDE_WORDS:],
                        *_words(sentence[lo:m_start], ""), "[t]",
                        *_words(sentence[m_end:hi], ""),
                        *_words(sentence[hi:], "r_")[:_SIDE_WORDS * 2],
                        # last, so the word pairs before them stay those the features had
                        *heard]
            out.append(Candidate(s_start + m_start, s_start + m_end, treatment,
                                 s_start + lo, s_start + hi, " ".join(features), sentence))
    return out


#: what stands between two items of a list of treatments: commas, "and", "or", "plus", a
#: slash, and the counts, doses and dates of the item before ("PT x10,", "ibuprofen 600 mg
#: TID, and", "(2021),")
_LIST_GAP_RE = re.compile(
    r"\band\b|\bor\b|\bplus\b|\bthen\b|\bx\s*\d+|#?\d[\d./]*|\b(?:mg|mcg|g|ml|tid|bid|qid|qd|"
    r"qhs|daily|prn|visits?|sessions?|treatments?|courses?|weeks?|wks?|months?|times|of|a|an|"
    r"the|his|her|in|total|approx|about)\b", re.IGNORECASE)
_GAP_WORD_RE = re.compile(r"[A-Za-z]{2,}")
_LIST_JOIN_RE = re.compile(r",|\band\b|\bor\b|\bplus\b|/|;", re.IGNORECASE)


def _listed(sentence: str, mentions: list[tuple[int, int, str]], index: int) -> bool:
    """Whether the mention is an item of a list of treatments: joined to the treatment
    before or after it by a list's joint, the items' counts and doses, and at most two
    other words ("and a subacromial injection", "and right-sided ESIs")."""
    def joined(a: int, b: int) -> bool:
        gap = sentence[mentions[a][1]:mentions[b][0]]
        return len(gap) <= 60 and _LIST_JOIN_RE.search(gap) is not None and \
            len(_GAP_WORD_RE.findall(_LIST_GAP_RE.sub(" ", gap))) <= 2

    return (index > 0 and joined(index - 1, index)) or \
        (index + 1 < len(mentions) and joined(index, index + 1))


@cache
def _phrase_patterns() -> tuple[PatternGate, list[tuple[re.Pattern[str], str]]]:
    """The rules' outcome phrases (`kinds.history._OUTCOMES`, with `rules/outcomes.yaml`),
    compiled, behind the gate of the words each needs (`prefilter.PatternGate`): a
    sentence is searched only for the phrases whose words it holds."""
    from openimr.records.kinds.history import _OUTCOMES

    compiled = [(re.compile(pattern, re.IGNORECASE), outcome) for pattern, outcome in _OUTCOMES]
    return PatternGate(pattern for pattern, _o in _OUTCOMES), compiled


def _phrases_in(sentence: str) -> list[tuple[int, str]]:
    """(start, outcome) of every outcome phrase of the rules in a sentence."""
    from openimr.records.lowered import lowered_low, span_finditer

    gate, compiled = _phrase_patterns()
    rewrites, low = _phrase_rewrites(), lowered_low(sentence)
    return [(m.start(), compiled[index][1]) for index in gate.candidates(sentence)
            for m in span_finditer(compiled[index][0], rewrites[index], sentence, low)]


@cache
def _phrase_rewrites() -> list[re.Pattern[str] | None]:
    """`_phrase_patterns`' exact rewrites over lower-cased text (`lowered.exact_rewrite`)."""
    from openimr.records.lowered import exact_rewrite

    return [exact_rewrite(pattern) for pattern, _outcome in _phrase_patterns()[1]]


def _gold_label(candidate: Candidate, page_gold: list[tuple[int, int, str, str]],
                taken: set[int]) -> str:
    """The outcome an annotated fact gives this mention: the first gold fact of its
    treatment that overlaps its segment and no earlier mention took."""
    for index, (start, end, treatment, outcome) in enumerate(page_gold):
        if index in taken or treatment != candidate.treatment:
            continue
        if start < candidate.seg_end and candidate.seg_start < end:
            taken.add(index)
            return outcome
    return NONE


def examples_of(sources: Iterable[Path]) -> Iterator[tuple[Candidate, str]]:
    """(mention, outcome or none) for every treatment mention in the sets' documents."""
    for _case, candidate, label in cased_examples(sources):
        yield candidate, label


def cased_examples(sources: Iterable[Path]) -> Iterator[tuple[str, Candidate, str]]:
    """`examples_of` with each mention's case ("corpus/train/512-..."), which the
    cross-validation (`crossval.outcome_scores`) holds out whole."""
    from openimr.records.extract import document_facts, document_hints
    from openimr.records.trained import annotated_cases, rules_only

    for _v2, case, document, gold_facts in annotated_cases(sources):
        with rules_only():
            facts = document_facts(document)
        course = document_hints(document)["course"]
        for page in document.pages:
            rules = [(f.evidence.start, f.evidence.end, f.value.get("treatment"),
                      f.value.get("outcome")) for f in facts
                     if f.kind.value == "treatment_trial" and f.evidence.page == page.number]
            gold = [(g.start, g.end, g.value.get("treatment"), g.value.get("outcome"))
                    for g in gold_facts
                    if g.kind == "treatment_trial" and g.page == page.number]
            taken: set[int] = set()
            for candidate in candidates(page.text, rules, course=course):  # type: ignore[arg-type]
                yield case, candidate, _gold_label(candidate, gold, taken)  # type: ignore[arg-type]


#: A treatment the worker never had ("never tried a TENS unit", "has not yet tried
#: acupuncture", "no trial of gabapentin", "gabapentin was never tried"): no course, so no
#: outcome of one, whatever the classifier makes of the words around it. The verb takes the
#: treatment (the mention, "[t]" in the classifier's text) as its object, or the treatment is
#: the subject of the passive or of a list's entry ("chiropractic - never tried"): "gabapentin
#: has not had any effect" and "has not had any relief from PT" judge a course had.
_NEVER = r"(?:never|not\s+yet|(?:has|have|had|did|was|were|is|are)(?:n[\u2019']t|\s+not)(?:\s+yet)?)"
_NOT_OUTCOME = (r"(?!(?:any|much|some|no|good|great|significant|relief|benefit|effect|improvement|"
                r"help|change|difference|response|success|luck|results?|gains?)\b)")
_NEVER_TRIED_RE = re.compile(
    rf"\b{_NEVER}\s+(?:been\s+)?(?:tried|trialed|trialled|attempted|used|had|given|received|"
    rf"offered|try|use|have|receive)\s+(?:(?:a|an|the|any|with)\s+)?(?:{_NOT_OUTCOME}[\w/-]+\s+)"
    r"{0,2}\[t\]|"
    rf"\[t\]\s*[-:\u2013\u2014(,]?\s*(?:(?:has|have|had|was|were|is|are)\s+)?{_NEVER}\s+(?:been\s+)?(?:tried|trialed|"
    r"trialled|attempted|used|given|prescribed|offered)\b|"
    r"\bno\s+(?:prior\s+)?trial\s+of\b", re.IGNORECASE)


def _injection_response(candidate: Candidate) -> bool:
    """An injection's relief given as a percentage ("60% relief for 8 weeks") is its
    response (an `injection_history` value, linked to the procedure), not a judged
    treatment outcome (both annotation schemes, corpus README convention 5)."""
    return candidate.treatment == "injection" and "scue_pct_" in candidate.text


def train(sources: Iterable[Path], out_dir: Path, *, c: float = 4.0,
          limit: int | None = None) -> dict[str, Any]:
    """Train the mention classifier on annotated sets and save it; returns its meta.

    A multinomial logistic regression (scikit-learn, lbfgs: deterministic) over the
    mention's words and word pairs, L2-normalised counts. Classes are weighted by their
    inverse frequency ("balanced"): six mentions in seven state no outcome, and unweighted
    the model learnt to say `none` (dev mention recall 0.38; weighted 0.58)."""
    return fit(list(islice(examples_of(sources), limit)), out_dir, c=c)


def fit(data: list[tuple[Candidate, str]], out_dir: Path, *, c: float = 4.0) -> dict[str, Any]:
    """Fit the mention classifier on (mention, outcome or none) pairs and save it in
    `out_dir` with its prefilter; returns its meta (`train`, and each fold of
    `crossval.outcome_scores`)."""
    from openimr.records.trained import Sentence, _keywords, write_meta

    labels = [label for _candidate, label in data]
    by_group, size = linear.fit({"": ([candidate.text for candidate, _l in data], labels)},
                                out_dir, c=c)
    [classes] = by_group.values()
    # the prefilter: words that tie a mention's sentence to an outcome
    keywords = _keywords([Sentence(m.sentence, frozenset([label]) - {NONE})
                          for m, label in data], per_label=_KEYWORDS_PER_OUTCOME)
    meta = {"labels": classes, "C": c, "mentions": len(data), "features": size,
            "with_outcome": sum(1 for label in labels if label != NONE),
            "keywords": keywords}
    write_meta(out_dir, meta)
    return meta


@cache
def signal_words() -> frozenset[str]:
    """Words that say a treatment was judged (`rules/outcomes.yaml`, `signal_words`): a
    sentence holding one is read by the outcome reader whatever its training learnt."""
    from openimr.records.kinds.history import OUTCOME_RULES

    # libyaml and the start cache (`load_yaml`): PyYAML's pure-Python parser took ~0.05 s
    data = load_yaml(OUTCOME_RULES.read_text(encoding="utf-8")) or {}
    return frozenset(str(word).lower() for word in data.get("signal_words") or ())


class OutcomeReader:
    """The shipped mention classifier: the regression's weights, read with numpy."""

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        self.meta: dict[str, Any] = json.loads((model_dir / "meta.json").read_text("utf-8"))
        # the words its training ties to an outcome, and the closed vocabulary of judgement
        # (`signal_words`): the learnt ones alone left common words such as "relief" out
        self.keywords = frozenset(self.meta["keywords"]) | signal_words()
        self.model = linear.LinearModel(model_dir)

    def passes(self, sentence: str) -> bool:
        # the worker's quoted words are read whatever they are ('"the pills just let me get
        # out of bed"', 'Venlafaxine "evened me out"'): a verdict in words no training note
        # used, which the learnt keywords miss (the `quoted` feature weighs them)
        return not self.keywords.isdisjoint(trained._WORD_RE.findall(sentence.lower())) or \
            _MEASURED_CHANGE_RE.search(sentence) is not None or \
            _QUOTED_RE.search(sentence) is not None

    def probabilities(self, text: str) -> dict[str, float]:
        """Each class's probability for one mention."""
        [found] = self.model.probabilities(text).values()
        return found

    def read(self, found: list[Candidate]) -> Iterator[tuple[Candidate, str]]:
        """Each mention with the outcome it states (mentions stating none are left out)."""
        judged = [candidate for candidate in found
                  if not _injection_response(candidate) and not _NEVER_TRIED_RE.search(candidate.text)]
        scored = self.model.probabilities_of([candidate.text for candidate in judged])
        for candidate, [cats] in zip(judged, (s.values() for s in scored), strict=True):
            label, p = max(((k, v) for k, v in cats.items() if k != NONE),
                           key=lambda item: item[1])
            if p >= self.meta.get("threshold", THRESHOLD):
                yield candidate, label


def reader() -> OutcomeReader | None:
    return trained.load_once(OutcomeReader, MODEL_DIR)


@contextmanager
def reading_with(model_dir: Path) -> Iterator[None]:
    """Read outcomes with the classifier saved in `model_dir` inside the block (a fold's,
    `crossval.outcome_scores`), then with the shipped one again."""
    global MODEL_DIR
    saved, MODEL_DIR = MODEL_DIR, model_dir
    try:
        yield
    finally:
        MODEL_DIR = saved
        trained.forget(model_dir)
