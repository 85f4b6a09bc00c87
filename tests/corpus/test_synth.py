"""The synthetic letter generator: deterministic, realistic mix, and readable by the parser."""

from __future__ import annotations

from collections import Counter

from openimr.corpus import parse_letter
from openimr.corpus.synth import generate_letters


def test_same_seed_same_letters_other_seed_other_letters() -> None:
    first = [letter.text for letter in generate_letters(20, seed=7)]
    assert first == [letter.text for letter in generate_letters(20, seed=7)]
    assert first != [letter.text for letter in generate_letters(20, seed=8)]


def test_mix_of_layouts_categories_and_outcomes() -> None:
    letters = list(generate_letters(1500, seed=11))
    layouts = Counter(letter.layout.value for letter in letters)
    assert len(layouts) == 5
    items = [item for letter in letters for item in letter.items]
    overturned = sum(item.decision == "overturned" for item in items) / len(items)
    assert 0.07 < overturned < 0.16
    assert 1.4 < len(items) / len(letters) < 2.2
    categories = Counter(item.category for item in items)
    assert len(categories) >= 20
    assert categories.most_common(1)[0][1] / len(items) < 0.2


def test_parser_recovers_every_synthetic_item() -> None:
    for letter in generate_letters(300, seed=5):
        parsed = parse_letter(letter.text)
        assert parsed.layout == letter.layout
        # The body-only layout (like the seed) has no case header, unless a page header has it.
        assert parsed.case_number in (letter.case_number, None)
        assert parsed.case_number or letter.layout.value == "case_body"
        assert [(i.decision.value, i.category) for i in parsed.items] == \
            [(i.decision, i.category) for i in letter.items]
        assert parsed.reviewer.specialties[0] == letter.specialty
