"""False upholds of dev-37 (task decide-dev37): evidence spread over notes and dates. The
baseline before a drug is in the note whose plan first orders it, and the pain on it in a later
note (told "with medication", or beside another region's score); a tolerance told against the
earlier one ("previously limited to"); the screen of the visit that started an opioid; a course
of therapy years before the injury, for another part; a program only advised or seconded. Each
case below is written for the rule, not copied from the set."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.context import Context
from openimr.guidelines.items import parse_item
from openimr.guidelines.knowledge import load_knowledge_base
from openimr.guidelines.predicates import evaluate
from openimr.guidelines.predicates.therapy import functional_improvement_documented, prior_visits
from openimr.model import Case
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import AS_OF, Note, _context

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown
RELIEF = {"min_percent": 30}


def _relief(item: str, notes: list[Note], facts: list) -> CriterionStatus:
    return evaluate("pain_relief_documented", _context(item, notes, facts), RELIEF).status


def test_the_note_whose_plan_first_orders_the_drug_gives_the_baseline_before_it() -> None:
    first = Note("Right foot burning 7/10 since the crush injury; nortriptyline gave no relief.\n"
                 "Plan: gabapentin 300 mg three times a day, recheck in one month.",
                 dt.date(2015, 1, 6), "a")
    later = Note("Follow-up. Foot pain 3/10, sleeping through. Gabapentin refilled.",
                 dt.date(2015, 3, 3), "b")
    facts = [first.fact("pain_score", "7/10", value=7),
             first.fact("medication", "gabapentin 300 mg", drug="gabapentin",
                        generic="gabapentin"),
             later.fact("pain_score", "3/10", value=3),
             later.fact("medication", "Gabapentin", drug="gabapentin", generic="gabapentin")]
    assert _relief("Gabapentin 300mg #90", [first, later], facts) is met
    # A plan that continues the drug starts nothing: the first note's score was on it.
    kept = Note("Right foot burning 7/10 since the crush injury.\n"
                "Plan: continue gabapentin 300 mg three times a day.", dt.date(2015, 1, 6), "a")
    facts = [kept.fact("pain_score", "7/10", value=7),
             kept.fact("medication", "gabapentin 300 mg", drug="gabapentin", generic="gabapentin"),
             *facts[2:]]
    assert _relief("Gabapentin 300mg #90", [kept, later], facts) is not met
    # Nor does a plan that orders the drug the history already lists as taken.
    listed = Note("Meds: gabapentin 300 tid. Right foot burning 7/10.\n"
                  "Plan: gabapentin 300 mg three times a day.", dt.date(2015, 1, 6), "a")
    facts = [listed.fact("medication", "gabapentin 300", drug="gabapentin", generic="gabapentin"),
             listed.fact("pain_score", "7/10", value=7),
             listed.fact("medication", "gabapentin 300 mg", drug="gabapentin",
                         generic="gabapentin"), *facts[2:]]
    assert _relief("Gabapentin 300mg #90", [listed, later], facts) is not met


def test_a_later_score_told_with_the_medication_is_a_score_on_the_drug() -> None:
    first = Note("Low back and leg pain 8/10. Start tramadol 50 mg every 6 hours as needed.",
                 dt.date(2015, 1, 6), "a")
    later = Note("Tramadol 50 mg about three a day; pain runs 4/10 with medication.",
                 dt.date(2015, 4, 7), "b")
    facts = [first.fact("pain_score", "8/10", value=8),
             first.fact("medication", "tramadol 50 mg", drug="tramadol", generic="tramadol",
                        action="start"),
             later.fact("medication", "Tramadol 50 mg", drug="tramadol", generic="tramadol"),
             later.fact("pain_score", "4/10", value=4, context="with_medication")]
    assert _relief("Tramadol 50mg #90", [first, later], facts) is met


def test_the_baseline_and_the_later_score_are_of_the_same_region() -> None:
    first = Note("Start duloxetine 30 mg daily. Foot pain 8/10.", dt.date(2015, 1, 6), "a")
    later = Note("Duloxetine 30 mg: foot pain 4/10. Shoulder pain 7/10, no change.",
                 dt.date(2015, 4, 7), "b")
    drug = {"drug": "duloxetine", "generic": "duloxetine"}
    facts = [first.fact("medication", "duloxetine 30 mg", action="start", **drug),
             first.fact("pain_score", "8/10", value=8),
             later.fact("medication", "Duloxetine 30 mg", **drug),
             later.fact("pain_score", "4/10", value=4),
             later.fact("pain_score", "7/10", value=7)]
    assert _relief("Duloxetine 30mg #30", [first, later], facts) is met
    # With no region scored in both notes the last scores are compared as they are.
    other = Note("Duloxetine 30 mg. Shoulder pain 7/10, no change.", dt.date(2015, 4, 7), "b")
    facts = [*facts[:2], other.fact("medication", "Duloxetine 30 mg", **drug),
             other.fact("pain_score", "7/10", value=7)]
    assert _relief("Duloxetine 30mg #30", [first, other], facts) is not met


def test_a_tolerance_told_against_the_earlier_one_is_a_gain() -> None:
    note = Note("On nortriptyline: sits 45 minutes at a time now, previously only 15 minutes.",
                dt.date(2015, 4, 7))
    context = _context("Nortriptyline 25mg #30", [note], [])
    assert functional_improvement_documented(context, maintained=True).status is met
    bracket = Note("Walks 6 blocks to the bus (was 2).", dt.date(2015, 4, 7))
    assert functional_improvement_documented(
        _context("Nortriptyline 25mg #30", [bracket], []), maintained=True).status is met
    # Less than before is no gain, and a goal is not a gain had.
    for text in ("Walks 10 minutes (was 30 before the fall).",
                 "Goal: stand 30 minutes, previously 10 minutes."):
        worse = Note(text, dt.date(2015, 4, 7))
        assert functional_improvement_documented(
            _context("Nortriptyline 25mg #30", [worse], []), maintained=True).status is not met


def _test_context(notes: list[Note], facts: list) -> Context:
    return _context("Urine toxicology screen", notes, facts, topic="urine_drug_testing")


def test_the_baseline_screen_of_the_visit_that_starts_the_opioid_is_no_test_on_it() -> None:
    first = Note("Failed NSAIDs and therapy. Start oxycodone 5 mg every 6 hours. Opioid contract "
                 "signed. Baseline urine toxicology sent today.", dt.date(2014, 11, 4), "a")
    later = Note("Oxycodone 5 mg three a day, walking more, no side effects. Urine toxicology "
                 "today.", dt.date(2015, 4, 7), "b")
    oxy = {"drug": "oxycodone", "generic": "oxycodone"}
    facts = [first.fact("medication", "oxycodone 5 mg", action="start", **oxy),
             first.fact("urine_drug_test", "urine toxicology sent today", result="consistent"),
             later.fact("medication", "Oxycodone 5 mg", **oxy)]
    args = {"limit_parameter": "tests_per_year"}
    assert evaluate("drug_tests_within_year", _test_context([first, later], facts),
                    args).status is met
    # The visit's screen not called a baseline may be the first test on the drug.
    plain = Note("Failed NSAIDs and therapy. Start oxycodone 5 mg every 6 hours. Opioid contract "
                 "signed. Urine toxicology sent today.", dt.date(2014, 11, 4), "a")
    facts = [plain.fact("medication", "oxycodone 5 mg", action="start", **oxy),
             plain.fact("urine_drug_test", "Urine toxicology sent today", result="consistent"),
             facts[2]]
    assert evaluate("drug_tests_within_year", _test_context([plain, later], facts),
                    args).status is not met
    # A switch from another opioid: the baseline screen was taken on a drug the worker took.
    switch = Note("Norco not enough. Stop Norco; start oxycodone 5 mg every 6 hours. Baseline "
                  "urine toxicology sent today.", dt.date(2014, 11, 4), "a")
    facts = [switch.fact("medication", "Norco", action="stop", drug="Norco",
                         generic="hydrocodone/acetaminophen"),
             switch.fact("medication", "oxycodone 5 mg", action="start", **oxy),
             switch.fact("urine_drug_test", "urine toxicology sent today", result="consistent"),
             facts[2]]
    assert evaluate("drug_tests_within_year", _test_context([switch, later], facts),
                    args).status is not met


def _course_context(item: str, note: Note, facts: list, injury: str) -> Context:
    case = Case.model_validate({"disputed_items": [item], "records": [{"text": "x"}],
                                "claim": {"date_of_injury": injury}})
    return Context(request=parse_item(item, as_of=AS_OF), case=case, facts=facts,
                   documents=[note.document], as_of=AS_OF,
                   topic=load_knowledge_base().topics["physical_medicine"],
                   page_texts={(note.document, 1): note.text})


def test_a_course_years_before_the_injury_for_another_part_is_not_this_course() -> None:
    note = Note("Lifted a pallet 02/2015, low back pain 6/10. Remote history: 2009 right "
                "shoulder sprain at a former job, had 10 PT visits then.", dt.date(2015, 3, 2))
    course = note.fact("therapy_sessions", "10 PT visits", modality="physical_therapy", count=10,
                       status="completed")
    context = _course_context("Physical therapy 6 visits lumbar spine", note, [course],
                              "2015-02-10")
    assert prior_visits(context, ["physical_therapy"], same_condition=True)[0] == 0
    # The same region before the injury, or another part with no year, stays counted.
    for text in ("Remote history: 2009 low back strain at a former job, had 10 PT visits then.",
                 "Remote history: right shoulder sprain at a former job, had 10 PT visits."):
        near = Note(text, dt.date(2015, 3, 2))
        fact = near.fact("therapy_sessions", "10 PT visits", modality="physical_therapy",
                         count=10, status="completed")
        context = _course_context("Physical therapy 6 visits lumbar spine", near, [fact],
                                  "2015-02-10")
        assert prior_visits(context, ["physical_therapy"], same_condition=True)[0] == 10


def test_a_program_only_advised_or_seconded_has_no_days_before_it() -> None:
    # The advice is bound to the program it names, not read from a bare "should" or "agreed"
    # (review 14, finding 1): no role word such as the Agreed Medical Evaluator hides it.
    advised = Note("Low back pain 6/10. In my opinion he should undergo an interdisciplinary "
                   "functional restoration program. I concur with the FRP.", dt.date(2015, 3, 2))
    context = _context("Functional restoration program 10 days", [advised],
                       [advised.fact("pain_score", "6/10", value=6)],
                       topic="functional_restoration")
    assert prior_visits(context, ["functional_restoration"])[0] == 0
    # A program told as attended, by the Agreed Medical Evaluator too, is a history whose
    # days are a question.
    for told in ("Per the Agreed Medical Evaluator he completed a functional restoration "
                 "program in 2013.",
                 "Attended a functional restoration program in 2013, number of days unknown."):
        attended = Note("Low back pain 6/10. " + told, dt.date(2015, 3, 2))
        context = _context("Functional restoration program 10 days", [attended],
                           [attended.fact("pain_score", "6/10", value=6)],
                           topic="functional_restoration")
        assert prior_visits(context, ["functional_restoration"])[0] is None
