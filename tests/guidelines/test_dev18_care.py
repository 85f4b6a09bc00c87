"""Non-pharmacy items drafted wrongly on dev-18 (session "decide-dev18-care"): each rule in its
general form, on records worded unlike the cases that prompted it, read end to end."""

from __future__ import annotations

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown

_NECK_MRI = "Cervical MRI without contrast"


def _neck_note(findings: str) -> str:
    return ("Neck f/u. Neck pain 4/10 after 8 therapy visits and home program, no red flags. "
            f"{findings} Plan: MRI of the cervical spine.")


# -- a cervical MRI answers neurologic dysfunction referable to the neck


def test_hand_numbness_of_a_wrist_entrapment_is_no_sign_for_a_neck_mri() -> None:
    """ACOEM ch. 8: imaging of the neck for physiologic evidence of neurologic dysfunction. A
    median-distribution sensory loss in a worker diagnosed with carpal tunnel syndrome is the
    wrist's sign; with intact reflexes and strength it does not support a neck MRI."""
    note = _neck_note("Reflexes 2+ symmetric, strength 5/5 throughout. Diminished light touch "
                      "over the left index and long fingers. Tinel positive at the left carpal "
                      "tunnel. Assessment: left carpal tunnel syndrome; neck strain.")
    drafted = _draft([_NECK_MRI], [("2019-04-02", "progress note", note)])[_NECK_MRI]
    assert _status(drafted, "imc.indication") is not met
    assert drafted.decision.value == "upheld"


def test_a_sensory_loss_with_a_cervical_radiculopathy_still_counts() -> None:
    note = _neck_note("Reflexes 2+ symmetric, strength 5/5. Diminished light touch over the "
                      "left index and long fingers. Assessment: left C6 radiculopathy; also "
                      "carpal tunnel syndrome by history.")
    drafted = _draft([_NECK_MRI], [("2019-04-02", "progress note", note)])[_NECK_MRI]
    assert _status(drafted, "imc.indication") is met


def test_a_reflex_change_counts_whatever_else_is_diagnosed() -> None:
    note = _neck_note("Triceps reflex absent on the left, strength 5/5. Assessment: left carpal "
                      "tunnel syndrome; neck strain.")
    drafted = _draft([_NECK_MRI], [("2019-04-02", "progress note", note)])[_NECK_MRI]
    assert _status(drafted, "imc.indication") is met


# -- transportation: a worker who gets to the visit on his own


def test_a_worker_who_came_on_his_own_needs_no_transportation() -> None:
    for told in ("She drove in from Lodi this morning, about 40 minutes.",
                 "Arrived to the appointment by herself; sits through the visit."):
        note = f"Knee f/u. {told} Asks for rides to therapy. Plan: transportation to visits."
        drafted = _draft(["Transportation to therapy visits x6"],
                         [("2020-02-03", "progress note", note)])["Transportation to therapy visits x6"]
        assert _status(drafted, "tr.cannot_self_transport") is not_met, told


# -- home health: a worker starting outpatient therapy is not homebound


def test_a_worker_cleared_for_outpatient_therapy_is_not_homebound() -> None:
    note = ("Post-op week 3 after hip replacement. Walks with a cane in the apartment. Needs "
            "help with cooking and laundry. Begins outpatient physical therapy next week at "
            "the clinic. Request home health aide 3 hrs/day x 3 weeks.")
    item = "Home health aide 3 hours/day x 3 weeks"
    drafted = _draft([item], [("2019-09-10", "orthopedic note", note)])[item]
    assert _status(drafted, "hh.homebound") is not_met
    assert drafted.decision.value == "upheld"


# -- postsurgical therapy after a wrist fracture's fixation


def test_therapy_after_a_distal_radius_fixation_is_postsurgical() -> None:
    """8 CCR 9792.24.3: fracture of the radius, 16 visits over 8 weeks in a 4-month period."""
    note = ("Hand therapy visit 8. Status post open reduction internal fixation, left distal "
            "radius, 01/06/2020. Wrist flexion 20 -> 50 degrees, grip 10 -> 30 lb, PRWE 70 -> 42. "
            "Can now carry groceries. Plan: 6 more visits.")
    item = "Occupational therapy left wrist 6 visits"
    drafted = _draft([item], [("2020-02-24", "hand therapy note", note)])[item]
    assert drafted.topic == "postsurgical_physical_medicine"
    assert drafted.request["subcategory"] == "distal_radius_orif"
    assert drafted.decision.value == "overturned"


# -- a drug stopped for a raised blood pressure is a trial not tolerated


def test_an_nsaid_stopped_for_blood_pressure_is_a_failed_trial() -> None:
    note = ("Right knee OA, KL 3 on standing films, medial joint line tender, effusion. "
            "Meloxicam was discontinued due to elevated blood pressure; home exercise daily. "
            "Plan: hyaluronic acid injection right knee.")
    item = "Hyaluronic acid injection right knee"
    drafted = _draft([item], [("2017-05-02", "orthopedic note", note)])[item]
    assert _status(drafted, "vs.conservative_failed") is met


# -- a follow-up through the recovery from a recent operation


def test_a_surgeons_follow_up_in_the_months_after_an_operation_is_supported() -> None:
    item = "Hand specialist re-evaluation"
    for when, status in (("2019-03-04", met), ("2018-06-04", not_met)):
        note = (f"Status post right carpal tunnel release {when[5:7]}/{when[8:]}/{when[:4]}. "
                "Scar tender, pillar pain, numbness resolved, grip 30 lb. Return in 6 weeks.")
        drafted = _draft([item], [("2019-04-15", "orthopedic note", note)])[item]
        reasons = {c.id: c for c in drafted.criteria}["cs.reason_for_referral"]
        assert (reasons.status is met) is (status is met), when

