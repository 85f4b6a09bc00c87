"""Items drafted wrongly on the fresh dev-26 (session "decide-dev26"): each rule in its general
form, on records worded unlike the cases that prompted it, drafted end to end."""

from __future__ import annotations

from pathlib import Path

from openimr.model import Case
from openimr.model.determination import CriterionStatus
from openimr.records import documents_for_case
from openimr.review.drafting import review_case
from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


def _draft_with(items: list[str], notes: list[tuple[str, str, str]], diagnoses: list[str],
                injury: str):
    """As `_draft`, with the case file's diagnoses (code, description) given."""
    case = Case.model_validate({
        "ur_decision": {"date": max(day for day, _t, _x in notes)}, "disputed_items": items,
        "claim": {"date_of_injury": injury},
        "diagnoses": [{"code": code, "description": text}
                      for code, text in (d.split(" ", 1) for d in diagnoses)],
        "records": [{"date": day, "type": kind, "text": text} for day, kind, text in notes]})
    review = review_case(case, documents_for_case(case, Path(".")))
    return {d.item: d for d in review.determination.determinations}


# -- opioids taken together, each at its own directions, against the ceiling


def test_the_ceiling_bounds_the_opioids_taken_together() -> None:
    """CPMTG pp. 86-87: the ceiling is on the total daily dose. The long-acting drug's
    directions stand in the medication list of an earlier note; the latest note only names
    the refill ("MS Contin 60 #60")."""
    notes = [("2013-02-05", "progress note",
              "Chronic neck pain. Pain 8/10 without medication, 5/10 with. Walks 30 minutes. "
              "Meds: MS Contin 60 mg one tablet every 12 hours; Percocet 10/325 one to two "
              "tablets every 6 hours as needed, max 4 per day. UDS consistent. CURES reviewed."),
             ("2013-03-05", "progress note",
              "Chronic neck pain. Pain 8/10 without medication, 5/10 with. Walks 30 minutes. "
              "UDS consistent. CURES reviewed. Plan: refill MS Contin 60 #60, Percocet 10/325 #120.")]
    drafted = _draft(["Percocet 10/325mg #120"], notes)["Percocet 10/325mg #120"]
    # 120 mg morphine + 60 mg oxycodone (90 MME) = 210 MME, above 120
    assert _status(drafted, "op.dose_ceiling") is not_met
    assert drafted.decision.value == "upheld"


# -- an SCS trial waits on a psychologist's evaluation, not a depression screen


def _scs_note(psych: str) -> str:
    return ("Failed back surgery syndrome after L4-5 fusion 2012; leg pain 8/10 despite "
            "therapy, gabapentin, duloxetine and two epidurals. " + psych +
            " Plan: spinal cord stimulator trial.")


def test_a_screen_or_a_refused_evaluation_is_no_psychological_clearance() -> None:
    for psych in ("GAD-7 14 and PHQ-9 18 at today's visit.",
                  "Psychology referral for the trial was declined by the patient; PHQ-9 20.",
                  "He refuses the psych evaluation, says he does not want to see a psychologist."):
        drafted = _draft(["Spinal cord stimulator trial"],
                         [("2017-05-02", "pain management note", _scs_note(psych))],
                         injury="2010-03-01")["Spinal cord stimulator trial"]
        assert _status(drafted, "scs.psychological_clearance") is not met, psych
        assert drafted.decision.value == "upheld", psych


def test_a_psychologist_clearance_still_counts() -> None:
    drafted = _draft(["Spinal cord stimulator trial"],
                     [("2017-05-02", "pain management note",
                       _scs_note("Psychological evaluation 04/2017 completed: cleared for the "
                                 "trial."))],
                     injury="2010-03-01")["Spinal cord stimulator trial"]
    assert _status(drafted, "scs.psychological_clearance") is met


# -- insomnia beside a diagnosed depression: psychiatric cause not excluded


def test_a_sleep_study_for_insomnia_beside_a_depressive_disorder() -> None:
    """ODG Polysomnography: for insomnia only once a psychiatric cause is excluded."""
    note = ("Cannot stay asleep for 2 years because of shoulder pain. Zolpidem and trazodone "
            "failed; sleep hygiene did not help. Assessment: insomnia; major depressive "
            "disorder, recurrent. Plan: polysomnography.")
    drafted = _draft_with(["Polysomnography"], [("2016-02-10", "progress note", note)],
                          ["G47.00 Insomnia, unspecified",
                           "F33.1 Major depressive disorder, recurrent, moderate"],
                          "2013-01-15")["Polysomnography"]
    assert _status(drafted, "ss.indication") is not met
    assert drafted.decision.value == "upheld"


# -- continued use judged on a note more than six months old


def test_benefit_told_only_in_a_note_a_year_before_is_not_current() -> None:
    notes = [("2015-01-12", "progress note",
              "Right knee pain for two years. Takes meloxicam 15 mg daily: pain 7/10 without "
              "it, 3/10 with it; walks a mile. No GI symptoms, BP normal. Assessment: primary "
              "osteoarthritis, right knee. Plan: continue meloxicam."),
             ("2016-02-01", "request for authorization",
              "RFA: meloxicam 15 mg #30. See attached report (not enclosed).")]
    item = "Meloxicam 15mg #30"
    drafted = _draft_with([item], notes, ["M17.11 Primary osteoarthritis, right knee"],
                          "2013-05-01")[item]
    assert _status(drafted, "ns.continued_benefit") is unknown
    assert drafted.decision.value == "upheld"
    recent = [("2015-12-01", *notes[0][1:]), notes[1]]
    drafted = _draft_with([item], recent, ["M17.11 Primary osteoarthritis, right knee"],
                          "2013-05-01")[item]
    assert _status(drafted, "ns.continued_benefit") is met


# -- a home health aide for homemaking only (2016 MTUS)


def test_an_aide_for_chores_alone_in_the_2016_version() -> None:
    note = ("Six weeks after left hip replacement; walks with a walker in the house, bathes and "
            "dresses on her own. Homebound. Plan: home health aide 3 hours a day for cleaning, "
            "cooking and grocery shopping.")
    item = "Home health aide 3 hours/day 5 days/week"
    drafted = _draft([item], [("2017-03-14", "orthopedic note", note)])[item]
    assert _status(drafted, "hh.homemaker_only") is not_met
    assert drafted.decision.value == "upheld"


# -- a therapy course years before, and a new flare


def test_a_course_years_before_a_new_flare_is_not_the_course_extended() -> None:
    notes = [("2014-05-20", "physical therapy discharge",
              "Discharged after 12 visits; neck pain 1/10, back to full duty."),
             ("2017-09-12", "progress note",
              "New flare of neck pain after a fall at work 08/2017, 6/10 with arm tingling. No "
              "therapy since 2014. Plan: physical therapy 8 visits.")]
    item = "Physical therapy 8 visits cervical spine"
    drafted = _draft([item], notes, injury="2013-11-02")[item]
    assert _status(drafted, "pm.visits_within_guideline") is met
    assert drafted.decision.value == "overturned"


# -- psychotherapy for a diagnosed major depression: ODG's six-visit trial


def test_six_visits_of_cbt_for_a_diagnosed_major_depression() -> None:
    note = ("Low mood and tearfulness since the injury; BDI-II 31. No psychotherapy before. "
            "Assessment: major depressive disorder, single episode, severe. Plan: CBT 6 visits.")
    item = "Cognitive behavioral therapy 6 visits"
    notes = [("2015-04-07", "psychology consultation", note)]
    drafted = _draft_with([item], notes, ["F32.2 Major depressive disorder, single episode, "
                                          "severe"], "2014-01-10")[item]
    assert _status(drafted, "psy.initial_trial") is None
    assert _status(drafted, "psy.initial_trial_depression") is met
    # without a depressive disorder the pain chapter's 3 to 4 visits still apply
    drafted = _draft_with([item], notes, ["F45.42 Pain disorder with related psychological "
                                          "factors"], "2014-01-10")[item]
    assert _status(drafted, "psy.initial_trial") is not_met


# -- early refills of the opioid the worker was rotated off


def test_early_refills_before_a_rotation_to_buprenorphine() -> None:
    notes = [("2016-01-10", "progress note",
              "Chronic back pain. Had lost prescriptions and early fills of oxycodone in 2014; "
              "weaned off; Butrans 5 mcg/h started 02/2015."),
             ("2016-03-10", "progress note",
              "Butrans 10 mcg/h weekly. Pain 8/10 before, 4/10 now. Back to part-time work, "
              "walks 40 min. Skin fine. CURES consistent, single prescriber. UDS consistent. "
              "Plan: continue Butrans 10 mcg/h #4.")]
    item = "Butrans 10mcg/hr #4"
    drafted = _draft([item], notes, injury="2012-06-01")[item]
    assert _status(drafted, "op.continuation.aberrant_behavior") is met
    # the same behaviour on the drug now asked for still counts
    notes[0] = ("2016-01-10", "progress note",
                "Chronic back pain. Butrans 5 mcg/h started 02/2015. Early fills of Butrans in "
                "2015.")
    drafted = _draft([item], notes, injury="2012-06-01")[item]
    assert _status(drafted, "op.continuation.aberrant_behavior") is not_met


# -- a TENS purchase after a documented successful home trial


def test_a_tens_purchase_after_a_successful_trial_whatever_the_condition() -> None:
    """CPMTG p. 116: the purchase follows a one-month trial documenting use and results;
    with those documented, the unit has shown it helps this worker."""
    notes = [("2016-09-01", "progress note",
              "Neck strain with myofascial pain for 14 months; therapy, naproxen and "
              "cyclobenzaprine gave little relief. Plan: TENS unit 30-day rental trial with "
              "home exercise."),
             ("2016-10-12", "progress note",
              "Completed a one-month home TENS rental trial: used twice a day per log, pain "
              "7/10 to 4/10 with it; now sits through an 8-hour shift, back to full duty. "
              "Goals: keep working full duty. Plan: purchase TENS unit, 2-lead.")]
    item = "TENS unit purchase"
    drafted = _draft_with([item], notes, ["S16.1XXA Strain of muscle at neck level",
                                          "M79.1 Myalgia"], "2015-08-01")[item]
    assert _status(drafted, "te.condition") is met
    # a rental asked for first still needs a listed condition
    drafted = _draft_with(["TENS unit 30-day rental"], notes[:1],
                          ["S16.1XXA Strain of muscle at neck level"], "2015-08-01")[
        "TENS unit 30-day rental"]
    assert _status(drafted, "te.condition") is not_met
