"""What holds across the documents of a case: copies, links, and computed drug values.

- Copied-forward text: a fact whose words (the quote with some text on either side) were
  already read in an earlier document is marked `copy_of` the earliest such fact, so it is
  shown but not counted again.
- Links: an outcome (`treatment_trial`) points `about` the treatment it judges, a side
  effect to its drug, an injection response to the procedure, a functional gain or its
  absence to the course, procedure or device under way: the nearest earlier mention in the
  same document, else the latest mention in an earlier document.
- Each medication fact that states strength and directions carries the numbers they give
  (`regimen.computed_values`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from openimr.model import Document, Fact
from openimr.records.kinds.drugs import drug_names
from openimr.records.regimen import computed_values

_CONTEXT = 30
_NEARLY = 80  # rapidfuzz ratio of the surroundings for a copy
_SPACES_RE = re.compile(r"\s+")


def link_case(documents: list[Document], facts: list[Fact]) -> list[Fact]:
    """The case's facts (in document order) with copies marked, links set and drug
    numbers computed."""
    _mark_copies(documents, facts)
    order = {document.id: index for index, document in enumerate(documents)}
    for fact in facts:
        if fact.kind.value == "medication":
            numbers = computed_values(fact.value)
            if numbers:
                fact.value = {**fact.value, **numbers}
    for index, fact in enumerate(facts):
        wanted = _target(fact)
        if wanted is not None:
            target = _nearest(facts, index, wanted, order)
            if target is not None:
                fact.about = target.key
    return facts


def _signature(text: str, start: int, end: int) -> str:
    window = text[max(0, start - _CONTEXT):end + _CONTEXT]
    return _SPACES_RE.sub(" ", window).strip().lower()


def _mark_copies(documents: list[Document], facts: list[Fact]) -> None:
    """A fact is a copy when an earlier document states the same words (its quote) in
    nearly the same surroundings (the words around it at least `_NEARLY` alike)."""
    from rapidfuzz import fuzz

    pages = {(d.id, p.number): p.text for d in documents for p in d.pages}
    seen: dict[tuple[str, str], list[tuple[Fact, str]]] = {}
    for fact in facts:
        ev = fact.evidence
        text = pages.get((ev.document, ev.page))
        if text is None:
            continue
        quote = (fact.kind.value, _SPACES_RE.sub(" ", ev.quote).strip().lower())
        window = _signature(text, ev.start, ev.end)
        earlier = seen.setdefault(quote, [])
        for other, other_window in earlier:
            if other.evidence.document != ev.document and fuzz.ratio(
                    window, other_window) >= _NEARLY:
                fact.copy_of = other.copy_of or other.key
                break
        earlier.append((fact, window))


@cache
def _drug_classes() -> dict[str, str]:
    return {d.generic: d.drug_class for d in drug_names()}


_THERAPIES = {"physical_therapy", "chiropractic", "acupuncture", "massage", "psychotherapy"}
_COURSES = {"therapy_sessions", "injection_history", "device_trial", "surgery"}
_DRUG_CLASSES = {"nsaid", "muscle_relaxant", "antidepressant", "anticonvulsant", "opioid"}


def _target(fact: Fact) -> Callable[[Fact], bool] | None:
    """What the fact is about, as a test on candidate facts; None: it links to nothing."""
    kind, value = fact.kind.value, fact.value
    if kind == "treatment_trial":
        treatment = value.get("treatment")
        if treatment in _THERAPIES:
            return lambda f: (f.kind.value == "therapy_sessions"
                              and f.value.get("modality") == treatment)
        if treatment in _DRUG_CLASSES:
            return lambda f: (f.kind.value == "medication" and _drug_classes().get(
                str(f.value.get("generic"))) == treatment)
        if treatment == "first_line_neuropathic":
            return lambda f: (f.kind.value == "medication" and _drug_classes().get(
                str(f.value.get("generic"))) in ("anticonvulsant", "antidepressant"))
        if treatment == "injection":
            return lambda f: f.kind.value == "injection_history"
        if treatment == "tens":
            return lambda f: f.kind.value == "device_trial" and f.value.get("device") == "tens"
        return None
    if kind == "functional_improvement":
        # a gain (or its absence) is about the treatment under way: the course, procedure or
        # device stated nearest before it
        return lambda f: f.kind.value in _COURSES and not f.hypothetical
    if kind == "side_effect" and value.get("drug"):
        drug = str(value["drug"]).lower()
        return lambda f: f.kind.value == "medication" and drug in (
            str(f.value.get("generic")).lower(), str(f.value.get("drug")).lower())
    if kind == "injection_history" and (value.get("relief_percent") is not None
                                        or value.get("duration_weeks") is not None):
        kind_of = value.get("type")
        return lambda f: (f.kind.value == "injection_history" and f.value.get("type") == kind_of
                          and f.value.get("relief_percent") is None)
    return None


def _nearest(facts: list[Fact], index: int, wanted: Callable[[Fact], bool],
             order: dict[str, int]) -> Fact | None:
    """The nearest earlier matching fact in the same document (else the nearest later one
    on the same page), else the latest in an earlier document."""
    fact = facts[index]
    document = fact.evidence.document
    same = [f for f in facts if f is not fact and f.evidence.document == document and wanted(f)]
    position = (fact.evidence.page, fact.evidence.start)
    before = [f for f in same if (f.evidence.page, f.evidence.start) < position]
    if before:
        return before[-1]
    after = [f for f in same if f.evidence.page == fact.evidence.page]
    if after:
        return after[0]
    here = order.get(document, 0)
    earlier = [f for f in facts if order.get(f.evidence.document, 0) < here and wanted(f)]
    return earlier[-1] if earlier else None
