"""The long tail of the fresh dev-34 (session "decide-dev34"): imaging, tests, devices and
programs whose guideline turns on one plain fact the notes state. Each rule in its general
form, on records worded unlike the cases that prompted it, drafted end to end."""

from __future__ import annotations

from pathlib import Path

from openimr.model import Case
from openimr.model.determination import CriterionStatus
from openimr.records import documents_for_case
from openimr.review.drafting import review_case
from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

met, not_met = CriterionStatus.met, CriterionStatus.not_met


# -- shoulder imaging informs a surgical decision: none when the worker declines one


def _shoulder(plan: str) -> list[tuple[str, str, str]]:
    return [
        (
            "2016-09-12",
            "orthopedic progress note",
            "Left shoulder pain since lifting a crate in 04/2016. Eight PT visits and ibuprofen, "
            "still hurts reaching up. Exam: positive Hawkins, supraspinatus 4/5, drop arm "
            "negative. " + plan,
        )
    ]


def test_shoulder_mri_for_a_worker_who_will_not_have_an_operation_is_not_supported() -> None:
    """ACOEM ch. 9: imaging without a red flag when surgery is being considered."""
    for plan in (
        "He does not want an operation under any circumstances. Plan: MRI left "
        "shoulder to look for a cuff tear.",
        "Given the cardiac history he is a non-operative candidate. Plan: MRI of the "
        "left shoulder.",
    ):
        item = _draft(["MRI left shoulder"], _shoulder(plan), injury="2016-04-02")[
            "MRI left shoulder"
        ]
        assert _status(item, "sim.would_consider_surgery") is not_met, plan
        assert item.decision.value == "upheld"


def test_shoulder_mri_for_a_worker_open_to_surgery_keeps_the_requirement_met() -> None:
    plan = (
        "He is open to surgical repair if a tear is found. Plan: MRI left shoulder to rule "
        "out a full-thickness tear."
    )
    item = _draft(["MRI left shoulder"], _shoulder(plan), injury="2016-04-02")["MRI left shoulder"]
    assert _status(item, "sim.would_consider_surgery") is met


# -- a laboratory test's own name is not the condition it measures


def test_a_hormone_level_ordered_is_not_a_low_level_found() -> None:
    """The plan's numbered test ("3) Serum free testosterone - low energy") names the test
    ordered; testing in men on opioids is for long-term high doses with signs of hypogonadism."""
    notes = [
        (
            "2018-02-06",
            "internal medicine note",
            "S: Neck pain 4/10, stable. Takes meloxicam daily and hydrocodone 5 mg about once "
            "a day. Energy low. BP 150/90 today (hypertension, nonindustrial).\n"
            "O: Cervical rotation 60, neuro intact.\n"
            "A/P: 1) Continue meds. 2) Labs: BMP (NSAID monitoring; none since 2016). 3) Serum "
            "free testosterone - low energy, on hydrocodone. 4) Return 6 weeks.",
        )
    ]
    item = _draft(["Serum free testosterone"], notes)["Serum free testosterone"]
    assert _status(item, "lab.other_indication") is not_met
    assert item.decision.value == "upheld"


def test_a_documented_low_testosterone_is_a_condition_the_test_monitors() -> None:
    case = Case.model_validate(
        {
            "ur_decision": {"date": "2018-02-13"},
            "disputed_items": ["Serum free testosterone"],
            "diagnoses": [{"description": "Low testosterone, on replacement"}],
            "records": [
                {
                    "date": "2018-02-06",
                    "type": "internal medicine note",
                    "text": "Neck pain 4/10. Plan: free testosterone level to adjust the dose.",
                }
            ],
        }
    )
    review = review_case(case, documents_for_case(case, Path(".")))
    item = review.determination.determinations[0]
    assert _status(item, "lab.other_indication") is met


# -- acute trauma: the bony site named before its tenderness


def test_point_tenderness_over_a_bone_after_a_fall_calls_for_films() -> None:
    """ACOEM ch. 9-13 and the Ottawa rules: films after trauma with bony tenderness."""
    notes = [
        (
            "2020-11-09",
            "occupational medicine note",
            "Slipped on a wet floor 11/06/2020 and landed on the right elbow. Radial head "
            "point tenderness, elbow extension painful. Plan: right elbow x-rays.",
        )
    ]
    item = _draft(["Right elbow x-rays 3 views"], notes, injury="2020-11-06")[
        "Right elbow x-rays 3 views"
    ]
    assert _status(item, "xr.indication") is met


# -- a weight-loss program after a diet that took little off, not after none


def test_a_diet_followed_for_months_with_little_loss_is_a_failed_attempt() -> None:
    notes = [
        (
            "2018-08-14",
            "orthopedic note",
            "Right hip arthritis, BMI 41. She kept a calorie-counting plan with her family "
            "doctor since January but with little weight loss. Plan: medically supervised "
            "weight management program, 16 weeks.",
        )
    ]
    item = _draft(["Medically supervised weight management program x16 weeks"], notes)[
        "Medically supervised weight management program x16 weeks"
    ]
    assert _status(item, "wl.own_attempt_failed") is met


def test_a_diet_history_left_blank_on_a_form_shows_no_attempt() -> None:
    notes = [
        (
            "2018-08-14",
            "intake form",
            "Chief complaint: low back pain. BMI 36.\n"
            "Weight loss history: [ ] diet program [ ] nutritionist [ ] medication\n"
            "Plan: commercial weight loss program x 6 months.",
        )
    ]
    item = _draft(["Commercial weight loss program x6 months"], notes)[
        "Commercial weight loss program x6 months"
    ]
    assert _status(item, "wl.own_attempt_failed") is not_met
    assert item.decision.value == "upheld"


# -- H-wave after a TENS trial: a list's or a form's answer that there was none


def test_a_list_or_form_saying_tens_was_never_tried_rules_out_h_wave() -> None:
    for said in ("Devices: TENS: not tried.", "Previous TENS use? [ ] Yes [x] No"):
        notes = [
            (
                "2015-01-20",
                "pain medicine note",
                "Neck pain 7/10 for two years. PT 10 visits and gabapentin did not help. "
                + said
                + " Plan: H-wave home trial 30 days.",
            )
        ]
        item = _draft(["H-wave home trial 30 days"], notes)["H-wave home trial 30 days"]
        assert _status(item, "et.h_wave_after_failed_care") is not_met, said
        assert item.decision.value == "upheld"


# -- supplies alone keep a unit going past its trial


def test_interferential_supplies_for_months_stand_on_a_successful_trial() -> None:
    notes = [
        (
            "2016-03-03",
            "chiropractic note",
            "Mid back pain 6/10. Interferential used in the office at each visit. Meloxicam "
            "upset her stomach. Plan: interferential electrodes and batteries x 2 months.",
        )
    ]
    item = _draft(["Interferential electrodes and batteries x2 months"], notes)[
        "Interferential electrodes and batteries x2 months"
    ]
    assert _status(item, "et.interferential_trial") is not_met
    assert item.decision.value == "upheld"


# -- a worker who drives himself, told after a comma


def test_driving_oneself_told_after_a_negated_clause_is_still_driving() -> None:
    notes = [
        (
            "2019-04-02",
            "PR-2",
            "Right ankle sprain. Walks with no limp, drives himself to therapy twice a week. "
            "Plan: transportation to therapy appointments.",
        )
    ]
    item = _draft(["Transportation to therapy appointments"], notes)[
        "Transportation to therapy appointments"
    ]
    assert _status(item, "tr.cannot_self_transport") is not_met


# -- a knee replacement needs more than mild arthritis on the films


def test_a_knee_read_as_mild_arthritis_is_not_the_loss_of_joint_space_asked() -> None:
    """ODG Knee, arthroplasty: significant loss of chondral clear space."""
    for film in (
        "Standing films: minimal lateral compartment narrowing, KL grade 1.",
        "Radiographs: early patellofemoral degenerative change, no bone-on-bone.",
    ):
        notes = [
            (
                "2022-05-10",
                "orthopedic note",
                "Right knee pain 7/10 for three years, off work. Failed PT, two cortisone "
                "injections and meloxicam. " + film + " Plan: right total knee arthroplasty.",
            )
        ]
        item = _draft(["Right total knee arthroplasty"], notes, age=63)[
            "Right total knee arthroplasty"
        ]
        assert _status(item, "tka.osteoarthritis_imaging") is not_met, film
        assert item.decision.value == "upheld"


def test_a_knee_read_as_moderate_to_severe_arthritis_meets_the_imaging_criterion() -> None:
    notes = [
        (
            "2022-05-10",
            "orthopedic note",
            "Right knee pain 7/10 for three years, off work. Standing films: moderate to "
            "severe medial compartment narrowing with osteophytes; mild patellofemoral "
            "spurring. Plan: right total knee arthroplasty.",
        )
    ]
    item = _draft(["Right total knee arthroplasty"], notes, age=63)["Right total knee arthroplasty"]
    assert _status(item, "tka.osteoarthritis_imaging") is met


def test_the_grade_of_the_pain_is_not_the_grade_of_the_films() -> None:
    notes = [
        (
            "2022-05-10",
            "orthopedic note",
            "Severe right knee pain 8/10 for three years, mild knee tenderness from arthritis "
            "medially. Plan: right total knee arthroplasty.",
        )
    ]
    item = _draft(["Right total knee arthroplasty"], notes, age=63)["Right total knee arthroplasty"]
    assert _status(item, "tka.osteoarthritis_imaging") is CriterionStatus.unknown
