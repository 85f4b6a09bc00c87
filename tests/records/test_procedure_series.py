"""Procedures and their results as histories list them (issue 11, branch read-procs2): a
series of injections judged item by item by date, a nerve block's result near a joint, a
result given in days, and an injection's result in a sentence that names therapy first."""

from __future__ import annotations

import pytest

from .conftest import facts_of


def _results(text: str) -> list[tuple[str, str, int | None]]:
    return [(f.evidence.quote, f.value["type"], f.value.get("relief_percent"))
            for f in facts_of(text, "injection_history") if not f.hypothetical]


@pytest.mark.parametrize(("text", "quote", "kind", "relief"), [
    # a later item told by its date and a percent with no relief word
    ("Tried two right L5 transforaminal ESIs (1/2021 60% x 2 months; 6/2021 \"maybe 10%, "
     "a couple days\"), then duloxetine.", '6/2021 "maybe 10%, a couple days"',
     "epidural_steroid", 10),
    # or by its date and a time alone, or nothing at all
    ("Left shoulder steroid injections: 01/2019 (two months of relief), 07/2019 (about 3 "
     "weeks), 01/2020 (none).", "07/2019 (about 3 weeks", "joint", None),
    ("Left shoulder steroid injections: 01/2019 (two months of relief), 07/2019 (about 3 "
     "weeks), 01/2020 (none).", "01/2020 (none", "joint", 0),
])
def test_a_later_injection_of_a_series_judged_by_its_date_is_its_own_result(
        text: str, quote: str, kind: str, relief: int | None) -> None:
    assert (quote, kind, relief) in _results(text)


def test_a_dated_result_needs_an_earlier_one_and_no_other_treatment_between() -> None:
    # the first dated result is the procedure's own; a later date after another treatment
    # belongs to that treatment
    found = _results("Caudal ESI 04/2022: 70% for two months; acupuncture 09/2022 (no relief).")
    assert [q for q, _t, _r in found if "09/2022" in q] == []
    assert [q for q, _t, _r in found if q.startswith("04/2022")] == []


def test_a_result_given_in_days_after_a_percent_is_read() -> None:
    found = _results("Occipital nerve blocks x2 in 2023: the first 70% x 5 days, the other "
                     "30% x 3 days.")
    assert ("30% x 3 days", "other", 30) in found


def test_a_nerve_blocks_result_keeps_the_blocks_type_near_a_joint() -> None:
    found = _results("Right ankle CRPS. Lumbar sympathetic blocks x3: 50% x 1 week.")
    assert ("50% x 1 week", "other", 50) in found


def test_a_result_after_therapy_named_first_belongs_to_the_esis_named_after_it() -> None:
    found = _results("Completed 12 physical therapy visits, then three lumbar ESIs (40% for 2 "
                     "weeks, 20% for 5 days, none).")
    assert any(relief == 20 for _q, _t, relief in found)


@pytest.mark.parametrize(("text", "quote"), [
    ("We will schedule pulsed radiofrequency to the left genitofemoral nerve.",
     "pulsed radiofrequency"),
    ("Would consider radiofrequency of the genicular nerves after a diagnostic block.",
     "radiofrequency"),
])
def test_radiofrequency_named_by_its_target_is_a_procedure(text: str, quote: str) -> None:
    found = [(f.evidence.quote, f.value["type"], f.hypothetical)
             for f in facts_of(text, "injection_history")]
    assert found == [(quote, "radiofrequency", True)]


def _imaging(text: str) -> list[tuple[str, str, bool]]:
    return [(f.evidence.quote, f.value["category"], f.negated)
            for f in facts_of(text, "imaging_finding")]


def test_no_fracture_with_the_joint_spaces_kept_is_a_normal_film() -> None:
    assert _imaging("Radiographs of the right ankle: joint space is well maintained and no "
                    "fracture.") == [("joint space is well maintained and no fracture",
                                      "normal", False)]


def test_no_fracture_beside_another_denial_stays_a_denied_fracture() -> None:
    assert _imaging("Radiographs of the right ankle: no fracture, no dislocation.") == [
        ("fracture", "fracture", True)]


def _edx(text: str) -> list[tuple[str, bool | None]]:
    return [(f.evidence.quote, f.value.get("radiculopathy"))
            for f in facts_of(text, "electrodiagnostic_finding")]


def test_a_study_called_electrodiagnostics_and_plural_radiculopathies_are_read() -> None:
    found = _edx("Electrodiagnostics of 2/2024 showed chronic right C6 and C7 radiculopathies.")
    assert [r for quote, r in found if quote.endswith("C7 radiculopathies")] == [True]


def test_denervation_grading_the_condition_before_it_is_one_finding_with_it() -> None:
    found = _edx("NCS/EMG: severe left median neuropathy at the wrist, with active denervation "
                 "of the APB.")
    assert [quote for quote, _r in found] == ["severe left median neuropathy at the wrist"]


def test_a_medication_cut_and_an_activity_regained_with_the_relief_are_results_of_their_own(
        ) -> None:
    found = [(f.evidence.quote, f.value.get("medication_reduced"), f.value.get("functional_gain"))
             for f in facts_of("Her right L5-S1 transforaminal ESI brought about 80% relief for "
                               "two months, she lowered her tramadol from three a day to one, and "
                               "was able to garden again.", "injection_history")]
    assert ("lowered her tramadol from three a day to one", True, None) in found
    assert ("was able to garden again", None, True) in found


def test_no_result_of_its_own_for_a_relief_that_is_only_a_criterion() -> None:
    found = facts_of("Repeat facet injections only if at least 50% relief and was able to cut "
                     "opioids by half.", "injection_history")
    assert not [f for f in found if f.value.get("medication_reduced") and f.value.get(
        "relief_percent") is None and not f.hypothetical]


def test_an_operation_named_after_after_is_read_when_dated() -> None:
    quotes = [f.evidence.quote for f in facts_of(
        "Seen for neuropathic groin pain after left inguinal hernia repair 05/14/2021. "
        "Numbness after the repair persists.", "surgery")]
    assert quotes == ["left inguinal hernia repair 05/14/2021"]


@pytest.mark.parametrize("text", [
    "Assessment: Left C6 radiculopathy, much better since the CESI.",
    "A: Knee OA, responding well to the prior viscosupplementation.",
])
def test_an_assessment_of_the_course_after_an_injection_is_no_injection_of_its_own(
        text: str) -> None:
    assert facts_of(text, "injection_history") == []


def test_an_assessment_keeps_the_result_it_states_and_the_history_its_injection() -> None:
    found = _results("Assessment: L5 radiculopathy, relapsing after the TFESI with 60% relief "
                     "for five weeks.")
    assert [(t, r) for _q, t, r in found] == [("epidural_steroid", 60)]
    assert len(_results("HPI: He had a good response to the right L5 TFESI of 4/1/2024.")) == 1


def test_an_injection_offered_and_turned_down_is_negated() -> None:
    found = [(f.value["type"], f.negated) for f in facts_of(
        "We offered a right sacroiliac joint injection at this visit, but she declined.",
        "injection_history")]
    assert found == [("joint", True)]


def test_turning_down_something_else_leaves_the_injection_done() -> None:
    found = [f.negated for f in facts_of("The caudal ESI gave 70% relief; he refuses surgery.",
                                         "injection_history")]
    assert found and not any(found)


def test_no_trial_of_an_injection_yet_is_a_denied_injection() -> None:
    found = [(f.value["type"], f.negated) for f in facts_of(
        "He has never had a trial of a lumbar epidural injection.", "injection_history")]
    assert found == [("epidural_steroid", True)]


def test_an_ablation_named_with_its_medial_branch_targets_is_a_radiofrequency_procedure() -> None:
    found = [(f.evidence.quote, f.value["type"])
             for f in facts_of("Done today: left L3, L4 medial branch RFA under fluoroscopy.",
                               "injection_history")]
    assert ("medial branch RFA", "radiofrequency") in found


@pytest.mark.parametrize("text", [
    "Claims adjuster notes the RFA was received on 07/02/2018 with a PR-2 attached.",
    "Utilization review denied the RFA for lack of an examination.",
    "Per the RFA, the worker remains on modified duty.",
    "The RFA lists chronic neck strain as the diagnosis.",
    "Only the RFA and a pharmacy ledger arrived.",
])
def test_the_request_for_authorization_is_no_ablation(text: str) -> None:
    found = [f.value["type"] for f in facts_of(text, "injection_history")]
    assert "radiofrequency" not in found


@pytest.mark.parametrize("text", [
    "Since the RFA her neck pain is 70% better and she sleeps through the night.",
    "She is s/p RFA at right C5-6 with good relief.",
    "The response to the RFA was excellent, about 80% for seven months.",
])
def test_the_ablation_told_by_its_result_or_level_stays_a_procedure(text: str) -> None:
    found = [f.value["type"] for f in facts_of(text, "injection_history")]
    assert "radiofrequency" in found


def test_rfa_sense_is_decided_by_the_words_around_it() -> None:
    from openimr.records.kinds.history import rfa_means_request

    def sense(text: str) -> bool:
        at = text.index("RFA")
        return rfa_means_request(text, at, at + 3)

    assert sense("UR received the RFA 03/02/2017 from the treating surgeon.")
    assert sense("The RFA states the request is for twelve visits.")
    assert not sense("Relief after the RFA lasted about six months.")
    assert not sense("Plan: RFA of the left L4, L5 medial branches.")
    assert not sense("UR denied a repeat RFA at L4-5.")
