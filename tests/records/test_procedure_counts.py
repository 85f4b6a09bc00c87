"""Course counts, procedures and work status written the way flowsheets, histories and
work-status boxes write them: multipliers, "N of M ... completed", adjectives against
verbs, and orders against states."""

from __future__ import annotations

import pytest

from .conftest import facts_of


def _sessions(text: str) -> set[tuple[str, int, str]]:
    return {(f.value["modality"], f.value["count"], f.value["status"])
            for f in facts_of(text, "therapy_sessions")}


@pytest.mark.parametrize(("text", "expected"), [
    # a course counted by a multiplier after its modality is a course had...
    ("Treatment to date: chiro x8, acupuncture x 4, PT x 16.",
     {("chiropractic", 8, "completed"), ("acupuncture", 4, "completed"),
      ("physical_therapy", 16, "completed")}),
    # ...unless the words around it ask for it
    ("We will request massage therapy x 6 for the upper back.",
     {("massage", 6, "requested")}),
    # a frequency stays the plan's
    ("OT 3x/wk x 2 wks.", {("occupational_therapy", 6, "requested")}),
])
def test_a_multiplier_after_a_modality_counts_that_course(
        text: str, expected: set[tuple[str, int, str]]) -> None:
    assert _sessions(text) == expected


def test_a_multiplier_after_anything_else_is_no_course() -> None:
    # "x 4" belongs to the disability order and the ice, not to the therapy named later
    assert _sessions("Off work TTD x 4 wks. Ice x3 a day. Saw the OT today.") == set()


@pytest.mark.parametrize(("text", "expected"), [
    # a span of time before the unit measures relief, not visits
    ("Massage therapy: her neck stays loose for 2 days after each session.", set()),
    ("Acupuncture ongoing; will re-assess 6 weeks after the final treatment.", set()),
    # an ordinal names one visit of the course
    ("Chiropractic: since the 3rd visit she sleeps through the night.", set()),
    # a count of visits stays one
    ("Chiropractic: 7 visits done; massage 4 sessions so far.",
     {("chiropractic", 7, "completed"), ("massage", 4, "attended")}),
])
def test_a_number_of_days_or_an_ordinal_before_a_visit_is_no_count(
        text: str, expected: set[tuple[str, int, str]]) -> None:
    assert _sessions(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the unit left out: the qualifier and the verb after say what was counted
    # (9 of 10 done: visits had of a course still running, so attended; all done, below,
    # is a course completed)
    ("Acupuncture: 9 of 10 approved done.",
     {("acupuncture", 9, "attended"), ("acupuncture", 10, "authorized")}),
    ("Massage: 3 of 8 authorized visits attended.",
     {("massage", 3, "attended"), ("massage", 8, "authorized")}),
    # a course done in full against its authorization gives both counts
    ("Aquatic therapy 10/10 sessions done.",
     {("aquatic_therapy", 10, "completed"), ("aquatic_therapy", 10, "authorized")}),
])
def test_a_verb_after_a_count_of_an_authorization_says_what_was_done(
        text: str, expected: set[tuple[str, int, str]]) -> None:
    assert _sessions(text) == expected


@pytest.mark.parametrize("text", [
    "He completed all ten authorized acupuncture treatments last spring.",
    "She has had her 9 approved chiropractic visits.",
])
def test_an_authorized_course_someone_finished_is_completed(text: str) -> None:
    assert {status for _, _, status in _sessions(text)} == {"completed"}


def _statuses(text: str) -> list[tuple[str, bool]]:
    return [(f.value["status"], f.hypothetical) for f in facts_of(text, "work_status")]


@pytest.mark.parametrize(("text", "expected"), [
    # the third person reports a state...
    ("He stays off work at present.", [("not_working", False)]),
    ("Mr. Ortiz remains off work.", [("not_working", False)]),
    # ...the imperative, a modal or a stated length orders time off
    ("Stay off work until re-evaluated.", [("temporarily_totally_disabled", False)]),
    ("Off work 10 more days.", [("temporarily_totally_disabled", False)]),
])
def test_time_off_work_ordered_or_reported(text: str, expected: list[tuple[str, bool]]) -> None:
    assert _statuses(text) == expected


def test_the_step_after_then_is_planned() -> None:
    assert _statuses("TTD for 3 weeks, then light duty.") == [
        ("temporarily_totally_disabled", False), ("modified_duty", True)]
    # "since then" looks back
    assert _statuses("Since then he has been on light duty.") == [("modified_duty", False)]


def test_maximum_medical_improvement_with_permanent_and_stationary_is_one_status() -> None:
    assert _statuses("Today he has reached MMI and is permanent and stationary.") == [
        ("permanent_and_stationary", False)]
    assert _statuses("She reached maximum medical improvement on 02/01/2024.") == [
        ("permanent_and_stationary", False)]


@pytest.mark.parametrize("text", [
    "Work status: modified - one-handed work, no use of the left hand.",
    "[x] Modified: sedentary only",
    "Duty status: modified per Dr. Lowe's restrictions.",
    "RTW modified on Monday.",
])
def test_modified_named_by_its_restrictions_is_modified_duty(text: str) -> None:
    assert [status for status, _ in _statuses(text)] == ["modified_duty"]


def test_a_modified_scale_is_no_work_status() -> None:
    assert _statuses("Modified Oswestry: 38%. Modified Ashworth 1.") == []


def _surgeries(text: str) -> list[tuple[str, bool, bool]]:
    return [(" ".join(f.evidence.quote.split()), f.negated, f.hypothetical)
            for f in facts_of(text, "surgery")]


def test_a_post_procedure_syndrome_or_a_back_reference_is_no_new_surgery() -> None:
    assert _surgeries("Dx: failed back (post-laminectomy) syndrome.") == []
    assert _surgeries("Assessment: lumbar post-fusion syndrome, stable.") == []
    assert _surgeries("Gait improved since his 8 PT visits after the knee replacement.") == []


def test_procedures_listed_together_are_one_operation() -> None:
    assert [q for q, *_ in _surgeries(
        "Operation: left carpal tunnel release (open), trigger finger release and ulnar "
        "nerve transposition.")] == ["left carpal tunnel release"]
    # a date between them makes two operations
    assert len(_surgeries("History: L5-S1 microdiscectomy 2014, then L5-S1 fusion 2019.")) == 2


@pytest.mark.parametrize("text", [
    "Plan: request left shoulder arthroscopy.",
    "Awaiting decision on right TKA.",
    "Carpal tunnel release is scheduled for next month.",
])
def test_a_procedure_proposed_is_hypothetical(text: str) -> None:
    assert [(negated, hypothetical) for _, negated, hypothetical in _surgeries(text)] == [
        (False, True)]


def test_a_procedure_deferred_or_declined_is_negated() -> None:
    assert [negated for _, negated, _ in _surgeries(
        "Right cubital tunnel release declined by the patient.")] == [True]


def test_the_specialty_is_no_surgery_but_a_surgeon_field_beside_one_does_not_hide_it() -> None:
    assert _surgeries("She was referred to hand surgery for an opinion.") == []
    assert [q for q, *_ in _surgeries(
        "Procedure: left ulnar nerve transposition 05/02/2022    Surgeon: A. Diaz, MD")] == [
        "left ulnar nerve transposition 05/02/2022"]


def test_abbreviated_procedures_are_read() -> None:
    assert {q for q, *_ in _surgeries("s/p L knee APM 2019; later MUA of the knee.")} == {
        "L knee APM 2019", "MUA of the knee"}


@pytest.mark.parametrize(("text", "status", "planned"), [
    # still a plan while it lies ahead ("discharge to independent HEP" is the goal)
    ("Plan: discharge to independent HEP.", "independent", True),
    # the flowsheet abbreviation for independent
    ("Pt indep with HEP, 2x/day.", "independent", False),
])
def test_home_program_discharge_and_independence(text: str, status: str, planned: bool) -> None:
    assert [(f.value["status"], f.hypothetical) for f in
            facts_of(text, "home_exercise_program")] == [(status, planned)]


@pytest.mark.parametrize("text", [
    "Discharged from OT to HEP.", "D/C to HEP; RTC prn.",
    "We are discharging to HEP after 2 more visits.", "Final visit, then transition to HEP.",
    "Release to HEP; follow up with PTP."])
def test_handing_over_to_the_home_program_states_none(text: str) -> None:
    # the course's next step names the program but states nothing of the worker's doing it
    # (the train annotations leave these out, seven times in eight)
    assert facts_of(text, "home_exercise_program") == []


@pytest.mark.parametrize(("text", "status"), [
    # a gain reached over the visits (a discharge) leaves the course done
    ("Over the course she made good progress over 14 visits of physical therapy and is "
     "discharged to her home program.", "completed"),
    # little or no change over them: the course is still being had
    ("Physical therapy: minimal change over 6 visits so far.", "attended"),
])
def test_a_change_judged_over_the_visits_is_no_lower_bound(text: str, status: str) -> None:
    assert {s for _, _, s in _sessions(text)} == {status}


def test_a_unit_labels_a_counter_only_with_its_colon() -> None:
    assert ("physical_therapy", 6, "completed") in _sessions("PT flowsheet. Sessions: 6/6.")
    assert not [n for _, n, _ in _sessions("D/C SUMMARY - KNEE. Visits 12/12. Goals met.")
                if n == 12]


@pytest.mark.parametrize(("text", "expected"), [
    # the point a plan measures at is no visits had...
    ("Massage not started yet. Will recheck the Oswestry after visit 5.", set()),
    ("Chiropractic: plan to remeasure lumbar flexion after session 4.", set()),
    # ...but a result told after a visit still counts it
    ("Chiropractic: after session 4 she could sit through a movie.",
     {("chiropractic", 4, "attended")}),
])
def test_a_measurement_planned_after_a_visit_counts_no_visits(
        text: str, expected: set[tuple[str, int, str]]) -> None:
    assert _sessions(text) == expected
