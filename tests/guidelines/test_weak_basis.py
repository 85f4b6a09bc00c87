"""A requirement is never met on a statement a careful reviewer would not take as a finding
(issue 12, session "decide-fo"): a trial proposed in a plan is not a trial made. Each test is
written for the test, in words unlike the development cases'."""

from __future__ import annotations

import datetime as dt

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note, _context, _status

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown
ARGS = {"treatments": ["nsaid"], "description": "an NSAID"}


def test_a_trial_proposed_in_the_plan_is_no_trial_of_what_follows_it() -> None:
    planned = Note("Exam: Spurling test positive on the right. Plan: consider a trial of "
                   "cervical traction, keep up the home stretching program.", dt.date(2019, 2, 4))
    facts = [planned.fact("exam_finding", "Spurling test positive", finding="other",
                          positive=True),
             planned.fact("home_exercise_program", "home stretching program",
                          status="independent")]
    assert _status(_context("Cervical traction unit", [planned], facts), "treatment_failed",
                   treatments=["home_exercise"], description="a home program") is unknown
    # told as tried in the history, the same drug before the same sign has failed
    tried = Note("Shoulder pain. Tried ibuprofen. Exam: Hawkins sign positive.",
                 dt.date(2019, 2, 4))
    facts = [tried.fact("medication", "ibuprofen", drug="ibuprofen", generic="ibuprofen"),
             tried.fact("exam_finding", "Hawkins sign positive", finding="other", positive=True)]
    assert _status(_context("Subacromial injection right shoulder", [tried], facts),
                   "treatment_failed", **ARGS) is met


def test_an_item_of_a_list_of_goals_is_no_gain() -> None:
    aimed = Note("Therapy progress. Long-term goals: climbs one flight without the banister, "
                 "carries groceries from the car.", dt.date(2020, 9, 14))
    facts = [aimed.fact("functional_improvement", "carries groceries from the car",
                        present=True, domain="adl")]
    assert _status(_context("Physical therapy 6 visits left knee", [aimed], facts),
                   "functional_improvement_documented") is unknown
    # a goal the note says was reached is a result
    reached = Note("Therapy progress. LTG: carries groceries from the car - achieved today.",
                   dt.date(2020, 9, 14))
    facts = [reached.fact("functional_improvement", "carries groceries from the car",
                          present=True, domain="adl")]
    assert _status(_context("Physical therapy 6 visits left knee", [reached], facts),
                   "functional_improvement_documented") is met


def test_an_overturn_met_only_on_planned_or_form_mentions_needs_a_physician() -> None:
    from openimr.guidelines.basis import attention_reasons
    from openimr.model import CriterionResult, CriterionRole, Decision, Evidence, Fact

    def fact(document: str, quote: str, **flags) -> Fact:
        return Fact(kind="home_exercise_program", value={"status": "independent"},
                    evidence=Evidence(document=document, page=1, start=0, end=len(quote),
                                      quote=quote), **flags)

    planned = fact("note", "will start a daily walking routine", hypothetical=True)
    asked = fact("rfa", "walking program")
    seen = fact("note2", "walks daily on her own")

    def reasons(*facts: Fact, requests: tuple[str, ...] = ("rfa",)) -> list[str]:
        met = CriterionResult(id="x.program", text="t", status=CriterionStatus.met,
                              role=CriterionRole.requirement,
                              evidence=[f.evidence for f in facts])
        return attention_reasons(Decision.overturned, [met], list(facts),
                                 ["note", "note2", "rfa"], (), forms=["rfa"], requests=requests)

    assert any("x.program" in r for r in reasons(planned, asked))
    assert any("x.program" in r for r in reasons(planned))
    # one current finding of a treating note beside them is a basis, and so is a form of the
    # clinic that is no request (a medication list)
    assert not reasons(planned, asked, seen)
    assert not reasons(asked, requests=())


def test_an_activity_the_worker_avoids_is_no_gain() -> None:
    fearful = Note("He keeps away from ladders and is scared to kneel again.", dt.date(2021, 1, 8))
    facts = [fearful.fact("functional_improvement", "kneel again", present=True, domain="adl")]
    assert _status(_context("Cognitive behavioral therapy 6 sessions", [fearful], facts),
                   "functional_improvement_documented") is unknown
    brave = Note("He is no longer afraid to kneel and kneels to garden again.", dt.date(2021, 1, 8))
    facts = [brave.fact("functional_improvement", "kneels to garden again", present=True,
                        domain="adl")]
    assert _status(_context("Cognitive behavioral therapy 6 sessions", [brave], facts),
                   "functional_improvement_documented") is met


def test_relief_an_old_note_told_is_not_carried_past_a_later_one_on_the_drug() -> None:
    spring = Note("Tapentadol 50 mg bid: back pain 7/10 off it, 2/10 on it.", dt.date(2017, 3, 2),
                  "spring")
    autumn = Note("Still taking tapentadol 50 mg bid. Back pain today 7/10, constant.",
                  dt.date(2017, 9, 14), "autumn")
    facts = [spring.fact("medication", "Tapentadol 50 mg", drug="tapentadol",
                         generic="tapentadol"),
             spring.fact("pain_score", "7/10", value=7, context="without_medication"),
             spring.fact("pain_score", "2/10", value=2, context="with_medication"),
             autumn.fact("medication", "tapentadol 50 mg", drug="tapentadol",
                         generic="tapentadol"),
             autumn.fact("pain_score", "7/10", value=7, context="current")]
    context = _context("Tapentadol 50mg #60", [spring, autumn], facts)
    assert _status(context, "pain_relief_documented", min_percent=30) is not_met
    # a later score still well below the level off the drug keeps the relief
    kept = Note("Still taking tapentadol 50 mg bid. Back pain today 3/10.", dt.date(2017, 9, 14),
                "autumn")
    facts = facts[:3] + [kept.fact("medication", "tapentadol 50 mg", drug="tapentadol",
                                   generic="tapentadol"),
                         kept.fact("pain_score", "3/10", value=3, context="current")]
    context = _context("Tapentadol 50mg #60", [spring, kept], facts)
    assert _status(context, "pain_relief_documented", min_percent=30) is met


def test_a_diagnosis_the_note_took_from_the_request_form_is_not_the_examiners() -> None:
    args = {"groups": ["radiculopathy"], "description": "a radiculopathy"}
    copied = Note("Impression: C6 radiculopathy (carried from the request for authorization). "
                  "Neck pain only.", dt.date(2022, 5, 3))
    facts = [copied.fact("diagnosis", "C6 radiculopathy", text="C6 radiculopathy",
                         group="radiculopathy")]
    assert _status(_context("Gabapentin 300mg #90", [copied], facts), "diagnosis_in_groups",
                   **args) is unknown
    examined = Note("Impression: C6 radiculopathy, weak wrist extension.", dt.date(2022, 5, 3))
    facts = [examined.fact("diagnosis", "C6 radiculopathy", text="C6 radiculopathy",
                           group="radiculopathy")]
    assert _status(_context("Gabapentin 300mg #90", [examined], facts), "diagnosis_in_groups",
                   **args) is met
