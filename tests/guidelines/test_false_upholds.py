"""Items the guideline supports that the drafts used to uphold (issue 12, session
"decide-upholds"): each test states the guideline logic, on notes written for the test."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from openimr.guidelines.knowledge import load_knowledge_base
from openimr.guidelines.predicates.therapy import asks_for_more
from openimr.model import Decision
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note, _context, _status
from tests.guidelines.test_generalizing_decisions import _decide

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


def test_a_treatment_told_as_tried_before_a_complaint_that_persists_has_failed() -> None:
    note = Note("Finger locks every morning x5 months. Tried a night splint x6 weeks and "
                "ibuprofen. Exam: palpable triggering at the A1 pulley.", dt.date(2018, 6, 5))
    facts = [note.fact("medication", "ibuprofen", drug="ibuprofen", generic="ibuprofen"),
             note.fact("exam_finding", "palpable triggering", finding="mechanical_symptoms",
                       positive=True)]
    args = {"treatments": ["nsaid"], "description": "an NSAID"}
    assert _status(_context("Corticosteroid injection right ring finger", [note], facts),
                   "treatment_failed", **args) is met
    # A trial told with its benefit has not failed, and nor has one the notes leave settled.
    helped = Note("Tried ibuprofen, which helped. Exam: palpable triggering.", dt.date(2018, 6, 5))
    facts = [helped.fact("medication", "ibuprofen", drug="ibuprofen", generic="ibuprofen"),
             helped.fact("exam_finding", "palpable triggering", finding="mechanical_symptoms",
                         positive=True)]
    assert _status(_context("Corticosteroid injection right ring finger", [helped], facts),
                   "treatment_failed", **args) is not met
    settled = Note("Tried ibuprofen for a week last year.", dt.date(2018, 6, 5))
    facts = [settled.fact("medication", "ibuprofen", drug="ibuprofen", generic="ibuprofen")]
    assert _status(_context("Corticosteroid injection right ring finger", [settled], facts),
                   "treatment_failed", **args) is unknown


@pytest.mark.parametrize(("text", "status"), [
    ("Naproxen takes the edge off; walking tolerance from 1 block to about 3 blocks.", met),
    ("Sitting tolerance improved 20 -> 45 minutes on the current regimen.", met),
    ("Walking tolerance 10 -> 11 minutes.", unknown),             # less than a third more
    ("Walking tolerance from 3 blocks to 1 block.", unknown),     # a decline is no gain
    ("Goals: walking tolerance 10 -> 20 minutes.", unknown),      # a goal is not a gain
])
def test_an_activity_tolerance_written_as_increased_is_functional_improvement(
        text: str, status: CriterionStatus) -> None:
    note = Note(text, dt.date(2016, 5, 17))
    context = _context("Naproxen 550mg #60", [note], [])
    assert _status(context, "functional_improvement_documented") is status


def test_aquatic_therapy_after_land_therapy_not_tolerated_is_a_course_of_its_own() -> None:
    """CPMTG p. 22: aquatic therapy is the alternative to land-based therapy where reduced
    weight bearing is desirable; the land visits the worker could not tolerate do not use up
    its visits or make it an extension. The statutory cap still counts them."""
    note = Note("Land-based PT discontinued after 6 visits: could not tolerate weight bearing. "
                "BMI 44.", dt.date(2017, 7, 11))
    facts = [note.fact("therapy_sessions", "PT discontinued after 6 visits",
                       modality="physical_therapy", count=6, status="completed"),
             note.fact("treatment_trial", "could not tolerate", treatment="physical_therapy",
                       outcome="not_tolerated")]
    drafted = _decide("Aquatic therapy 2x4 lumbar spine", [note], facts)
    statuses = {c.id: c.status for c in drafted.criteria}
    assert statuses["pm.visits_within_guideline"] is met
    assert "pm.functional_improvement" in drafted.not_applicable
    assert "14 visits" in next(c.explanation for c in drafted.criteria
                               if c.id == "pm.statutory_cap")
    # Land therapy that was tolerated counts: 6 + 8 is past the 10 visits.
    done = Note("Land-based PT 6 visits completed, home program taught. BMI 44.",
                dt.date(2017, 7, 11))
    tolerated = [done.fact("therapy_sessions", "PT 6 visits", modality="physical_therapy",
                           count=6, status="completed")]
    statuses = {c.id: c.status for c in _decide("Aquatic therapy 2x4 lumbar spine", [done],
                                                tolerated).criteria}
    assert statuses["pm.visits_within_guideline"] is not met


@pytest.mark.parametrize(("text", "more"), [
    ("2-week trial (80 hours) with reassessment before any further sessions", False),
    ("aquatic therapy 2x4, then a pool program to continue independently", False),
    ("6 more visits to continue the gains", True),
    ("additional 8 sessions", True),
])
def test_words_of_more_that_ask_for_nothing_more_now(text: str, more: bool) -> None:
    assert asks_for_more(text) is more


def test_buprenorphine_for_an_opioid_use_disorder_is_judged_as_its_treatment() -> None:
    """CPMTG pp. 26-27: buprenorphine is recommended to treat opiate addiction; the aberrant use
    that made the disorder is its indication, not a reason to stop it."""
    note = Note("DSM-5 opioid use disorder, moderate. Bought pills on the street twice. "
                "CURES reviewed today: single prescriber.", dt.date(2022, 7, 11))
    facts = [note.fact("diagnosis", "opioid use disorder", text="opioid use disorder"),
             note.fact("aberrant_behavior", "Bought pills on the street",
                       behavior="bought pills on the street"),
             note.fact("opioid_monitoring", "CURES", item="cures_check")]
    drafted = _decide("Buprenorphine-naloxone (Suboxone) 8mg/2mg film #60", [note], facts)
    assert drafted.decision is Decision.overturned
    assert "op.continuation.aberrant_behavior" in drafted.not_applicable
    # Oxycodone for the same worker is still judged by the four A's.
    oxycodone = _decide("Oxycodone 10mg #120", [note], facts)
    assert {c.id: c.status for c in oxycodone.criteria}.get(
        "op.continuation.aberrant_behavior") in (not_met, None)
    assert oxycodone.decision is Decision.upheld


@pytest.mark.parametrize(("text", "status"), [
    ("Diary: headache days 14/mo -> 5/mo; severity 8 -> 5.", met),
    ("Migraines from 12 to 4 a month on topiramate.", met),
    ("Headache days 10/month (was 12).", not_met),
])
def test_a_preventive_is_judged_on_the_headache_days(text: str, status: CriterionStatus) -> None:
    note = Note(text, dt.date(2019, 6, 25))
    context = _context("Topiramate 50mg #60", [note], [], topic="migraine_prevention")
    assert _status(context, "headache_frequency_reduced", min_percent=50) is status


def test_a_topic_for_one_use_is_chosen_only_when_the_records_show_that_use() -> None:
    knowledge = load_knowledge_base()
    assert knowledge.topic_for("anticonvulsant", "other").id == "anticonvulsants"
    chosen = knowledge.topic_for("anticonvulsant", "other",
                                 indicated=lambda topic: topic.id == "migraine_prevention")
    assert chosen is not None and chosen.id == "migraine_prevention"


@pytest.mark.parametrize(("text", "status"), [
    ("Function: works full time as a parts counter manager, drives, does yard work.", met),
    ("She is still full-time in environmental services.", met),
    ("He was working full time at the time of injury.", unknown),   # a history, not now
    ("He does not work full time.", unknown),                        # denied
    ("At 58 she is continuing her full-time job at the bakery.", met),
    ("Continues to work part time at the library.", met),
    ("Function: works 2 full days/wk as a bookkeeper.", met),
    ("She no longer continues part-time work.", unknown),            # denied
])
def test_a_worker_who_works_now_has_returned_to_work(text: str, status: CriterionStatus) -> None:
    note = Note(text, dt.date(2015, 3, 9))
    context = _context("Norco 10/325mg #60", [note], [], topic="opioids")
    criterion = next(c for c in context.topic.criteria if c.id == "op.continuation.function")
    checks = criterion.args["checks"][1]["args"]["checks"]
    assert _status(context, "first_settled", checks=checks) is status


@pytest.mark.parametrize(("text", "status"), [
    ("On trazodone 50 qhs x 6 weeks: sleep now 6-7 h, PHQ-9 16 -> 11.", met),
    ("HAM-D 15 (was 22) on trazodone.", met),
    ("PHQ-9 16 -> 14.", unknown),   # less than its clinically important difference
])
def test_an_antidepressant_for_depression_is_judged_on_the_mood(
        text: str, status: CriterionStatus) -> None:
    note = Note(text, dt.date(2018, 2, 28))
    context = _context("Trazodone 50mg #30", [note], [], topic="antidepressants")
    assert _status(context, "mood_improved") is status


def test_a_course_awaited_or_stopped_for_weight_bearing_pain_is_not_a_course_had() -> None:
    note = Note("Land PT 6 visits stopped - knee effusions and pain flare with weight-bearing "
                "exercise. Awaiting aquatic therapy.", dt.date(2017, 6, 21))
    facts = [note.fact("therapy_sessions", "PT 6 visits", modality="physical_therapy", count=6,
                       status="completed")]
    drafted = _decide("Aquatic therapy 8 visits", [note], facts)
    assert {c.id: c.status for c in drafted.criteria}["pm.visits_within_guideline"] is met


def test_relief_written_after_the_procedure_it_follows_is_the_procedure_response() -> None:
    """'Relief from 03/14 TFESI: ~75% for ~4 months' states the percentage and how long."""
    procedure = Note("L L4-5 TFESI under fluoroscopy 03/14/2018.", dt.date(2018, 3, 14), "p")
    later = Note("Leg pain 6/10. Relief from 03/14 TFESI: ~75% for ~4 months.",
                 dt.date(2018, 8, 22), "q")
    # (a note's date is the date its facts carry)
    facts = [procedure.fact("injection_history", "TFESI", type="epidural_steroid"),
             later.fact("pain_score", "6/10", value=6, scale=10)]
    context = _context("Repeat left L4-5 transforaminal epidural steroid injection",
                       [procedure, later], facts, procedure_reports=("p",))
    outcome_args = {"types": ["epidural_steroid"], "min_relief_percent": 50, "min_weeks": 6}
    assert _status(context, "prior_injection_response", **outcome_args) is met
    short = Note("Leg pain 6/10. Relief from 03/14 TFESI: ~75% for ~2 weeks.",
                 dt.date(2018, 8, 22), "q")
    facts = [facts[0], short.fact("pain_score", "6/10", value=6, scale=10)]
    context = _context("Repeat left L4-5 transforaminal epidural steroid injection",
                       [procedure, short], facts, procedure_reports=("p",))
    assert _status(context, "prior_injection_response", **outcome_args) is not_met


@pytest.mark.parametrize(("text", "status"), [
    ("Tramadol ER 100 daily. UDS today. Last UDS: 2017.", met),            # none in the year
    ("Norco tid. Last UDS in chart 11/2015. UDS at next visit.", met),
    ("Tramadol ER 100 daily. Last UDS 08/2019.", not_met),                 # one within it
])
def test_the_date_a_note_gives_for_the_last_drug_test_counts_the_tests_of_the_year(
        text: str, status: CriterionStatus) -> None:
    """ODG: at low risk, a test a year; the note's own date of the last test counts it."""
    note = Note(text, dt.date(2019, 9, 11))
    facts = [note.fact("medication", "ramadol" if "ramadol" in text else "Norco",
                       drug="tramadol" if "ramadol" in text else "Norco")]
    context = _context("Urine drug screen", [note], facts, topic="urine_drug_testing")
    context = replace(context, as_of=dt.date(2019, 10, 7))
    assert _status(context, "drug_tests_within_year", limit_parameter="tests_per_year") is status


def test_an_analgesic_taken_with_limits_that_persist_has_not_relieved_enough() -> None:
    note = Note("L knee aching, worse with stairs. Naproxen, home program.", dt.date(2019, 7, 23))
    facts = [note.fact("adl_limitation", "worse with stairs", activity="stairs"),
             note.fact("medication", "Naproxen", drug="naproxen", generic="naproxen")]
    args = {"treatments": ["nsaid", "home_exercise"], "description": "medication"}
    context = _context("Left knee corticosteroid injection", [note], facts)
    assert _status(context, "treatment_failed", **args) is met
    # A home program done with the same limits is not shown to have failed by them.
    program = Note("L knee aching, worse with stairs. Does his home program.", dt.date(2019, 7, 23))
    facts = [program.fact("adl_limitation", "worse with stairs", activity="stairs"),
             program.fact("home_exercise_program", "home program", status="independent")]
    context = _context("Gym membership x12 months", [program], facts)
    assert _status(context, "treatment_failed", treatments=["home_exercise"],
                   description="a home program") is not met


def test_a_completed_course_after_which_the_signs_persist_has_failed() -> None:
    """A completed course followed by persisting symptoms is a failure (issue 12 §1): with no
    pain score, the examination's signs of the complaint are the symptoms that persist."""
    note = Note("Did 10 PT visits (Jan-Mar). Exam: small effusion, McMurray positive.",
                dt.date(2017, 4, 26))
    facts = [note.fact("therapy_sessions", "10 PT visits", modality="physical_therapy",
                       count=10, status="completed"),
             note.fact("exam_finding", "small effusion", finding="effusion", positive=True),
             note.fact("exam_finding", "McMurray positive", finding="mcmurray", positive=True)]
    args = {"treatments": ["physical_therapy"], "description": "physical therapy"}
    context = _context("Right knee arthroscopy with partial medial meniscectomy", [note], facts)
    assert _status(context, "treatment_failed", **args) is met
    # A pain score after the course says how the worker is: a low one is not a failure.
    scored = Note("Did 10 PT visits (Jan-Mar). Pain 2/10. Exam: small effusion.",
                  dt.date(2017, 4, 26))
    facts = [scored.fact("therapy_sessions", "10 PT visits", modality="physical_therapy",
                         count=10, status="completed"),
             scored.fact("pain_score", "2/10", value=2, scale=10),
             scored.fact("exam_finding", "small effusion", finding="effusion", positive=True)]
    context = _context("Right knee arthroscopy with partial medial meniscectomy", [scored], facts)
    assert _status(context, "treatment_failed", **args) is not met


@pytest.mark.parametrize(("text", "status"), [
    ("She says that on the meloxicam each morning she is able to do her garden beds.", met),
    ("Doing better with meloxicam since spring - drives to her daughter's again.", met),
    ("On the meloxicam she can't walk past the mailbox.", unknown),     # a limit, not a gain
])
def test_an_activity_done_on_the_drug_is_function_with_it(text: str,
                                                          status: CriterionStatus) -> None:
    note = Note(text, dt.date(2016, 4, 2))
    facts = [note.fact("medication", "meloxicam", drug="meloxicam", generic="meloxicam")]
    context = _context("Meloxicam 15mg #30", [note], facts)
    assert _status(context, "functional_improvement_documented") is status


def test_a_word_of_long_use_belongs_to_the_drug_it_follows() -> None:
    # "(continues)" tells of the gabapentin before it, not of the tizanidine started after it
    plan = Note("Plan: gabapentin 300 tid (neurology continues) -- tizanidine 2 mg qhs #14 for "
                "the new spasm.", dt.date(2020, 1, 9))
    facts = [plan.fact("medication", "gabapentin", drug="gabapentin", generic="gabapentin"),
             plan.fact("medication", "tizanidine 2 mg", drug="tizanidine", generic="tizanidine",
                       quantity=14)]
    context = _context("Tizanidine 2mg #14", [plan], facts)
    args = {"limit_parameter": "max_weeks", "classes": ["muscle_relaxant"],
            "description": "a muscle relaxant"}
    context = replace(context, topic=load_knowledge_base().topics["muscle_relaxants"])
    assert _status(context, "use_within_weeks", **args) is met
    # told of the drug itself, it is long use
    kept = Note("Tizanidine 2 mg qhs, on it for years.", dt.date(2020, 1, 9))
    facts = [kept.fact("medication", "Tizanidine 2 mg", drug="tizanidine", generic="tizanidine")]
    context = replace(_context("Tizanidine 2mg #14", [kept], facts),
                      topic=load_knowledge_base().topics["muscle_relaxants"])
    assert _status(context, "use_within_weeks", **args) is not_met


def test_a_list_start_column_before_the_list_is_earlier_use_not_a_start() -> None:
    """A reconciliation list printed in 2019 whose tramadol row was started in 2017 tells use
    begun then: the request continues it, and the four A's judge it, not the trial's checks."""
    listing = Note("Drug  Sig  Started\ntramadol 50 mg  1 po bid  03/2017", dt.date(2019, 8, 2))
    facts = [listing.fact("medication", "tramadol 50 mg", drug="tramadol", generic="tramadol",
                          action="start", began="2017-03-01")]
    context = _context("Tramadol 50mg #60", [listing], facts)
    assert _status(context, "on_medication", classes=["opioid"], description="an opioid",
                   prior_use=True) is met
    # the same row started the day of the list is the start it says
    today = [facts[0].model_copy(update={"value": {**facts[0].value, "began": None}})]
    context = _context("Tramadol 50mg #60", [listing], today)
    assert _status(context, "on_medication", classes=["opioid"], description="an opioid",
                   prior_use=True) is not met


def test_a_treatment_told_as_tried_mid_sentence_is_read_as_tried() -> None:
    """The "tried" cue is read wherever the treatment stands in its sentence, not only when it
    ends it: a trial told before more words of the same sentence is still a trial."""
    note = Note("Wrist pain on gripping since spring. Tried ibuprofen for a while and she still "
                "drops cups. Exam: Finkelstein positive.", dt.date(2019, 9, 3))
    facts = [note.fact("medication", "ibuprofen", drug="ibuprofen", generic="ibuprofen"),
             note.fact("exam_finding", "Finkelstein positive", finding="other",
                       positive=True)]
    args = {"treatments": ["nsaid"], "description": "an NSAID"}
    assert _status(_context("Corticosteroid injection first dorsal compartment", [note], facts),
                   "treatment_failed", **args) is met
    # A plan's trial told mid-sentence is still no trial made.
    planned = Note("Plan: will start a trial of ibuprofen daily and see her back. Exam: "
                   "Finkelstein positive.", dt.date(2019, 9, 3))
    facts = [planned.fact("medication", "ibuprofen", drug="ibuprofen", generic="ibuprofen"),
             planned.fact("exam_finding", "Finkelstein positive", finding="other",
                          positive=True)]
    assert _status(_context("Corticosteroid injection first dorsal compartment", [planned], facts),
                   "treatment_failed", **args) is not met
