"""A request's counts in words are read with the shared table (model.numbers)."""

from __future__ import annotations

from openimr.guidelines.itemparse.amounts import words_to_numbers


def test_every_count_word_becomes_its_figure() -> None:
    assert words_to_numbers("thirteen visits over nineteen weeks") == "13 visits over 19 weeks"
    assert words_to_numbers("forty units, twice weekly") == "40 units, 2x weekly"
    # a word inside another is no count
    assert words_to_numbers("someone attended") == "someone attended"
