"""Functional improvement, ADL limits and homebound status read as the worker's own state:
disability scores with their earlier value in the forms notes write them, coordinated
limits one per activity, other people's doings not the worker's gains, and the assertion
flags of what the trained readers read (issue 11 §2)."""

from __future__ import annotations

import pytest

from openimr.model import Document, Fact, Page
from openimr.records.assertion import context_flags
from openimr.records.extract import document_facts
from openimr.records.pipeline import process


def _facts(text: str, kind: str) -> list[Fact]:
    document = Document(id="note", pages=[Page(number=1, text=text)])
    return [fact for fact in document_facts(document) if fact.kind.value == kind]


@pytest.mark.parametrize(("text", "present"), [
    ("Neck Disability Index 38% (was 52% at intake).", True),
    ("KOOS Sport subscale 55 (pre-op 30).", True),
    ("Oswestry 36% at intake, 20% today.", True),
    ("ODI 18% now (31% pre-op).", True),
    ("Roland-Morris 9/24 (initial 17/24).", True),
    ("LEFS 61/80 (IE 02/11/24: 38/80).", True),
    ("QuickDASH 50 (was 52 at start).", False),  # under a tenth: no change
])
def test_a_disability_score_beside_its_earlier_value_is_improvement_or_its_absence(
        text: str, present: bool) -> None:
    [fact] = _facts(text, "functional_improvement")
    assert fact.value["present"] is present
    assert fact.value["domain"] == "objective_measure"


@pytest.mark.parametrize(("text", "present"), [
    ("Summary: knee flexion 85->118 deg since the first visit.", True),
    ("Re-eval: AROM abd 70 -> 150, ER 10 -> 45; strength 4/5.", True),
    ("Shoulder FF 150->152 today.", False),  # two degrees: within the goniometer's error
])
def test_a_joint_motion_measured_twice_with_an_arrow_is_improvement_or_its_absence(
        text: str, present: bool) -> None:
    facts = _facts(text, "functional_improvement")
    assert facts and all(f.value["present"] is present for f in facts)
    assert {f.value["domain"] for f in facts} == {"objective_measure"}


def test_a_motion_range_without_an_arrow_is_no_trend() -> None:
    assert _facts("Knee flexion 90 to 100 degrees, painful at end range.",
                  "functional_improvement") == []


def test_a_tibial_plateau_is_a_bone_not_a_plateau_in_progress() -> None:
    assert _facts("Past history of a left tibial plateau fracture in 2015.",
                  "functional_improvement") == []
    [stalled] = _facts("Progress in therapy has plateaued over three weeks.",
                       "functional_improvement")
    assert stalled.value["present"] is False


@pytest.mark.parametrize("text", [
    "Her daughter now does the laundry and vacuums for her.",
    "His brother now drives him to appointments.",
])
def test_what_another_person_now_does_is_no_gain_of_the_worker(text: str) -> None:
    assert [f for f in _facts(text, "functional_improvement") if f.value["present"]] == []


def test_the_worker_s_own_new_ability_is_still_a_gain() -> None:
    [gain] = _facts("Since the injection she could walk around the block for the first "
                    "time in a year.", "functional_improvement")
    assert gain.value["present"] is True and not gain.hypothetical


def test_two_limits_joined_by_or_are_two_facts_each_with_its_activity() -> None:
    text = "He cannot reach the top cupboard or carry the trash bin to the curb."
    limits = _facts(text, "adl_limitation")
    assert [f.value["activity"] for f in limits] == ["reaching", "carrying"]
    assert limits[0].evidence.end <= limits[1].evidence.start


@pytest.mark.parametrize("text", [
    "She needs help with socks and shoes.",  # one activity, however many garments
    "Pain is worse with sitting and driving.",  # what aggravates the pain, not two limits
])
def test_a_list_that_names_one_limit_stays_one_fact(text: str) -> None:
    assert len(_facts(text, "adl_limitation")) == 1


def test_a_relative_s_own_limitation_is_not_the_worker_s() -> None:
    assert _facts("Her mother has difficulty walking.", "adl_limitation") == []


def test_a_status_said_before_a_colon_is_read_and_is_no_plan() -> None:
    [status] = _facts("HOMEBOUND: Still considered homebound: trips out require a walker "
                      "and another person's help.", "homebound")
    assert status.value["present"] is True and not status.hypothetical


@pytest.mark.parametrize(("text", "span", "flag"), [
    ("Goals: sit through a two-hour meeting without standing.", "sit through", "hypothetical"),
    ("If he goes back to his usual route, he would need a helper.", "If he goes back",
     "hypothetical"),
    ("Family history: father could not walk after his stroke.", "father could not",
     "family"),
])
def test_a_span_no_rule_marked_takes_context_s_flags(text: str, span: str, flag: str) -> None:
    start = text.index(span)
    flags = context_flags(process(text), start, start + len(span) + 10, None)
    assert flags[flag] is True


def test_a_modal_inside_a_span_does_not_make_it_hypothetical() -> None:
    text = "Since the block, she could drive to her daughter's house for the first time."
    start = text.index("she could")
    assert context_flags(process(text), start, len(text) - 1, None)["hypothetical"] is False


def test_every_fact_read_in_a_goals_section_is_hypothetical() -> None:
    text = ("SHORT TERM GOALS:\n1. Increase walking tolerance to 30 minutes.\n"
            "2. Sit through a 2-hour meeting.\n")
    document = Document(id="note", pages=[Page(number=1, text=text)])
    read = [f for f in document_facts(document)
            if f.kind.value in ("functional_improvement", "adl_limitation")]
    assert read and all(f.hypothetical for f in read)


@pytest.mark.parametrize("text", [
    "QUALIFIED MEDICAL EVALUATOR'S PERMANENT AND STATIONARY REPORT (PR-4)\nValley Ortho\n",
    "PERMANENT AND STATIONARY STATUS: see the discussion below.",
])
def test_a_status_in_capitals_that_names_a_report_or_a_section_is_no_status(text: str) -> None:
    assert _facts(text, "work_status") == []


def test_the_status_under_its_heading_is_read() -> None:
    [status] = _facts("MMI: Permanent and stationary as of 03/02/2024.", "work_status")
    assert status.value["status"] == "permanent_and_stationary"
    assert status.evidence.quote.startswith("Permanent")
    [reached] = _facts("She has reached maximal medical improvement.", "work_status")
    assert reached.value["status"] == "permanent_and_stationary"


class _SureOfSome:
    """An assertion classifier that is sure a fact is hypothetical and unsure whether it
    is negated."""

    def read(self, texts: list[str]) -> list[dict[str, float]]:
        return [{"negated": 0.6, "hypothetical": 0.97, "historical": 0.02, "family": 0.5}
                for _ in texts]


def test_every_fact_goes_through_the_classifier_which_overrules_context_where_sure(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from openimr.records import assertion

    text = "She denies any limit in walking now; she has no difficulty driving."
    facts = _facts(text, "adl_limitation") + _facts(text, "functional_improvement")
    assert facts
    said = [(f.negated, f.historical) for f in facts]
    monkeypatch.setattr(assertion, "reader", lambda: _SureOfSome())
    assertion.set_modes(dict.fromkeys(assertion.FLAGS, "confident"))
    try:
        assertion.assert_flags(facts, text)
    finally:
        assertion.set_modes(None)
    assert all(f.hypothetical for f in facts)  # sure: ConText overruled
    assert [(f.negated, f.historical) for f in facts] == [(n, False) for n, _h in said]


@pytest.mark.parametrize(("text", "domain"), [
    ("ASSESSMENT: Substantial improvement with the program.", "general"),
    ("Right hand: pinch and grip improving.", "objective_measure"),
    ("He went back to full-time hours at the depot on 3/4.", "work_restrictions"),
    ("Shifts increased from 5 to 8 hours a day at work.", "work_restrictions"),
    ("Cyclobenzaprine discontinued as no longer needed.", "reduced_treatment"),
])
def test_gains_said_without_the_word_function(text: str, domain: str) -> None:
    found = [f for f in _facts(text, "functional_improvement") if f.value["present"]]
    assert [f.value["domain"] for f in found] == [domain]


def test_improvement_in_pain_alone_is_relief_not_a_functional_gain() -> None:
    assert _facts("Marked improvement in pain after the second block.",
                  "functional_improvement") == []


@pytest.mark.parametrize(("text", "count"), [
    ("He drops his keys and coins several times a day.", 1),
    ("She takes the stairs one step at a time at home.", 1),
    ("Daughter is helping her bathe and dress this month.", 1),
    ("Remains non-weight bearing on the left leg and uses a walker.", 2),
    ("He walks about 20 minutes with a cane before he has to sit.", 1),
])
def test_limits_said_by_what_the_worker_does_instead(text: str, count: int) -> None:
    assert len(_facts(text, "adl_limitation")) == count


def test_walking_without_an_aid_is_no_limit() -> None:
    assert _facts("Walking without a cane since the last visit.", "adl_limitation") == []


@pytest.mark.parametrize("text", [
    "Hip pain at night; walks less than two blocks before stopping.",
    "Ambulation limited to half a block outdoors.",
    "R hip DJD. Rest pain, <2 blocks.",
])
def test_a_capped_walking_distance_is_a_walking_limit(text: str) -> None:
    facts = _facts(text, "adl_limitation")
    assert [f.value.get("activity") for f in facts] == ["walking"]


@pytest.mark.parametrize("text", [
    "Walks 6 blocks to the bus stop without a break now.",
    "Relief after the L4 medial branch block lasted 3 hours.",
])
def test_a_distance_walked_freely_or_a_nerve_block_is_no_walking_limit(text: str) -> None:
    assert _facts(text, "adl_limitation") == []


@pytest.mark.parametrize("text", [
    "Tried a course of massage twice weekly for a month with no change.",
    "Meloxicam for six weeks, without improvement, so it was stopped.",
])
def test_a_bare_no_change_said_of_a_treatment_is_its_outcome_not_function(text: str) -> None:
    from openimr.records import trained

    with trained.rules_only():
        assert _facts(text, "functional_improvement") == []


@pytest.mark.parametrize("text", [
    "Eight sessions of massage with no functional gains.",
    "After the splint trial there was no change in his ability to grip tools.",
    "Shoulder abduction 95 deg after 6 therapy visits, no change since the initial exam.",
])
def test_no_change_in_function_after_a_treatment_is_still_its_absence(text: str) -> None:
    from openimr.records import trained

    with trained.rules_only():
        facts = _facts(text, "functional_improvement")
    assert facts and all(f.value["present"] is False for f in facts)


@pytest.mark.parametrize("text", [
    "She can lift 40 lb crates at work w/o pain.",
    "He can carry two full grocery bags up a flight of stairs w/o sx.",
])
def test_an_amount_done_without_its_symptoms_is_a_capacity_regained(text: str) -> None:
    from openimr.records import trained

    with trained.rules_only():
        facts = _facts(text, "functional_improvement")
    assert facts and all(f.value["present"] is True for f in facts)
