"""Review 15's decision faults, each end to end in wording of its own (records read by the
extractor, then drafted), with a near miss that must still decide as before."""

from __future__ import annotations

import pytest

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown

# -- a repeat knee injection: the later note's words about the first one

_KNEE = "Repeat right knee corticosteroid injection"


def _knee(told: str):
    notes = [("2019-02-05", "procedure note",
              "Procedure: right knee intra-articular injection, 40 mg triamcinolone with 3 cc "
              "lidocaine, superolateral approach. No complications."),
             ("2019-05-20", "orthopedic follow-up",
              "Assessment: primary osteoarthritis, right knee (M17.11). "
              f"{told} Completed 10 PT visits and ibuprofen without lasting benefit. X-rays: "
              "moderate medial joint space narrowing. Exam: effusion, crepitus, medial joint "
              "line tenderness. Plan: repeat right knee cortisone injection.")]
    return _draft([_KNEE], notes, injury="2018-09-01")[_KNEE]


def _relief_read(drafted) -> bool:
    """The drafted repeat-response criterion names a relief the prior injection gave."""
    return any("relief" in str(c.explanation) and "%" in str(c.explanation)
               for c in drafted.criteria if c.id.endswith("repeat_response"))


# finding 1: less pain medication, or a goal, is no relief that lasted

@pytest.mark.parametrize("told", [
    "Since the February shot she has used about 70% less pain pills. Knee pain 6/10 today.",
    "Treatment goal: 60% less pain lasting 3 months. The February shot helped some.",
])
def test_less_medication_or_a_goal_is_no_prior_relief(told: str) -> None:
    drafted = _knee(told)
    assert drafted.decision.value == "upheld"
    assert not _relief_read(drafted)


def test_less_shoulder_pain_since_the_shot_is_its_relief() -> None:
    """Near miss: the pain itself less, and still so, is the shot's lasting relief."""
    drafted = _knee("Since the February shot she has about 70% less knee pain, still "
                        "holding. Knee pain 2/10 today.")
    assert _status(drafted, "cji.repeat_response") is met


# findings 2 and 6: a relief, or its time, said of a drug taken is the drug's; a drug given up
# beside the change of pain is the procedure's response

@pytest.mark.parametrize("told", [
    "The February shot did little. Tramadol 50 mg helps, about 70% relief while she takes it.",
    "The February shot gave about 70% relief at first. Celecoxib worked nicely for about four "
    "months before it faded.",
])
def test_a_drug_s_relief_or_time_is_not_the_injection_s(told: str) -> None:
    drafted = _knee(told)
    assert _status(drafted, "cji.repeat_response") is not met
    assert drafted.decision.value == "upheld"


@pytest.mark.parametrize("told", [
    # near miss: the injection named beside the drug
    "Since the February shot, and with naproxen as needed, she has had 70% relief, still "
    "holding. Knee pain 2/10 today.",
    # the drug given up: the hallmark of the injection's response
    "Knee pain dropped from 8/10 to 2/10 and she no longer needs the tramadol; still better "
    "now.",
    "Back 15 weeks after the February shot. Reports being about 70% better, still so, and she "
    "has cut her tramadol by half.",
])
def test_the_injection_s_response_beside_a_drug_still_reads(told: str) -> None:
    assert _status(_knee(told), "cji.repeat_response") is met


# finding 3: a weekly table of a drug's course is not the injection's outcome

@pytest.mark.parametrize("lead", [
    "The February shot did not help at all.\n",
    "After the February shot wore off she began diclofenac gel.\n",
])
def test_a_drug_course_table_is_not_the_injection_s_outcome(lead: str) -> None:
    drafted = _knee(lead + "Diclofenac gel   Baseline   Wk 2   Wk 4   Wk 10\n"
                    "Knee pain (0-10)   8   4   3   3\n")
    assert _status(drafted, "cji.repeat_response") is not met
    assert drafted.decision.value == "upheld"


# finding 4: a pre-operative BMI in the note asking for the operation is today's, and a BMI
# judged past keeps the criterion applying

_THA = "Left total hip arthroplasty"


def _hip(bmi: str):
    note = ("Assessment: primary osteoarthritis, left hip (M16.12). Left groin pain 8/10 for two "
            "years, limping, night pain, cannot put on socks, off work. Failed 10 PT visits, home "
            "exercise, an intra-articular cortisone injection and naproxen. Standing AP pelvis: "
            "severe superior joint space loss, subchondral cysts, osteophytes. Exam: internal "
            f"rotation 5 degrees, painful. {bmi} Plan: left total hip arthroplasty.")
    return _draft([_THA], [("2022-03-14", "orthopedic note", note)], age=66,
                  injury="2019-05-01")[_THA]


@pytest.mark.parametrize("bmi", [
    "Pre-operative body mass index of 43.",
    "Preop BMI: 42.5, weight loss discussed before the hip replacement.",
    # a past figure alone: the criterion still applies, and stays unsettled
    "Her initial BMI 45 at intake.",
])
def test_a_pre_op_or_past_bmi_keeps_the_bmi_criterion(bmi: str) -> None:
    drafted = _hip(bmi)
    assert _status(drafted, "tha.body_mass_index") in (not_met, unknown)
    assert drafted.decision.value == "upheld"


def test_a_pre_op_bmi_after_the_operation_is_past() -> None:
    """Near miss: written after the operation, the pre-op figure gives way to today's."""
    from openimr.guidelines.predicates.statements import _bmi_now

    text = "Post-op visit, s/p right TKA. Preoperative BMI 44; BMI today 38."
    assert not _bmi_now(text, text.index("BMI 44"))
    assert _bmi_now(text, text.index("BMI today"))


# finding 5: driven out by someone else is still going out, unless for medical care or rarely

def _homebound(social: str) -> CriterionStatus | None:
    from tests.guidelines.test_dev38_near_misses import _HOME_NURSING, _home_notes

    drafted = _draft([_HOME_NURSING], _home_notes(social), injury="2020-11-01")[_HOME_NURSING]
    return _status(drafted, "hh.homebound")


@pytest.mark.parametrize("social", [
    "Ambulates with a rolling walker; his brother drives him to the casino most weekends.",
    "Uses a walker for distance; her niece usually drives her to the shops and to lunch.",
    "Ambulates with a rolling walker; his wife drives him to church on Sundays.",
])
def test_a_worker_driven_out_for_errands_is_not_homebound(social: str) -> None:
    assert _homebound(social) is not_met


@pytest.mark.parametrize("social", [
    # near misses: driven only to medical care, or rarely
    "Ambulates with a rolling walker; her daughter drives her to all her doctor appointments.",
    "Ambulates with a rolling walker; her son drives her to visit family once a month.",
])
def test_a_worker_driven_to_care_or_rarely_may_be_homebound(social: str) -> None:
    assert _homebound(social) is met


# finding 7: a quantity and a count of refills begin a prescription; only a word of renewing it
# renews it

@pytest.mark.parametrize("plan", [
    "duloxetine 30 mg at bedtime, qty 30, refills: 2.",
    "duloxetine 30 mg daily, disp #30, one refill, recheck in a month.",
])
def test_a_first_prescription_with_its_quantity_gives_the_baseline(plan: str) -> None:
    from tests.guidelines.test_review14_fixes_a import _relief_after_plan

    assert _relief_after_plan(plan) is met


def test_a_prescription_continued_gives_no_baseline_before_it() -> None:
    """Near miss: a plan that continues the drug, quantity or not, was already on it."""
    from tests.guidelines.test_review14_fixes_a import _relief_after_plan

    assert _relief_after_plan("duloxetine 30 mg daily #30, continue, 2 refills.") is not met


# finding 8: "OA, severe <compartment>" reads the knee's grade only when the compartment
# closes the phrase, and not after a mild grade of the disease

def _meniscectomy(imaging: str):
    from tests.guidelines.test_dev40_decisions import _MENISCECTOMY, _knee_notes

    return _draft([_MENISCECTOMY], _knee_notes(imaging), injury="2018-09-01")[_MENISCECTOMY]


@pytest.mark.parametrize("imaging", [
    "MRI: flap tear of the lateral meniscus. Radiographs: mild OA, severe medial joint line "
    "pain when squatting.",
    "MRI: lateral meniscus tear. Films: osteoarthritis, moderate lateral soft tissue swelling.",
])
def test_a_severity_of_another_noun_is_no_arthritic_knee(imaging: str) -> None:
    assert _status(_meniscectomy(imaging), "km.not_degenerative_arthritic") is not not_met


@pytest.mark.parametrize("imaging", [
    # near misses: the compartment closes the phrase
    "MRI: lateral meniscus tear. Films: tricompartmental OA, moderate to severe laterally.",
    "MRI: lateral meniscus tear. Films: osteoarthritis, severe in the lateral compartment.",
    "MRI: lateral meniscus tear. Films: DJD, advanced medial compartment; osteophytes.",
])
def test_the_knee_s_grade_by_its_compartment_still_reads(imaging: str) -> None:
    assert _status(_meniscectomy(imaging), "km.not_degenerative_arthritic") is not_met


# finding 9: every modality's course resolves to a trial, so one just begun is never complete

def test_every_therapy_modality_resolves_to_a_trial() -> None:
    import datetime as dt
    from types import SimpleNamespace

    from openimr.guidelines.predicates.clinical import _trial_visits
    from openimr.records.kinds.therapy import MODALITIES

    context = SimpleNamespace(as_of=dt.date(2020, 1, 1))
    for modality in [*sorted({m for _pattern, m in MODALITIES}), None]:
        trial = _trial_visits(context, modality)
        assert isinstance(trial, int | float) and trial > 0, modality
    # near miss: the trial is each modality's own where its topic keeps one
    assert _trial_visits(context, "biofeedback") != _trial_visits(context, "functional_restoration")
