"""Red flags and drug tests in wordings the first rounds missed: Spanish denials, return
precautions told as "call back for", and drug-test verdicts that name a drug found but not
prescribed, or agree only with the worker's own account (invented sentences, none from a
corpus set)."""

from __future__ import annotations

import pytest

from .conftest import facts_of


@pytest.mark.parametrize(("text", "flag"), [
    ("Revisión de sistemas: niega fiebre.", "infection"),
    ("La paciente niega escalofríos.", "infection"),
    ("Niegan pérdida de peso en los últimos meses.", "tumor"),
    ("Niega pérdida del control de la vejiga o intestinos.", "cauda_equina"),
    ("Sin incontinencia urinaria.", "cauda_equina"),
])
def test_spanish_denials_of_red_flags(text: str, flag: str) -> None:
    facts = facts_of(text, "red_flag")
    assert [f.value["flag"] for f in facts] == [flag], text
    assert all(f.negated for f in facts), text


def test_a_spanish_red_flag_reported_is_present() -> None:
    facts = facts_of("Refiere fiebre desde el lunes e incontinencia fecal.", "red_flag")
    assert {f.value["flag"] for f in facts} == {"infection", "cauda_equina"}
    assert not any(f.negated for f in facts)


@pytest.mark.parametrize("text", [
    "Phone advice: ice and rest; call back for fevers or new weakness.",
    "Told to go to ED for any loss of bladder control.",
    "She will go to ER now for saddle numbness per triage.",
])
def test_return_precautions_told_otherwise_are_hypothetical(text: str) -> None:
    facts = facts_of(text, "red_flag")
    assert facts and all(f.hypothetical and not f.negated for f in facts), text


def test_a_call_about_a_red_flag_is_not_a_precaution() -> None:
    facts = facts_of("Wife called back: he has a fever of 101.8 since noon.", "red_flag")
    assert facts and not any(f.hypothetical for f in facts)


@pytest.mark.parametrize("text", [
    "Toxicology interpretation: oxazepam detected - not prescribed.",
    "LC-MS/MS reviewed. Methadone positive, not on his medication list.",
    "UDS 2/2: lorazepam present, consistent with her account of using her sister's pills.",
])
def test_a_drug_found_but_not_prescribed_is_inconsistent(text: str) -> None:
    facts = facts_of(text, "urine_drug_test")
    assert facts and {f.value["result"] for f in facts} == {"inconsistent"}, text


@pytest.mark.parametrize("text", [
    "UDS today: tapentadol positive, consistent with reported use.",
    "Urine screen 5/12 consistent with his report of taking the Norco as directed.",
])
def test_agreeing_with_the_reported_medications_stays_consistent(text: str) -> None:
    facts = facts_of(text, "urine_drug_test")
    assert [f.value["result"] for f in facts] == ["consistent"], text


def test_a_laboratory_rows_flag_is_not_the_verdict() -> None:
    text = ("Specimen: urine, collected 3/3. Method: LC-MS/MS.\n\n"
            "Methadone    POSITIVE    100 ng/mL    - not prescribed\n")
    assert not facts_of(text, "urine_drug_test")


@pytest.mark.parametrize("text", [
    "She uses meloxicam 15 mg most mornings. Her stomach is fine: no indigestion.",
    "Celecoxib 200 mg daily for the knee.\nNo heartburn reported.",
])
def test_a_denied_stomach_complaint_after_the_drug_is_its_tolerance(text: str) -> None:
    assert not facts_of(text, "gi_risk_factor"), text


def test_a_denied_stomach_complaint_without_a_drug_is_still_read() -> None:
    facts = facts_of("Review of systems: denies heartburn.", "gi_risk_factor")
    assert [(f.value["factor"], f.negated) for f in facts] == [("dyspepsia", True)]


@pytest.mark.parametrize("text", [
    "Rivaroxaban was discontinued in March after the DVT resolved.",
    "Methylprednisolone pack finished last week.",
    "Clopidogrel d/c'd by cardiology 2019.",
])
def test_a_drug_course_that_ended_is_no_concurrent_risk(text: str) -> None:
    assert not facts_of(text, "gi_risk_factor"), text


@pytest.mark.parametrize("text", [
    "Takes apixaban 5 mg twice daily for atrial fibrillation.",
    "Hold aspirin for five days before the injection.",
])
def test_a_drug_still_taken_is_a_concurrent_risk(text: str) -> None:
    assert facts_of(text, "gi_risk_factor"), text


def test_a_label_first_checklist_row_reads_each_items_own_box() -> None:
    text = "Visit 2.\nReview:  Night sweats [ ]  Urinary retention [x] denies  Saddle numbness [x]\n"
    facts = {f.evidence.quote: f.negated for f in facts_of(text, "red_flag")}
    # the empty box answers nothing; a box before an item is the item before's
    assert facts == {"Urinary retention": True, "Saddle numbness": False}


def test_a_box_first_checklist_row_keeps_its_reading() -> None:
    text = "Systems: [ ] chills [x] denies saddle anesthesia\n"
    facts = facts_of(text, "red_flag")
    assert [(f.value["flag"], f.negated) for f in facts] == [("cauda_equina", True)]


@pytest.mark.parametrize("text", [
    "In the last month she has developed left hand weakness and drops cups.",
    "His wife reports new right ankle weakness on the stairs.",
])
def test_a_weakness_newly_developed_is_a_progressive_deficit(text: str) -> None:
    facts = facts_of(text, "red_flag")
    assert [(f.value["flag"], f.negated) for f in facts] == [
        ("progressive_neurologic_deficit", False)], text


@pytest.mark.parametrize("text", [
    "He finished 6 chiropractic visits and a course of oral methylprednisolone, no help.",
    "Failed meloxicam and a prednisone dose pack last spring.",
    "A prednisone burst 10/2021 gave two good days.",
])
def test_a_steroid_course_gone_through_is_no_concurrent_risk(text: str) -> None:
    assert not facts_of(text, "gi_risk_factor"), text


def test_a_steroid_taper_prescribed_now_is_a_concurrent_risk() -> None:
    facts = facts_of("Plan: prednisone taper over 5 days, then reassess.", "gi_risk_factor")
    assert [f.value["factor"] for f in facts] == ["corticosteroid"]


@pytest.mark.parametrize(("text", "result"), [
    ("Urine tox 1/15 c/w prescribed hydrocodone.", "consistent"),
    ("UDS last month not c/w his tramadol.", "inconsistent"),
])
def test_consistent_with_in_shorthand(text: str, result: str) -> None:
    assert [f.value["result"] for f in facts_of(text, "urine_drug_test")] == [result], text


def test_independent_with_the_program_is_a_home_program_done() -> None:
    facts = facts_of("Shoulder: independent with program, no cues needed.",
                     "home_exercise_program")
    assert [f.value["status"] for f in facts] == ["independent"]
