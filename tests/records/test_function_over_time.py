"""Function told as an amount now against the amount before (issue 11, twelfth session,
read-outcomes6): "walking 25 min (from 10)", "headaches 1-2 a week (were daily)",
"1 tablet a day instead of 3". More is better for what the worker does, less for a
medicine taken, a symptom's episodes and a timed test; pain scores, strength grades, degrees,
doses and psychological scales set so are read by their own kinds."""

from __future__ import annotations

import pytest

from openimr.model import Document, Fact, Page
from openimr.records import trained
from openimr.records.extract import document_facts


def _gains(text: str) -> list[Fact]:
    document = Document(id="note", pages=[Page(number=1, text=text)])
    with trained.rules_only():
        facts = document_facts(document)
    return [fact for fact in facts if fact.kind.value == "functional_improvement"]


@pytest.mark.parametrize(("text", "present"), [
    ("Pt reports she gardens 45 minutes at a time (was 15 min).", True),
    ("Stair climbing: 3 flights with one rail (was 1 flight at intake).", True),
    ("Ambulates 300 feet with rolling walker (previously 40 ft).", True),
    ("He lifts 40 lbs at work (from 15 lbs in March).", True),
    ("Reads to her kids for two hours (was 30 minutes).", True),  # hours against minutes
    ("Migraines 2 per week (were daily before the blocks).", True),
    ("Tramadol 1/day (was 4).", True),
    ("Now takes 2 tabs/day of hydrocodone (was 6).", True),
    ("Timed up and go 9 sec (was 19 sec).", True),
    ("Takes 1 ibuprofen a day instead of 4.", True),
    ("Tolerates standing 10 minutes (was 30 minutes before the fall).", False),
    ("Percocet up to 6 tabs/day (was 2).", False),
])
def test_an_amount_against_the_amount_before_is_a_gain_or_a_decline(
        text: str, present: bool) -> None:
    gains = _gains(text)
    assert gains, text
    assert {fact.value["present"] for fact in gains} == {present}, text


@pytest.mark.parametrize("text", [
    "Pain 4/10 (was 7/10 at the first visit).",
    "Quad strength 4+/5 (was 4-/5).",
    "Elbow flexion 120 degrees (was 95 deg).",
    "Gabapentin 900 mg daily (was 300 mg).",
    "PHQ-9 = 10 (was 18).",
    "BP 128/82 (was 150/95), HR 70 bpm (was 88).",
    "Weight 210 lb (was 198 lb).",
    "Wound 2 cm (was 4 cm).",
    "Seen 3 times (was scheduled weekly).",
    "Sits through a short meeting (was 20 min).",  # no amount now
])
def test_other_measures_and_bare_counts_beside_an_earlier_value_are_no_function(
        text: str) -> None:
    assert _gains(text) == [], text


def test_a_medicine_taken_more_often_than_before_is_no_gain() -> None:
    gains = _gains("He says he took 4 a day this week instead of 2 because of the spasms.")
    assert {fact.value["present"] for fact in gains} <= {False}


def test_how_long_a_treatment_relieves_is_its_effect_not_function() -> None:
    assert _gains("Relief after each massage now lasts 3 days (initially 1 day).") == []
    assert _gains("The benefit of the patch holds 10 hours (was 4 hours).") == []


@pytest.mark.parametrize("text", [
    "Percocet use fell from 6/day to 2/day after the block.",
    "Hydrocodone down to one tab at bedtime.",
    "Tramadol down from QID to BID since the injection.",
    "Her naproxen use was reduced from twice daily to a few times a week.",
    "Advil use \u2193 from 4x/day to 1x/day.",
])
def test_a_medicine_whose_use_fell_is_a_reduced_treatment(text: str) -> None:
    gains = _gains(text)
    assert gains, text
    assert all(fact.value["present"] is True for fact in gains)
    assert "reduced_treatment" in {fact.value["domain"] for fact in gains}


@pytest.mark.parametrize("text", [
    "The pain fell from 8 to 6 after the block.",
    "He fell down the stairs at work in 2019.",
    "Walked down to the mailbox, then had to sit.",
])
def test_a_fall_or_a_pain_going_down_is_no_reduced_treatment(text: str) -> None:
    assert not [fact for fact in _gains(text) if fact.value["domain"] == "reduced_treatment"]


@pytest.mark.parametrize("text", [
    "Now buttons her blouse without help.",
    "Now buttons her blouse by herself.",
    "He is now driving to work on his own.",
    "Pt now ambulating 200 ft with a rolling walker.",
    "Lower-body dressing: now independent with a reacher.",
    "Now transfers bed to chair with stand-by assist.",
    "She now does her own grocery shopping.",
    "Now gets in and out of the truck cab on his own.",
])
def test_an_activity_done_now_is_a_gain(text: str) -> None:
    gains = _gains(text)
    assert gains, text
    assert all(fact.value["present"] is True for fact in gains), text


@pytest.mark.parametrize("text", [
    "Her son now does all the cooking and cleaning.",
    "He now shaves with difficulty.",
    "She now needs help to dress her lower body.",
    "Now wearing a wrist splint at night.",
    "He is now running out of tramadol early each month.",
    "She wants to now drive to work on her own.",
    "He is not now driving at all.",
])
def test_what_another_does_now_or_a_limit_now_is_no_gain(text: str) -> None:
    assert not [fact for fact in _gains(text) if fact.value["present"] is True], text


@pytest.mark.parametrize("text", [
    # a determiner before the medicine (thirteenth session, read-outcomes7)
    "She has not needed the oxycodone since the spring.",
    "Discontinued the nightly cyclobenzaprine last month.",
    # its use told after its directions
    "Percocet 10/325 1 tab q6h prn, use down to 2/day.",
])
def test_a_medicine_given_up_or_cut_in_other_words_is_a_reduced_treatment(text: str) -> None:
    assert "reduced_treatment" in {fact.value["domain"] for fact in _gains(text)}, text


@pytest.mark.parametrize("text", [
    # stopped for a side effect: no gain
    "Stopped the meloxicam because of stomach upset.",
    "She discontinued her gabapentin due to dizziness.",
    # directions alone, no use that fell
    "Norco 10/325 1 tab q6h prn, #90, use as directed.",
])
def test_a_medicine_stopped_for_a_side_effect_is_no_reduced_treatment(text: str) -> None:
    assert "reduced_treatment" not in {fact.value["domain"] for fact in _gains(text)}, text
