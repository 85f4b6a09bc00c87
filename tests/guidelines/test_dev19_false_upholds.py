"""Items the guideline supports that the drafts upheld (session "decide-dev19-fu"): each test
states the reading on notes written for the test."""

from __future__ import annotations

import datetime as dt

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note, _context, _status

met, not_met = CriterionStatus.met, CriterionStatus.not_met

_ARGS = {"treatments": ["physical_therapy", "nsaid"], "description": "therapy or medication"}


def test_a_gain_on_another_body_parts_labelled_line_is_not_the_requested_parts() -> None:
    """A note covering two parts gives each its own line: "Rt hip: ... better with PT" says
    nothing of the elbow the injection is for, whose own line tells the complaint goes on."""
    note = Note("FOLLOW-UP 03/14/2023\n"
                "Left elbow: lateral epicondylitis, 12 therapy visits and ibuprofen, still "
                "unable to grip a pan.\n"
                "Rt hip - trochanteric pain better with PT, pain 2/10.\n", dt.date(2023, 3, 14))
    facts = [note.fact("therapy_sessions", "12 therapy visits", modality="physical_therapy",
                       count=12, status="completed"),
             note.fact("adl_limitation", "unable to grip", activity="gripping"),
             note.fact("treatment_trial", "better with PT", treatment="physical_therapy",
                       outcome="helped"),
             note.fact("pain_score", "2/10", value=2, scale=10, context="current")]
    elbow = _context("Left elbow lateral epicondyle corticosteroid injection", [note], facts)
    assert _status(elbow, "treatment_failed", **_ARGS) is met
    # The hip's own request still reads the hip's line: the therapy helped it.
    hip = _context("Right hip trochanteric bursa corticosteroid injection", [note], facts)
    assert _status(hip, "treatment_failed", **_ARGS) is not_met


def test_the_other_side_of_the_same_part_on_its_labelled_line_is_not_the_requested_side() -> None:
    note = Note("Bilateral wrist complaints 05/02/2022\n"
                "L wrist: improved after therapy, pain 1/10.\n"
                "R wrist: 8 OT visits done, still drops objects.\n", dt.date(2022, 5, 2))
    facts = [note.fact("treatment_trial", "improved after therapy",
                       treatment="physical_therapy", outcome="helped"),
             note.fact("pain_score", "1/10", value=1, scale=10, context="current"),
             note.fact("therapy_sessions", "8 OT visits", modality="occupational_therapy",
                       count=8, status="completed"),
             note.fact("adl_limitation", "drops objects", activity="gripping")]
    right = _context("Right wrist corticosteroid injection", [note], facts)
    assert _status(right, "treatment_failed", **_ARGS) is met
    left = _context("Left wrist corticosteroid injection", [note], facts)
    assert _status(left, "treatment_failed", **_ARGS) is not_met
