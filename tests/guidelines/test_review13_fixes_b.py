"""Review 13's findings fixed by session "fix-review-b": each misfire in other words than the
review's repro, and a near miss where the rule must still fire (or still stay silent)."""

from __future__ import annotations

import re

import pytest

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_review11_shared_lists import _criterion
from tests.guidelines.test_review12_fixes_b import _evaluate

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown
_FUSION = "Spine surgeon: recommends an L4-5 fusion; the worker is thinking it over."


def _program(sentence: str) -> CriterionStatus:
    criterion = _criterion("frp.not_surgical_candidate")
    return _evaluate("Functional restoration program 10 days", criterion.predicate,
                     criterion.args, _FUSION, sentence)


def _declined(item: str, sentence: str) -> CriterionStatus:
    return _evaluate(item, "surgery_declined", {}, sentence)


# -- finding 4: a relative the worker spoke with is no subject of the worker's refusal


@pytest.mark.parametrize("sentence", [
    "Having talked it through with her husband, refuses the operation.",
    "Went over the risks with his daughter and declines the fusion.",
    "Reviewed options with family and does not want surgery.",
    "The risks with wife reviewed, and declines surgery for now.",
])
def test_a_refusal_after_talking_with_a_relative_is_the_worker_s(sentence: str) -> None:
    assert _program(sentence) is met
    assert _declined("MRI lumbar spine", sentence) is met


@pytest.mark.parametrize("sentence", [
    "Her husband refused surgery on his own back last year.",
    "In 2019 his mother declined a spinal fusion.",
    "The patient's son, a nurse, declined surgery for his knee.",
])
def test_a_relative_heading_the_refusal_is_still_not_the_worker(sentence: str) -> None:
    assert _declined("MRI lumbar spine", sentence) is not_met


# -- finding 5: a replacement that is no operation


@pytest.mark.parametrize("sentence", [
    "She refused testosterone replacement.",
    "Declines estrogen replacement at this time.",
    "He is not a candidate for hormone replacement.",
])
def test_a_replacement_therapy_is_no_operation(sentence: str) -> None:
    assert _declined("MRI lumbar spine", sentence) is not_met
    assert _program(sentence) is not_met


@pytest.mark.parametrize("sentence", [
    "She declines a total knee replacement for now.",
    "He refuses joint replacement surgery.",
])
def test_a_joint_replacement_refused_is_still_a_refused_operation(sentence: str) -> None:
    assert _declined("MRI left knee", sentence) is met


# -- findings 6 and 15: a goal or past BMI is the word bound to the figure


def _bmi(sentence: str) -> tuple[CriterionStatus, CriterionStatus]:
    item = "Left total knee arthroplasty"
    return (_evaluate(item, "bmi_stated", {"description": "a BMI"}, sentence),
            _evaluate(item, "bmi_below", {"limit": 40, "description": "BMI<40"}, sentence))


@pytest.mark.parametrize("sentence", [
    "Tried to reduce portions but still has a BMI of 46.",
    "Needs knee surgery with a current BMI of 43.1.",
    "Gained weight from inactivity and his BMI is 41.",
])
def test_a_verb_of_the_clause_does_not_make_the_bmi_a_goal(sentence: str) -> None:
    assert _bmi(sentence) == (met, not_met)


@pytest.mark.parametrize("sentence", [
    "Counseled to get down to a BMI of 35.",
    "Weight-loss target: BMI 34.",
    "Her BMI today 37, down from BMI 45 last spring.",
    "Told he needs a BMI of 39 before we proceed.",
])
def test_a_goal_or_past_bmi_is_still_not_the_bmi_now(sentence: str) -> None:
    stated, below = _bmi(sentence)
    assert below is not not_met


# -- finding 8: a call the worker made, what the worker avoids, a relative met in passing


def _change(item: str, sentence: str) -> CriterionStatus:
    check = _criterion("xim.repeat_significant_change").args["checks"][0]
    return _evaluate(item, check["predicate"], check["args"], sentence)


@pytest.mark.parametrize(("item", "sentence"), [
    ("MRI right ankle", "She called in yesterday describing increasing ankle pain."),
    ("MRI right ankle", "He avoids ramps since the ankle now gives way."),
    ("MRI right ankle", "She is avoiding long walks due to increasing ankle swelling."),
    ("MRI right knee", "After lifting her grandson, the knee now locks."),
    ("MRI right knee", "While at his brother's house, increasing knee swelling developed."),
])
def test_a_worker_s_change_with_a_call_an_avoidance_or_a_relative_is_met(
        item: str, sentence: str) -> None:
    assert _change(item, sentence) is met


@pytest.mark.parametrize(("item", "sentence"), [
    ("MRI right ankle", "Call back with any increasing ankle pain."),
    ("MRI right ankle", "Avoid uneven ground if the ankle now gives way."),
    ("MRI right knee", "His wife reports that her own knee now locks."),
    ("MRI right knee", "Her grandson fell again at school."),
    # a report of it, a possessive and an aside do not make it the worker's (review 14, 2)
    ("MRI right knee", "Patient says that his son fell again on the playground."),
    ("MRI right knee", "The claimant's wife, aged 60, fell again at home."),
    ("MRI right knee", "Her brother, who works with her, fell again last month."),
])
def test_a_condition_advice_or_a_relative_s_change_is_still_no_change(
        item: str, sentence: str) -> None:
    assert _change(item, sentence) is not met


# -- finding 13: one list of the people who are not the worker


@pytest.mark.parametrize("sentence", [
    "His home health aide declined back surgery for herself.",
    "Her roommate refuses surgery.",
    "His co-worker declined a fusion.",
])
def test_every_person_of_the_one_list_is_not_the_worker(sentence: str) -> None:
    assert _declined("MRI lumbar spine", sentence) is not_met


def test_the_reader_and_the_rules_read_one_list_of_people() -> None:
    from openimr.guidelines.predicates.statements import statement_sets
    from openimr.records.people import PEOPLE, PERSON_WORD
    from openimr.records.trained import function_class

    assert statement_sets()["people"] == PEOPLE
    for word in ("caregiver", "aide", "coworker", "roommate", "mom", "grandson", "in-laws"):
        assert re.search(PERSON_WORD, f"her {word} helps", re.IGNORECASE), word
        assert function_class("other").search(f"her {word} helps"), word
    assert not re.search(PERSON_WORD, "the patient helps himself", re.IGNORECASE)


# -- finding 16: one reader of the clause before a match


def test_the_clause_before_a_match_stops_where_a_clause_does() -> None:
    from openimr.guidelines.predicates.statements import _clause_before

    text = "BMI 44.2 noted. Goal: BMI 35"
    assert _clause_before(text, text.rindex("BMI")) == " Goal: "
    text = "Reviewed with his wife, declines surgery"
    assert _clause_before(text, text.index("declines"), commas=True) == " "
    assert _clause_before(text, text.index("declines")) == text[:text.index("declines")]
