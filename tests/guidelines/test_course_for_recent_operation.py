"""`course_for_recent_operation`: an opioid course for the pain of a recent operation is acute
care, not chronic therapy (session "decide-fold", which made one predicate of the two that
sessions "decide-dev20" and "decide-dev21" wrote). Notes are written for these tests."""

from __future__ import annotations

import dataclasses
import datetime as dt

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note, _context, _status

met, not_met = CriterionStatus.met, CriterionStatus.not_met
ARGS = {"classes": ["opioid"], "description": "the opioid is a course for the pain of a recent "
                                              "operation"}


def _operation(day: dt.date) -> tuple[Note, object]:
    report = Note("OPERATIVE REPORT. Right knee arthroscopic partial medial meniscectomy. "
                  "Estimated blood loss minimal.", day, "op")
    return report, report.fact("surgery", "arthroscopic partial medial meniscectomy",
                               procedure="knee arthroscopy", category="knee_arthroscopy")


def _oxycodone(note: Note) -> object:
    quote = "Oxycodone 5 mg" if "Oxycodone 5 mg" in note.text else "oxycodone 5 mg"
    return note.fact("medication", quote, drug="oxycodone", generic="oxycodone",
                     action="current")


def _decided(context, as_of: dt.date):
    return dataclasses.replace(context, as_of=as_of)


def test_a_course_in_a_note_about_the_operation_is_acute_care() -> None:
    report, knee = _operation(dt.date(2021, 6, 7))
    visit = Note("Seen 10 days post-op. Wound clean. Oxycodone 5 mg q6h prn for another two "
                 "weeks, then Tylenol.", dt.date(2021, 6, 17), "v")
    context = _context("Oxycodone 5mg #40", [report, visit], [knee, _oxycodone(visit)],
                       procedure_reports=("op",))
    # a decision two months on: the note about the operation says what the course is for
    assert _status(_decided(context, dt.date(2021, 8, 9)), "course_for_recent_operation",
                   **ARGS) is met


def test_a_prescription_days_after_a_dated_surgery_is_acute_care() -> None:
    report, knee = _operation(dt.date(2021, 6, 7))
    home = Note("Discharge instructions: crutches, ice. Oxycodone 5 mg q4h prn #30.",
                dt.date(2021, 6, 8), "dc")
    context = _context("Oxycodone 5mg #30", [report, home], [knee, _oxycodone(home)],
                       procedure_reports=("op",))
    # no word of the operation in the note, but the decision is within days of it
    assert _status(_decided(context, dt.date(2021, 6, 20)), "course_for_recent_operation",
                   **ARGS) is met
    # months later, a note with no word of the operation is no postoperative course
    assert _status(_decided(context, dt.date(2021, 11, 1)), "course_for_recent_operation",
                   **ARGS) is not_met


def test_an_opioid_taken_before_the_operation_is_continued_therapy() -> None:
    report, knee = _operation(dt.date(2021, 6, 7))
    visit = Note("Two weeks s/p arthroscopy. Oxycodone 5 mg at bedtime, continue.",
                 dt.date(2021, 6, 21), "v")
    earlier = Note("Knee pain for a year; oxycodone 5 mg at night helps.", dt.date(2021, 3, 1),
                   "pre")
    facts = [knee, _oxycodone(visit), _oxycodone(earlier)]
    context = _context("Oxycodone 5mg #30", [earlier, report, visit], facts,
                       procedure_reports=("op",))
    assert _status(_decided(context, dt.date(2021, 6, 28)), "course_for_recent_operation",
                   **ARGS) is not_met
    # told as taken "since" a year before the operation, in a note after it
    since = Note("Two weeks s/p arthroscopy. Oxycodone 5 mg at bedtime since 2019.",
                 dt.date(2021, 6, 21), "v")
    context = _context("Oxycodone 5mg #30", [report, since], [knee, _oxycodone(since)],
                       procedure_reports=("op",))
    assert _status(_decided(context, dt.date(2021, 6, 28)), "course_for_recent_operation",
                   **ARGS) is not_met


def test_an_injection_is_no_operation() -> None:
    shot = Note("PROCEDURE NOTE. Left L4-5 interlaminar epidural steroid injection.",
                dt.date(2021, 6, 7), "op")
    visit = Note("One week post-op check after the injection. Oxycodone 5 mg prn.",
                 dt.date(2021, 6, 14), "v")
    facts = [shot.fact("injection_history", "interlaminar epidural steroid injection",
                       type="epidural_steroid"), _oxycodone(visit)]
    context = _context("Oxycodone 5mg #20", [shot, visit], facts, procedure_reports=("op",))
    assert _status(_decided(context, dt.date(2021, 6, 20)), "course_for_recent_operation",
                   **ARGS) is not_met


def test_an_operation_dated_by_its_year_years_ago_is_not_recent() -> None:
    visit = Note("Seen 04/03/2019 for a failed neck s/p C5-6 fusion 2012, post-op pain ever "
                 "since; oxycodone 5 mg q6h, refill.", dt.date(2019, 4, 3), "v")
    facts = [visit.fact("surgery", "C5-6 fusion", procedure="C5-6 fusion",
                        category="cervical_fusion"), _oxycodone(visit)]
    context = _context("Oxycodone 5mg #120", [visit], facts)
    assert _status(_decided(context, dt.date(2019, 4, 20)), "course_for_recent_operation",
                   **ARGS) is not_met
