"""The tenth session's read-exam4: a weakness, a numbness or a limp the worker tells of is no
examination finding; the examiner's side letter ("+ on R"); pain scores by row, in a
flowsheet's pain column and in a pain diary. Every text here is worded for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.model import Document, Fact, Page
from openimr.records.column_tables import pain_cells
from openimr.records.extract import document_facts


def _facts(text: str, kind: str) -> list[Fact]:
    document = Document(id="note", date=dt.date(2024, 5, 2), pages=[Page(number=1, text=text)])
    return [fact for fact in document_facts(document) if fact.kind.value == kind]


@pytest.mark.parametrize("text", [
    "Subjective: She reports new weakness of the right ankle when climbing ladders.",
    "HPI: He has noticed numbness over the outer left calf since March.",
    "Clinical information: Neck pain after a fall. Right grip weakness.",
])
def test_a_deficit_the_worker_tells_of_is_no_exam_finding(text: str) -> None:
    assert [f for f in _facts(text, "exam_finding")
            if f.value["finding"] in ("motor_deficit", "sensory_deficit")] == []


def test_the_examiners_graded_weakness_stays_a_finding() -> None:
    [fact] = _facts("Exam: Right wrist extensor weakness 4/5.", "exam_finding")
    assert fact.value["finding"] == "motor_deficit" and fact.value["positive"] is True


@pytest.mark.parametrize("text", [
    "S: Works in a warehouse; limps toward the end of his workday.",
    "She says she limps after 20 minutes of walking on gravel.",
])
def test_a_limp_told_with_a_time_of_day_is_no_gait_finding(text: str) -> None:
    assert [f for f in _facts(text, "exam_finding") if f.value["finding"] == "gait"] == []


def test_a_limp_seen_in_the_exam_is_a_gait_finding() -> None:
    [fact] = [f for f in _facts("Exam: Walks into the room with a limp.", "exam_finding")
              if f.value["finding"] == "gait"]
    assert fact.value["positive"] is True


@pytest.mark.parametrize(("text", "side"), [
    ("Exam: SLR + on R at 55 deg.", "right"),
    ("Exam: Straight leg raise positive on L.", "left"),
])
def test_the_examiners_side_letter(text: str, side: str) -> None:
    [fact] = [f for f in _facts(text, "exam_finding")
              if f.value["finding"] == "straight_leg_raise"]
    assert fact.value["positive"] is True and fact.value["side"] == side


def test_a_flowsheet_pain_column_gives_each_rows_scores() -> None:
    text = ("Tx # | Date  | Pain before/after | Exercises\n"
            "1    | 02/03 | 8 -> 6            | bike 5 min\n"
            "2    | 02/06 | 7 -> 6            | bike 8 min, bridges\n"
            "3    | 02/10 | 5                 | bike 10 min\n")
    # (a session's score after is its own effect, not the current pain: review fix)
    assert [v for _, _, v in pain_cells(text)] == [[8], [7], [5]]
    values = sorted(f.value["value"] for f in _facts(text, "pain_score"))
    assert values == [5, 7, 8]


def test_a_pain_column_in_a_table_aligned_by_blanks() -> None:
    text = ("Session   Date     VAS     Comment\n"
            "1         11/02    9       stiff in the morning\n"
            "2         11/05    6       better after heat\n")
    assert [v for _, _, v in pain_cells(text)] == [[9], [6]]


def test_a_table_without_a_pain_column_gives_no_scores() -> None:
    text = ("Visit  Date   Reps   Weight\n"
            "1      03/04  8      5\n"
            "2      03/07  10     6\n")
    assert pain_cells(text) == []


def test_a_pain_diarys_entries_are_scores() -> None:
    text = ("HOME PAIN DIARY after the knee injection, rate pain 0-10\n"
            "Day 2: 6   Day 4 (morning): 4   Day 8: 3\n"
            "Week 3: hip 2, knee 5\n")
    assert [v for _, _, v in pain_cells(text)] == [[6], [4], [3], [2, 5]]


def test_a_diary_line_of_another_measure_is_no_score() -> None:
    text = ("PAIN DIARY returned by patient (0-10)\n"
            "Ibuprofen tablets per day: week 1: 2-3   week 2: 1\n")
    assert pain_cells(text) == []


@pytest.mark.parametrize("text", ["Exam: Jamar grip L 19 kg.", "O: pinch R 7 lb; wrist swollen."])
def test_one_hands_grip_measured_by_its_force_is_a_motor_deficit(text: str) -> None:
    [fact] = [f for f in _facts(text, "exam_finding") if f.value["finding"] == "motor_deficit"]
    assert fact.value["positive"] is True


def test_grip_found_equal_is_no_deficit() -> None:
    [fact] = _facts("Exam: Grip 30 kg, equal on both sides.", "exam_finding")
    assert fact.value["positive"] is False


def test_an_evaluators_dated_testing_heading_ends_the_records_review() -> None:
    from openimr.model.facts import Source
    text = ("AGREED MEDICAL EVALUATION\n"
            "REVIEW OF RECORDS\n"
            "03/02/2023, Dr. Lee: worker tearful; PHQ-9 19.\n"
            "PSYCHOLOGICAL TESTING (06/14/2023)\n"
            "GAD-7: 16. PHQ-9: 12.\n")
    document = Document(id="ame", date=dt.date(2023, 6, 14), type="ame_report",
                        document_type="ame_report", pages=[Page(number=1, text=text)])
    scores = {(f.value.get("instrument"), f.value.get("score")): f.source
              for f in document_facts(document) if f.kind.value == "psych_symptom"}
    assert scores[("PHQ-9", 19)] is Source.second_hand
    assert scores[("GAD-7", 16)] is Source.first_hand
    assert scores[("PHQ-9", 12)] is Source.first_hand


@pytest.mark.parametrize("text", [
    "Social: she has 3-4 glasses of wine nightly since the assault.",
    "Alcohol: six beers a day on weekends.",
    "He drinks \"a few shots\" every evening.",
])
def test_a_count_of_drinks_and_how_often_is_a_psych_symptom(text: str) -> None:
    [fact] = _facts(text, "psych_symptom")
    assert fact.value["symptom"] == "other" and not fact.negated


def test_drinks_bought_once_are_no_symptom() -> None:
    assert _facts("She brought 2 beers to the picnic.", "psych_symptom") == []


def test_a_short_night_in_a_chair_is_insomnia() -> None:
    [fact] = _facts("Sleeps in the chair, 4 h, since the surgery.", "psych_symptom")
    assert fact.value["symptom"] == "insomnia" and not fact.negated


def test_a_clinic_notes_impression_lists_diagnoses_not_study_findings() -> None:
    text = ("HPI: neck pain. MRI of the neck from March was reviewed with him.\n"
            "Exam: Spurling positive on the right. Biceps 4/5 right.\n"
            "Plan reviewed with him.\n"
            "Impression:\nCervical foraminal stenosis C6-7 with radiculopathy.\n")
    assert _facts(text, "imaging_finding") == []


def test_an_impression_right_after_the_studys_line_keeps_its_finding() -> None:
    text = ("CT lumbar spine (05/2023): pars defect at L5 with slip.\n"
            "Impression: isthmic spondylolisthesis L5-S1.\n")
    categories = [f.value["category"] for f in _facts(text, "imaging_finding")]
    assert "spondylolisthesis" in categories


def test_a_grip_told_as_a_gain_is_no_deficit() -> None:
    [fact] = _facts("Exam: Pinch 5->8 lb since the splint.", "exam_finding")
    assert fact.value["positive"] is False


@pytest.mark.parametrize(("text", "positive"), [
    ("Symptoms: Night pain [x] denies   Catching [x] reports   Fever [ ]", True),
    ("Symptoms: Night pain [x] reports   Giving way [x] denies", False),
])
def test_a_checklist_box_after_the_item_answers_for_it(text: str, positive: bool) -> None:
    [fact] = [f for f in _facts(text, "exam_finding")
              if f.value["finding"] == "mechanical_symptoms"]
    assert fact.value["positive"] is positive and not fact.negated


@pytest.mark.parametrize("text", [
    "HPI: neck pain after pulling a 40 lb hose off the reel.",
    "Wrist pain after catching herself when she fell from the step stool.",
])
def test_pain_after_the_injurys_act_is_no_adl_limit(text: str) -> None:
    assert _facts(text, "adl_limitation") == []


def test_pain_after_an_everyday_activity_stays_a_limit() -> None:
    [fact] = _facts("He has back pain after kneeling in the garden.", "adl_limitation")
    assert not fact.negated


def test_a_weakness_in_the_history_without_an_exam_named_is_no_finding() -> None:
    text = ("HPI: Neck pain since the fall, with right hand numbness and weakness.\n"
            "EXAM: Grip 4/5 on the right.\n")
    [fact] = _facts(text, "exam_finding")
    assert fact.evidence.quote.startswith("Grip")
