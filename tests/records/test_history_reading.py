"""Treatment outcomes, work status and the links of outcomes, in wordings written for these
tests (issue 11 §4: failure is rarely written "failed"; grading by relief and duration;
work status orders and states)."""

from __future__ import annotations

import pytest

from openimr.model import Fact

from .conftest import facts_of


def _outcomes(text: str) -> set[tuple[str, str]]:
    return {(f.value["treatment"], f.value["outcome"])
            for f in facts_of(text, "treatment_trial") if not f.hypothetical}


@pytest.mark.parametrize(("text", "expected"), [
    # little or no change, in the worker's words
    ("She says the naproxen didn't change anything.", {("nsaid", "failed")}),
    # a list the symptoms outlasted: each treatment named after "despite"
    ("Persistent neck pain despite 10 PT visits and acupuncture.",
     {("physical_therapy", "failed"), ("acupuncture", "failed")}),
    # a serial list shares the outcome stated after it
    ("He was treated with ibuprofen, a wrist splint and 8 physical therapy visits, without "
     "lasting benefit.",
     {("nsaid", "failed"), ("bracing", "failed"), ("physical_therapy", "failed")}),
    # a benefit under half is partial; one that lasts months is helped
    ("The gabapentin helped about 30 percent.", {("anticonvulsant", "partial")}),
    ("The cortisone injection helped for about four months.", {("injection", "helped")}),
    # a benefit its own clause limits
    ("Meloxicam helped her morning stiffness but not the pain.", {("nsaid", "partial")}),
])
def test_outcome_as_its_clause_states_it(text: str, expected: set[tuple[str, str]]) -> None:
    assert _outcomes(text) == expected


def test_an_injection_response_given_in_numbers_is_not_a_judged_outcome() -> None:
    text = "The L5-S1 ESI on 03/02/2024 gave 80% relief for 3 weeks."
    assert _outcomes(text) == set()
    responses = [f for f in facts_of(text, "injection_history")
                 if f.value.get("relief_percent") == 80]
    assert responses and responses[0].value["duration_weeks"] == 3


def _status(text: str) -> list[tuple[str, bool]]:
    return [(f.value["status"], f.hypothetical) for f in facts_of(text, "work_status")]


@pytest.mark.parametrize(("text", "expected"), [
    # an order to stay off work is temporary total disability, a state is not working
    ("Remain off work until the next visit.", [("temporarily_totally_disabled", False)]),
    ("She has been off work since March.", [("not_working", False)]),
    ("TTD.", [("temporarily_totally_disabled", False)]),
    # restrictions listed, or worked under, are modified duty (one fact with its list)
    ("Permanent restrictions: no kneeling, no lifting over 30 lbs.",
     [("modified_duty", False)]),
    ("He is working full time as a clerk with these restrictions.",
     [("modified_duty", False)]),
    # a dated order is the status, a conditional one a plan, a permission the status
    ("Return to full duty 09/23/2024.", [("full_duty", False)]),
    ("Advance to full duty 10/01/2024 if stable.", [("full_duty", True)]),
    ("She may continue regular duty.", [("full_duty", False)]),
])
def test_work_status_order_state_and_plan(text: str, expected: list[tuple[str, bool]]) -> None:
    assert _status(text) == expected


def test_an_outcome_links_to_the_drug_named_in_its_own_words() -> None:
    # the nearest mention is the one inside the outcome's words, not the earlier list entry
    text = ("Medications: ibuprofen 600 mg three times a day. Stopped ibuprofen two weeks ago "
            "because of heartburn.")
    facts = facts_of(text)
    trial = next(f for f in facts if f.kind.value == "treatment_trial")
    assert (trial.value["treatment"], trial.value["outcome"]) == ("nsaid", "not_tolerated")
    target: Fact = next(f for f in facts if f.key == trial.about)
    assert target.value["generic"] == "ibuprofen"
    assert target.evidence.start >= text.index("Stopped")


@pytest.mark.parametrize(("text", "quote"), [
    ("A: POD #10 s/p left RCR, healing well.", "RCR"),
    ("S: 3 wk s/p R OCTR. Numbness at night is gone.", "OCTR"),
    ("Dx: s/p R BKA after a crush injury at the plant.", "BKA"),
    ("He had a laparoscopic inguinal hernia repair in May.", "hernia repair"),
])
def test_a_procedure_named_by_its_abbreviation_or_plain_name(text: str, quote: str) -> None:
    surgeries = facts_of(text, "surgery")
    assert any(quote in f.evidence.quote for f in surgeries), [f.evidence.quote for f in surgeries]


@pytest.mark.parametrize(("text", "status"), [
    # reviewed at the visit and done at home: the doing is the status
    ("Home exercise program reviewed; she does it every evening.", "independent"),
    ("Reviewed the HEP today.", "instructed"),
    # done only now and then is no performance that outweighs the teaching
    ("HEP instructed (wall slides); he admits doing it maybe twice a month.", "instructed"),
])
def test_home_exercise_done_outweighs_reviewed(text: str, status: str) -> None:
    assert [f.value["status"] for f in facts_of(text, "home_exercise_program")] == [status]


def _counts(text: str) -> set[tuple[int, str]]:
    return {(f.value["count"], f.value["status"]) for f in facts_of(text, "therapy_sessions")}


@pytest.mark.parametrize(("text", "expected"), [
    # a flowsheet's visit counter, OCR digits, a course counted against its authorization
    ("PT | 03/14/24 | visit 6/10 | tolerated core progression", {(6, "attended"),
                                                                  (10, "authorized")}),
    ("She has cornpleted l2 PT visits.", {(12, "completed")}),
    # the corpus scheme: "completed 12/12" is completed 12 and authorized 12
    ("Chiropractic: 12/12 visits completed.", {(12, "completed"), (12, "authorized")}),
    # a date's year and a pain scale's 10 are not counts
    ("Chiropractic 02/11/24 visit; pain 5/10 at tx #1.", set()),
    ("Seen at initial PT visit 5/10 for the knee.", set()),
])
def test_session_counts_in_flowsheets_and_ocr(text: str, expected: set[tuple[int, str]]) -> None:
    assert _counts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a "Plan:" heading is no plan word: the order under it is the status (read-psych)
    ("PLAN: Return to full duty 03/06/2024. Discharged.", [("full_duty", False)]),
    ("Plan: Full duty 11/08/2023 with goggles and face shield.", [("full_duty", False)]),
    ("Plan: Complete remaining PT. Return to modified duty 11/16/2020: lifting up to 25 lbs.",
     [("modified_duty", False)]),
    # a plan word is still one
    ("Plan: anticipate full duty at 12 weeks.", [("full_duty", True)]),
])
def test_a_plan_heading_is_no_plan(text: str, expected: list[tuple[str, bool]]) -> None:
    assert _status(text) == expected
