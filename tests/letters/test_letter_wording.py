"""The letter's prose: no figure opens a sentence, a quote's line breaks are not printed, a
compound is not broken at its hyphen, a list says each finding once (letter review 13,
findings 8 and 9)."""

from __future__ import annotations

from openimr.letters.rendering import _wrap, prose
from openimr.model.wording import distinct_phrases


def test_a_sentence_opening_with_a_figure_is_spelled_out() -> None:
    text = prose("The cap is 24. 12 sessions done plus 4 asked make 16.")
    assert text == "The cap is 24. Twelve sessions done plus 4 asked make 16."


def test_a_figure_inside_a_sentence_or_a_quote_is_left_as_written() -> None:
    # near miss: a decimal dose, a figure mid-sentence, and the record's own words
    text = 'Dose is 2.5 mg. He walks 30 feet (note: "rest. 5 days off work").'
    assert prose(text) == text


def test_a_quotes_line_break_becomes_a_space_and_a_doubled_stop_one() -> None:
    assert prose('Mild ("stiff\nknee").. Next.') == 'Mild ("stiff knee"). Next.'
    assert prose("First.\n\nSecond.") == "First.\n\nSecond."  # a reviewer's paragraph stays
    assert prose("Wait...") == "Wait..."  # an ellipsis is not a doubled stop


def test_a_hyphenated_compound_is_not_broken_at_the_line_end() -> None:
    wrapped = _wrap("x" * 88 + " self-directed home exercise", width=96)
    assert "self-\n" not in wrapped and "self-directed" in wrapped


def test_a_finding_said_twice_in_a_list_is_said_once() -> None:
    assert distinct_phrases(["Joint effusion", "joint  effusion", "mild bursitis"]) == [
        "Joint effusion", "mild bursitis"]
    assert distinct_phrases(["tear", "partial tear of the labrum"]) == [
        "partial tear of the labrum"]


def test_findings_that_only_share_letters_are_both_kept() -> None:
    # near miss: "ear" is a word of its own, not part of "tear"
    assert distinct_phrases(["ear pain", "tear"]) == ["ear pain", "tear"]
