"""dev-27 errors (session "decide-dev27"): each rule in its general form, on records worded
unlike the cases that prompted it, drafted end to end."""

from __future__ import annotations

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

met, not_met = CriterionStatus.met, CriterionStatus.not_met

_RADICULAR = ("Right buttock and calf pain for five months. Exam: SLR positive on the right at "
              "35 degrees, EHL 4/5 right, diminished sensation over the right dorsal foot. "
              "Completed 12 sessions of PT and meloxicam without improvement.")


# -- lumbar MRI: for a worker who would consider surgery


def test_a_lumbar_mri_for_a_worker_who_refuses_an_operation_is_not_supported() -> None:
    for refusal in ("He is adamant that he does not want surgery of any kind.",
                    "Declines any spine surgery; wants to manage with exercise.",
                    "She would not consider an operation.",
                    "Not a surgical candidate by his own choice."):
        notes = [("2019-06-04", "progress note", f"{_RADICULAR} {refusal} Plan: MRI lumbar "
                  "spine.")]
        drafted = _draft(["MRI of the lumbar spine"], notes)["MRI of the lumbar spine"]
        assert _status(drafted, "iml.would_consider_surgery") is not_met, refusal
        assert drafted.decision.value == "upheld", refusal


def test_a_worker_silent_on_surgery_or_now_willing_keeps_the_study() -> None:
    notes = [("2019-06-04", "progress note", f"{_RADICULAR} Plan: MRI lumbar spine.")]
    drafted = _draft(["MRI of the lumbar spine"], notes)["MRI of the lumbar spine"]
    assert _status(drafted, "iml.would_consider_surgery") is met
    notes = [("2019-05-01", "progress note", f"{_RADICULAR} She declines surgery for now."),
             ("2019-06-04", "progress note", f"{_RADICULAR} After talking it over she would "
              "now consider surgery if the study shows a compressed root. Plan: MRI.")]
    drafted = _draft(["MRI of the lumbar spine"], notes)["MRI of the lumbar spine"]
    assert _status(drafted, "iml.would_consider_surgery") is met
    assert drafted.decision.value == "overturned"


def test_hip_girdle_weakness_on_both_sides_is_no_sign_of_a_root() -> None:
    notes = [("2019-03-12", "physical therapy progress note",
              "Axial back ache. SLR negative both sides. Gluteus medius 4/5 bilaterally, core "
              "weakness. Reflexes symmetric. Sensation intact. 8 visits, slow gains."),
             ("2019-03-20", "progress note", "No red flags: no fever, no weight loss, no "
              "bowel or bladder change."),
             ("2019-04-02", "progress note",
              "Still aching across the low back after 8 PT visits and ibuprofen. No leg "
              "symptoms. Plan: lumbar MRI.")]
    drafted = _draft(["MRI lumbar spine"], notes)["MRI lumbar spine"]
    assert _status(drafted, "iml.indication") is not_met
    assert drafted.decision.value == "upheld"


# -- biofeedback: its own trial of 3-4 visits, within a CBT program under way


def test_biofeedback_asked_with_a_cbt_course_not_yet_begun_is_not_supported() -> None:
    notes = [("2020-02-11", "psychology consultation",
              "Chronic neck pain with anxiety (GAD-7 14) and poor sleep. No prior counseling. "
              "Recommend 6 sessions of CBT and 8 sessions of biofeedback for muscle tension.")]
    drafted = _draft(["Biofeedback x8 sessions"], notes)["Biofeedback x8 sessions"]
    assert _status(drafted, "psy.biofeedback_within_cbt") is not_met
    assert _status(drafted, "psy.initial_trial_biofeedback") is not_met
    assert drafted.decision.value == "upheld"


def test_a_short_biofeedback_trial_within_a_running_cbt_course() -> None:
    notes = [("2020-02-11", "psychology progress note",
              "Chronic neck pain with anxiety (GAD-7 14). Has completed 5 sessions of CBT; "
              "uses the breathing skills at work. No biofeedback before. Plan: a trial of "
              "biofeedback alongside the CBT.")]
    drafted = _draft(["Biofeedback 4 sessions"], notes)["Biofeedback 4 sessions"]
    assert _status(drafted, "psy.biofeedback_within_cbt") is met
    assert _status(drafted, "psy.initial_trial_biofeedback") is met


# -- continued use: a start told only in a later note's history


def test_a_drug_started_months_before_the_note_that_tells_it_is_continued_use() -> None:
    notes = [("2018-11-20", "progress note",
              "Burning pain down the left arm, C6 numbness. Pregabalin 75 mg bid started "
              "07/2018 by his PCP - not sure it does anything. Pain 7/10."),
             ("2018-11-27", "request for authorization", "Requested: Pregabalin 75mg #60.")]
    drafted = _draft(["Pregabalin 75mg #60"], notes)["Pregabalin 75mg #60"]
    assert "aed.continued_benefit" not in drafted.not_applicable
    assert drafted.decision.value == "upheld"


# -- a knee brace within a year of an ACL reconstruction the records date


def test_a_functional_brace_months_after_an_isolated_acl_reconstruction() -> None:
    notes = [("2019-01-08", "operative report",
              "Procedure: right anterior cruciate ligament reconstruction with patellar "
              "tendon autograft. No other procedure."),
             ("2019-05-14", "progress note",
              "Four months after right ACL reconstruction. Full extension, flexion 125. "
              "Quad strength 80% of the left. Back to light duty. Requests a sports brace.")]
    drafted = _draft(["Functional knee brace, right"], notes)["Functional knee brace, right"]
    assert _status(drafted, "bo.knee_acl_postoperative_2017") is not_met
    assert drafted.decision.value == "upheld"


# -- a urine drug test: a screen before the opioid began is no test on it


def test_a_screen_before_the_opioid_was_started_is_no_test_on_it() -> None:
    notes = [("2016-08-09", "progress note",
              "Chronic knee pain. Tramadol 50 mg bid, begun 03/2016. Most recent urine drug "
              "screen 11/2015, done prior to any opioid. No early refills; CURES appropriate. "
              "Plan: urine drug test.")]
    drafted = _draft(["Urine toxicology screen"], notes)["Urine toxicology screen"]
    assert _status(drafted, "udt.frequency") is met
    # a test dated after the start is a test on the drug: the year's one at low risk is had
    notes = [("2016-08-09", "progress note",
              "Chronic knee pain. Tramadol 50 mg bid, begun 03/2016. Last UDS 05/2016, "
              "consistent. No early refills; CURES appropriate. Plan: urine drug test.")]
    drafted = _draft(["Urine toxicology screen"], notes)["Urine toxicology screen"]
    assert _status(drafted, "udt.frequency") is not_met


# -- an injection's outcome told in the bracket after it


def test_an_injection_whose_bracket_tells_no_lasting_relief_has_failed() -> None:
    notes = [("2017-04-18", "functional restoration evaluation",
              "Chronic neck and shoulder pain since 2013. Prior care: C5-6 epidural "
              "injection x2 (2015, little sustained benefit), gabapentin. Not a surgical candidate per "
              "spine consult. Sitting tolerance 20 min, lifts 10 lb. Motivated; baseline "
              "testing done. Recommend FRP 2 weeks.")]
    drafted = _draft(["Functional restoration program x 10 days"], notes)[
        "Functional restoration program x 10 days"]
    assert _status(drafted, "frp.previous_treatment_failed") is met


def test_an_epidural_on_hip_girdle_weakness_alone_has_no_radicular_sign() -> None:
    """The sweep to the epidural topic: the same weakness is no radiculopathy on examination."""
    notes = [("2019-03-12", "progress note",
              "Low back ache, no leg symptoms. SLR negative. Hip abductors 4-/5 bilat, trunk "
              "weakness. Reflexes 2+ and equal. Sensation normal. MRI: L4-5 disc protrusion "
              "contacting the traversing L5 root. Failed PT and naproxen.")]
    drafted = _draft(["L4-5 interlaminar epidural steroid injection"], notes)[
        "L4-5 interlaminar epidural steroid injection"]
    assert _status(drafted, "esi.radiculopathy_on_exam") is not_met
