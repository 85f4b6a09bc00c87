"""Near misses and well-supported requests of dev-38 (session "decide-dev38"): a therapy
course only begun is no failed one, therapy not yet started is conservative care still to come,
a neurotomy dated by how long ago a later note says it was, and a radiculopathy assessed under an
"ASSESS:" header. Each rule in its general form, on records worded unlike the cases that
prompted it, drafted end to end."""

from __future__ import annotations

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

met, not_met = CriterionStatus.met, CriterionStatus.not_met

# -- a course of therapy only begun has not failed

_SHOULDER_MRI = "MRI left shoulder"


def _shoulder_notes(course: str) -> list[tuple[str, str, str]]:
    return [("2020-03-02", "orthopedic follow-up",
             f"Left shoulder pain after lifting a pallet 01/20/2020. {course} Pain 5/10. Exam: "
             "Hawkins positive, strength 5/5, no atrophy. Impression: left shoulder strain. "
             "Plan: continue therapy; MRI left shoulder, possible cuff tear.")]


def test_a_course_just_begun_is_no_failed_strengthening_program() -> None:
    for course in ("Therapy began this week, 3 sessions thus far.",
                   "Has had 2 physical therapy visits to date.",
                   "Just started PT (1 visit)."):
        item = _draft([_SHOULDER_MRI], _shoulder_notes(course), injury="2020-01-20")[_SHOULDER_MRI]
        assert _status(item, "sim.indication") is not met, course
        assert item.decision.value == "upheld", course


def test_a_course_of_a_trial_or_a_completed_one_still_fails() -> None:
    for course in ("Physical therapy 8 visits so far.",
                   "Completed 4 PT visits."):
        item = _draft([_SHOULDER_MRI], _shoulder_notes(course), injury="2020-01-20")[_SHOULDER_MRI]
        assert _status(item, "sim.indication") is met, course


# -- therapy the worker has not yet started before a discectomy

_DISCECTOMY = "Left L5-S1 microdiscectomy"


def _disc_notes(care: str) -> list[tuple[str, str, str]]:
    return [("2021-06-20", "spine surgery consultation",
             "Left leg pain to the sole since a fall 03/01/2021, 8/10. Ibuprofen 800 tid since "
             f"March. {care} Exam: SLR positive left 40 degrees, plantarflexion 4/5 left, "
             "decreased sensation lateral left foot, Achilles reflex absent left. MRI 05/2021: "
             "left L5-S1 extrusion compressing the S1 root. Plan: left L5-S1 microdiscectomy.")]


def test_therapy_not_yet_begun_is_no_failed_conservative_care() -> None:
    for care in ("She is yet to begin physical therapy; authorization pending.",
                 "Has not had any physical therapy.",):
        item = _draft([_DISCECTOMY], _disc_notes(care), injury="2021-03-01")[_DISCECTOMY]
        assert _status(item, "ld.conservative_failed") is not_met, care
        assert item.decision.value == "upheld", care


def test_therapy_given_and_failed_still_fails_conservative_care() -> None:
    care = "Completed 12 physical therapy visits in April and May without relief."
    item = _draft([_DISCECTOMY], _disc_notes(care), injury="2021-03-01")[_DISCECTOMY]
    assert _status(item, "ld.conservative_failed") is met


# -- a neurotomy dated by how long ago a later note says it was

_REPEAT_RF = "Repeat radiofrequency neurotomy right L4-5, L5-S1"


def _rf_notes(recurrence: str) -> list[tuple[str, str, str]]:
    return [
        ("2017-09-12", "pain management follow-up",
         "Right low back pain 75% better since the right L4-5, L5-S1 radiofrequency neurotomy; "
         "off hydrocodone, back to full duty, sitting tolerance 2 hours (was 20 minutes)."),
        ("2018-05-08", "pain management follow-up",
         f"Axial right low back pain {recurrence} Pain 7/10, no leg symptoms, SLR negative, "
         "facet loading positive right. Diagnosis: lumbar facet arthropathy. Plan: repeat right "
         "L4-5, L5-S1 radiofrequency neurotomy."),
    ]


def test_a_neurotomy_told_as_months_ago_is_dated_back() -> None:
    recurrence = "has returned since about 03/2018 (eleven months after the neurotomy)."
    item = _draft([_REPEAT_RF], _rf_notes(recurrence), injury="2015-02-01")[_REPEAT_RF]
    assert _status(item, "rf.repeat_interval") is met


def test_a_neurotomy_dated_recently_is_still_too_soon() -> None:
    recurrence = "back since 03/2018; a radiofrequency neurotomy was done 02/2018 for a flare."
    item = _draft([_REPEAT_RF], _rf_notes(recurrence), injury="2015-02-01")[_REPEAT_RF]
    assert _status(item, "rf.repeat_interval") is not_met



def test_relief_lasting_weeks_after_a_neurotomy_does_not_date_it() -> None:
    # "for 10 weeks after" is how long relief lasted: the neurotomy's date stays the earlier
    # note's, far more than six months before the request
    recurrence = "came back after relief for about 10 weeks after the neurotomy."
    item = _draft([_REPEAT_RF], _rf_notes(recurrence), injury="2015-02-01")[_REPEAT_RF]
    assert _status(item, "rf.repeat_interval") is not not_met


# -- electromyography when the radiculopathy is assessed under an "ASSESS:" header


def test_emg_is_not_needed_for_a_radiculopathy_assessed_under_an_assess_header() -> None:
    text = ("Low back pain into the left shin since a lift 02/2022. PT 10 visits, meloxicam, no "
            "better.\nEXAM: SLR + L 40 deg, ankle dorsiflexion 4/5 L, pinprick decreased L "
            "dorsum of foot.\nASSESS: L L5 radiculitis.\nPLAN: EMG/NCV both legs.")
    item = _draft(["EMG/NCV bilateral lower extremities"],
                  [("2022-06-01", "occupational medicine follow-up", text)],
                  injury="2022-02-10")["EMG/NCV bilateral lower extremities"]
    assert _status(item, "edl.radiculopathy_not_already_obvious") is not_met
    assert item.decision.value == "upheld"


# -- homebound: a request form's word alone does not settle it, the treating records' limits do

_HOME_NURSING = "Home health nurse visits 3x/week x 2 weeks"


def _home_notes(social: str) -> list[tuple[str, str, str]]:
    return [
        ("2021-03-05", "discharge summary",
         "Right total hip arthroplasty 03/02/2021. Hospital course uneventful. Incision with "
         f"staples, dry dressing daily. {social} Discharge meds: apixaban 2.5 mg bid x 35 days, "
         "hydrocodone prn. Plan: home health RN for wound care and staple removal."),
        ("2021-03-08", "request for authorization",
         "Home health nurse visits 3x/week x 2 weeks. Patient is homebound."),
    ]


def test_a_worker_the_records_keep_at_home_is_homebound_beside_a_form() -> None:
    for social in ("Gait: 40 feet with a rolling walker; needs help on the 12 stairs to her unit.",
                   # "not driving" is a limit, not an outing
                   "Not driving yet; uses a walker in the apartment."):
        item = _draft([_HOME_NURSING], _home_notes(social), injury="2019-06-01")[_HOME_NURSING]
        assert _status(item, "hh.homebound") is met, social


def test_a_worker_the_records_show_going_out_is_not_homebound_beside_a_form() -> None:
    social = "Ambulates independently without a device; drives herself to the pharmacy."
    item = _draft([_HOME_NURSING], _home_notes(social), injury="2019-06-01")[_HOME_NURSING]
    assert _status(item, "hh.homebound") is not met

