"""Criteria left `unknown` although the notes say it in another form (session decide-fu): the
reader takes the form, and the predicate decides on it; what the notes do not say stays
unknown."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.predicates import evaluate
from tests.guidelines.test_evidence_reading import Note, _context, _status, met, unknown
from tests.records.conftest import facts_of


def test_a_neurotomy_named_by_its_abbreviation_and_levels_is_a_procedure_read() -> None:
    found = facts_of("RFA right L3, L4 medial branches and L5 dorsal ramus 11/18/2015.",
                     "injection_history")
    assert [f.value["type"] for f in found] == ["radiofrequency"]
    # "RFA" beside no side or level is not read as a procedure of its own
    assert not [f for f in facts_of("Discussed RFA options with him.", "injection_history")
                if f.value["type"] == "radiofrequency"]


def test_a_lower_score_in_a_later_note_is_relief_lasting_until_that_note() -> None:
    procedure = Note("RFA right L4-5, L5-S1 medial branches.", dt.date(2015, 11, 18), "p")
    later = Note("Since the ablation he is back at full duty. Pain 2/10 (was 7/10).",
                 dt.date(2016, 5, 11), "e")
    facts = [procedure.fact("injection_history", "RFA", type="radiofrequency"),
             # (a note's date is the date its facts carry)
             later.fact("pain_score", "2/10", value=2)]
    args = {"types": ["radiofrequency"], "min_relief_percent": 50, "min_weeks": 12}
    context = _context("Repeat RFA right L4-5 and L5-S1", [procedure, later], facts,
                       procedure_reports=("p",))
    outcome = evaluate("prior_injection_response", context, args)
    assert outcome.status is met, outcome.explanation
    assert "still there 25 weeks after it" in outcome.explanation
    # three weeks after it, the same change does not show relief lasting twelve
    early = Note("Pain 2/10 (was 7/10).", dt.date(2015, 12, 9), "e")
    context = _context("Repeat RFA right L4-5 and L5-S1", [procedure, early],
                       [facts[0], early.fact("pain_score", "2/10", value=2)],
                       procedure_reports=("p",))
    assert _status(context, "prior_injection_response", **args) is unknown


def test_a_range_of_numbered_sessions_is_the_visits_attended() -> None:
    found = facts_of("CBT PROGRESS SUMMARY - sessions 1-4 (01/09/2019 - 02/13/2019)",
                     "therapy_sessions")
    assert [(f.value["modality"], f.value["count"], f.value["status"]) for f in found] == [
        ("psychotherapy", 4, "attended")]
    # a point of the plan is no visit had
    assert not facts_of("PT: re-assess goals through visits 1-6 of the plan.", "therapy_sessions")


def test_a_walking_aid_in_use_and_unsteadiness_on_it_are_gait_findings() -> None:
    for text in ("Uses a single-point cane.", "Knee buckling, unsteady with cane on turns."):
        gait = [f for f in facts_of(text, "exam_finding") if f.value["finding"] == "gait"]
        assert gait and gait[0].value["positive"] is True, text
    # a cane only planned is no finding of how the worker walks
    assert not [f for f in facts_of("Plan: cane for community distances.", "exam_finding")
                if f.value["finding"] == "gait"]


def test_a_medical_evaluators_summary_of_findings_is_first_hand_its_review_of_records_not() -> None:
    from openimr.model import Document, Page
    from openimr.records import extract_facts

    text = ("PANEL QME - SUMMARY OF FINDINGS\nChronic LBP. Treatment to date: PT 24 visits, chiro 12."
            "\nREVIEW OF RECORDS:\nPR-2 of 03/2015 notes acupuncture 8 visits.\n")
    facts = extract_facts([Document(id="qme", type="QME report (summary)",
                                    pages=[Page(number=1, text=text)])])
    sessions = {f.value["modality"]: f.second_hand for f in facts
                if f.kind.value == "therapy_sessions"}
    assert sessions == {"physical_therapy": False, "chiropractic": False, "acupuncture": True}


def test_a_flowsheet_row_of_an_instrument_across_visits_is_its_trend() -> None:
    table = ("Measure         Visit 1   Visit 8   Visit 16\nFlexion         70        98        108\n"
             "TUG (sec)       24        15        11\nKOOS JR         38        55        66\n")
    found = {f.value["detail"]: f.value["present"]
             for f in facts_of(table, "functional_improvement")}
    assert found == {"TUG (sec) 24 15 11": True, "KOOS JR 38 55 66": True}
    # a row that got worse (a disability index that rose) is no gain
    worse = facts_of("Measure | IE | Week 4\nODI | 30 | 44\n", "functional_improvement")
    assert [f.value["present"] for f in worse] == [False]


def test_a_form_line_of_check_boxes_does_not_make_the_history_after_it_a_request() -> None:
    note = ("REASON FOR REPORT: [x] Periodic report  [ ] Change in treatment plan\n"
            "[x] Request for authorization (see RFA)\n"
            "39F lifted a 40-lb box 4/4/22, acute LBP with spasm 8/10.\n")
    spasm = [f for f in facts_of(note, "exam_finding") if f.value["finding"] == "spasm"]
    assert spasm and not spasm[0].hypothetical
    # a request written on the history's own line still asks
    plan = facts_of("[x] Request for authorization: acupuncture 6 visits\n", "therapy_sessions")
    assert [f.value["status"] for f in plan] == ["requested"]
