"""The same facts in another clinic's words (session "decide-variants2"): a course counted
against its modality spelled out, a side that is no status, a form's bracketed result, a SOAP
note's "A:" and a diagnosis by its DSM criteria, a urine sample named with its analytes."""

from __future__ import annotations

import pytest

from .conftest import facts_of


@pytest.mark.parametrize("text, count", [
    ("She did 12 occupational therapy (June to August) and still drops objects.", 12),
    ("Completed six physical therapy in the spring, no lasting change.", 6),
])
def test_a_count_written_against_the_modality_spelled_out_is_a_course(text: str,
                                                                     count: int) -> None:
    courses = [(f.value["count"], f.value["status"]) for f in facts_of(text, "therapy_sessions")]
    assert (count, "completed") in courses


def test_one_spelled_out_therapy_is_no_course() -> None:
    assert not [f for f in facts_of("Referred for one physical therapy evaluation.",
                                    "therapy_sessions") if f.value["status"] == "completed"]


def test_the_side_before_a_count_is_no_authorization() -> None:
    text = "Riverside Physical Therapy - discharge\nLeft knee; 10 sessions from May to June 2021."
    assert [f.value["status"] for f in facts_of(text, "therapy_sessions")] == ["completed"]
    # what is left of a course is still its remaining visits
    left = facts_of("Chiropractic: 4 left of the 12 approved sessions.", "therapy_sessions")
    assert "completed" not in [f.value["status"] for f in left]


def test_a_forms_answer_in_a_box_is_the_tests_result() -> None:
    found = {f.value["detail"].split()[0]: f.value["positive"]
             for f in facts_of("Provocative tests:  Phalen [+]   Tinel [-]", "exam_finding")}
    assert found == {"Phalen": True, "Tinel": False}
    slr = facts_of("Lumbar:  SLR  [negative at 80 deg]  Reflexes [1+ left ankle]",
                   "exam_finding")
    assert [(f.value["finding"], f.value["positive"]) for f in slr] == [
        ("straight_leg_raise", False), ("reflex", True)]
    # a tick box is no answer of its own
    assert not facts_of("[x] Exam done  [ ] Referral", "exam_finding")


def test_a_soap_assessment_inside_a_run_on_line_states_a_diagnosis() -> None:
    text = ("Numb left foot since the crush injury; allodynia dorsum; A: peripheral neuropathic "
            "pain of the left foot; P: trial of duloxetine.")
    assert [f.value["group"] for f in facts_of(text, "diagnosis")] == ["neuropathic"]


@pytest.mark.parametrize("text", [
    "Structured interview: DSM-5 criteria are met for opioid use disorder, severe.",
    "She fulfils the DSM-5 criteria for opioid use disorder (moderate).",
])
def test_a_diagnosis_told_by_its_criteria_met(text: str) -> None:
    assert any("opioid use disorder" in f.value["text"] for f in facts_of(text, "diagnosis"))


def test_a_urine_sample_named_with_its_analytes_is_a_drug_test() -> None:
    text = "Urine specimen: methadone present, fentanyl negative."
    found = facts_of(text, "urine_drug_test")
    assert found and found[0].value["result"] == "performed"
    assert "methadone" in found[0].value["substances"]
    # an analyte reported absent is judged against what is prescribed at the test (a drug
    # stopped before it is rightly absent), not taken as an inconsistent verdict
    assert found[0].value["not_detected"] == ["fentanyl"]
    # a urinalysis is no drug test
    assert not facts_of("Urine: clear, no blood, protein negative.", "urine_drug_test")


@pytest.mark.parametrize("text", [
    "Knee: Lachman, pivot shift and McMurray tests all negative.",
    "McMurray and Thessaly both negative today.",
])
def test_a_result_said_once_for_a_list_of_tests_is_each_tests(text: str) -> None:
    found = [f for f in facts_of(text, "exam_finding") if f.value["finding"] == "mcmurray"]
    assert found and not any(f.value["positive"] for f in found)
    assert all(f.value["side"] is None for f in found)  # "both" is no side


def test_never_having_seen_the_provider_is_no_visits_had() -> None:
    facts = facts_of("She has never been to a chiropractor for this or any injury.",
                     "therapy_sessions")
    assert [(f.value["modality"], f.value["count"]) for f in facts] == [("chiropractic", 0)]


def test_a_modality_the_note_only_refers_to_is_not_its_bare_therapys() -> None:
    text = ("Ten therapy visits in the spring, somewhat better.\n"
            "Plan: acupuncture evaluation referral.")
    facts = facts_of(text, "therapy_sessions")
    assert [(f.value["modality"], f.value["count"]) for f in facts] == [("physical_therapy", 10)]


def test_directions_after_a_comma_that_closes_the_strength() -> None:
    found = facts_of("Post-op: Norco 7.5/325, 1 tab every 4 hours as needed, #24.", "medication")
    assert found and found[0].value.get("doses_per_day") == 6.0
    assert found[0].value.get("strength") == "7.5/325"


def test_never_having_seen_a_counselor_is_no_psychotherapy_had() -> None:
    facts = facts_of("She has never seen a counselor for her mood.", "therapy_sessions")
    assert {(f.value["modality"], f.value["count"]) for f in facts} == {("psychotherapy", 0)}


def test_returned_to_a_task_of_the_job_is_function_regained() -> None:
    facts = facts_of("He returned to driving the forklift on 3/2 with a 25 lb limit.",
                     "functional_improvement")
    assert facts and facts[0].value["present"]


def test_a_cord_compression_told_with_a_verb() -> None:
    found = facts_of("MRI C-spine: broad protrusion at C6-7 compressing the spinal cord.",
                     "imaging_finding")
    assert any(f.value["category"] == "stenosis" and not f.negated for f in found)
    spared = facts_of("MRI C-spine: small protrusion at C6-7, not compressing the cord.",
                      "imaging_finding")
    assert not any(f.value["category"] == "stenosis" and not f.negated for f in spared)
