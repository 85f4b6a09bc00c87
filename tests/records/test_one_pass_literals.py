"""The one-pass literal shortcuts of the ninth speed session (issue 18) give what the plain
searches give: the literals a text holds, the expressions a gate keeps, the drug names a
sentence holds as words, the rules a sentence's literals let run, and a filtered rule's
matches when its case-blind form runs from the filter's first match only."""

from __future__ import annotations

import random
import re

from openimr.records.kinds import medication
from openimr.records.kinds.drugs import by_name
from openimr.records.pipeline import build_pipeline, process
from openimr.records.prefilter import LiteralIndex, PatternGate, required_literals

WORDS = ["knee", "kneel", "kneeling", "ee", "elbow", "bow", "low", "below", "wrist", "wristband",
         "st", "stair", "stairs", "airs"]


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    pieces = [*WORDS, " ", ", ", "x", "Q", "."]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(count)]


def test_the_literals_held_are_those_a_substring_test_finds() -> None:
    index = LiteralIndex(WORDS)
    for text in _texts(3, 400):
        low = text.lower()
        assert index.contained(low) == {word for word in WORDS if word in low}


def test_literals_cut_at_a_range_end_keep_every_literal_whole_inside_it() -> None:
    index = LiteralIndex(WORDS)
    for text in _texts(5, 200):
        low = text.lower()
        for start in range(0, len(low) + 1, 3):
            for end in range(start, len(low) + 1, 4):
                held = {lit for found in index.longest(low, start, end)
                        for lit in index.within(found)}
                assert held == {word for word in WORDS if word in low[start:end]}


def test_a_gate_keeps_the_expressions_whose_literals_the_text_holds() -> None:
    patterns = [r"kneel(?:ing)?\s+limited", r"(?:elbow|wrist)\s+pain", r"\d+\s*stairs?",
                r"(?-i:ROM)\s+full", r"\w+"]
    gate = PatternGate(patterns)
    required = [required_literals(pattern) for pattern in patterns]
    for text in [*_texts(7, 300), "Kneeling LIMITED; wrist PAIN, 12 stairs", "rom full"]:
        low = text.lower()
        expected = [i for i, literals in enumerate(required)
                    if literals is None or any(word in low for word in literals)]
        assert gate.candidates(text) == expected
        assert gate.candidates(text) == expected  # the second time from its memo


def _drug_words_one_by_one(sentence: str) -> list[str]:
    lowered = sentence.lower()
    return [name for name in by_name() if name in lowered
            and re.search(rf"\b{re.escape(name)}\b", lowered)][:3]


def test_drug_words_as_every_name_tested_in_turn_finds_them() -> None:
    names = list(by_name())
    rng = random.Random(11)
    fillers = ["took", "x", "and", "/", "-", "extended", "SR", "ointment", "naïve"]
    for _ in range(1500):
        parts = [rng.choice(names) if rng.random() < 0.4 else rng.choice(fillers)
                 for _ in range(rng.randint(0, 7))]
        sentence = rng.choice([" ", "", ", "]).join(parts)
        if rng.random() < 0.3:
            sentence = sentence.upper()
        assert medication._drug_words_in(sentence) == _drug_words_one_by_one(sentence)


PAGE = (
    "Chief complaint: he slipped off a loading dock and landed on his right shoulder.\n"
    "Work status: modified duty, no lifting over 10 lbs; RTW full duty in 4 weeks.\n"
    "Exam: SLR negative bilaterally, reflexes 2+ and symmetric, tenderness over L4-L5.\n"
    "She can now walk 30 minutes (was 10) and climbs stairs with a rail; ADLs independent.\n"
    "MRI lumbar spine: disc protrusion at L5-S1 with mild foraminal narrowing on the left.\n"
    "Completed 12 sessions of PT and 6 of chiropractic; TTD since the injury.\n"
)


def test_a_filtered_rule_finds_from_its_filters_first_match_what_it_finds_from_the_start() -> None:
    targets = dict(build_pipeline().pipeline)["openimr_regex_targets"]
    doc = process(PAGE)  # the rules' rewrites are made on first use
    assert len(doc.text) == len(PAGE)
    text, low = doc.text, doc.text.lower()
    filtered = 0
    for _kind, rules in targets.kinds:
        for rule in rules:
            rule.finditer(text, low, True, 0, 0)
            if rule.lowered is None or rule.exact:
                continue
            filtered += 1
            whole = rule.pattern or rule.compile()
            for start in range(0, len(text), 37):
                for end in (len(text), text.find("\n", start) + 1 or len(text)):
                    got = [(m.span(), m.groups()) for m in rule.finditer(text, low, True,
                                                                          start, end)]
                    assert got == [(m.span(), m.groups())
                                   for m in whole.finditer(text, start, end)], rule.source[:60]
    assert filtered > 50


def test_a_sentences_literals_hold_every_literal_whole_inside_it() -> None:
    targets = dict(build_pipeline().pipeline)["openimr_regex_targets"]
    doc = process(PAGE)
    index = targets._literals.index
    text, low = doc.text, doc.text.lower()
    bounds = [(start, text.find("\n", start) + 1) for start in range(len(text))
              if start == 0 or text[start - 1] == "\n"][:-1] or [(0, len(text))]
    held = targets._sentence_literals(text, low, bounds, index)
    for (start, end), found in zip(bounds, held, strict=True):
        assert found == {literal for literal in index.literals if literal in low[start:end]}


def test_a_case_blind_test_over_lower_case_text_answers_as_the_search() -> None:
    from openimr.records import linear, trained
    from openimr.records.lowered import CaseBlindTest

    written = [re.compile(p, re.IGNORECASE) for p in (
        r"\bclimb\w*\s+(?:stairs|ladders)", r"(?-i:ROM)\s+(?:full|limited)", r"k[aeiou]+neel",
        r"(?<=\d)\s*blocks?\b")] + [re.compile(r"stairs", re.IGNORECASE | re.MULTILINE)]
    patterns = written + [p for _n, p in linear.CUES] + [
        p for _position, p in trained._function_gate()[1]]
    tests = [CaseBlindTest(pattern) for pattern in patterns]
    assert tests[len(written) - 1].lowered is None  # other flags: asked as it is
    rng = random.Random(13)
    words = ["Climbing", "STAIRS", "rom", "ROM", "full", "kneel", "KNEEL", "3", "blocks", "still",
             "unchanged", "NO", "better", "walk", "lift", "Kelvin \u212a", "naïve", "stopped",
             "dizzy", "reduced", "50%", "plan", "will"]
    for _ in range(600):
        text = rng.choice([" ", "  ", ", "]).join(rng.choice(words)
                                                  for _ in range(rng.randint(0, 9)))
        for variant in (text, text.upper(), text.lower(), text.swapcase()):
            low = variant.lower() if variant.isascii() else None
            for pattern, test in zip(patterns, tests, strict=True):
                assert test.found_in(variant, low) == (pattern.search(variant) is not None), (
                    pattern.pattern[:50], variant)
