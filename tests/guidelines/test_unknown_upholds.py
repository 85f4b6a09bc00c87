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


def test_a_visit_counter_opening_a_therapy_note_is_the_visits_attended() -> None:
    found = facts_of("PT PROGRESS NOTE\nV6 R ankle. DF 5 to 15 deg. Plan: 4 more visits.",
                     "therapy_sessions")
    assert ("physical_therapy", 6, "attended") in [
        (f.value["modality"], f.value["count"], f.value["status"]) for f in found]
    # an engine or a vitamin named V8 in a note of no therapy is no visit
    assert not facts_of("Drinks V8 juice daily.", "therapy_sessions")


def test_a_tear_written_before_the_meniscus_it_tears_is_a_meniscal_tear() -> None:
    found = facts_of("MRI R KNEE: Bucket-handle tear medial meniscus with a displaced fragment.",
                     "imaging_finding")
    assert "meniscal_tear" in [f.value["category"] for f in found]


def test_a_trigger_points_local_twitch_and_referral_are_read() -> None:
    found = facts_of("Exam: 3 discrete taut bands R upper trap with local twitch and referral to "
                     "occiput/shoulder.", "exam_finding")
    assert {"trigger_point", "twitch_response", "referred_pain"} <= {
        f.value["finding"] for f in found}


def test_an_injection_whose_relief_lasted_weeks_is_conservative_care_that_failed() -> None:
    found = facts_of("Conservative care: night splint, steroid injection 01/2019 - 3 weeks "
                     "relief. Numb all the time now.", "injection_history")
    assert [f.value.get("duration_weeks") for f in found if f.value.get("duration_weeks")] == [3]
    note = Note("Steroid injection 01/2019 - 3 weeks relief. Numb all the time now.",
                dt.date(2019, 3, 5))
    args = {"treatments": ["conservative_care", "injection"], "description": "conservative care"}
    short = [note.fact("injection_history", "Steroid injection", type="other", duration_weeks=3)]
    assert _status(_context("Right carpal tunnel release", [note], short), "treatment_failed",
                   **args) is met
    # relief of half or more lasting six weeks or more is no failure of the injection
    lasting = Note("Steroid injection 01/2019 - 70% relief for 4 months.", dt.date(2019, 6, 5))
    helped = [lasting.fact("injection_history", "Steroid injection", type="other",
                           relief_percent=70, duration_weeks=17)]
    assert _status(_context("Right carpal tunnel release", [lasting], helped),
                   "treatment_failed", **args) is unknown


def test_a_surgery_mentioned_without_its_date_is_dated_by_another_mention_of_it() -> None:
    ct = Note("CT R ANKLE: s/p ORIF trimalleolar fx. Healing fractures.", dt.date(2021, 4, 6), "ct")
    visit = Note("4 mo s/p ORIF R ankle (12/08/20). PT 6 visits: DF 0->12.", dt.date(2021, 4, 15),
                 "pr")
    facts = [ct.fact("surgery", "ORIF", procedure="ORIF"),
             visit.fact("surgery", "ORIF", procedure="ORIF").model_copy(
                 update={"date": dt.date(2020, 12, 8)})]
    context = _context("Physical therapy x8 right ankle post-operative", [ct, visit], facts,
                       topic="postsurgical_physical_medicine")
    context.as_of = dt.date(2021, 4, 28)
    outcome = evaluate("within_postsurgical_period", context, {"schedule_parameter": "schedule"})
    assert outcome.status is met and "12/08/2020" in outcome.explanation
    # with no mention dating it, the date stays unknown
    context.facts = facts[:1]
    assert _status(context, "within_postsurgical_period", schedule_parameter="schedule") \
        is unknown


def test_bone_on_bone_on_an_xr_is_osteoarthritis_on_imaging() -> None:
    found = facts_of("L knee OA. XR: bone-on-bone medial, tricompartmental. Night pain.",
                     "imaging_finding")
    assert found and {(f.value["modality"], f.value["category"]) for f in found} == {("xray", "degenerative")}


def test_a_diagnosis_the_note_says_the_worker_meets_criteria_for_is_read() -> None:
    found = facts_of("Oxycodone 50 mg tid x3 yrs. Meets DSM-5 moderate opioid use disorder.",
                     "diagnosis")
    assert [f.value["text"] for f in found] == ["Meets DSM-5 moderate opioid use disorder"]
    # an opioid use disorder only screened for is no diagnosis
    assert not facts_of("Screened for opioid use disorder.", "diagnosis")


def test_pain_written_by_its_region_as_a_change_is_relief_with_the_drug_named() -> None:
    from openimr.records.pain_changes import pain_changes

    assert [(b, a) for _, b, a in pain_changes("Pregabalin 75 bid x 3 mo: leg 7->4, no fog.")] \
        == [(7.0, 4.0)]
    note = Note("Pregabalin 75 bid x 3 mo: leg 7->4, walks 30 min, no fog.", dt.date(2017, 8, 15))
    facts = [note.fact("medication", "Pregabalin", drug="Pregabalin", generic="pregabalin")]
    assert _status(_context("Pregabalin 75mg #60", [note], facts), "pain_relief_documented",
                   min_percent=30) is met
    # hours back at work are no pain score
    assert not list(pain_changes("Back to work 8 -> 4 hours a day."))


def test_a_risk_screen_never_written_before_an_opioid_trial_is_not_met_in_complete_records() -> None:
    from openimr.guidelines.context import Context
    from openimr.guidelines.documentation import Documented
    from openimr.guidelines.items import parse_item
    from openimr.model import Case
    from openimr.model.determination import CriterionStatus

    def context(pages: dict[str, str]) -> Context:
        case = Case.model_validate({"disputed_items": ["Norco 10/325 #120"],
                                    "records": [{"text": "x"}]})
        return Context(request=parse_item("Norco 10/325 #120"), case=case, facts=[],
                       documents=list(pages), page_texts={(n, 1): t for n, t in pages.items()})

    args = {"items": ["risk_assessment", "cures_check", "pain_agreement"],
            "description": "an assessment of the risk of misuse before the trial"}
    plain = context({"r1": "Knee pain 7/10 after a fall. Start Norco 10/325 q6h prn #120."})
    outcome = plain.absent_after_search(evaluate("monitoring_done", plain, args),
                                        Documented.risk_screen)
    assert outcome.status is CriterionStatus.not_met
    # a note that speaks of a screen the reader could not take keeps it unknown, quoted
    spoken = context({"r1": "Start Norco 10/325 q6h prn #120. ORT reviewed with her today."})
    outcome = spoken.absent_after_search(evaluate("monitoring_done", spoken, args),
                                         Documented.risk_screen)
    assert outcome.status is unknown and "ORT reviewed" in outcome.evidence[-1].quote


def test_sls_and_ms_er_are_read() -> None:
    from openimr.guidelines.drugs import lookup_drug

    assert lookup_drug("MS ER").generic == "morphine er"
    found = facts_of("V6 R ankle. SLS 5s\u219220s. Plan: 4 more.", "functional_improvement")
    assert [f.value["present"] for f in found] == [True]


def test_a_topicals_site_written_beside_it_in_the_notes_is_its_joint() -> None:
    knees = Note('Bilateral knee OA. Voltaren gel qid both knees: "lets me do my walking".',
                 dt.date(2015, 10, 20))
    facts = [knees.fact("medication", "Voltaren gel", drug="Voltaren gel", generic="diclofenac")]
    context = _context("Diclofenac sodium 1% gel 100g", [knees], facts)
    context.case.claim.body_parts = ["bilateral knees", "lumbar spine"]
    args = {"field": "body_part", "one_of": ["ankle", "elbow", "foot", "hand", "knee", "wrist"],
            "claim_body_parts": True, "description": "the topical NSAID is for a joint"}
    assert _status(context, "request_is", **args) is met
    # the same agent by mouth for the back says nothing of the gel's site
    back = Note("Diclofenac 75 mg bid for the low back.", dt.date(2015, 10, 20))
    oral = [back.fact("medication", "Diclofenac", drug="Diclofenac", generic="diclofenac")]
    context = _context("Diclofenac sodium 1% gel 100g", [back], oral)
    context.case.claim.body_parts = ["bilateral knees", "lumbar spine"]
    assert _status(context, "request_is", **args) is unknown
