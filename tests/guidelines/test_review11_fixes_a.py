"""False overturns review 11 found in the tenth session's rules (session "fix-review-a"): each
drafted end to end on an ordinary note with the misread wording (worded unlike the review's
case), and beside it the note where the rule must still decide."""

from __future__ import annotations

import re

import pytest

from openimr.guidelines.predicates.therapy import _LAPSE_RE
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown

# -- §1 one hand's grip force is no motor deficit for a radicular criterion

_NECK = (
    "Neck pain into the left forearm for 5 months despite 10 PT visits and meloxicam. "
    "Exam: Spurling negative. Deltoid, biceps and triceps 5/5. Sensation intact. Reflexes "
    "2+ and symmetric. {grip}MRI 02/2020: C6-7 left foraminal protrusion. Plan: left C6-7 "
    "cervical epidural steroid injection."
)
_CESI = "Left C6-7 cervical epidural steroid injection"


def _cesi(grip: str):
    return _draft(
        [_CESI], [("2020-04-14", "spine follow-up", _NECK.format(grip=grip))], ur="2020-04-28"
    )[_CESI]


@pytest.mark.parametrize("grip", ["Jamar grip 38 kg on the left. ", "Key pinch 7 kg left. "])
def test_one_hands_force_alone_is_no_radicular_weakness(grip: str) -> None:
    drafted = _cesi(grip)
    assert _status(drafted, "esi.radiculopathy_on_exam") is not_met
    assert drafted.decision.value == "upheld"


def test_a_grip_short_of_the_other_hand_still_counts() -> None:
    drafted = _cesi("Grip L 14 kg, R 32 kg. ")
    assert _status(drafted, "esi.radiculopathy_on_exam") is met


# -- §3 a worker back at work after a gain is no failed course for a lumbar MRI

_BACK = (
    "Low back pain into the right calf for 5 months. Exam: SLR positive right at 35 "
    "degrees, decreased sensation S1 right, ankle reflex absent right. {told} Plan: MRI "
    "lumbar spine."
)


@pytest.mark.parametrize(
    "told",
    [
        "Much improved after chiropractic and she is back to her regular job.",
        "Bending is easier since therapy, and he was back at the gym in March.",
    ],
)
def test_back_at_work_after_a_gain_is_no_partial_relief(told: str) -> None:
    drafted = _draft(
        ["MRI lumbar spine"],
        [("2020-06-02", "orthopedic note", _BACK.format(told=told))],
        ur="2020-06-16",
        injury="2020-01-06",
    )["MRI lumbar spine"]
    assert _status(drafted, "iml.indication") is not met
    assert drafted.decision.value == "upheld"


# -- §4 an outcome denied over a time is no lapse of the therapy


@pytest.mark.parametrize(
    "sentence",
    [
        "Had chiropractic x 14 visits in 2019, no meaningful relief over 3 years.",
        "Completed 12 PT sessions in 2020 with no functional gain for two years since.",
    ],
)
def test_an_outcome_denied_over_years_names_no_lapse(sentence: str) -> None:
    assert _LAPSE_RE.search(sentence) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "No PT since 2017.",
        "No formal therapy in over two years.",
        "PT 2017 x12; none since 2017.",
        "Has not had any chiropractic care since 2016.",
    ],
)
def test_a_therapy_denied_since_a_year_is_still_a_lapse(sentence: str) -> None:
    assert _LAPSE_RE.search(sentence) is not None


def test_a_course_with_no_benefit_over_years_still_counts_its_visits() -> None:
    note = (
        "Chronic neck strain since 2020. Physical therapy 12 sessions in 2021, no lasting "
        "benefit over 2 years. Exam: cervical rotation 50 degrees, tender trapezius. Plan: "
        "physical therapy 2x4 for the neck."
    )
    item = "Physical therapy 2x4 cervical spine"
    drafted = _draft(
        [item], [("2023-05-20", "orthopedic follow-up", note)], ur="2023-06-01", injury="2020-01-10"
    )[item]
    assert _status(drafted, "pm.visits_within_guideline") is not_met
    assert drafted.decision.value == "upheld"


# -- §5 and §6: repeat films need a change or an operation of the part filmed

_FIRST = (
    "2017-01-09",
    "orthopedic note",
    "Right knee ache for two years, worse on stairs. Radiographs of the right knee today: "
    "medial joint space narrowing with marginal osteophytes. PT 8 visits, little change.",
)
_LATER = (
    "Knee about the same, 4/10. {extra}Exam: effusion trace, crepitus. Plan: repeat right "
    "knee x-rays to follow the arthritis."
)
_XR = "Right knee x-rays 3 views"


def _repeat(extra: str, first=_FIRST):
    return _draft([_XR], [first, ("2017-02-20", "orthopedic note", _LATER.format(extra=extra))])[
        _XR
    ]


@pytest.mark.parametrize(
    "extra",
    [
        "He is increasing his walking distance and pain is stable. ",
        "Doing well since increasing the home exercises and the pain is mild. ",
    ],
)
def test_an_activity_increased_is_no_change_of_the_knee(extra: str) -> None:
    drafted = _repeat(extra)
    assert _status(drafted, "xr.repeat_significant_change") is not_met
    assert drafted.decision.value == "upheld"


def test_increasing_knee_pain_is_still_a_change() -> None:
    drafted = _repeat("Increasing medial knee pain since the holidays. ")
    assert _status(drafted, "xr.repeat_significant_change") is met


@pytest.mark.parametrize(
    "extra",
    [
        "Past surgical history: left shoulder arthroscopy 2014. ",
        "Prior surgery: lumbar microdiscectomy 2015. ",
    ],
)
def test_an_operation_of_another_part_is_none_to_follow(extra: str) -> None:
    drafted = _repeat(extra)
    assert _status(drafted, "xr.repeat_significant_change") is not_met
    assert drafted.decision.value == "upheld"


def test_an_operation_of_the_knee_this_year_is_one_to_follow() -> None:
    first = (
        "2017-01-09",
        "orthopedic note",
        "Right knee: status post right total knee arthroplasty 10/2016. Radiographs of the "
        "right knee today: components well seated.",
    )
    drafted = _repeat("", first=first)
    assert _status(drafted, "xr.repeat_significant_change") is met


# -- §7 a scapular retraction exercise is no retracted tendon

_CUFF = (
    "Left shoulder pain since lifting a pallet 03/02/2020, 6 weeks ago. MRI 04/2020: "
    "partial-thickness bursal-sided supraspinatus tear, no full-thickness component. "
    "{hep} Subacromial injection 04/01 gave no relief. Exam: painful arc, Jobe positive, "
    "external rotation 4/5 on the left. Plan: arthroscopic rotator cuff repair."
)
_RCR = "Left shoulder arthroscopic rotator cuff repair"


def _cuff(hep: str):
    return _draft(
        [_RCR], [("2020-04-14", "orthopedic note", _CUFF.format(hep=hep))], injury="2020-03-02"
    )[_RCR]


@pytest.mark.parametrize(
    "hep",
    [
        "Home program: band rows, scapular retraction and cuff isometrics, no better.",
        "PT 5 visits (scapular retraction drills), no change.",
    ],
)
def test_a_scapular_retraction_exercise_leaves_the_partial_tear_rule(hep: str) -> None:
    drafted = _cuff(hep)
    assert _status(drafted, "rcr.partial_tear_conservative_care") is not_met
    assert drafted.decision.value == "upheld"


def test_a_retracted_tendon_is_still_a_full_thickness_tear() -> None:
    note = _CUFF.replace("no full-thickness component", "tendon retracted 1.5 cm to the apex")
    drafted = _draft(
        [_RCR],
        [("2020-04-14", "orthopedic note", note.format(hep="PT 5 visits, no change."))],
        injury="2020-03-02",
    )[_RCR]
    assert _status(drafted, "rcr.partial_tear_conservative_care") is None


# -- §8 a social drinker's amount is no psychological risk factor

_ANKLE = (
    "Left ankle sprain 5 weeks ago, better in a brace. Pain 2/10. Mood fine, sleeps "
    "through the night. Social: single, {drinks}, no tobacco. Exam: mild swelling of "
    "the lateral ankle. Plan: refer to psychology for evaluation and treatment."
)
_PSY = "Psychological evaluation and treatment x 6 sessions"


def _psy(drinks: str):
    return _draft(
        [_PSY],
        [("2020-05-11", "orthopedic note", _ANKLE.format(drinks=drinks))],
        injury="2020-04-01",
    )[_PSY]


@pytest.mark.parametrize(
    "drinks", ["a couple of beers on weekends", "two or three glasses of wine a week"]
)
def test_a_social_drinkers_amount_indicates_no_psychological_care(drinks: str) -> None:
    drafted = _psy(drinks)
    assert _status(drafted, "psy.indication") is not met
    assert drafted.decision.value == "upheld"


def test_drinking_to_sleep_is_still_a_risk_factor() -> None:
    drafted = _psy("4-5 beers nightly to sleep since the injury")
    assert _status(drafted, "psy.indication") is met


def test_lapse_regex_reads_the_years() -> None:
    match = _LAPSE_RE.search("No chiropractic since 03/2017.")
    assert match and match.group("year") == "2017" and re.fullmatch(r"0?3", match.group("month"))
