"""The literal prefilter may skip a rule only where the rule cannot match."""

from __future__ import annotations

import re
from pathlib import Path

from openimr.records.kinds import all_specs
from openimr.records.prefilter import required_literals

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
