"""The literal prefilter may skip a rule only where the rule cannot match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from openimr.records.kinds import all_specs
from openimr.records.prefilter import LiteralIndex, PatternGate, required_literals, trie_pattern

NOTES = Path(__file__).resolve().parents[2] / "src" / "openimr" / "records" / "gold" / "notes"


def test_literals_of_simple_patterns() -> None:
    assert required_literals(r"(?:antalgic|normal)\s+gait") in (frozenset({"gait"}),
                                                                frozenset({"antalgic", "normal"}))
    assert required_literals(r"spasms?|trigger\s+points?") == frozenset({"spasm", "trigger"})
    assert required_literals(r"(?:left\s+)?(?-i:SLR)") == frozenset({"slr"})
    assert required_literals(r"\d+/10") == frozenset({"/10"})
    assert required_literals(r"\d+/\d+") is None  # a one-letter literal filters nothing


def test_every_match_of_every_rule_contains_one_of_its_literals() -> None:
    texts = [path.read_text(encoding="utf-8").replace("\n", " ")
             for path in sorted(NOTES.glob("*.txt"))]
    assert texts
    checked = 0
    for spec in all_specs():
        for trigger in spec.triggers:
            if not trigger.regex:
                continue
            required = required_literals(trigger.regex)
            if required is None:
                continue
            pattern = re.compile(trigger.regex, re.IGNORECASE)
            for text in texts:
                for match in pattern.finditer(text):
                    checked += 1
                    found = match.group(0).lower()
                    assert any(word in found for word in required), (
                        spec.kind.value, trigger.regex[:60], found, sorted(required))
    assert checked > 500


def test_a_literal_index_finds_every_literal_a_text_holds() -> None:
    # overlapping ("low back" / "back pain"), nested ("gait" in "antalgic gait") and
    # prefix ("pain" / "painful") literals are all found, and only those the text holds
    literals = ["low back", "back pain", "pain", "painful", "gait", "antalgic gait", "slr"]
    index = LiteralIndex(literals)
    text = "antalgic gait; low back pain, painful slr."
    found = {literal for _at, longest in index.starts(text) for literal in index.within(longest)}
    assert found == {literal for literal in literals if literal in text}
    assert {lit for _at, longest in index.starts("no match") for lit in index.within(longest)} \
        == set()
    with pytest.raises(ValueError, match="ASCII"):
        LiteralIndex(["café"])


def test_a_pattern_gate_keeps_every_expression_that_matches() -> None:
    patterns = [r"(?:antalgic|normal)\s+gait", r"spasms?|trigger\s+points?", r"\d+/\d+",
                r"(?-i:SLR)"]
    gate = PatternGate(patterns)
    for text in ["Antalgic gait", "trigger points", "5/10", "SLR positive", "nothing",
                 "Kelvin \u212a"]:
        kept = gate.candidates(text)
        assert kept == sorted(kept)
        assert {i for i, p in enumerate(patterns) if re.search(p, text, re.IGNORECASE)} <= set(kept)
    assert gate.candidates("nothing here") == [2]  # the one that requires no literal
    assert gate.candidates("caf\u00e9") == [0, 1, 2, 3]  # not ASCII: all of them


def test_a_trie_matches_the_longest_word_first() -> None:
    pattern = re.compile(trie_pattern(["pain", "painful", "pa"]))
    assert pattern.match("painful").group(0) == "painful"
    assert pattern.match("pains").group(0) == "pain"
    assert pattern.match("pal").group(0) == "pa"
    assert pattern.match("p") is None
