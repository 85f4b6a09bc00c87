"""False upholds a reviewer found in the tenth session's decision rules (review 11, findings
9-13; session "fix-review-b"): each on an ordinary sentence the rule misread, worded unlike
the reviewer's repro, with a sibling wording and a check that the rule still fires."""

from __future__ import annotations

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown

# -- 9. a wish to avoid surgery, or a refusal kept for now, is no refusal; an MRI that would
# guide an epidural informs an invasive procedure all the same

_LUMBAR = ("Right buttock and calf pain for 5 months. Six chiropractic visits and ibuprofen "
           "without benefit. Exam: SLR positive on the right at 45 degrees, absent right ankle "
           "jerk, decreased pinprick S1 right. {extra}Plan: lumbar MRI without contrast.")
_MRI = "MRI lumbar spine without contrast"


def _surgery_criterion(extra: str, items: tuple[str, ...] = (_MRI,)):
    drafted = _draft(list(items), [("2020-09-14", "physiatry follow-up", _LUMBAR.format(
        extra=extra))], ur="2020-09-25", injury="2020-03-02")[_MRI]
    return _status(drafted, "iml.would_consider_surgery")


def test_a_wish_to_avoid_surgery_is_no_refusal() -> None:
    for extra in ("She would like to avoid surgery if she can. ",
                  "He wants to avoid an operation, as most do. ",
                  "Hoping to avoid surgical intervention. "):
        assert _surgery_criterion(extra) is met, extra


def test_a_refusal_the_study_may_change_is_no_refusal() -> None:
    for extra in ("She declines surgery for now; will reconsider surgery after the MRI. ",
                  "Not interested in an operation at this point; surgical options depending "
                  "on the MRI. "):
        assert _surgery_criterion(extra) is met, extra


def test_a_refusal_with_an_epidural_the_study_would_guide_leaves_the_criterion_out() -> None:
    """mtus-facts §3.13: an ESI needs imaging or electrodiagnostic corroboration, so the MRI
    informs an invasive procedure though surgery is refused."""
    for extra in ("He declines surgery; would consider an epidural depending on the MRI. ",
                  "Refuses any operation. Discussed a transforaminal injection. "):
        assert _surgery_criterion(extra) is None, extra
    assert _surgery_criterion("She refuses surgery. ", items=(
        _MRI, "Right S1 transforaminal epidural steroid injection")) is None


def test_a_refusal_or_no_candidacy_still_rules_the_study_out() -> None:
    for extra in ("She refuses surgery of any kind. ",
                  "Per the spine surgeon he is not a surgical candidate. ",
                  "He declines surgery and does not want injections either. ",
                  "He is not interested in shots or surgery at this time. "):
        assert _surgery_criterion(extra) is not_met, extra


# -- 10. "not motivated by secondary gain" speaks of the gain, not of the worker

_FRP = ("Chronic neck pain for 4 years despite PT, acupuncture, NSAIDs and a cervical "
        "epidural. Not a surgical candidate per neurosurgery. Off work since 2015; cannot "
        "drive more than 15 minutes. Interdisciplinary evaluation 03/2019 with baseline "
        "functional testing: lift 8 lb, sit 25 min. Psychology: {extra} Plan: functional "
        "restoration program 80 hours.")
_FRP_ITEM = "Functional restoration program x 80 hours"


def _motivation(extra: str):
    drafted = _draft([_FRP_ITEM], [("2019-04-22", "pain management follow-up",
                                    _FRP.format(extra=extra))],
                     ur="2019-05-02", injury="2015-02-10")[_FRP_ITEM]
    return _status(drafted, "frp.motivation")


def test_not_motivated_by_a_gain_is_no_unmotivated_worker() -> None:
    for extra in ("She is not motivated by the settlement and wants to drive again.",
                  "Unmotivated by money; his goal is to return to his trade."):
        assert _motivation(extra) is not not_met, extra


def test_an_unmotivated_worker_still_rules_the_program_out() -> None:
    for extra in ("She is not motivated to change; her goal is the settlement.",
                  "Poorly motivated for active treatment."):
        assert _motivation(extra) is not_met, extra


# -- 11. a program requested per the evaluation done is no evaluation still to come

_FRP_EVAL = ("Chronic low back pain for 3 years despite PT, chiropractic, NSAIDs and two "
             "ESIs. Not a surgical candidate per spine surgeon. Off work since 2016. {told}")


def _baseline(told: str):
    drafted = _draft([_FRP_ITEM], [("2019-05-20", "pain management follow-up",
                                    _FRP_EVAL.format(told=told))],
                     ur="2019-06-01", injury="2016-01-10")[_FRP_ITEM]
    return _status(drafted, "frp.baseline_evaluation")


def test_a_program_asked_per_the_evaluation_done_follows_it() -> None:
    for told in ("Interdisciplinary assessment done 04/2019 with baseline physical testing. "
                 "Requesting 80 hours of FRP based on the FRP evaluation.",
                 "Multidisciplinary evaluation completed 04/2019 with baseline functional "
                 "testing. Plan: 80 hours as recommended in the functional restoration "
                 "evaluation's report."):
        assert _baseline(told) is met, told


def test_an_evaluation_still_to_be_asked_for_is_none_yet() -> None:
    for told in ("Plan: request authorization for a functional restoration program "
                 "evaluation.",
                 "Will refer for an FRP eval."):
        assert _baseline(told) is not_met, told


# -- 12. a rate ("one day a week") is no one-off gain

_PT = ("Neck strain 02/2019. Completed 6 PT visits. {fi} Exam: rotation 60 degrees. Plan: 4 "
       "more PT visits, then home program.")
_PT_ITEM = "Physical therapy x 4 visits cervical"


def _improvement(fi: str):
    drafted = _draft([_PT_ITEM], [("2019-04-15", "occupational medicine note",
                                   _PT.format(fi=fi))], injury="2019-02-01")[_PT_ITEM]
    return _status(drafted, "pm.functional_improvement")


def test_a_gain_told_with_a_rate_is_no_one_off() -> None:
    for fi in ("Since therapy he drives to work one day per week and now carries 25 lb, up "
               "from 10 lb.",
               "With PT she is back at her desk 1 day/week and can now type 30 minutes, up "
               "from 10."):
        assert _improvement(fi) is met, fi


def test_a_gain_for_one_night_is_still_a_one_off() -> None:
    assert _improvement("After the last PT visit he slept through the night one night; "
                        "otherwise the same.") is not met


# -- 13. films of the other knee do not make a first film a repeat

_KNEE_OLD = ("2015-08-03", "orthopedic note",
             "Left knee pain after a twist at work. X-rays of the left knee today: small "
             "osteophytes, no fracture.")
_KNEE_NOW = ("Right knee pain for 5 weeks after kneeling on a concrete floor; the left knee "
             "is quiet. Exam of the right knee: lateral joint line tenderness, trace effusion. "
             "Plan: right knee x-rays, 3 views.")


def _repeat(notes, item="Right knee x-rays 3 views"):
    drafted = _draft([item], notes)[item]
    return _status(drafted, "xr.repeat_significant_change")


def test_films_of_the_other_limb_are_no_earlier_study() -> None:
    assert _repeat([_KNEE_OLD, ("2019-06-10", "orthopedic note", _KNEE_NOW)]) is None
    elbow_old = ("2014-01-20", "urgent care note",
                 "Fell on the right elbow. Right elbow radiographs: no fracture.")
    elbow_now = ("2019-03-11", "orthopedic note",
                 "Left elbow pain for 4 weeks, lateral epicondyle tender. Plan: left elbow "
                 "x-rays.")
    assert _status(_draft(["Left elbow x-rays"], [elbow_old, elbow_now])["Left elbow x-rays"],
                   "xr.repeat_significant_change") is None


def test_films_of_the_same_side_still_make_a_repeat() -> None:
    same = (_KNEE_OLD[0], _KNEE_OLD[1], _KNEE_OLD[2].replace("Left", "Right").replace(
        "left", "right"))
    assert _repeat([same, ("2019-06-10", "orthopedic note", _KNEE_NOW)]) is not None
