"""Evidence a physician reads that the drafts missed (session "decide-dev35"): pain written
as a fall with a verb or on a trial's log, a rental told by its length, a ledger of numbered
visits, a physician's own visit number, and a gain or a failure credited to one course and
not another. Each rule in its general form, on records worded unlike the cases that prompted
it, with the near misses it must leave alone."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.basis import attention_reasons
from openimr.model import Document, Page
from openimr.model.determination import CriterionStatus, Decision
from openimr.records import extract_facts
from openimr.records.pain_changes import pain_changes
from tests.guidelines.test_evidence_reading import Note, _context, _status
from tests.guidelines.test_notmet_and_overturns3 import _draft
from tests.records.conftest import facts_of

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


def _changes(text: str) -> list[tuple[float, float]]:
    return [(before, after) for _m, before, after in pain_changes(text)]


# -- pain told as a fall, with a verb between the scores or on a log's line


def test_a_fall_of_pain_said_with_a_verb_between_the_scores() -> None:
    assert _changes("Low back pain 8/10 dropping to 5/10 within an hour of the patch.") == [
        (8.0, 5.0)]
    assert _changes("knee pain 7 easing to 4-5 after icing") == [(7.0, 4.5)]
    assert _changes("NRS 9, settling to 6 by evening") == [(9.0, 6.0)]
    # a rise is no fall, and a count of hours is no score
    assert _changes("pain 3/10 climbing to 7/10 by the end of a shift") == []
    assert _changes("pain 4/10 going up to 8/10 when lifting") == []
    assert _changes("ankle pain 2 to 3 hours after walking") == []


def test_a_logs_score_before_and_after_use() -> None:
    assert _changes("Day 4: 2 sessions, NRS before 7 after 4") == [(7.0, 4.0)]
    assert _changes("Shoulder pain pre-session 6, post-session 2") == [(6.0, 2.0)]
    assert _changes("VAS before 3 after 6") == []  # worse after use


# -- a device trial: its length said of the rental, its result said as scores


def test_a_rental_told_by_its_length_with_the_scores_it_brought_down() -> None:
    trials = facts_of("Returned the H-wave after the 30-day rental; used it nightly with hip "
                      "pain 7/10 easing to 4/10 after each session.", "device_trial")
    told = [f.value for f in trials if f.value.get("duration_days") == 30]
    assert told and all(v["device"] == "h_wave" and v["outcome"] == "helped" for v in told)
    # a rental of a device the reader does not know stays unread, and a rental asked for
    # is no trial done
    assert facts_of("Cold compression unit 30-day rental ends Friday.", "device_trial") == []
    asked = facts_of("Request: H-wave 30-day rental for the right hip.", "device_trial")
    assert asked and all(f.hypothetical for f in asked)


def _log(lines: str) -> Note:
    return Note("H-WAVE HOME USE LOG - 30 DAYS (rental 02/01-03/02)\n" + lines,
                dt.date(2015, 3, 3), "log")


def test_a_trial_log_that_records_pain_lower_after_use_is_a_result() -> None:
    args = {"devices": ["h_wave"], "min_days": 30}
    helped = _log("wk 1: 6/7 days, pain 8 -> 5\nwk 2: 7/7 days, pain 7 -> 4\n"
                  "wk 3: 7/7 days, pain 7 -> 4\nwk 4: 5/7 days, pain 6 -> 3\n")
    facts = [helped.fact("device_trial", "H-WAVE", device="h_wave", outcome="ongoing",
                         duration_days=30)]
    assert _status(_context("H-wave unit purchase", [helped], facts), "device_trial_succeeded",
                   **args) is met
    # a log whose scores mostly rise is no result
    mixed = _log("wk 1: pain 5 -> 7\nwk 2: pain 6 -> 6\nwk 3: pain 4 -> 6\nwk 4: pain 7 -> 5\n")
    facts = [mixed.fact("device_trial", "H-WAVE", device="h_wave", outcome="ongoing",
                        duration_days=30)]
    assert _status(_context("H-wave unit purchase", [mixed], facts), "device_trial_succeeded",
                   **args) is unknown
    # a trial named in the body of a note is no log: a fall told later in it is another's
    note = Note("Follow-up. Finished a 30-day H-wave trial in March.\nAfter the facet block "
                "pain 8 -> 3.\n", dt.date(2015, 4, 1), "note")
    facts = [note.fact("device_trial", "30-day H-wave trial", device="h_wave",
                       outcome="ongoing", duration_days=30)]
    assert _status(_context("H-wave unit purchase", [note], facts), "device_trial_succeeded",
                   **args) is unknown


def test_a_trial_told_without_its_result_does_not_conflict_with_one_told_with_it() -> None:
    note = Note("TENS 30-day trial. Completed the 30-day trial, pain 6 -> 3 with use. A "
                "clinic TENS in 2013 gave no relief.", dt.date(2015, 4, 1), "note")
    untold = note.fact("device_trial", "TENS 30-day trial", device="tens", outcome="ongoing",
                       duration_days=30)
    told = note.fact("device_trial", "30-day trial, pain 6 -> 3", device="tens",
                     outcome="helped", duration_days=30)
    failed = note.fact("device_trial", "TENS in 2013 gave no relief", device="tens",
                       outcome="failed")
    context = _context("TENS unit purchase", [note], [untold, told], topic="tens")
    result = next(r for r in _criteria(context) if r.id == "te.trial_before_purchase")
    assert not any("conflict" in reason for reason in attention_reasons(
        Decision.overturned, [result], [untold, told], ["note"], ()))
    assert any("conflict" in reason for reason in attention_reasons(
        Decision.overturned, [result], [untold, told, failed], ["note"], ()))


def _criteria(context):
    from openimr.guidelines.engine import decide_item
    from openimr.guidelines.knowledge import load_knowledge_base

    decided = decide_item(context.request.text, context.request, context.case, context.facts,
                          load_knowledge_base(), documents=list(context.documents),
                          as_of=context.as_of, page_texts=context.page_texts)
    return decided.criteria


# -- a ledger of numbered visits, and a physician's own visit number


def test_a_ledger_of_dated_numbered_visits_counts_the_visits_had() -> None:
    counted = facts_of("Chiropractic visit log (lumbar): 3/02/21 #1, 3/04/21 #2, 3/09/21 #3, "
                       "3/11/21 #4, 3/16/21 #5, 3/18/21 #6. Tolerating adjustments.",
                       "therapy_sessions")
    assert [(f.value["modality"], f.value["count"], f.value["status"]) for f in counted] == [
        ("chiropractic", 6, "attended")]
    # a numbered problem list, a lone entry and a broken run count no visits
    for text in ("Chiropractic history. Problems: #1 lumbar strain #2 hypertension #3 obesity.",
                 "Chiropractic: 3/02/21 #1 only, then lost to follow-up.",
                 "Chiropractic: 3/02/21 #1, 3/09/21 #4, 3/16/21 #7."):
        assert [f for f in facts_of(text, "therapy_sessions") if f.value.get("count")] == [], text


def _typed(kind: str, text: str, author: str | None = None):
    document = Document(id="n", type=kind, author=author, pages=[Page(number=1, text=text)])
    return [f for f in extract_facts([document]) if f.kind.value == "therapy_sessions"]


def test_a_physicians_visit_number_is_not_a_therapy_visit() -> None:
    text = ("ORTHO CLINIC FOLLOW-UP  DOS 04/02/2019  Visit 4\nLow back pain, 6/10. "
            "Never had physical therapy. Plan: PT 2x4 lumbar; refill naproxen.")
    assert not [f for f in _typed("PR-2 report", text) if f.value.get("count") == 4]
    assert not [f for f in _typed("Follow-up note", text, "Dr. Ana Reyes, MD")
                if f.value.get("count") == 4]
    # a therapist's note numbers the therapy's visits
    therapist = _typed("physical therapy daily note", text.replace("ORTHO CLINIC", "PT CLINIC"))
    assert [(f.value["count"], f.value["status"]) for f in therapist
            if f.value.get("count") == 4] == [(4, "attended")]


# -- a gain or a failure is the course's it is credited to


def _courses(gain: str) -> tuple[Note, Note, list]:
    therapy = Note("Physical therapy re-evaluation. Visits: 10 attended. " + gain,
                   dt.date(2015, 5, 1), "pt")
    physician = Note("Lumbar strain. Had acupuncture x 6 in 2014. Plan: acupuncture 6 more "
                     "sessions.", dt.date(2015, 5, 10), "md")
    facts = [therapy.fact("therapy_sessions", "Visits: 10 attended", modality="physical_therapy",
                          count=10, status="attended"),
             physician.fact("therapy_sessions", "acupuncture x 6", modality="acupuncture",
                            count=6, status="completed")]
    return therapy, physician, facts


def test_a_gain_in_another_courses_note_is_not_this_courses() -> None:
    therapy, physician, facts = _courses("Lifting tolerance improved from 10 to 30 lb.")
    facts.append(therapy.fact("functional_improvement", "Lifting tolerance improved",
                              present=True))
    context = _context("Acupuncture 6 additional sessions lumbar", [therapy, physician], facts)
    assert _status(context, "functional_improvement_documented") is met
    assert _status(context, "functional_improvement_documented",
                   course=["acupuncture"]) is unknown
    assert _status(context, "functional_improvement_documented",
                   course=["physical_therapy"]) is met
    # a gain the sentence credits to the course requested is its own, wherever it is told
    credited = Note("Since acupuncture she sits through a full shift.", dt.date(2015, 5, 12),
                    "md2")
    facts.append(credited.fact("functional_improvement", "sits through a full shift",
                               present=True))
    context = _context("Acupuncture 6 additional sessions lumbar",
                       [therapy, physician, credited], facts)
    assert _status(context, "functional_improvement_documented",
                   course=["acupuncture"]) is met


def test_the_course_told_as_having_done_nothing_is_no_improvement_from_it() -> None:
    therapy, physician, facts = _courses("Good progress.")
    said = Note("He says the acupuncture never did anything for the back.",
                dt.date(2015, 5, 12), "md2")
    facts.append(said.fact("treatment_trial", "acupuncture never did anything",
                           treatment="acupuncture", outcome="failed"))
    context = _context("Acupuncture 6 additional sessions lumbar", [therapy, physician, said],
                       facts)
    assert _status(context, "functional_improvement_documented",
                   course=["acupuncture"]) is not_met
    # another course's failure says nothing of this one
    assert _status(context, "functional_improvement_documented",
                   course=["chiropractic"]) is unknown


def test_a_course_said_not_really_to_have_changed_anything_failed() -> None:
    outcomes = [f.value for f in facts_of("Massage therapy hasn't really made any difference "
                                          "to her neck.", "treatment_trial")]
    assert {"treatment": "massage", "outcome": "failed"} in outcomes
    assert not [f for f in facts_of("Massage therapy really made a difference to her neck.",
                                    "treatment_trial") if f.value.get("outcome") == "failed"]


# -- end to end


def test_a_second_acupuncture_course_after_a_numbered_ledger_needs_its_own_gains() -> None:
    drafted = _draft(
        ["Acupuncture 8 sessions lumbar spine"],
        [("2021-02-01", "acupuncture visit ledger",
          "Lumbar acupuncture record\n01/04/21 #1  01/06 #2  01/11 #3  01/13 #4  01/18 #5  "
          "01/20 #6  01/25 #7  01/27 #8\nODI 38% -> 36%."),
         ("2021-03-15", "physical therapy progress note",
          "Knee re-evaluation. Visits: 12 completed. Squat depth improved, stairs reciprocal "
          "now, LEFS 40 -> 58."),
         ("2021-03-20", "PR-2 progress report",
          "Low back pain, 5/10. Acupuncture in January hasn't really done much. Knee doing "
          "well in PT. Plan: acupuncture 8 sessions lumbar.")],
        ur="2021-04-01")["Acupuncture 8 sessions lumbar spine"]
    # eight visits had, the knee's gains the therapy's, the acupuncture's own result nothing
    assert _criterion(drafted, "ac.extension_functional_improvement") is not_met
    assert drafted.decision.value == "upheld"


def _criterion(drafted, criterion_id: str) -> CriterionStatus | None:
    return next((c.status for c in drafted.criteria if c.id == criterion_id), None)
