"""Trends over dated notes and the response read after a procedure (issue 12 §1): met on what
the notes show, and still unknown or not met when they do not show it."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.predicates import evaluate
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import (
    AS_OF,
    Note,
    _context,
    _status,
    met,
    not_met,
    unknown,
)


def test_an_instrument_that_improved_across_the_notes_is_functional_improvement() -> None:
    # (a note's date is the date its facts carry)
    first = Note("Arm pain 8/10. Baseline NDI 46%, sleep 4 hours.", dt.date(2015, 1, 5))
    later = Note("Arm pain 4/10. NDI 28%.", dt.date(2015, 3, 2), "e")
    facts = [first.fact("pain_score", "8/10", value=8), later.fact("pain_score", "4/10", value=4)]
    context = _context("Gabapentin 600mg #90", [first, later], facts)
    assert _status(context, "functional_improvement_documented") is met
    # A change smaller than the instrument's clinically important difference is not enough.
    small = Note("Arm pain 4/10. NDI 42%.", dt.date(2015, 3, 2), "e")
    facts = facts[:1] + [small.fact("pain_score", "4/10", value=4)]
    assert _status(_context("Gabapentin 600mg #90", [first, small], facts),
                   "functional_improvement_documented") is unknown


def test_an_instrument_change_written_in_one_sentence_counts() -> None:
    note = Note("On celecoxib: knee pain 7 -> 3/10, WOMAC function 38 -> 20.", dt.date(2015, 3, 2))
    assert _status(_context("Celecoxib 200mg #30", [note], []),
                   "functional_improvement_documented") is met
    baseline = Note("Working regular shifts. Oswestry today 30% (48% at intake 2012).",
                    dt.date(2014, 8, 19))
    assert _status(_context("Norco 5/325mg #60", [baseline], []),
                   "functional_improvement_documented") is met
    worse = Note("ODI 30% -> 44% since the fall.", dt.date(2015, 3, 2))
    assert _status(_context("Acupuncture x 6", [worse], []),
                   "functional_improvement_documented") is unknown


def test_work_restrictions_reduced_between_notes_is_functional_improvement() -> None:
    first = Note("Modified duty: no standing over 30 min.", dt.date(2015, 1, 5))
    later = Note("Released to full duty as of today.", dt.date(2015, 3, 2), "e")
    facts = [first.fact("work_status", "Modified duty", status="modified_duty"),
             later.fact("work_status", "full duty", status="full_duty")]
    assert _status(_context("Acupuncture 1x6", [first, later], facts),
                   "functional_improvement_documented") is met
    # The same status again is no reduction.
    same = Note("Modified duty continues.", dt.date(2015, 3, 2), "e")
    facts = facts[:1] + [same.fact("work_status", "Modified duty", status="modified_duty")]
    assert _status(_context("Acupuncture 1x6", [first, same], facts),
                   "functional_improvement_documented") is unknown


def test_a_change_of_pain_written_with_the_medication_is_quantified_relief() -> None:
    note = Note("Stable. Pain 8 -> 4 with medication, lasting 5 h.", dt.date(2015, 3, 2))
    assert _status(_context("Norco 10/325mg #90", [note], []), "pain_relief_documented") is met
    # A change not tied to a medication (after a fall) says nothing of the drug.
    fall = Note("After the fall, pain 3 -> 7 in the knee.", dt.date(2015, 3, 2))
    assert _status(_context("Norco 10/325mg #90", [fall], []), "pain_relief_documented") \
        is unknown


def test_a_spoken_change_of_pain_with_the_drug_named_before_it_is_quantified_relief() -> None:
    note = Note("She takes one Percocet at noon and one at night. Without it she lies down; with "
                "it the\npain comes down from around a 7 to a 4 for most of the afternoon.",
                dt.date(2015, 3, 2))
    outcome = evaluate("pain_relief_documented", _context("Percocet 5/325mg #60", [note], []), {})
    assert outcome.status is met and "4/10 with" in outcome.explanation
    # "with it" about something else than the drug requested says nothing of the drug
    brace = Note("He got the knee brace in May; with it the pain goes from a 7 to a 4 on stairs.",
                 dt.date(2015, 3, 2))
    assert _status(_context("Percocet 5/325mg #60", [brace], []), "pain_relief_documented") \
        is unknown


def test_a_change_of_burning_and_a_before_and_now_pair_count_for_the_drug_named() -> None:
    burning = Note("Started pregabalin 75 mg bid: burning 8 -> 5/10, sleeping through.",
                   dt.date(2016, 2, 2))
    assert _status(_context("Pregabalin 75mg #60", [burning], []), "pain_relief_documented") \
        is met
    note = Note("She is now on gabapentin 300 mg three times a day. Arm pain 7/10 before, now "
                "around 4/10.", dt.date(2019, 4, 11))
    facts = [note.fact("pain_score", "7/10", value=7), note.fact("pain_score", "4/10", value=4)]
    assert _status(_context("Gabapentin 300mg #90", [note], facts), "pain_relief_documented") \
        is met
    # the same pair with no drug named near it says nothing of the drug
    other = Note("Fell at work in May. Arm pain 7/10 before, now around 4/10.", dt.date(2019, 4, 11))
    facts = [other.fact("pain_score", "7/10", value=7), other.fact("pain_score", "4/10", value=4)]
    assert _status(_context("Gabapentin 300mg #90", [other], facts), "pain_relief_documented") \
        is not met


def test_a_change_told_with_it_or_by_a_verb_of_telling_counts_for_the_drug_named() -> None:
    # "with them" inside the change refers to the drug of the sentence before
    note = Note("Diclofenac 75 mg twice a day with food. With them her wrist is a 3, without "
                "them a 6.", dt.date(2018, 5, 9))
    assert _status(_context("Diclofenac 75mg #60", [note], []), "pain_relief_documented") is met
    # a sentence that only tells the score has no cause of its own: the drug named before it
    told = Note("Eight weeks on duloxetine 30 mg daily.\nHe reports his aching 3/10 (was 7/10).",
                dt.date(2018, 5, 9))
    assert _status(_context("Duloxetine 30mg #30", [told], []), "pain_relief_documented") is met
    # a change whose own sentence gives another cause says nothing of the drug
    other = Note("Eight weeks on duloxetine 30 mg daily.\nAfter the block his aching 3/10 "
                 "(was 7/10).", dt.date(2018, 5, 9))
    assert _status(_context("Duloxetine 30mg #30", [other], []), "pain_relief_documented") \
        is not met
    # the drug named earlier in a sentence wrapped over two lines
    wrapped = Note("He uses Celebrex 200 mg once a day, most days of the week,\nwhich "
                   "takes the knee from 8/10 down to 4/10 by mid-morning.", dt.date(2018, 5, 9))
    assert _status(_context("Celebrex 200mg #30", [wrapped], []), "pain_relief_documented") is met


def test_a_score_in_the_clause_about_a_lapse_is_pain_without_the_drug() -> None:
    note = Note("On meloxicam her back pain runs 3/10; during a lapse in July when the pharmacy "
                "would not fill it, pain was 7/10.", dt.date(2015, 3, 2))
    # the reader's `off_drug` (`pain_changes.told_off_drug`): the second clause tells the lapse
    facts = [note.fact("pain_score", "3/10", value=3),
             note.fact("pain_score", "7/10", value=7, off_drug=True)]
    outcome = evaluate("pain_relief_documented",
                       _context("Meloxicam 15mg #30", [note], facts), {})
    assert outcome.status is met
    assert "3/10 with the medication and 7/10 without" in outcome.explanation


def test_a_score_after_missed_doses_is_pain_without_the_drug() -> None:
    first = Note("Arm pain 8/10. Start gabapentin 300 mg.", dt.date(2015, 1, 5))
    later = Note("Arm pain 3/10. When he missed doses the burning returned to 7/10.",
                 dt.date(2015, 3, 2), "e")
    facts = [first.fact("pain_score", "8/10", value=8),
             first.fact("medication", "gabapentin", drug="gabapentin", generic="gabapentin",
                        action="start"),
             later.fact("pain_score", "3/10", value=3),
             later.fact("pain_score", "7/10", value=7, off_drug=True)]
    outcome = evaluate("pain_relief_documented",
                       _context("Gabapentin 600mg #90", [first, later], facts), {})
    assert outcome.status is met
    assert "7/10 without" in outcome.explanation


def test_the_response_to_a_procedure_is_read_in_the_notes_after_it() -> None:
    procedure = Note("Left L4-5 TFESI under fluoroscopy. Pre 7/10.", dt.date(2015, 1, 5), "p")
    later = Note("11 weeks post TFESI: leg pain 2-3/10, about 65% relief sustained. Tramadol "
                 "reduced from 200 mg/day to 50 mg prn. ODI 48% -> 20%.", dt.date(2015, 3, 23), "e")
    facts = [procedure.fact("injection_history", "Left L4-5 TFESI", type="epidural_steroid"),
             later.fact("medication", "Tramadol", drug="tramadol", generic="tramadol")]
    context = _context("Repeat left L4-5 TFESI", [procedure, later], facts,
                       procedure_reports=("p",))
    args = {"types": ["epidural_steroid"], "min_relief_percent": 50, "min_weeks": 6,
            "require_medication_reduction": True, "require_functional_gain": True}
    outcome = evaluate("prior_injection_response", context, args)
    assert outcome.status is met
    assert "65% relief for 11" in outcome.explanation
    # Relief below the threshold fails on the note's own figure.
    weak = Note("11 weeks post TFESI: leg pain 5/10, about 30% relief sustained.",
                dt.date(2015, 3, 23), "e")
    context = _context("Repeat left L4-5 TFESI", [procedure, weak],
                       [facts[0], weak.fact("pain_score", "5/10", value=5)],
                       procedure_reports=("p",))
    assert _status(context, "prior_injection_response", **args) is not_met


def test_a_response_told_as_a_pain_change_and_a_time_is_read_across_later_notes() -> None:
    procedure = Note("R L4-5 transforaminal ESI, fluoroscopic. Pre 8/10.", dt.date(2014, 10, 14),
                     "p")
    first = Note("4 wks post R L4-5 TFESI. Thigh pain 8 -> 2-3/10. Norco down from 4/day to "
                 "1/day. Back to regular duty since 11/03.", dt.date(2014, 11, 12), "e")
    second = Note("He tells me the shot gave me about three months; the pain crept back in "
                  "January.", dt.date(2015, 2, 10), "f")
    facts = [procedure.fact("injection_history", "R L4-5 transforaminal ESI",
                            type="epidural_steroid"),
             # a later note's mention of the procedure does not move its date
             first.fact("injection_history", "R L4-5 TFESI", type="epidural_steroid",
                        historical=True),
             first.fact("medication", "Norco", drug="Norco", generic="hydrocodone/acetaminophen"),
             # (a note's date is the date its facts carry)
             second.fact("pain_score", "the pain", value=6)]
    context = _context("Repeat R L4-5 TFESI", [procedure, first, second], facts,
                       procedure_reports=("p",))
    args = {"types": ["epidural_steroid"], "min_relief_percent": 50, "min_weeks": 6,
            "require_medication_reduction": True, "require_functional_gain": False}
    outcome = evaluate("prior_injection_response", context, args)
    assert outcome.status is met, outcome.explanation
    assert "69% relief for 13" in outcome.explanation


def test_a_first_course_is_decided_only_when_no_treating_note_names_the_modality() -> None:
    note = Note("Neck pain 5/10 since 12/2014, no radicular symptoms. Plan: chiropractic 2x3 "
                "with HEP.", dt.date(2015, 6, 1))
    facts = [note.fact("therapy_sessions", "chiropractic 2x3", modality="chiropractic", count=6,
                       status="requested")]
    context = _context("Chiropractic treatment cervical spine 2x3", [note], facts,
                       topic="chiropractic")
    assert _status(context, "course_within_visit_limit", modalities=["chiropractic"],
                   limit_parameter="course_limit") is met
    history = Note("Had chiropractic in 2014 with some benefit. Plan: chiropractic 2x3.",
                   dt.date(2015, 6, 1))
    facts = [history.fact("therapy_sessions", "chiropractic 2x3", modality="chiropractic",
                          count=6, status="requested")]
    context = _context("Chiropractic treatment cervical spine 2x3", [history], facts,
                       topic="chiropractic")
    assert _status(context, "course_within_visit_limit", modalities=["chiropractic"],
                   limit_parameter="course_limit") is unknown


def test_the_records_naming_fluoroscopy_settle_the_technique() -> None:
    note = Note("Left L4-5 TFESI under fluoroscopy, dexamethasone 10 mg.", dt.date(2015, 1, 5))
    assert _status(_context("Repeat left L4-5 TFESI", [note], []), "records_state",
                   met_patterns=["under fluoroscop"], description="fluoroscopic guidance") is met
    silent = Note("Plan: repeat left L4-5 TFESI.", dt.date(2015, 1, 5))
    assert _status(_context("Repeat left L4-5 TFESI", [silent], []), "records_state",
                   met_patterns=["under fluoroscop"], description="fluoroscopic guidance") is unknown
    # A note that denies it does not state it.
    denied = Note("Left L4-5 TFESI was not done under fluoroscopy.", dt.date(2015, 1, 5))
    assert _status(_context("Repeat left L4-5 TFESI", [denied], []), "records_state",
                   met_patterns=["under fluoroscop"], description="fluoroscopic guidance") is unknown


def test_a_repeat_neurotomy_sooner_than_six_months_after_the_last_fails() -> None:
    # AS_OF is the request date: the procedure report dates the last neurotomy.
    recent = AS_OF - dt.timedelta(days=90)
    procedure = Note("Right L4-5 radiofrequency ablation, fluoroscopic.", recent, "p")
    facts = [procedure.fact("injection_history", "radiofrequency ablation", type="radiofrequency")]
    args = {"types": ["radiofrequency"], "min_months": 6, "description": "neurotomy"}
    context = _context("Repeat RFA right L4-5", [procedure], facts, procedure_reports=("p",))
    outcome = evaluate("prior_injection_interval", context, args)
    assert outcome.status is not_met and "less than 6" in outcome.explanation
    # Eight months earlier is far enough.
    old = Note("Right L4-5 radiofrequency ablation, fluoroscopic.", AS_OF - dt.timedelta(days=245),
               "p")
    facts = [old.fact("injection_history", "radiofrequency ablation", type="radiofrequency")]
    context = _context("Repeat RFA right L4-5", [old], facts, procedure_reports=("p",))
    assert _status(context, "prior_injection_interval", **args) is met
    # A later note that only mentions the procedure does not date it: the interval is unknown.
    mention = Note("Status post RFA right L4-5 with 60% relief.", recent, "e")
    facts = [mention.fact("injection_history", "RFA right L4-5", type="radiofrequency",
                          historical=True),
             mention.fact("pain_score", "60% relief", value=4)]
    context = _context("Repeat RFA right L4-5", [mention], facts)
    assert _status(context, "prior_injection_interval", **args) is unknown


def test_the_end_of_a_neurotomys_relief_does_not_date_the_neurotomy() -> None:
    # The note dates the procedure in the spring and says when its benefit wore off in the
    # autumn: the repeat is timed from the procedure, not from the day the relief ended.
    note = Note("Left L3-4, L4-5 neurotomy 03/2014 helped about 75% until late 11/2014, "
                "when the aching came back. Low back pain 7/10 today.", dt.date(2015, 1, 20))
    done = note.fact("injection_history", "neurotomy", type="radiofrequency")
    done = done.model_copy(update={"date": dt.date(2014, 3, 1)})
    relief = note.fact("injection_history", "75%", type="radiofrequency", relief_percent=75)
    relief = relief.model_copy(update={"date": dt.date(2014, 3, 1), "about": done.key})
    ended = note.fact("injection_history", "late 11/2014", type="radiofrequency",
                      duration_weeks=36.0)
    ended = ended.model_copy(update={"date": dt.date(2014, 11, 25), "about": done.key})
    today = note.fact("pain_score", "7/10", value=7)
    args = {"types": ["radiofrequency"], "min_months": 6, "description": "neurotomy"}
    context = _context("Repeat RFA left L3-4, L4-5", [note], [done, relief, ended, today])
    outcome = evaluate("prior_injection_interval", context, args)
    assert outcome.status is met and "2014-03-01" in outcome.explanation


def _sheath_injection(text: str) -> CriterionStatus:
    note = Note(text, dt.date(2015, 5, 4))
    facts = [note.fact("injection_history", "injection", type="other", historical=True)]
    context = _context("Right ring finger A1 pulley release", [note], facts)
    return _status(context, "prior_injection_documented", types=["joint", "other"],
                   description="a prior tendon sheath injection", result_known=True)


def test_an_injection_whose_result_is_not_known_yet_is_no_failed_injection() -> None:
    # Given so recently that the note cannot judge it: not a failure, and not yet known.
    assert _sheath_injection("Flexor sheath injection to the ring finger last month. Response "
                             "not yet known.") is unknown
    assert _sheath_injection("Steroid injection of the A1 pulley done 04/27; will reassess at "
                             "the follow-up in six weeks.") is unknown
    assert _sheath_injection("Ring finger injection given at the last visit and it is too soon "
                             "to say whether it worked.") is unknown
    # A word of its failure settles it, whatever the plan says next.
    assert _sheath_injection("Ring finger injection in March gave no relief; will reassess "
                             "after surgery.") is met
    assert _sheath_injection("Ring finger injection in March, the finger still catching.") is met
    # Where the injection does not stand for a failed one, a pending result still counts.
    note = Note("Flexor sheath injection to the ring finger last month. Response not yet known.",
                dt.date(2015, 5, 4))
    facts = [note.fact("injection_history", "injection", type="other", historical=True)]
    assert _status(_context("Right ring finger A1 pulley release", [note], facts),
                   "prior_injection_documented", types=["joint", "other"],
                   description="a prior injection") is met


def test_an_earlier_settled_injection_counts_beside_a_pending_one() -> None:
    note = Note("First injection 11/2014 wore off within weeks. Second injection 04/2015; "
                "too early to tell.", dt.date(2015, 5, 4))
    facts = [note.fact("injection_history", "injection", type="other", historical=True),
             note.fact("injection_history", "injection", type="other", historical=True)]
    context = _context("Right ring finger A1 pulley release", [note], facts)
    assert _status(context, "prior_injection_documented", types=["joint", "other"],
                   description="a prior tendon sheath injection", result_known=True) is met
