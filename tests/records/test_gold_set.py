"""The extraction gold set is well formed: quotes occur, values use the VALUE_KEYS vocabulary.

A gold set with a misspelt quote or an invented value would silently score the extractor
against nothing, so every annotation is checked against its note and the fact contract.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from openimr.model.facts import VALUE_KEYS, FactKind
from openimr.records.evaluation import KEY_FIELDS, load_gold

GOLD = Path(__file__).resolve().parents[2] / "src" / "openimr" / "records" / "gold"
NOTES = GOLD / "notes"
ANNOTATIONS = GOLD / "annotations"

FLAGS = ("negated", "historical", "hypothetical", "family")
FACT_KEYS = {"kind", "quote", "occurrence", "value", *FLAGS}

#: What a span-only kind must still record, so the summary can quote it.
DESCRIPTIVE_KEYS = {"diagnosis": ("text",), "surgery": ("procedure",),
                    "adl_limitation": ("activity",)}

MIN_COUNTS = {
    **{kind: 15 for kind in ("diagnosis", "therapy_sessions", "home_exercise_program",
                             "functional_improvement", "pain_score", "medication",
                             "exam_finding", "imaging_finding", "work_status",
                             "injection_history", "psych_symptom", "adl_limitation")},
    **{kind: 10 for kind in ("urine_drug_test", "daily_mme", "electrodiagnostic_finding",
                             "surgery", "red_flag", "treatment_trial")},
}

#: Value keys that carry presence themselves (see the README's "absence by value or by flag").
PRESENCE_KEYS = {"positive", "present", "radiculopathy", "done"}

ENUM_TOKEN = re.compile(r"^(?:[a-z0-9_]+|None)$")


def _allowed_values(description: str) -> set[str | None] | None:
    """The enumerated values a VALUE_KEYS description lists with `|`, or None if free-form."""
    text = description.removeprefix("optional:").removeprefix("optional").strip()
    tokens = [token.strip() for token in text.split("|")]
    if len(tokens) < 2 or not all(ENUM_TOKEN.match(token) for token in tokens):
        return None
    return {None if token == "None" else token for token in tokens}


def _type_ok(description: str, value: Any) -> bool:
    optional = description.startswith("optional")
    if value is None:
        return optional or "None" in description
    kind = description.removeprefix("optional").strip().split(":")[0].split(",")[0].strip()
    if kind.startswith("bool"):
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind.startswith("list"):
        return isinstance(value, list)
    return isinstance(value, str | int | float)


@functools.cache
def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _annotation_files() -> list[Path]:
    return sorted(ANNOTATIONS.glob("*.yaml"))


def _all_facts() -> list[tuple[str, dict[str, Any]]]:
    return [(path.stem, fact) for path in _annotation_files() for fact in _load(path)["facts"]]


def test_every_note_has_exactly_one_annotation_file() -> None:
    notes = {path.stem for path in NOTES.glob("*.txt")}
    annotations = {path.stem for path in _annotation_files()}
    assert notes, "the gold set has no notes"
    assert notes == annotations, f"unpaired: {sorted(notes ^ annotations)}"
    assert len(notes) >= 44


@pytest.mark.parametrize("path", _annotation_files(), ids=lambda path: path.stem)
def test_annotation_is_well_formed(path: Path) -> None:
    annotation = _load(path)
    document = annotation["document"]
    assert document["id"] == path.stem
    assert isinstance(document["date"], dt.date)
    assert isinstance(document["type"], str) and document["type"]
    text = (NOTES / f"{path.stem}.txt").read_text(encoding="utf-8")
    assert 150 <= len(text.split()) <= 600, "a note is 150 to 600 words"
    assert annotation["facts"], "a note without facts"
    spans: Counter[tuple[str, str, int]] = Counter()
    for fact in annotation["facts"]:
        where = f"{path.name}: {fact.get('kind')} {fact.get('quote')!r}"
        assert set(fact) <= FACT_KEYS, f"{where}: unknown keys {set(fact) - FACT_KEYS}"
        kind = FactKind(fact["kind"])
        quote, occurrence = fact["quote"], fact.get("occurrence", 1)
        assert isinstance(quote, str) and quote.strip() == quote and quote, where
        assert text.count(quote) >= occurrence >= 1, f"{where}: occurrence {occurrence} missing"
        for flag in FLAGS:
            assert isinstance(fact.get(flag, False), bool), f"{where}: {flag} must be a bool"
        value = fact.get("value") or {}
        keys = VALUE_KEYS[kind]
        assert set(value) <= set(keys), f"{where}: keys {set(value) - set(keys)} not in VALUE_KEYS"
        # A scored key may be left out only where VALUE_KEYS calls it optional.
        for key in (*KEY_FIELDS.get(kind.value, ()), *DESCRIPTIVE_KEYS.get(kind.value, ())):
            if not keys[key].startswith("optional"):
                assert key in value, f"{where}: scored key {key!r} missing"
        for key, item in value.items():
            allowed = _allowed_values(keys[key])
            if allowed is not None:
                assert item in allowed, f"{where}: {key}={item!r} not in {sorted(map(str, allowed))}"
            else:
                assert _type_ok(keys[key], item), f"{where}: {key}={item!r} is not {keys[key]!r}"
        if kind is FactKind.medication:
            assert value["generic"] == value["generic"].lower(), f"{where}: generic is lower case"
        if PRESENCE_KEYS & set(keys):
            # Such kinds record an absent finding in the value ("SLR negative"), never by flag.
            assert not fact.get("negated"), f"{where}: say it with the value, not negated"
        spans[(kind.value, quote, occurrence)] += 1
    repeated = [span for span, count in spans.items() if count > 1]
    assert not repeated, f"{path.name}: the same kind annotated twice on one span: {repeated}"


def test_the_evaluator_reads_every_annotation() -> None:
    """`openimr eval extraction` loads the set as written: every gold fact, located on page 1."""
    items = load_gold(GOLD)
    assert len(items) == len(_annotation_files())
    assert sum(len(facts) for _, facts in items) == len(_all_facts())
    for document, facts in items:
        text = document.pages[0].text
        for fact in facts:
            assert text[fact.start:fact.end] == fact.quote, (document.id, fact.quote)


def test_coverage_per_kind() -> None:
    counts = Counter(fact["kind"] for _, fact in _all_facts())
    short = {kind: (counts[kind], floor) for kind, floor in MIN_COUNTS.items()
             if counts[kind] < floor}
    assert not short, f"kinds below their coverage floor (count, floor): {short}"


def test_context_flags_are_represented() -> None:
    """The gold set exercises ConText: every flag occurs, so a pipeline ignoring it loses."""
    flagged = Counter(flag for _, fact in _all_facts() for flag in FLAGS if fact.get(flag))
    assert flagged["negated"] >= 40
    assert flagged["historical"] >= 10
    assert flagged["hypothetical"] >= 15
    assert flagged["family"] >= 5
