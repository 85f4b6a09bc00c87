"""A requirement is never met on a statement a careful reviewer would not take as a finding
(issue 12, session "decide-fo"): a trial proposed in a plan is not a trial made. Each test is
written for the test, in words unlike the development cases'."""

from __future__ import annotations

import datetime as dt

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note, _context, _status

met, unknown = CriterionStatus.met, CriterionStatus.unknown
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
