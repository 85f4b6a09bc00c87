"""Reading found on the false upholds left on dev-40 (task decide-residual): a course counted
by the treatment given ("a trial of 6 manipulations", a trial that is over), a pain score told
for the time before a drug was begun, and a monitoring flowsheet that sets the average pain
beside the pain after the dose. The notes are written for the tests, not copied from the set."""

from __future__ import annotations

import pytest

from openimr.records.column_tables import page_tables

from .conftest import facts_of


def _courses(text: str) -> set[tuple[str, int, str]]:
    return {(f.value["modality"], f.value["count"], f.value["status"])
            for f in facts_of(text, "therapy_sessions")}


@pytest.mark.parametrize(("text", "course"), [
    ("Chiropractic re-evaluation. Following the initial block of 8 manipulations, flexion "
     "reached 70 degrees.", ("chiropractic", 8, "completed")),
    ("Spinal manipulation: she has had 5 manipulations to date with less stiffness.",
     ("chiropractic", 5, "completed")),
])
def test_manipulations_counted_are_visits_of_the_course(text: str,
                                                        course: tuple[str, int, str]) -> None:
    assert course in _courses(text)


def test_manipulations_under_anesthesia_are_no_course_of_visits() -> None:
    assert not _courses("Chiropractic history: none. Knee: 2 manipulations under anesthesia "
                        "in 2019 for stiffness.")


@pytest.mark.parametrize("text", [
    "Following a trial of 4 acupuncture visits, pain is 5/10.",
    "He completed a trial of 6 chiropractic visits in March.",
])
def test_a_trial_after_a_word_of_having_had_it_is_over(text: str) -> None:
    assert any(status == "completed" for _m, _n, status in _courses(text))


@pytest.mark.parametrize("text", [
    "Will start a trial of 6 chiropractic visits.",
    "Plan: trial of 6 acupuncture visits over three weeks.",
])
def test_a_trial_to_come_is_still_a_request(text: str) -> None:
    assert {status for _m, _n, status in _courses(text)} == {"requested"}


def _scores(text: str) -> list[tuple[float, str]]:
    return [(f.value["value"], f.value["context"]) for f in facts_of(text, "pain_score")]


@pytest.mark.parametrize(("text", "without"), [
    ("Prior to starting gabapentin his foot pain was rated 7/10. Today 3/10.", 7),
    ("Before pregabalin the burning sat at about 9/10 most nights, she says.", 9),
])
def test_a_score_told_for_the_time_before_the_drug_is_without_it(text: str,
                                                                 without: float) -> None:
    assert (without, "without_medication") in _scores(text)


@pytest.mark.parametrize("text", [
    # another treatment's before, or a turn to the present between the drug and the score
    "Before the injection her pain was 8/10.",
    "Before Lyrica she tried PT and now rates her pain 8/10.",
])
def test_a_score_after_another_before_or_a_turn_stays_current(text: str) -> None:
    assert all(context == "current" for _v, context in _scores(text))


_AVERAGE_SHEET = """OPIOID FLOWSHEET
Date    Average pain   Pain w/ meds   PEG   Work
02/03   7              --             7.5   off work
04/07   6              3              5.0   mod duty
06/02   5              2              4.1   full duty
"""


def test_a_flowsheet_of_average_pain_beside_pain_with_the_drug_is_the_review_s_pair() -> None:
    (reading,) = page_tables(_AVERAGE_SHEET).analgesia
    assert (reading.with_drug, reading.without_drug, reading.baseline) == (2, 5, "average")
    assert reading.rows == 2  # the row with a blank cell is passed over, not the end


def test_two_columns_of_average_and_worst_pain_are_no_pair() -> None:
    sheet = _AVERAGE_SHEET.replace("Pain w/ meds", "Worst pain  ")
    assert not page_tables(sheet).analgesia


_WEEKLY_DIARY = """RESPONSE DIARY AFTER CERVICAL ESI 02/02/2016 (patient-kept)
Week   Arm pain (0-10)   Neck 0-10   Tramadol tabs/day   Notes
1      4                 5           2                   sore neck
3      3                 4           1
5      3                 3           0-1                 back to gym
7      3                 4           0
9      6                 6           2                   arm tingling again
Baseline at the pre-injection visit: arm 9/10, neck 7/10, tramadol 3/day.
"""


def test_a_diary_a_row_a_week_gives_the_relief_held_against_the_baseline_told() -> None:
    from openimr.records.injection_relief import responses_tabled

    (diary,) = responses_tabled("d", 1, _WEEKLY_DIARY)
    # arm 9 -> 3-4 through week 7 (56% at least), back up to 6 by week 9
    assert (diary.relief_percent, diary.duration_weeks) == (56, 7)
    assert diary.medication_reduced is True


def test_a_diary_without_a_baseline_or_a_pain_column_gives_no_relief() -> None:
    from openimr.records.injection_relief import responses_tabled

    unanchored = _WEEKLY_DIARY.rsplit("Baseline", 1)[0]
    assert not responses_tabled("d", 1, unanchored)
    walking = ("Week   Minutes walked   Steps\n1      10               2000\n3      20               "
               "4000\nBaseline before the injection: 5 minutes, pain 8/10.\n")
    assert not responses_tabled("d", 1, walking)


def test_a_weekly_log_of_a_therapy_program_is_no_procedure_s_response() -> None:
    from openimr.records.injection_relief import responses_tabled

    program = _WEEKLY_DIARY.replace("RESPONSE DIARY AFTER CERVICAL ESI 02/02/2016",
                                    "HOME EXERCISE PROGRAM LOG").replace(
        "at the pre-injection visit", "at intake")
    assert not responses_tabled("d", 1, program)
