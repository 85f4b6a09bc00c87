"""False upholds of the fresh dev-29 (session "decide-dev29-fu"): each rule in its general form,
on records worded unlike the cases that prompted it, drafted end to end."""

from __future__ import annotations

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_dev26_fresh import _draft_with
from tests.guidelines.test_notmet_and_overturns3 import _status

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


# -- a switch to a COX-2 agent for an upset stomach is a first course, not continued use


def _nsaid_notes(plan: str) -> list[tuple[str, str, str]]:
    return [("2019-03-04", "orthopedic progress note",
             "Knee osteoarthritis, aching for two years. Naproxen 500 twice daily from the "
             "pharmacy gives heartburn and epigastric burning. BP normal. " + plan)]


def test_a_switch_to_celecoxib_for_dyspepsia_is_no_continuation() -> None:
    item = "Celebrex 100mg #60"
    drafted = _draft_with([item], _nsaid_notes("Stop naproxen; change to Celebrex 100 mg bid."),
                          ["M17.12 Unilateral primary osteoarthritis, left knee"],
                          "2016-11-20")[item]
    assert _status(drafted, "ns.continued_benefit") is None
    assert drafted.decision.value == "overturned"


def test_celecoxib_refilled_still_shows_its_benefit() -> None:
    item = "Celebrex 100mg #60"
    notes = [("2018-09-04", "orthopedic progress note",
              "Knee osteoarthritis. Naproxen gave heartburn; Celebrex 100 mg bid since then."),
             *_nsaid_notes("Refill Celebrex 100 mg bid.")]
    drafted = _draft_with([item], notes, ["M17.12 Unilateral primary osteoarthritis, left knee"],
                          "2016-11-20")[item]
    assert _status(drafted, "ns.continued_benefit") is not met


# -- the first films of a hip or a knee with an abnormal examination


def _knee_note(imaging: str) -> list[tuple[str, str, str]]:
    return [("2020-10-12", "primary treating physician report",
             "Left knee aching on stairs for four months. Flexion limited to 95 degrees with "
             "pain, crepitus. " + imaging + " Plan: radiographs left knee, standing views.")]


def test_a_knee_never_imaged_gets_its_first_films() -> None:
    item = "Left knee radiographs 3 views"
    for imaging in ("The knee has never been x-rayed.", "No prior radiographs of the left knee."):
        drafted = _draft_with([item], _knee_note(imaging),
                              ["M25.562 Pain in left knee"], "2019-06-01")[item]
        assert _status(drafted, "xr.indication") is met, imaging


def test_repeat_knee_films_need_another_reason() -> None:
    item = "Left knee radiographs 3 views"
    drafted = _draft_with([item], _knee_note("X-rays 2019 showed mild joint space narrowing."),
                          ["M25.562 Pain in left knee"], "2019-06-01")[item]
    assert _status(drafted, "xr.indication") is not met
    assert drafted.decision.value == "upheld"


# -- a follow-up set to judge a treatment just begun


def test_a_follow_up_to_judge_a_new_treatment_is_care_in_progress() -> None:
    item = "Office follow-up x1"
    notes = [("2017-02-14", "physiatry note",
              "Right lateral epicondylitis; working full duty. Fitted with a counterforce strap "
              "today. Follow up in one month to evaluate the response to the strap.")]
    drafted = _draft_with([item], notes, ["M77.11 Lateral epicondylitis, right elbow"],
                          "2016-12-01")[item]
    assert _status(drafted, "ov.active_care") is met


def test_a_follow_up_with_no_purpose_stated_is_not() -> None:
    item = "Office follow-up x1"
    notes = [("2017-02-14", "physiatry note",
              "Right lateral epicondylitis, resolved; working full duty, no medication. "
              "Follow up in one month.")]
    drafted = _draft_with([item], notes, ["M77.11 Lateral epicondylitis, right elbow"],
                          "2016-12-01")[item]
    assert _status(drafted, "ov.active_care") is not met


def test_a_specialist_follow_up_to_judge_new_medication() -> None:
    item = "Neurology re-evaluation"
    notes = [("2019-08-30", "neurology consultation",
              "Post-traumatic migraine since the fall in May. Begin propranolol 20 mg bid. "
              "See her back in 6 weeks to assess tolerance and headache frequency.")]
    drafted = _draft_with([item], notes, ["G43.909 Migraine"], "2019-05-10")[item]
    statuses = {c.id: c.status for c in drafted.criteria}
    assert met in (statuses.get("cs.reason_for_referral"), statuses.get("ov.active_care"))


# -- words of a failed diet and of a stimulator's lasting benefit, as notes write them


def test_weight_lost_and_put_back_on_is_a_failed_attempt() -> None:
    item = "Physician-supervised weight management program 12 weeks"
    notes = [("2018-01-09", "internal medicine report",
              "Knee osteoarthritis; BMI 41. On a low-carb plan last spring he dropped 15 pounds "
              "but gained it back by fall. Plan: supervised weight management program.")]
    drafted = _draft_with([item], notes, ["E66.01 Morbid obesity"], "2016-04-02")[item]
    assert _status(drafted, "wl.own_attempt_failed") is met


def test_a_stimulator_that_let_the_worker_stop_an_opioid_has_helped() -> None:
    item = "Replacement of spinal cord stimulator generator"
    notes = [("2019-04-02", "pain management note",
              "Failed back surgery syndrome; stimulator placed 2012. She weaned off Norco in "
              "2013 and gardens again. Generator at end of life per interrogation. Plan: "
              "generator replacement.")]
    drafted = _draft_with([item], notes, ["M96.1 Postlaminectomy syndrome"], "2009-02-02")[item]
    assert _status(drafted, "scs.replacement_benefit") is met


# -- motion films of a known slip; a repeat study after symptoms began to worsen


def test_motion_films_of_a_known_slip_aid_the_surgical_plan() -> None:
    item = "Lumbar x-rays flexion/extension views"
    notes = [("2021-05-11", "neurosurgery consultation",
              "Back and leg pain for two years. CT 04/2021: grade 1 anterolisthesis of L5 on S1, "
              "foraminal narrowing. Plan: dynamic views to look for motion at L5-S1.")]
    drafted = _draft_with([item], notes, ["M43.17 Spondylolisthesis, lumbosacral region"],
                          "2019-03-03")[item]
    assert _status(drafted, "xr.low_back_red_flags") is met


def test_plain_lumbar_films_without_a_slip_still_need_a_red_flag() -> None:
    item = "Lumbar x-rays flexion/extension views"
    notes = [("2021-05-11", "progress note",
              "Back pain for two years, no leg symptoms; MRI 2020 mild disc bulges only. Plan: "
              "flexion-extension films.")]
    drafted = _draft_with([item], notes, ["M54.50 Low back pain"], "2019-03-03")[item]
    assert _status(drafted, "xr.low_back_red_flags") is not met


def test_a_repeat_study_after_symptoms_began_to_worsen() -> None:
    item = "Repeat MRI cervical spine"
    notes = [("2016-02-02", "progress note",
              "Neck pain; MRI C-spine 2014 showed a small C6-7 bulge. Since December the right arm "
              "numbness began getting worse; grip 4/5 on the right. Plan: repeat MRI neck.")]
    drafted = _draft_with([item], notes, ["M50.120 Cervical disc disorder with radiculopathy"],
                          "2013-08-08")[item]
    assert _status(drafted, "imc.repeat_significant_change") is met


# -- chiropractic care the worker attends is physical rehabilitation acupuncture can join


def test_acupuncture_beside_attended_chiropractic_care_is_an_adjunct() -> None:
    item = "Acupuncture lumbar 1x6"
    notes = [("2018-07-10", "chiropractic re-examination",
              "Low back strain. Has attended 8 chiropractic visits so far, continuing; "
              "standing tolerance 20 to 40 minutes. Add acupuncture once weekly for six weeks "
              "(never had it).")]
    drafted = _draft_with([item], notes, ["S39.012A Strain of muscle of lower back"],
                          "2018-04-20")[item]
    assert _status(drafted, "ac.conditions_of_use") is met


# -- the procedure that defines an operation sets its postoperative course


def test_a_ligament_reconstruction_with_a_trimmed_meniscus_keeps_its_own_course() -> None:
    item = "Post-op physical therapy right knee x8"
    notes = [("2020-03-03", "operative report",
              "Procedure: right knee arthroscopic ACL reconstruction with hamstring autograft, "
              "partial lateral meniscectomy."),
             ("2020-05-12", "orthopedic follow-up",
              "10 weeks after ACL reconstruction. 14 post-op PT visits completed; quad strength "
              "improving, single-leg squat now possible. Plan: 8 more PT visits.")]
    drafted = _draft_with([item], notes, ["S83.511D Sprain of ACL of right knee"],
                          "2019-12-01")[item]
    assert _status(drafted, "ps.within_general_course") is met
