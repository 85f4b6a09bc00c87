"""Reading rules of session "decide-dev31", each on wording unlike the cases that prompted
it: a spouse's own condition, a course's running total, a measure where it was."""

from __future__ import annotations

import pytest

from openimr.records.trained import values_for

from .conftest import facts_of


@pytest.mark.parametrize(
    ("text", "theirs"),
    [
        # the spouse the subject of the condition: theirs
        ("His wife had a perforated duodenal ulcer in 2019; he asks about it.", True),
        ("Her spouse has a history of peptic ulcer disease.", True),
        # the spouse a driver or a witness: the worker's own history stays the worker's
        ("History of peptic ulcer disease in 2010; her husband has been driving her.", False),
        ("Peptic ulcer in 2010. His wife has noticed black stools twice this month.", False),
    ],
)
def test_a_spouses_own_condition_is_not_the_workers(text: str, theirs: bool) -> None:
    facts = facts_of(text, "gi_risk_factor")
    assert facts and all(f.family is theirs for f in facts)


def test_a_running_total_of_visits_is_a_course_had() -> None:
    text = "OT discharge -- session 6 of 6 this authorization; total so far 30. D/C to HEP."
    counts = {(f.value["count"], f.value["status"]) for f in facts_of(text, "therapy_sessions")}
    assert (30, "completed") in counts


@pytest.mark.parametrize(
    ("said", "present"),
    [
        ("Grip 30 lb (30 lb at eval); wrist flexion 60.", False),
        ("Standing tolerance 15 min -> 15 min.", False),
        ("Grip 42 lb (30 lb at eval).", True),
        ("Standing tolerance 15 min -> 15 min, now back to full shifts.", True),
    ],
)
def test_a_measure_equal_to_its_earlier_value_is_no_gain(said: str, present: bool) -> None:
    [value] = values_for("functional_improvement", "True", said, sure=True)
    assert value["present"] is present
