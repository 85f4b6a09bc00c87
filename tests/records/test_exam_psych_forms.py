"""Forms of examination findings, psychological symptoms and records-review diagnoses the
reader used to miss (the ninth session's read-exam): muscles named by their bulk, girth or
weakness, sensory changes by root or place, the except-clause of a strength line, arcs from
zero with no joint named, ranges changed with an arrow; moods by their word, places kept
away from, sleep told with another symptom; a provider's visit entry in a records review.
Every text here is worded for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.model import Document, Fact, Page
from openimr.records.extract import document_facts


def _facts(text: str, kind: str, doc_type: str | None = None) -> list[Fact]:
    document = Document(id="note", date=dt.date(2024, 3, 1), type=doc_type,
                        pages=[Page(number=1, text=text)])
    return [fact for fact in document_facts(document) if fact.kind.value == kind]


def _exam(text: str) -> list[Fact]:
    return _facts(text, "exam_finding")


@pytest.mark.parametrize("text", [
    "Exam: Early hypothenar wasting on the left.",
    "Exam: Wasting of the right deltoid is evident.",
    "Exam: Thigh circumference 2.5 cm smaller on the right.",
    "Exam: Mild gluteus medius weakness noted.",
])
def test_a_muscle_named_by_its_bulk_girth_or_weakness_is_a_motor_deficit(text: str) -> None:
    [fact] = _exam(text)
    assert fact.value["finding"] == "motor_deficit" and fact.value["positive"] is True


def test_muscle_bulk_found_normal_is_an_other_finding() -> None:
    [fact] = _exam("Exam: No hypothenar atrophy. ")
    assert fact.value["finding"] == "other" and fact.value["positive"] is False


def test_a_weakness_in_the_assessment_list_is_no_examination_finding() -> None:
    assert _exam("Assessment:\n1. Progressive hip flexor weakness.\n") == []


@pytest.mark.parametrize(("text", "level"), [
    ("Exam: Pinprick now better, slight dec C6 R.", "C6"),
    ("Exam: There is reduced C7 sensation in the hand.", "C7"),
])
def test_a_sensory_change_by_its_root_after_a_sensory_word(text: str, level: str) -> None:
    [fact] = _exam(text)
    assert fact.value["finding"] == "sensory_deficit" and fact.value["positive"] is True
    assert fact.value["level"] == level


def test_a_sensory_change_by_its_place_on_the_limb() -> None:
    [fact] = _exam("Exam: Diminished light touch over the lateral left heel.")
    assert fact.value["finding"] == "sensory_deficit" and fact.value["positive"] is True


def test_a_decrease_with_no_sensory_word_is_no_sensory_finding() -> None:
    assert [f for f in _exam("Exam: decreased C5-6 disc height on the old film.")
            if f.value["finding"] == "sensory_deficit"] == []


def test_the_normal_part_of_a_strength_line_with_an_exception_is_no_finding() -> None:
    found = _exam("Exam: Motor 5/5 except right APB 4/5. Tibialis 4+/5 L, otherwise 5/5.")
    assert {f.evidence.quote for f in found} == {"except right APB 4/5", "Tibialis 4+/5 L"}
    assert all(f.value["positive"] for f in found)


@pytest.mark.parametrize(("text", "positive"), [
    ("Exam: ROM 0-132 degrees.", False),
    ("Exam: AROM 0 to 118.", True),
    ("Exam: ROM 10-140.", True),
])
def test_an_arc_from_zero_with_no_joint_named_is_read_as_a_hinge(text: str,
                                                                 positive: bool) -> None:
    [fact] = _exam(text)
    assert fact.value["finding"] == "range_of_motion" and fact.value["positive"] is positive


@pytest.mark.parametrize("text", [
    "03/02 | visit 4 | C/S ext ↑ 20->35° | STM",
    "Exam: Hip abduction measured today 25 degrees.",
])
def test_a_range_changed_with_an_arrow_or_measured_today_is_read(text: str) -> None:
    [fact] = _exam(text)
    assert fact.value["finding"] == "range_of_motion" and fact.value["positive"] is True


def test_a_list_with_a_normal_motion_is_limited_when_a_measured_one_is() -> None:
    [fact] = _exam("Exam: C/S AROM: rot 40° (IE 20°), lat flex WNL B.")
    assert fact.value["positive"] is True


def test_a_discharge_exam_heading_reads_its_signs_as_examination() -> None:
    [fact] = _exam("DISCHARGE EXAM: Incision clean and dry; no erythema.\n")
    assert fact.value == {**fact.value, "finding": "other", "positive": False}


def _psych(text: str) -> list[Fact]:
    return _facts(text, "psych_symptom")


@pytest.mark.parametrize(("text", "symptom"), [
    ('Interview: mood "overwhelmed most days."', "anxiety"),
    ("Interview: Mood blue, affect congruent.", "depression"),
    ("Interview: mood: bored.", "other"),
])
def test_a_mood_is_read_by_its_word(text: str, symptom: str) -> None:
    [fact] = [f for f in _psych(text) if f.evidence.quote.lower().startswith("mood")]
    assert fact.value["symptom"] == symptom and not fact.negated


@pytest.mark.parametrize("text", [
    "He won't go near the quarry since the blast.",
    "She still avoids the parking structure where it happened.",
    "He has not gone into the freezer room since.",
])
def test_a_place_kept_away_from_is_a_trauma_symptom_not_denied(text: str) -> None:
    [fact] = _psych(text)
    assert fact.value["symptom"] == "ptsd" and not fact.negated and not fact.hypothetical


def test_a_short_night_stops_before_the_next_symptom() -> None:
    found = _psych("She sleeps 3 hours with recurring nightmares of the fall.")
    assert sorted(f.value["symptom"] for f in found) == ["insomnia", "ptsd"]
    [sleep] = [f for f in found if f.value["symptom"] == "insomnia"]
    assert "nightmares" not in sleep.evidence.quote


def test_a_wish_worded_with_not_is_no_denial() -> None:
    [fact] = _psych("Reports a passive wish not to wake up on bad days.")
    assert fact.value["symptom"] == "suicidal_ideation" and not fact.negated


def test_plan_and_intent_denied_are_a_denied_suicidal_item() -> None:
    [fact] = _psych("He denies plan and intent.")
    assert fact.value["symptom"] == "suicidal_ideation" and fact.negated


def _diagnoses(text: str) -> list[Fact]:
    return _facts(text, "diagnosis", "qme_report")


def test_a_providers_visit_entry_states_that_providers_diagnosis() -> None:
    found = _diagnoses("RECORDS REVIEWED:\n02/11/2020, Dr. Okafor (occupational medicine): "
                       "thoracic strain; x-rays of the spine unremarkable.\n")
    assert [f.value["text"] for f in found] == ["thoracic strain"]


def test_a_mood_condition_in_a_visit_entry_is_a_diagnosis_not_a_symptom() -> None:
    text = "RECORDS REVIEWED:\n09/2021 Dr. Amsel, PhD: PTSD; weekly CBT begun.\n"
    assert [f.value["text"] for f in _diagnoses(text)] == ["PTSD"]
    assert _facts(text, "psych_symptom", "qme_report") == []


def test_a_symptom_after_a_visit_entry_is_no_diagnosis() -> None:
    assert _diagnoses("RECORDS REVIEWED:\n01/2022 Dr. Bell: neck pain 6/10, PT ordered.\n") == []


@pytest.mark.parametrize(("text", "positive"), [
    ("Exam: Anterior drawer 2B soft endpoint.", True),
    ("Exam: Lachman grade 1 firm end point.", False),
    ("Exam: Valgus/varus stable at 30 degrees.", False),
])
def test_laxity_is_read_by_its_grade_and_endpoint(text: str, positive: bool) -> None:
    [fact] = _exam(text)
    assert fact.value["finding"] == "instability" and fact.value["positive"] is positive


@pytest.mark.parametrize(("text", "finding", "positive"), [
    ("Exam: Neer and Hawkins tests remain positive.", "other", True),
    ("Exam: There is no drop arm sign.", "other", False),
    ("Exam: Painful arc between 80 and 120 degrees.", "other", True),
    ("Examen: Marcha antálgica, flexión 35° con dolor.", "gait", True),
])
def test_tests_and_signs_said_with_an_adverb_or_alone(text: str, finding: str,
                                                      positive: bool) -> None:
    [fact] = [f for f in _exam(text) if f.value["finding"] == finding]
    assert fact.value["positive"] is positive


@pytest.mark.parametrize(("text", "positive"), [
    ("Exam: MIO 36 mm with deflection.", True),
    ("Exam: Maximal mouth opening 46 mm.", False),
    ("Exam: TAM ring finger 170°.", True),
    ("Exam: Composite fist full; full active range of motion of the wrist.", False),
])
def test_motion_in_its_own_unit_or_said_full(text: str, positive: bool) -> None:
    found = _exam(text)
    assert found and all(f.value["finding"] == "range_of_motion" for f in found)
    assert all(f.value["positive"] is positive for f in found)


def test_limping_told_by_the_worker_is_no_gait_finding() -> None:
    # (the review of the ninth session: a limp by the end of the day is the worker's
    # account, a reported symptom; exam_finding is what the examiner saw)
    assert _exam("HPI: She is limping toward the end of the day.") == []


def test_a_mass_effect_on_a_root_is_a_root_compression() -> None:
    found = _facts("MRI lumbar spine: L4-5 extrusion with mass effect on the exiting left L4 "
                   "nerve root.\n", "imaging_finding")
    assert "nerve_root_compression" in {f.value["category"] for f in found}


def test_places_kept_away_from_are_read_from_the_vocabulary() -> None:
    [fact] = _psych("Since the assault she avoids elevators in the building.")
    assert fact.value["symptom"] == "ptsd"
