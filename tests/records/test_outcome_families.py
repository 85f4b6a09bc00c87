"""The outcome families issue 11 §4 asks the rules to read as families, not as one note's
sentence: help kept small or given only in name, drugs stopped for a reason (and not for
want of benefit), disability scores beside their earlier value however worded, treatment
given up or cut, and activities done again (invented wordings, none from the sets)."""

from __future__ import annotations

import pytest

from openimr.records.trained import rules_only

from .conftest import facts_of
from .test_outcome_phrasings import _outcomes


def _gains(text: str) -> list[bool]:
    with rules_only():
        facts = facts_of(text, "functional_improvement")
    return [f.value["present"] for f in facts if f.asserted]


@pytest.mark.parametrize(("text", "expected"), [
    # help its own words keep small is partial, wherever the qualifier stands
    ("Meloxicam helps the knee ache a bit.", {("nsaid", "partial")}),
    ("Tizanidine helps her sleep somewhat.", {("muscle_relaxant", "partial")}),
    ("Naproxen gives a little help in the evenings.", {("nsaid", "partial")}),
    # help in name only is failure
    ("Duloxetine hardly helps.", {("antidepressant", "failed")}),
    ("Cyclobenzaprine helped very little.", {("muscle_relaxant", "failed")}),
    # the SSRIs and their kin are antidepressants
    ("Escitalopram has not helped.", {("antidepressant", "failed")}),
    ("Mirtazapine was discontinued due to weight gain.", {("antidepressant", "not_tolerated")}),
    # a drug stopped for a side effect, the drug named inside the phrase
    ("She quit pregabalin about ten days ago because of swelling.",
     {("anticonvulsant", "not_tolerated")}),
    ("Baclofen left him woozy.", {("muscle_relaxant", "not_tolerated")}),
    # help going on, a symptom cleared with the treatment, relief only while it is on
    ("The duloxetine is really helping.", {("antidepressant", "helped")}),
    ("His wrist numbness went away with the night splints.", {("bracing", "helped")}),
    ("Acupuncture felt good during the session.", {("acupuncture", "partial")}),
    # small relief by other verbs and degree words
    ("Nortriptyline eased the burning a bit.", {("antidepressant", "partial")}),
    ("On celecoxib the knee is 'somewhat' better.", {("nsaid", "partial")}),
    # interventional procedures by abbreviation
    ("RFA last spring: no relief.", {("injection", "failed")}),
    # nothing or not much changed, in the worker's words
    ("Acupuncture: 'can't tell much difference.'", {("acupuncture", "failed")}),
    ("Tried tramadol, 'like taking nothing.'", {("opioid", "failed")}),
    ("Topiramate was tried without success.", {("anticonvulsant", "failed")}),
    # the worker's verdict, a symptom kept down
    ("Celecoxib keeps the swelling in check.", {("nsaid", "helped")}),
    ("He calls the TENS unit the best thing he's tried.", {("tens", "helped")}),
    # relief wearing off or lasting a day or so
    ("The hydrocodone is wearing off by early afternoon.", {("opioid", "partial")}),
    ("Massage: looser for a day or so.", {("massage", "partial")}),
    # any side effect it caused and the drug stopped, a dated stop for a side effect
    ("Duloxetine caused night sweats and was discontinued.", {("antidepressant", "not_tolerated")}),
    ("Naproxen stopped 11/2023 for stomach pain.", {("nsaid", "not_tolerated")}),
    # a side effect in parentheses after the drug; a drug given up within days or weeks
    ("Pregabalin (edema), duloxetine.", {("anticonvulsant", "not_tolerated")}),
    ("Tizanidine: he stopped it after three days.", {("muscle_relaxant", "not_tolerated")}),
    ("Sertraline: stopped after two weeks because it did not help.",
     {("antidepressant", "failed")}),
    # a help denied is no help
    ("Massage therapy, no lasting help.", {("massage", "failed")}),
])
def test_outcome_families_as_written(text: str, expected: set[tuple[str, str]]) -> None:
    assert _outcomes(text) == expected


def test_a_drug_stopped_for_want_of_benefit_is_no_intolerance() -> None:
    assert ("anticonvulsant", "not_tolerated") not in _outcomes(
        "He stopped gabapentin in March because it was not helping.")


@pytest.mark.parametrize(("text", "present"), [
    ("His Roland-Morris score is 8, down from 17 in June.", True),
    ("Oswestry 30% compared with 33% initially.", False),  # under a tenth: no change
    ("LEFS 58 (therapy intake 31).", True),
    ("Neck Disability Index 24% (40% in 03/2022).", True),
    ("FABQ-PA 9 (from 20).", True),
])
def test_a_score_beside_its_earlier_value_in_other_words(text: str, present: bool) -> None:
    assert _gains(text) == [present]


@pytest.mark.parametrize("text", [
    "She has not taken tramadol in three weeks.",
    "No opioids for the past two months (was Norco daily).",
    "He takes nothing for pain now.",
    "Hydrocodone intake dropped from six a day to two.",
    "Taking ibuprofen on weekends only instead of daily.",
    "He is golfing on Saturdays again.",
    "Out of the walking boot since last Tuesday.",
    "She is now walking without a cane in the house.",
    "Lifts 30 lb from the floor, up from 10 lb.",
    "Standing tolerance has doubled.",
    "He is sleeping much better.",
    "Back to part-time work since March.",
    # what a treatment lets the worker do
    "With tramadol she gardens for an hour.",
    "The injection lets her fold laundry.",
    "The splint enabled him to type.",
])
def test_treatment_given_up_or_an_activity_done_again_is_a_gain(text: str) -> None:
    assert _gains(text) == [True]


@pytest.mark.parametrize("text", [
    "Medications: none.",
    "The pain flared again after gardening.",
    "He wonders whether he will ever drive again.",
    "She hopes to swim again this summer.",
    "He is not yet off crutches.",
    "His wife lets him rest in the afternoon.",
    # a drug given up after a harm it did: an intolerance, not a reduction earned by recovery
    "She stopped naproxen last year after a bleeding ulcer.",
    "He discontinued diclofenac after an allergic reaction.",
])
def test_no_gain_without_a_change_or_with_a_wish_or_a_flare(text: str) -> None:
    assert _gains(text) == []
