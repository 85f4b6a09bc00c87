"""Requirements the audit of the frequent topics added (session "decide-audit"): each on records
worded unlike any decision case, drafted end to end; each also left alone where it does not
apply, so that silence never upholds."""

from __future__ import annotations

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

met, not_met = CriterionStatus.met, CriterionStatus.not_met


# -- an SSRI is no analgesic (CPMTG p. 107)


def test_an_ssri_for_pain_alone_is_not_supported() -> None:
    notes = [
        (
            "2018-09-04",
            "occupational medicine follow-up",
            "Chronic right elbow and forearm pain since a crush injury in 2016. Sleeps poorly "
            "because of the ache. Tried ibuprofen and a forearm strap. Started fluoxetine 20 mg "
            "last month for the chronic pain; she thinks it takes the edge off. Mood is fine, "
            "denies sadness.",
        ),
        (
            "2018-10-02",
            "occupational medicine follow-up",
            "Forearm pain 5/10. Continue fluoxetine 20 mg daily for pain.",
        ),
    ]
    drafted = _draft(["Fluoxetine 20mg #30"], notes)["Fluoxetine 20mg #30"]
    # no diagnosis list in these notes: the psychiatric indication is not shown (unknown)
    assert _status(drafted, "ad.ssri_psychiatric_indication") is not met
    assert drafted.decision.value == "upheld"


def test_an_ssri_for_an_anxiety_disorder_meets_the_indication() -> None:
    notes = [
        (
            "2018-09-04",
            "psychiatry follow-up",
            "Diagnosis: generalized anxiety disorder after the warehouse fire. Paroxetine 20 mg "
            "started in June; GAD-7 from 17 to 8, sleeping 6 hours, back at work part time.",
        )
    ]
    drafted = _draft(["Paroxetine 20mg #30"], notes)["Paroxetine 20mg #30"]
    assert _status(drafted, "ad.ssri_psychiatric_indication") is met


def test_a_tricyclic_for_pain_is_not_asked_the_ssri_question() -> None:
    notes = [
        (
            "2018-09-04",
            "pain follow-up",
            "Burning pain over the left foot after a tarsal tunnel release; nortriptyline 25 mg "
            "at night for the neuropathic pain.",
        )
    ]
    drafted = _draft(["Nortriptyline 25mg #30"], notes)["Nortriptyline 25mg #30"]
    assert _status(drafted, "ad.ssri_psychiatric_indication") is None


# -- functional restoration: the baseline evaluation and the worker's motivation


_FRP_HISTORY = (
    "Neck and shoulder pain for 3 years after a fall from a ladder. Treated with 30 "
    "therapy visits, 8 acupuncture sessions, two cervical epidurals, celecoxib and "
    "tramadol without lasting benefit; the spine surgeon finds no surgical lesion. "
    "Off work since 2019; needs help dressing and cannot lift a laundry basket."
)


def test_a_program_asked_before_the_evaluation_is_done_is_not_supported() -> None:
    notes = [
        (
            "2021-05-10",
            "PR-2",
            _FRP_HISTORY + " Plan: request 10 days of the functional restoration program; "
            "the interdisciplinary assessment is to be scheduled.",
        )
    ]
    drafted = _draft(["Functional restoration program 10 days"], notes)
    item = drafted["Functional restoration program 10 days"]
    assert _status(item, "frp.baseline_evaluation") is not_met
    assert item.decision.value == "upheld"


def test_a_program_after_a_baseline_evaluation_meets_it() -> None:
    notes = [
        (
            "2021-05-10",
            "pain program evaluation",
            "Interdisciplinary assessment (physician, physical therapist, psychologist). "
            + _FRP_HISTORY
            + " Baseline physical capacity: lifts 8 lb waist to shoulder, "
            "stands 12 minutes. She wants to get back to bookkeeping. Recommend 10 program "
            "days, then re-evaluation.",
        )
    ]
    item = _draft(["Functional restoration program 10 days"], notes)[
        "Functional restoration program 10 days"
    ]
    assert _status(item, "frp.baseline_evaluation") is met
    assert _status(item, "frp.motivation") is None
    assert item.decision.value == "overturned"


def test_a_worker_whose_goal_is_the_claim_is_not_a_candidate() -> None:
    notes = [
        (
            "2021-05-10",
            "pain program evaluation",
            "Interdisciplinary assessment. " + _FRP_HISTORY + " Baseline physical capacity: "
            "lifts 8 lb. Psychology: her primary goal is to close her claim and collect the "
            "permanent disability rating; she sees no point in exercising.",
        )
    ]
    item = _draft(["Functional restoration program 10 days"], notes)[
        "Functional restoration program 10 days"
    ]
    assert _status(item, "frp.motivation") is not_met
    assert item.decision.value == "upheld"


# -- trigger point injections: two months between sessions (CPMTG p. 122)


def test_trigger_points_repeated_within_two_months_are_not_supported() -> None:
    notes = [
        (
            "2017-02-01",
            "procedure note",
            "Trigger point injections x3 to the left gluteus medius, lidocaine 1%. Twitch "
            "response and referred pain into the posterior thigh at each point.",
        ),
        (
            "2017-03-01",
            "PM&R follow-up",
            "S/p gluteal trigger point injections 02/01/2017: 70% relief to date, walking 40 "
            "minutes instead of 15, off the cyclobenzaprine. Taut bands with twitch response "
            "again, referred pain to the thigh. Low back pain since 2015, failed PT, "
            "stretching, naproxen. No radicular signs, SLR negative, EMG normal. "
            "Plan: repeat trigger point injections x3.",
        ),
    ]
    item = _draft(
        ["Trigger point injections x3 gluteal"], notes, injury="2015-06-01", ur="2017-03-08"
    )["Trigger point injections x3 gluteal"]
    assert _status(item, "tp.repeat_interval") is not_met
    assert item.decision.value == "upheld"


# -- rotator cuff repair of a partial-thickness tear: conservative care first


def test_a_partial_thickness_tear_weeks_old_is_not_repaired_yet() -> None:
    notes = [
        (
            "2019-04-20",
            "orthopedic consult",
            "Left shoulder pain since lifting a pallet 6 weeks ago. MRI: high-grade "
            "articular-sided partial-thickness supraspinatus tear, no retraction. Exam: "
            "painful arc, Hawkins positive, external rotation 4/5. No therapy yet. Plan: "
            "arthroscopic rotator cuff repair.",
        )
    ]
    item = _draft(["Left shoulder arthroscopic rotator cuff repair"], notes, injury="2019-03-08")[
        "Left shoulder arthroscopic rotator cuff repair"
    ]
    assert _status(item, "rcr.partial_tear_conservative_care") is not_met
    assert item.decision.value == "upheld"


def test_a_full_thickness_tear_is_not_asked_for_three_months() -> None:
    notes = [
        (
            "2019-04-20",
            "orthopedic consult",
            "Left shoulder pain since a fall 6 weeks ago. MRI: full-thickness supraspinatus "
            "tear, 1 cm, with a partial-thickness infraspinatus tear. Exam: drop arm positive, "
            "external rotation 3+/5.",
        )
    ]
    item = _draft(["Left shoulder arthroscopic rotator cuff repair"], notes, injury="2019-03-08")[
        "Left shoulder arthroscopic rotator cuff repair"
    ]
    assert _status(item, "rcr.partial_tear_conservative_care") is None


# -- lumbar MRI: for a worker who would consider surgery (ACOEM ch. 12)


_LOW_BACK = (
    "Low back pain into the right calf for 5 months. SLR positive right at 40 degrees, "
    "absent right ankle jerk, decreased sensation lateral foot. 12 therapy visits and "
    "meloxicam have not helped."
)


def test_a_lumbar_mri_for_a_worker_set_against_an_operation_is_not_supported() -> None:
    notes = [
        (
            "2020-08-11",
            "PR-2",
            _LOW_BACK + " He is adamant about avoiding spine surgery and says he would never "
            "let anyone operate. Plan: MRI lumbar spine.",
        )
    ]
    item = _draft(["MRI lumbar spine without contrast"], notes)["MRI lumbar spine without contrast"]
    assert _status(item, "iml.would_consider_surgery") is not_met
    assert item.decision.value == "upheld"


def test_a_later_change_of_mind_or_silence_leaves_the_mri_alone() -> None:
    notes = [
        ("2020-06-02", "PR-2", _LOW_BACK + " Declines surgery for now."),
        (
            "2020-08-11",
            "PR-2",
            _LOW_BACK + " After talking with his wife he is now open to surgical options. "
            "Plan: MRI lumbar spine.",
        ),
    ]
    item = _draft(["MRI lumbar spine without contrast"], notes)["MRI lumbar spine without contrast"]
    assert _status(item, "iml.would_consider_surgery") is met
    silent = _draft(
        ["MRI lumbar spine without contrast"],
        [("2020-08-11", "PR-2", _LOW_BACK + " Plan: MRI lumbar spine.")],
    )
    # silence: the condition holds unless a record refuses the operation
    assert (
        _status(silent["MRI lumbar spine without contrast"], "iml.would_consider_surgery") is met
    )


# -- capsaicin alone: after other treatments (CPMTG pp. 111-112)


def test_capsaicin_as_the_first_treatment_is_not_supported() -> None:
    notes = [
        (
            "2016-11-03",
            "initial evaluation",
            "Right thumb base pain for 4 months, CMC osteoarthritis on x-ray. No medication "
            "taken so far, no therapy. Start capsaicin 0.025% cream three times a day.",
        )
    ]
    item = _draft(["Capsaicin 0.025% cream 60g"], notes)["Capsaicin 0.025% cream 60g"]
    assert _status(item, "ta.capsaicin_after_other_treatments") is not_met
    assert item.decision.value == "upheld"


# -- hip replacement: the body mass index (ODG)


def test_a_hip_replacement_at_a_body_mass_index_over_40_is_not_supported() -> None:
    notes = [
        (
            "2018-01-09",
            "orthopedic follow-up",
            "Left hip osteoarthritis, x-ray with bone-on-bone joint space loss. Failed "
            "therapy, naproxen and an intra-articular injection. Cannot walk a block or put "
            "on socks. Age 61. BMI today 44.2. Plan: left total hip arthroplasty.",
        )
    ]
    item = _draft(["Left total hip arthroplasty"], notes)["Left total hip arthroplasty"]
    assert _status(item, "tha.body_mass_index") is not_met
    assert item.decision.value == "upheld"
