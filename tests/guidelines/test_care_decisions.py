"""Non-drug items a physician would overturn that the drafts upheld (issue 12, session
"decide-care"): each test states the guideline reading, on notes written for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.model import Decision
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note
from tests.guidelines.test_generalizing_decisions import _decide

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown

_CBT = "Cognitive behavioral therapy, 4 more sessions"


def _cbt_course(text: str) -> tuple[Note, list]:
    note = Note(text, dt.date(2019, 9, 10))
    facts = [note.fact("therapy_sessions", "6 CBT sessions", modality="psychotherapy", count=6,
                       status="completed"),
             note.fact("diagnosis", "major depressive disorder", text="major depressive disorder",
                       group="depression")]
    return note, facts


@pytest.mark.parametrize(("scores", "decision"), [
    ("GAD-7 from 15 to 9 and PHQ-9 17 -> 12 over the course.", Decision.overturned),
    ("Pain Catastrophizing Scale 34 (was 44 at intake).", Decision.overturned),
    ("PHQ-9 17 -> 15 over the course.", Decision.upheld),  # under its clinically important fall
    ("PHQ-9 12 -> 17 over the course.", Decision.upheld),  # worse
    # a verb between the instrument and its scores
    ("Her Tampa Scale has dropped from 47 to 35 since intake.", Decision.overturned),
    ("The GAD-7 rose from 8 to 14 after the layoff.", Decision.upheld),
])
def test_a_psychometric_fall_by_its_important_difference_is_objective_improvement(
        scores: str, decision: Decision) -> None:
    """CPMTG p. 23: visits after the initial trial need objective functional improvement; a
    psychologist shows it on the validated instruments the therapy targets."""
    note, facts = _cbt_course(f"Completed 6 CBT sessions for major depressive disorder. {scores}")
    drafted = _decide(_CBT, [note], facts)
    assert drafted.decision is decision
    assert {c.id: c.status for c in drafted.criteria}["psy.functional_improvement"] is (
        met if decision is Decision.overturned else not_met)


def test_a_session_table_gives_each_instrument_down_its_column() -> None:
    note, facts = _cbt_course(
        "Completed 6 CBT sessions for major depressive disorder.\n"
        "Visit Date BAI HADS-D Homework\n"
        "1 07/02 31 14 sleep log\n"
        "3 07/30 26 12 graded walk 5 min\n"
        "6 08/27 19 9 back at choir practice\n"
        "Plan: 4 more sessions.")
    drafted = _decide(_CBT, [note], facts)
    criterion = next(c for c in drafted.criteria if c.id == "psy.functional_improvement")
    assert criterion.status is met
    assert "BAI 31 to 19" in criterion.explanation
    assert "HADS 14 to 9" in criterion.explanation
    # every quote is the record's own words
    assert all(" ".join(note.text[e.start:e.end].split()) == e.quote for e in criterion.evidence)


_HIP = "Left total hip arthroplasty"


def _hip_facts(note: Note) -> list:
    return [note.fact("imaging_finding", "severe joint space narrowing", modality="xray",
                      body_part="left hip", finding="severe joint space narrowing",
                      category="degenerative"),
            note.fact("treatment_trial", "failed therapy", treatment="physical_therapy",
                      outcome="failed")]


def test_a_walking_aid_for_after_a_supported_hip_replacement_follows_it() -> None:
    """ODG Knee & Leg, walking aids: a walker or crutches for the weeks after a joint
    replacement; the pre-operative examination need not show a gait disorder."""
    note = Note("L hip OA, severe joint space narrowing on AP pelvis; failed therapy and "
                "celecoxib. Walking limited to 2 blocks. Plan: L THA with a rolling walker after.",
                dt.date(2020, 3, 3))
    facts = [*_hip_facts(note), note.fact("adl_limitation", "Walking limited to 2 blocks",
                                          activity="walking")]
    items = [_HIP, "Rolling walker"]
    drafted = _decide("Rolling walker", [note], facts, items=items, age=61)
    assert drafted.decision is Decision.overturned
    assert "dme.gait_need" in drafted.not_applicable
    # Without the walking limit the hip replacement is not shown necessary, nor the walker.
    bare = Note("L hip OA, severe joint space narrowing on AP pelvis; failed therapy. "
                "Plan: L THA.", dt.date(2020, 3, 3))
    assert _decide("Rolling walker", [bare], _hip_facts(bare), items=items,
                   age=61).decision is Decision.upheld


_INJECTION = "Right knee corticosteroid injection"
_ARGS = {"treatments": ["physical_therapy", "nsaid"], "description": "exercise or medication"}


@pytest.mark.parametrize(("text", "status"), [
    # a drug taken for weeks with the signs of the complaint still found has not resolved it
    ("Diclofenac 75 mg bid x 6 weeks. Exam: effusion, Thessaly positive.", met),
    ("Has been taking meloxicam. Exam: Apley grind positive.", met),
    # a drug named today, with no sign of how long, is no trial yet
    ("Meds: meloxicam prn. Exam: effusion, Thessaly positive.", unknown),
    # nor is a drug taken with nothing found on examination
    ("Diclofenac 75 mg bid x 6 weeks. Exam: no effusion, Thessaly negative.", unknown),
])
def test_a_drug_taken_a_while_with_signs_that_persist_has_not_resolved_the_complaint(
        text: str, status: CriterionStatus) -> None:
    from tests.guidelines.test_evidence_reading import _context, _status

    note = Note(text, dt.date(2021, 4, 12))
    drug = "Diclofenac" if "Diclofenac" in text else "meloxicam"
    facts = [note.fact("medication", drug, drug=drug.lower(), generic=drug.lower(),
                       action="current")]
    for sign, finding in (("effusion", "effusion"), ("Thessaly positive", "other"),
                          ("Apley grind positive", "other")):
        if sign in text and f"no {sign}" not in text:
            facts.append(note.fact("exam_finding", sign, finding=finding, positive=True,
                                   detail=sign))
    assert _status(_context(_INJECTION, [note], facts), "treatment_failed", **_ARGS) is status


def test_a_start_date_is_no_functional_gain() -> None:
    from openimr.records.trained import values_for

    assert values_for("functional_improvement", "True", "Celecoxib since 03/2020.") == []
    assert values_for("functional_improvement", "True", "Walking farther since 03/2020.") != []


_GUIDANCE = "Ultrasound guidance for right knee injection"


@pytest.mark.parametrize(("plan", "decision"), [
    # a superficial joint is injected by its landmarks: no reason for imaging is given
    ("Plan: R knee cortisone injection with ultrasound guidance.", Decision.upheld),
    # a landmark-guided injection that missed is the anatomic reason
    ("Landmark-guided injection in 2019 was a dry tap. Plan: R knee cortisone injection with "
     "ultrasound guidance.", Decision.overturned),
])
def test_imaging_guidance_of_a_superficial_joint_injection_needs_an_anatomic_reason(
        plan: str, decision: Decision) -> None:
    """ODG Knee & Leg and Shoulder: guidance is not routinely needed for a knee or subacromial
    injection; it is for a deep joint or a failed or difficult landmark-guided injection."""
    note = Note(f"R knee OA, effusion. Diclofenac x 3 months without relief. {plan}",
                dt.date(2021, 5, 4))
    facts = [note.fact("diagnosis", "R knee OA", text="R knee osteoarthritis",
                       group="osteoarthritis"),
             note.fact("treatment_trial", "Diclofenac x 3 months without relief",
                       treatment="nsaid", outcome="failed")]
    drafted = _decide(_GUIDANCE, [note], facts,
                      items=["Right knee corticosteroid injection", _GUIDANCE])
    assert drafted.decision is decision
    assert {c.id: c.status for c in drafted.criteria}["cji.guidance_need"] is (
        met if decision is Decision.overturned else not_met)


@pytest.mark.parametrize(("history", "status"), [
    ("Has not had any therapy since the injury; naproxen only.", not_met),
    ("Completed 6 PT visits; naproxen helps a little.", met),
])
def test_an_interferential_unit_ordered_before_any_therapy_is_an_isolated_intervention(
        history: str, status: CriterionStatus) -> None:
    """CPMTG pp. 118-120: interferential current is not an isolated intervention; it is for
    pain unresponsive to conservative measures, not the first treatment beside therapy that
    has not begun."""
    note = Note(f"Low back pain 6/10. {history} Plan: PT 2x4 and IF unit rental x 1 month.",
                dt.date(2016, 2, 9))
    drafted = _decide("Interferential unit 1-month rental", [note], [])
    assert {c.id: c.status for c in drafted.criteria}[
        "et.interferential_after_first_care"] is status


_GUIDED = "Right knee corticosteroid injection under ultrasound guidance"


@pytest.mark.parametrize(("report", "decision"), [
    # the last knee injection, given by its landmarks, helped: the landmarks suffice
    ("R knee injection, anterolateral approach, 40 mg Kenalog + lidocaine. Tolerated well.",
     Decision.upheld),
    # near miss: the last one was itself guided by ultrasound, which tells nothing of landmarks
    ("R knee injection under ultrasound, anterolateral approach, 40 mg Kenalog + lidocaine.",
     Decision.overturned),
])
def test_guidance_asked_with_a_knee_injection_after_a_landmark_injection_that_helped(
        report: str, decision: Decision) -> None:
    """ODG Knee & Leg, Steroid injections: imaging guidance is for a failed or difficult
    landmark-guided injection; one of the same joint that helped shows the landmarks reach it."""
    injected = Note(report, dt.date(2021, 1, 12), "p")
    later = Note("R knee OA, KL 3, effusion. Diclofenac x 3 months without relief. The January "
                 "shot gave her 80% relief for about 4 months; pain back to 7/10. Plan: repeat "
                 "R knee injection with ultrasound guidance.", dt.date(2021, 6, 1))
    facts = [injected.fact("injection_history", "R knee injection", type="joint", level=None),
             later.fact("diagnosis", "R knee OA", text="R knee osteoarthritis",
                        group="osteoarthritis"),
             later.fact("treatment_trial", "Diclofenac x 3 months without relief",
                        treatment="nsaid", outcome="failed")]
    drafted = _decide(_GUIDED, [injected, later], facts, procedure_reports=("p",),
                      as_of=dt.date(2021, 6, 20))
    assert drafted.decision is decision
    statuses = {c.id: c.status for c in drafted.criteria}
    assert statuses.get("cji.landmark_sufficed") is (
        not_met if decision is Decision.upheld else None)
