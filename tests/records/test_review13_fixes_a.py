"""Review 13's reader findings fixed by session "fix-review-a": each misfire in other words
than the review's repro, and a near miss the rule must still read (or still leave alone)."""

from __future__ import annotations

from pathlib import Path

import pytest

from openimr.guidelines.predicates.therapy import _not_yet_taught
from openimr.model import Case
from openimr.records import documents_for_case
from openimr.records.extract import extract_facts
from openimr.records.kinds.base import compare_amounts
from openimr.review.drafting import review_case


def _facts(kind: str, text: str, date: str = "2020-01-02") -> list[dict]:
    case = Case.model_validate({
        "ur_decision": {"date": "2020-01-10"}, "disputed_items": ["x"],
        "records": [{"date": date, "type": "progress note", "text": text}]})
    return [f.value for f in extract_facts(documents_for_case(case, Path(".")))
            if f.kind.value == kind]


def _gains(text: str) -> list[bool]:
    return [v["present"] for v in _facts("functional_improvement", text)]


def _criterion(item: str, note: str, criterion_id: str) -> str:
    case = Case.model_validate({
        "ur_decision": {"date": "2021-03-01"}, "disputed_items": [item],
        "claim": {"date_of_injury": "2020-11-01"},
        "records": [{"date": "2021-03-01", "type": "progress note", "text": note}]})
    review = review_case(case, documents_for_case(case, Path(".")))
    [determination] = review.determination.determinations
    [criterion] = [c for c in determination.criteria if c.id == criterion_id]
    return criterion.status.value


# -- finding 1: "yet" by itself is no program not yet taught

@pytest.mark.parametrize("clause", [
    "She has not kept up her home stretches as of yet, although they were shown to her in "
    "January",
    "Poor adherence to the home program yet again",
    "Not doing the home exercises yet, despite instruction at the second visit",
    # taught with "been" (review 14, finding 8: only a denied "been" is untaught)
    "Has been taught the home stretches but is not doing them yet",
])
def test_a_lapse_with_yet_is_still_a_lapse(clause: str) -> None:
    assert not _not_yet_taught(clause)


@pytest.mark.parametrize("clause", [
    "No home exercise program yet; will teach it next session",
    "HEP not issued yet",
    "Not yet instructed in a home program",
    "Home program to be taught at the next visit",
    "Plan to instruct the HEP on the next visit",
    # a denial of the teaching, with "been" or "was" (review 14, finding 8)
    "Home exercises have not been given to him yet",
    "The home program was not issued to her yet",
    "She hasn't been shown her home exercises yet",
])
def test_a_program_not_yet_taught_stays_so(clause: str) -> None:
    assert _not_yet_taught(clause)


def test_a_lapse_with_yet_keeps_the_fading_criterion_unmet() -> None:
    note = ("Cervical strain. Attended 8 PT visits, NDI 38 to 26. Non-compliant with HEP as of "
            "yet. Plan: 6 more PT visits.")
    assert _criterion("Physical therapy 6 visits cervical spine", note,
                      "pm.fading_to_home_program") == "not_met"


# -- finding 2: "now" before a setback, a move of care or a count of nights is no gain

@pytest.mark.parametrize("sentence", [
    "She now transfers her care to an orthopedist closer to home.",
    "Now transferring his case to pain management.",
    "She now gets up five times a night to use the bathroom.",
    "After the re-injury she now walks with a cane.",
    "Now transfers bed to chair only with moderate assistance.",
    "Numbness now opens up into the left hand.",
])
def test_now_without_a_gain(sentence: str) -> None:
    assert True not in _gains(sentence)


@pytest.mark.parametrize("sentence", [
    "He now transfers to the tub bench on his own.",
    "Now gets up from the recliner without using his arms.",
])
def test_now_with_a_gain(sentence: str) -> None:
    assert True in _gains(sentence)


# -- findings 3 and 14: amounts in different units are set against each other by their worth

def test_a_shorter_distance_in_a_larger_unit_is_no_gain() -> None:
    assert True not in _gains("Walking tolerance 4 blocks (was 2 miles) since the setback.")


def test_a_longer_distance_in_a_larger_unit_is_a_gain() -> None:
    assert True in _gains("Walking tolerance 2 miles (was 4 blocks).")


@pytest.mark.parametrize(("now", "now_unit", "was", "was_unit", "order"), [
    (3, " hours", 90, " min", 1),
    (45, " sec", 2, " min", -1),
    (15, " blocks", 1, " mile", None),  # 12 to 20 blocks a mile: either way
    (30, " blocks", 1, " mile", 1),
    (3, " flights", 2, " h", None),  # no common measure
    (1, " a week", 3.5, "/wk", -1),  # rates of one period
    (2, " tabs/day", 10, " x/wk", 1),  # 14 a week against 10
    (1, " tablet", 3, " a day", -1),  # the rate said once
    (2, " flights", 1, " flight", 1),
    (4, "", 2, " hours", 1),  # the unit said once
])
def test_compare_amounts(now: float, now_unit: str, was: float, was_unit: str,
                         order: int | None) -> None:
    assert compare_amounts(now, now_unit, was, was_unit) == order


# -- finding 9: seconds are better fewer only in a timed test

def test_a_longer_hold_is_a_gain() -> None:
    assert True in _gains("Plank hold 45 seconds (was 15 seconds).")


def test_a_faster_timed_test_is_a_gain_and_a_slower_one_is_not() -> None:
    assert True in _gains("5x sit-to-stand 14 sec (was 22 sec).")
    assert True not in _gains("5x sit-to-stand 22 sec (was 14 sec).")


# -- finding 10: a ledger of visits to come counts no visit had

def test_a_ledger_of_booked_visits_is_no_attended_count() -> None:
    found = _facts("therapy_sessions",
                   "Chiropractic visits booked: 4/6/20 #1, 4/8/20 #2, 4/13/20 #3.")
    assert not [v for v in found if v.get("status") == "attended"]


def test_a_ledger_of_visits_had_is_still_counted() -> None:
    found = _facts("therapy_sessions",
                   "Chiropractic log: 11/04/19 #1, 11/06/19 #2, 11/11/19 #3, 11/13/19 #4.")
    assert {"count": 4, "status": "attended"}.items() <= found[0].items()


# -- finding 11: how soon a help came, or how much longer an activity went, is no brevity

@pytest.mark.parametrize("sentence", [
    "Massage helped her get back to gardening within a short time.",
    "Acupuncture helped her get to sleep in a short while each night.",
])
def test_a_lasting_help(sentence: str) -> None:
    assert [v["outcome"] for v in _facts("treatment_trial", sentence)] == ["helped"]


@pytest.mark.parametrize("sentence", [
    "Massage helped, lasting only a short while.",
    "The TENS unit helped for a little while.",
])
def test_a_short_lived_help(sentence: str) -> None:
    assert [v["outcome"] for v in _facts("treatment_trial", sentence)] == ["partial"]


# -- finding 12: a dictated score out of 10 in digits

def test_a_dictated_score_in_digits() -> None:
    assert [v["value"] for v in _facts("pain_score", "Rates his back pain 6 over 10 today.")] \
        == [6]


@pytest.mark.parametrize("sentence", ["BP 142 over 90, pulse 72.", "He lost 2 over 10 days.",
                                      "Squats 8 over 10 reps with good form."])
def test_over_ten_that_is_no_score(sentence: str) -> None:
    assert _facts("pain_score", sentence) == []


# -- finding 7: a return to the usual job long before the note is no status of today

@pytest.mark.parametrize("sentence", [
    "She went back to her regular job in 2016 after a previous wrist sprain, and is now off "
    "work.",
    "He resumed his usual duties back in 2014; TTD since the current injury.",
])
def test_an_old_return_is_no_full_duty(sentence: str) -> None:
    assert "full_duty" not in [v["status"] for v in _facts("work_status", sentence)]


def test_a_recent_return_is_full_duty() -> None:
    assert "full_duty" in [v["status"] for v in _facts(
        "work_status", "He returned to his usual job in 2019 after this injury.")]


# -- finding 17: one list of the viscosupplements

@pytest.mark.parametrize("sentence", ["Hymovis injection to the left knee in 2019.",
                                      "Gelsyn-3 series, right knee, completed last spring."])
def test_every_viscosupplement_is_a_joint_injection(sentence: str) -> None:
    assert "joint" in [v.get("type") for v in _facts("injection_history", sentence)]


def test_a_brand_and_its_generic_name_are_one_injection() -> None:
    found = _facts("injection_history",
                   "Had two Monovisc (hylan) injections to the right knee in 2020.")
    assert [v.get("type") for v in found] == ["joint"]
