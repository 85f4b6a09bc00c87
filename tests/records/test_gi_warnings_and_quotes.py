"""A GI risk told as a warning is no history; quotes start where the note's statement starts;
a diagnosis read from prose keeps no half of an aside (invented sentences, none from a set)."""

from __future__ import annotations

import pytest

from openimr.records.spans import quote_bounds
from openimr.records.summary import _in_sentence

from .conftest import facts_of


@pytest.mark.parametrize("text", [
    "We went over the hazards of anti-inflammatories; risks include stomach bleeding and ulcers.",
    "Patient counseled about possible GI hemorrhage on meloxicam.",
    "Instructed to monitor for dark tarry stool while on naproxen.",
    "Reviewed symptoms of an ulcer to report.",
    "Reviewed the risks of naproxen such as ulcers, stomach bleeding and kidney injury.",
])
def test_a_gi_risk_only_warned_of_is_hypothetical(text: str) -> None:
    facts = facts_of(text, "gi_risk_factor")
    assert facts and all(f.hypothetical for f in facts), text


@pytest.mark.parametrize("text", [
    "Past history: duodenal ulcer with hemorrhage in 2012, required transfusion.",
    "Prior admission for melena on ibuprofen; risk of recurrence discussed.",
    # a warning word that does not govern the factor (review 14, finding 3): the history
    # is told after a new verb or subject, with the worker's possessive, as the symptoms
    # the worker came with, or as the reason to watch for more
    "Came to the ER in 2017 with symptoms of a gastric ulcer and had melena on admission.",
    "Discussed the risks of anti-inflammatories, she was treated for a bleeding ulcer in 2014.",
    "Counseled about her previous GI hemorrhage before restarting meloxicam.",
    "Watch for further melena in view of the gastric ulcer found on EGD.",
])
def test_a_gi_history_stays_a_finding(text: str) -> None:
    # every fact of the history is a finding, not only one of them
    facts = facts_of(text, "gi_risk_factor")
    assert facts and not any(f.hypothetical for f in facts), text


def test_a_labelled_line_starts_the_quote() -> None:
    text = "Meds reviewed (template)\nS: L knee aches on stairs, 5/10.\nO: no effusion."
    start = text.index("aches")
    begin, stop = quote_bounds(text, start, start + 5)
    assert text[begin:stop] == "S: L knee aches on stairs, 5/10"


def test_a_checkbox_goes_with_the_word_it_ticks() -> None:
    text = "Symptoms: [x] pain [ ] locking [ ] buckling"
    start = text.index("locking")
    begin, _ = quote_bounds(text, start, start + 7)
    assert text[begin:].startswith("[ ] locking")


def test_a_colon_inside_a_line_is_no_label() -> None:
    text = "Pain with lifting at work. Worse at 3:30 pm shifts, better with rest."
    start = text.index("better")
    begin, stop = quote_bounds(text, start, start + 6)
    assert text[begin:stop] == "Worse at 3:30 pm shifts, better with rest"


@pytest.mark.parametrize(("name", "told"), [
    ("Lumbar strain", "lumbar strain"),
    ("R shoulder impingement", "R shoulder impingement"),
    ("CRPS of the right hand", "CRPS of the right hand"),
    ("Dupuytren's contracture", "Dupuytren's contracture"),
])
def test_a_diagnosis_inside_a_sentence(name: str, told: str) -> None:
    assert _in_sentence(name) == told


def test_a_diagnosis_drops_the_aside_its_end_cut() -> None:
    facts = facts_of("Seen for neck pain since the fall (per employer report, not yet verified "
                     "by the adjuster at the time of this visit).", "diagnosis")
    assert all(f.value["text"].count("(") == f.value["text"].count(")") for f in facts)
