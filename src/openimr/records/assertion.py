"""Trained assertion: is a fact negated, hypothetical, historical, or about someone else?

ConText (medspaCy) and the kinds' parsers decide these flags by rule. A small multi-label
text classifier, trained from scratch on the annotated facts, reads the fact in its
sentence (the span marked, a few words of its kind, and what ConText said as features) and
gives its own answer. Per flag, `make train` keeps whichever of ConText and the classifier
agrees better with the development sets (recorded in `models/assertion/meta.json`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openimr.model import Fact
from openimr.records import trained
from openimr.records.pipeline import CONTEXT_FLAGS, SECTION_FLAGS

if TYPE_CHECKING:
    from spacy.tokens import Doc

MODEL_DIR = trained.RECORDS / "models" / "assertion"
FLAGS = ("negated", "hypothetical", "historical", "family")
#: How each flag may be read (`assert_flags`); `make train` chooses per flag on the dev sets.
MODES = ("context", "confident", "trained")
#: The classifier's probability (or its complement) at which it overrules ConText in
#: `confident` mode.
CONFIDENT = 0.9
_CONTEXT_CHARS = 120
_override: dict[str, str] | None = None


def fact_text(fact: Fact, page_text: str) -> str:
    """The classifier's view of a fact: its kind, the rules' flags, the marked sentence."""
    ev = fact.evidence
    left = page_text[max(0, ev.start - _CONTEXT_CHARS):ev.start]
    right = page_text[ev.end:ev.end + _CONTEXT_CHARS]
    left = left.rsplit("\n\n", 1)[-1]
    right = right.split("\n\n", 1)[0]
    said = [f"ctx_{flag}" for flag in FLAGS if getattr(fact, flag)]
    return " ".join([f"kind_{fact.kind.value}", *said, *left.split(), "[e]",
                     *page_text[ev.start:ev.end].split(), "[/e]", *right.split()])


#: A ConText modifier that opens a span governs all of it ("If she returns to work full
#: time"); one further in modifies only what follows it ("she could walk around the block
#: for the first time" is no hypothesis). A relative named as the subject anywhere in it
#: makes it theirs ("Her mother has difficulty walking": ConText's family rules ask for
#: the relative's own verb, so a helper - "needs help from her daughter" - is not one).
_HEAD_WORDS = 1
#: The flags a span read by a trained reader takes from ConText (its negation is in its
#: label or its value: `trained.label_of`).
SPAN_FLAGS = ("hypothetical", "historical", "family")


#: ConText modifiers (`rules/context.yaml` literals) that reach forward over a span read by
#: a trained reader, not only from its head: a condition is never a result.
_CONDITIONS = frozenset({"on condition of"})


def context_flags(doc: Doc, start: int, end: int, section: str | None) -> dict[str, bool]:
    """ConText's flags for a span no target rule marked (a segment a trained reader read):
    those of the section it is in, of each modifier that stands at its head, and of each
    after it whose scope reaches back over it."""
    flags = dict.fromkeys(SPAN_FLAGS, False)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return flags
    flag = SECTION_FLAGS.get(span[0]._.section_category or section or "")
    if flag in flags:
        flags[flag] = True
    for modifier in doc._.context_graph.modifiers:
        flag = CONTEXT_FLAGS.get(modifier.category)
        if flag not in flags or modifier.direction in ("TERMINATE", "PSEUDO"):
            continue
        (lo, hi), (scope_lo, scope_hi) = modifier.modifier_span, modifier.scope_span
        head = len(span) if flag == "family" else _HEAD_WORDS
        at_head = span.start <= lo < span.start + head and hi <= span.end
        # a modifier after the span that reaches back over it ("... in the past"); one
        # before it reaches into it only across a clause boundary ("afraid he would
        # reinjure it, so he stays on the couch"), which the segment already cut
        after = lo >= span.end and scope_lo <= span.start < scope_hi
        # a condition set on an authorization or a plan governs what follows it in its scope
        # ("6 more certified on condition of documented functional improvement")
        condition = (modifier.rule.literal in _CONDITIONS and hi <= span.start
                     and scope_lo <= span.start < scope_hi)
        if at_head or after or condition:
            flags[flag] = True
    return flags


def examples_of(sources: Iterable[Path]) -> list[tuple[str, frozenset[str]]]:
    """(text, flags) for every fact read (by the rules and the trained readers, as their
    recorded modes read) that is an annotated fact, its flags the gold's."""
    from openimr.records.evaluation import same_fact
    from openimr.records.extract import document_facts

    out = []
    for v2, document, gold in trained.annotated_documents(sources):
        pages = {page.number: page.text for page in document.pages}
        with context_only():
            facts = document_facts(document)
        for fact in facts:
            match = next((g for g in gold if same_fact(g, fact, source=v2)), None)
            if match is not None:
                flags = frozenset(f for f in FLAGS if match.flags[f])
                out.append((fact_text(fact, pages[fact.evidence.page]), flags))
    return out


def train(sources: Iterable[Path], out_dir: Path, *, seed: int = 17,
          epochs: int = 10) -> dict[str, Any]:
    examples = examples_of(sources)
    trained.fit_textcat(examples, list(FLAGS), out_dir, seed=seed, epochs=epochs)
    meta = {"labels": list(FLAGS), "seed": seed, "epochs": epochs, "facts": len(examples),
            "modes": {flag: "context" for flag in FLAGS}}
    trained.write_meta(out_dir, meta)
    return meta


class AssertionReader(trained.TextcatReader):
    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        super().__init__(model_dir)

    def read(self, texts: list[str]) -> list[dict[str, float]]:
        return list(self.cats(texts, batch_size=128))


def reader() -> AssertionReader | None:
    return trained.load_once(AssertionReader, MODEL_DIR)


def modes() -> dict[str, str]:
    if _override is not None:
        return _override
    found = reader()
    return found.modes if found is not None else {}


def set_modes(chosen: dict[str, str] | None) -> None:
    global _override
    _override = chosen


def context_only() -> AbstractContextManager[None]:
    """Flags by ConText alone, whatever the recorded modes (what the classifier learns
    from: ConText's flags are among its features)."""
    return trained.modes_for_a_while(set_modes, _override, {flag: "context" for flag in FLAGS})


@contextmanager
def rules_only() -> Iterator[None]:
    """Facts by the rules alone: ConText's flags and no trained narrative reader."""
    with context_only(), trained.rules_only():
        yield


def assert_flags(facts: list[Fact], page_text: str) -> None:
    """Set the flags the classifier decides (per the recorded modes) on a page's facts:
    every fact, the rules' and the trained readers', with ConText's flags among what the
    classifier reads. `trained`: the classifier decides; `confident`: it overrules ConText
    where it is sure (`CONFIDENT`), and ConText stands where it is not; `context`: ConText
    alone."""
    chosen = {flag: mode for flag, mode in modes().items() if mode in ("trained", "confident")}
    if not chosen or not facts:
        return
    model = reader()
    if model is None:
        return
    for fact, cats in zip(facts, model.read([fact_text(f, page_text) for f in facts]),
                          strict=True):
        for flag, mode in chosen.items():
            if mode == "trained":
                setattr(fact, flag, cats[flag] >= trained.THRESHOLD)
            elif cats[flag] >= CONFIDENT or cats[flag] <= 1.0 - CONFIDENT:
                setattr(fact, flag, cats[flag] >= CONFIDENT)
