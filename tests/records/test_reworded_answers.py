"""The same fact in other words (paraphrased records): a label's answer of absence, a drug
test's verdict in a synonym, a pain score "of 10", an interval in words."""

from __future__ import annotations

import pytest

from openimr.records.regimen import doses_per_day

from .conftest import facts_of


@pytest.mark.parametrize("text", [
    "Misuse screen today. Aberrant behavior: nil. Opioid contract signed.",
    "Aberrant behaviors not observed this visit.",
])
def test_a_labels_answer_of_absence_negates_the_label(text: str) -> None:
    facts = facts_of(text, "aberrant_behavior")
    assert facts and not any(f.value["present"] for f in facts)


@pytest.mark.parametrize("verdict, expected", [
    ("compatible with prescribed tramadol", "consistent"),
    ("in keeping with the prescribed medication", "consistent"),
    ("not compatible with prescribed tramadol", "inconsistent"),
])
def test_a_drug_tests_verdict_in_a_synonym(verdict: str, expected: str) -> None:
    text = f"URINE DRUG SCREEN collected 05/02/2021\nTramadol positive - {verdict}. THC negative."
    assert [f.value["result"] for f in facts_of(text, "urine_drug_test")] == [expected]


def test_a_score_of_ten_after_a_pain_cue_is_a_pain_score() -> None:
    values = [(f.value["value"], f.value["context"])
              for f in facts_of("Pain with meds 4 of 10, w/o meds 8 of l0.", "pain_score")]
    assert values == [(4, "with_medication"), (8, "without_medication")]


@pytest.mark.parametrize("text", ["Attended PT visit 3 of 10 today.",
                                  "Has completed 6 of 10 visits of therapy."])
def test_a_count_of_ten_is_no_pain_score(text: str) -> None:
    assert not facts_of(text, "pain_score")


@pytest.mark.parametrize("directions, expected", [
    ("1 every six hours as needed", 4.0), ("one every four to six hours", 6.0),
    ("every eight hours", 3.0), ("1 every 6 hours", 4.0)])
def test_an_interval_in_words(directions: str, expected: float) -> None:
    assert doses_per_day(directions) == expected
    assert facts_of(f"Meds: morphine IR 15 mg {directions}.", "medication")[0] \
        .value.get("doses_per_day") == expected


def test_a_trial_span_with_ocr_digits_in_its_dates() -> None:
    facts = facts_of("H-wave rental trial (02/01/2022 - O3/O2/2022): used twice daily.",
                     "device_trial")
    assert facts and facts[0].value.get("duration_days") == 30


def test_the_tail_of_an_ocr_misread_date_is_no_month() -> None:
    from openimr.records.dates import DATE_RE

    assert not [m for m in DATE_RE.finditer("rental l0/05/2024") if m.group("mm")]


@pytest.mark.parametrize("text, days", [
    ("Home interferential unit trial (rental 3/5-4/3/2019) with daily log.", 30),
    ("H-wave trial 12/20 to 1/18/2021, used twice a day.", 30),
])
def test_a_trial_span_whose_first_date_leaves_its_year_to_the_second(text: str,
                                                                     days: int) -> None:
    facts = facts_of(text, "device_trial")
    assert facts and facts[0].value.get("duration_days") == days


@pytest.mark.parametrize("text", [
    "TENS unit used at home; pain 7/10-4/10 with it.",
    "H-wave trial (rental 3/45-4/3/2019) with daily log.",
])
def test_a_pain_score_pair_or_an_impossible_day_is_no_trial_span(text: str) -> None:
    assert not any(f.value.get("duration_days") for f in facts_of(text, "device_trial"))


@pytest.mark.parametrize("text", [
    "Biofeedback: six weekly sessions with the pain psychologist, then reassess.",
    "We are asking for 8 acupuncture sessions to calm the neck spasm.",
    "She asked for six more chiropractic visits at today's appointment.",
])
def test_a_course_told_by_its_weekly_rate_or_asked_for_is_a_request(text: str) -> None:
    facts = facts_of(text, "therapy_sessions")
    assert facts and {f.value["status"] for f in facts} == {"requested"}


@pytest.mark.parametrize("text", [
    "She has had six weekly sessions of biofeedback with little change.",
    "He completed 8 weekly acupuncture visits last spring.",
])
def test_weekly_sessions_already_had_stay_completed(text: str) -> None:
    facts = facts_of(text, "therapy_sessions")
    assert facts and {f.value["status"] for f in facts} == {"completed"}
