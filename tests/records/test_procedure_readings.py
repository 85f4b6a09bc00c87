"""Procedures, devices and studies as the train notes write them (issue 11, branch
read-procs): device trials by an abbreviation or by their length, a nerve study's normal run
and a diagnosis named before its study, paraspinal muscles read normal, denied injection
histories, cortisone shots, the emergency severity index, named nerve blocks, imaging's
arthritis abbreviations, spurs, intact ligaments and measured translation, and operations
the surgery list lacked."""

from __future__ import annotations

import pytest

from .conftest import facts_of


def _quotes(text: str, kind: str) -> list[str]:
    return [f.evidence.quote for f in facts_of(text, kind)]


# -- device trials

@pytest.mark.parametrize(("text", "quote"), [
    ("Plan: Ask the carrier to buy the H-wave unit for home use.", "H-wave unit"),
    ("Uses a TENS unit most evenings; 30-day trial in 2019 eased his pain.", "30-day trial"),
    ("2022: SCS trial (5 days) with 60% leg relief.", "SCS trial"),
    ("He rented an IF unit for 30 days last spring.", "IF unit"),
    ("H-wave 30-day home trial (03/01-03/30/2024): used twice daily.",
     "H-wave 30-day home trial"),
])
def test_a_device_trial_is_read_by_its_name_abbreviation_or_length(text: str, quote: str
                                                                   ) -> None:
    assert quote in _quotes(text, "device_trial")


@pytest.mark.parametrize("text", [
    "Claim: SCS-19-44021   DOI 02/02/2019",
    "Request: permanent SCS implant after the successful trial.",
    "A 30-day trial of duloxetine did not help.",
])
def test_no_device_trial_in_a_claim_number_an_implant_or_a_drugs_trial(text: str) -> None:
    assert not facts_of(text, "device_trial")


@pytest.mark.parametrize(("text", "days"), [
    ("H-wave home rental 03/02/2021 - 03/31/2021, Assessment: knee OA; daily use.", 30),
    ("TENS trial 5/1/22 to 5/14/22 then returned the unit, Pain 6->4.", 14),
])
def test_a_device_trial_told_by_its_dates_has_their_length(text: str, days: int) -> None:
    """Both ends of the rental are days of use."""
    (fact,) = facts_of(text, "device_trial")
    assert fact.value["duration_days"] == days


def test_a_denial_ends_where_and_opens_a_new_item() -> None:
    text = "She tried nortriptyline without success and a TENS unit with some relief."
    (fact,) = facts_of(text, "device_trial")
    assert not fact.negated


def test_a_device_no_longer_planned_is_negated() -> None:
    (fact,) = facts_of("Case manager: SCS trial no longer planned.", "device_trial")
    assert fact.negated


# -- nerve studies

def _edx(text: str) -> list[tuple[str, bool | None]]:
    return [(f.evidence.quote, f.value["radiculopathy"])
            for f in facts_of(text, "electrodiagnostic_finding")]


def test_a_clause_stating_the_study_normal_is_one_finding() -> None:
    text = "EMG/NCV of 05/03/2020 was normal, with no evidence of cervical radiculopathy."
    assert _edx(text) == [("EMG/NCV of 05/03/2020 was normal", False)]


def test_a_condition_listed_under_a_denied_radiculopathy_is_part_of_it() -> None:
    text = "NCV/EMG 2/2021: no lumbar radiculopathy or peroneal neuropathy."
    assert _edx(text) == [("lumbar radiculopathy", False)]


def test_separate_denials_stay_separate_findings() -> None:
    text = "EMG/NCV 6/2020 showed no cervical radiculopathy and no ulnar neuropathy."
    assert [quote for quote, _ in _edx(text)] == ["cervical radiculopathy", "ulnar neuropathy"]


@pytest.mark.parametrize(("text", "found"), [
    ("Dx: Left L5 radiculopathy; MRI 2/2022 L4-5 protrusion; EMG 3/2022 left L5 radiculopathy.",
     [("left L5 radiculopathy", True)]),
    ("Causation: the EMG supports my diagnosis of left L5 radiculopathy from the fall.", []),
])
def test_a_diagnosis_named_before_its_study_is_no_study_finding(
        text: str, found: list[tuple[str, bool]]) -> None:
    assert _edx(text) == found


def test_paraspinals_read_normal_deny_a_radiculopathy_and_spare_the_other_findings() -> None:
    text = ("EMG: R FDI fibrillations 2+, reduced recruitment; R FCU normal; "
            "C8 paraspinals normal.")
    found = _edx(text)
    assert ("C8 paraspinals normal", False) in found
    assert ("fibrillations 2+, reduced recruitment", None) in found
    assert len(found) == 2


# -- injections

def _injections(text: str) -> list[tuple[str, str, bool]]:
    return [(f.evidence.quote, f.value["type"], f.negated)
            for f in facts_of(text, "injection_history")]


@pytest.mark.parametrize(("text", "quote", "kind"), [
    ("Lumbar strain with sciatica. She has not had any spinal injections.",
     "has not had any spinal injections", "epidural_steroid"),
    ("Right knee pain since the fall. He has never had an injection.",
     "has never had an injection", "joint"),
    ("Right lateral epicondylitis. She has had no injections so far.",
     "has had no injections", "other"),
])
def test_a_denied_injection_history_takes_its_type_from_the_region(text: str, quote: str,
                                                                   kind: str) -> None:
    assert (quote, kind, True) in _injections(text)


def test_a_cortisone_shot_is_an_injection_of_its_site() -> None:
    assert ("cortisone shot", "joint", False) in _injections(
        "She had a cortisone shot to the left knee last year; it helped a month.")


@pytest.mark.parametrize("text", [
    "Arrived 08/14/2024 09:10 by ambulance   Triage ESI 2",
    "MRI lumbar: L5-S1 extrusion; no epidural hematoma.",
])
def test_triage_acuity_and_epidural_anatomy_are_no_injections(text: str) -> None:
    assert not _injections(text)


def test_a_nerve_block_named_by_its_nerve_stays_other_near_a_joint() -> None:
    found = _injections("Left knee CRPS. Lumbar sympathetic blocks x2 with short relief.")
    assert [kind for _, kind, _ in found] == ["other"]


# -- imaging

def _imaging(text: str) -> list[tuple[str, str, bool]]:
    return [(f.evidence.quote, f.value["category"], f.negated)
            for f in facts_of(text, "imaging_finding")]


@pytest.mark.parametrize(("text", "quote", "category"), [
    ("X-ray both hands 2/2023: erosive OA of the DIP joints.", "erosive OA", "degenerative"),
    ("Foot x-rays: large plantar calcaneal spur on the right.", "large plantar calcaneal spur",
     "degenerative"),
    ("CT cervical spine: OPLL C4-C6.", "OPLL C4-C6", "degenerative"),
    ("MRI right knee 1/2024: PCL intact; small effusion.", "PCL intact", "normal"),
    ("Flexion-extension x-rays show 5 mm of translation at L4-5.",
     "5 mm of translation at L4-5", "spondylolisthesis"),
])
def test_imaging_vocabulary_of_the_train_notes(text: str, quote: str, category: str) -> None:
    assert (quote, category, False) in _imaging(text)


def test_no_cord_compression_is_a_denied_stenosis() -> None:
    assert ("cord compression", "stenosis", True) in _imaging(
        "MRI C-spine 3/2022: mild canal narrowing; no cord compression.")


def test_an_intact_ligament_after_a_denied_tear_is_no_denial() -> None:
    assert ("intact ligaments", "normal", False) in _imaging(
        "MRI L knee: no meniscal tear, intact ligaments.")


def test_a_finding_takes_the_study_named_last_before_it() -> None:
    found = [(f.evidence.quote, f.value["modality"]) for f in facts_of(
        "MRI showed L4-5 stenosis, and flexion-extension films show 4 mm of translation at "
        "L4-5.", "imaging_finding")]
    assert ("4 mm of translation at L4-5", "xray") in found


# -- surgery

@pytest.mark.parametrize(("text", "quote"), [
    ("He is 10 weeks s/p C3-C6 laminoplasty.", "C3-C6 laminoplasty"),
    ("POD 12 s/p L ACL recon with hamstring autograft.", "L ACL recon"),
    ("She underwent R shoulder arthroscopic SLAP repair 05/2023.", "SLAP repair"),
])
def test_operations_the_list_lacked(text: str, quote: str) -> None:
    assert any(quote in found for found in _quotes(text, "surgery")), _quotes(text, "surgery")


def test_motor_unit_potentials_are_no_manipulation_under_anesthesia() -> None:
    assert not facts_of("EMG: large MUAPs in the right tibialis anterior.", "surgery")


def test_an_operation_no_longer_needed_is_negated() -> None:
    (fact,) = facts_of("Capsular release no longer needed; motion is back.", "surgery")
    assert fact.negated


@pytest.mark.parametrize("text", [
    "Plan: MRI L-spine requested. Continue naproxen.",
    "If no better in 3 weeks, consider MRI of the right shoulder.",
])
def test_a_study_asked_for_is_no_imaging_finding(text: str) -> None:
    assert not facts_of(text, "imaging_finding")


def test_a_repeat_study_done_is_read_by_its_findings() -> None:
    found = _imaging("Repeat MRI 04/2021 showed epidural fibrosis; no recurrent herniation.")
    assert all(quote.lower() != "repeat mri" for quote, _, _ in found)


def test_the_signs_of_a_joints_wear_are_one_finding_with_it() -> None:
    found = _imaging("X-ray R knee: lateral joint space narrowing with osteophytes and "
                     "subchondral sclerosis.")
    assert [quote for quote, _, _ in found] == ["joint space narrowing"]


@pytest.mark.parametrize(("text", "quote", "relief", "weeks"), [
    ("Two L4-5 ESIs (2/2020 and 6/2020); the first gave 60% relief for 8 weeks, the second "
     "none.", "the second none", 0, None),
    ("Two elbow steroid injections (the first gave 2 months of relief, second only 12 days).",
     "second only 12 days", None, 1.71),
])
def test_a_later_injection_judged_by_its_ordinal_is_its_own_result(
        text: str, quote: str, relief: int | None, weeks: float | None) -> None:
    found = {f.evidence.quote: f.value for f in facts_of(text, "injection_history")}
    assert found[quote].get("relief_percent") == relief
    assert found[quote].get("duration_weeks") == weeks


def test_an_ordinal_without_an_injection_before_it_is_nothing() -> None:
    assert not facts_of("She came back a second time; the second gave her 3 days off.",
                        "injection_history")


def test_a_later_injection_named_by_its_date_is_its_own_procedure() -> None:
    found = _injections("- R L5 TFESI 02/2022: 70% x 6 weeks; repeat 08/2022: 40% x 2 weeks; "
                        "third 01/2023: no relief.")
    assert ("repeat 08/2022", "epidural_steroid", False) in found
    assert ("third 01/2023", "epidural_steroid", False) in found


@pytest.mark.parametrize(("text", "quote", "kind"), [
    ("A left thumb CMC cortisone injection 3/2024 helped for 5 weeks.",
     "left thumb CMC cortisone injection", "joint"),
    ("Second SGB 06/2021 gave 50% relief for 10 days.", "SGB", "other"),
])
def test_small_joints_and_abbreviated_blocks(text: str, quote: str, kind: str) -> None:
    assert (quote, kind, False) in _injections(text)


def test_a_referral_through_a_doctors_title_proposes_the_injection() -> None:
    (fact,) = facts_of("Refer to Dr. Ames, pain management, for R L5-S1 TFESI.",
                       "injection_history")
    assert fact.hypothetical


@pytest.mark.parametrize("text", [
    "Physician: Dana Wu, MD, hand surgery",
    "Plan: Refer hand surgery. Continue the splint.",
    "Spine surgery (Dr. Ito) consulted by phone: stable fracture, brace for comfort.",
])
def test_a_surgical_service_named_is_no_surgery(text: str) -> None:
    assert not facts_of(text, "surgery")


def test_a_surgery_done_is_still_read() -> None:
    assert _quotes("He had spine surgery in 2015.", "surgery") == ["spine surgery"]


@pytest.mark.parametrize("text", [
    "Interferential unit for six weeks over the summer, no help with the neck.",
    "Had the H-wave at home two weeks - no change in her sleep.",
    "Rented a TENS unit for a month; didn't help the burning.",
])
def test_a_device_trial_told_with_a_denied_help_failed(text: str) -> None:
    """A denied help ("no help", "no change", "didn't help") is a failed trial, not a helped
    one for the word "help" in it."""
    (fact,) = facts_of(text, "device_trial")
    assert fact.value["outcome"] == "failed"
