"""Decisions that generalize (issue 12, session "decisions"): criteria decided from what the
records give, each change justified by the guideline, not by a case."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.engine import decide_item
from openimr.guidelines.items import parse_item
from openimr.guidelines.knowledge import load_knowledge_base
from openimr.guidelines.predicates import evaluate
from openimr.model import Case, Decision, Fact
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import AS_OF, Note, _context, _status

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


def _decide(item: str, notes: list[Note], facts: list[Fact], *, items: list[str] | None = None,
            as_of: dt.date = AS_OF, injury: str | None = None, age: int | None = None,
            procedure_reports: tuple[str, ...] = ()):
    case = Case.model_validate({
        "disputed_items": items or [item], "records": [{"text": "x"}],
        "claim": {"date_of_injury": injury} if injury else {},
        "worker": {"age": age} if age else {}})
    return decide_item(item, parse_item(item, as_of=as_of), case, facts, load_knowledge_base(),
                       documents=[n.document for n in notes], as_of=as_of,
                       procedure_reports=procedure_reports,
                       page_texts={(n.document, 1): n.text for n in notes})


def test_home_therapy_within_the_postsurgical_period_follows_the_postsurgical_schedule() -> None:
    """mtus-facts §3.2: the postsurgical guidelines govern within the period, the chronic pain
    guidelines after it."""
    note = Note("Admitted 05/20/2015 for right total knee arthroplasty. Home PT arranged.",
                dt.date(2015, 5, 24))
    surgery = note.fact("surgery", "right total knee arthroplasty",
                        procedure="right total knee arthroplasty", category="knee_arthroplasty")
    surgery = surgery.model_copy(update={"date": dt.date(2015, 5, 20)})
    drafted = _decide("Home physical therapy 3x/week x 2 weeks", [note], [surgery])
    assert drafted.topic == "postsurgical_physical_medicine"
    assert drafted.decision is Decision.overturned
    # Eight months later the period (4 months) is over: the chronic pain guidelines decide.
    later = _decide("Home physical therapy 3x/week x 2 weeks", [note], [surgery],
                    as_of=dt.date(2016, 1, 20))
    assert later.topic == "physical_medicine"
    # A progress note's own date is not the date of the surgery it mentions.
    undated = Note("Status post right total knee arthroplasty, doing well", dt.date(2015, 5, 24))
    fact = undated.fact("surgery", "right total knee arthroplasty",
                        procedure="right total knee arthroplasty", category="knee_arthroplasty")
    assert _decide("Home physical therapy 3x/week x 2 weeks", [undated], [fact]).topic \
        == "physical_medicine"


def test_therapy_disputed_with_a_scheduled_surgery_is_decided_with_it() -> None:
    note = Note("Severe hip arthritis.", dt.date(2015, 5, 1))
    drafted = _decide("Home health physical therapy x 6 visits", [note], [],
                      items=["Right total hip arthroplasty", "Home health physical therapy x 6 visits"])
    assert drafted.topic == "postsurgical_physical_medicine"
    # Therapy of another region is not the surgery's.
    other = _decide("Physical therapy x 6 visits cervical spine", [note], [],
                    items=["Right total hip arthroplasty", "Physical therapy x 6 visits cervical spine"])
    assert other.topic == "physical_medicine"


def test_a_surgery_read_by_its_abbreviation_is_named_by_its_sentence() -> None:
    note = Note("ORIF right trimalleolar ankle fracture (lateral plate). Uncomplicated.",
                dt.date(2015, 3, 2), "op")
    fact = note.fact("surgery", "ORIF", procedure="ORIF")
    context = _context("Post-operative physical therapy 2x4 right ankle", [note], [fact],
                       topic="postsurgical_physical_medicine", procedure_reports=("op",))
    assert _status(context, "within_postsurgical_period", schedule_parameter="schedule") is met


def test_buprenorphine_is_not_counted_against_the_dose_ceiling() -> None:
    note = Note("Oxycodone 30 mg four times a day, 180 MME. Converting to buprenorphine.",
                dt.date(2015, 5, 1))
    facts = [note.fact("daily_mme", "180 MME", value=180)]
    context = _context("Suboxone 8mg/2mg film #60", [note], facts, topic="opioids")
    assert _status(context, "daily_mme_within", limit_parameter="mme_ceiling") is met
    context = _context("Oxycodone 30mg #120", [note], facts, topic="opioids")
    assert _status(context, "daily_mme_within", limit_parameter="mme_ceiling") is not_met


def test_a_switch_within_the_class_is_not_a_first_opioid() -> None:
    """Initiation criteria (CPMTG pp. 76-77) are for starting opioid therapy."""
    before = Note("Oxycodone 30 mg qid.", dt.date(2015, 3, 1))
    after = Note("Stop oxycodone; start buprenorphine.", dt.date(2015, 5, 1), "e")
    facts = [before.fact("medication", "Oxycodone 30 mg", drug="oxycodone", generic="oxycodone"),
             after.fact("medication", "oxycodone", drug="oxycodone", generic="oxycodone",
                        action="stop"),
             after.fact("medication", "buprenorphine", drug="buprenorphine",
                        generic="buprenorphine", action="start")]
    context = _context("Buprenorphine 8mg #60", [before, after], facts)
    assert _status(context, "on_medication", classes=["opioid"], description="an opioid",
                   prior_use=True) is met
    # The same drug named before its start is the plan that started it.
    plan = Note("Tx: ibuprofen 800 tid.", dt.date(2015, 3, 1))
    start = Note("Started ibuprofen 800 tid.", dt.date(2015, 3, 8), "e")
    facts = [plan.fact("medication", "ibuprofen", drug="ibuprofen", generic="ibuprofen"),
             start.fact("medication", "ibuprofen", drug="ibuprofen", generic="ibuprofen",
                        action="start")]
    context = _context("Ibuprofen 800mg #90", [plan, start], facts)
    assert _status(context, "on_medication", classes=["nsaid"], description="an NSAID",
                   prior_use=True) is not_met


def test_an_opioid_switched_or_added_in_one_note_continues_opioid_therapy() -> None:
    """Initiation criteria (CPMTG pp. 76-77) are for starting opioid therapy, not for a second
    opioid or a switch told in the note that starts it."""
    args = {"classes": ["opioid"], "description": "an opioid", "prior_use": True}
    switch = Note("Norco not lasting; stop Norco, start Duragesic 25 mcg/h.", dt.date(2015, 5, 1))
    facts = [switch.fact("medication", "Norco", drug="Norco",
                         generic="hydrocodone/acetaminophen", action="stop"),
             switch.fact("medication", "Duragesic", drug="Duragesic", generic="fentanyl",
                         action="start")]
    assert _status(_context("Duragesic 25mcg/hr #10", [switch], facts), "on_medication",
                   **args) is met
    added = Note("Continues oxycodone 30 mg qid; start hydromorphone 4 mg q4h prn.",
                 dt.date(2015, 5, 1))
    facts = [added.fact("medication", "oxycodone", drug="oxycodone", generic="oxycodone"),
             added.fact("medication", "hydromorphone", drug="hydromorphone",
                        generic="hydromorphone", action="start")]
    assert _status(_context("Hydromorphone 4mg #90", [added], facts), "on_medication",
                   **args) is met
    # A first opioid started with nothing else of the class is not earlier use.
    first = Note("Naproxen failed; start tramadol 50 mg bid.", dt.date(2015, 5, 1))
    facts = [first.fact("medication", "tramadol", drug="tramadol", generic="tramadol",
                        action="start")]
    assert _status(_context("Tramadol 50mg #60", [first], facts), "on_medication",
                   **args) is not_met


def test_no_gi_risk_factor_in_a_documented_history_is_not_met() -> None:
    """CPMTG pp. 68-69 (mtus-facts §3.6): age, the medications and the history settle it."""
    note = Note("Meds: naproxen 550 mg bid, lisinopril. No GI complaints.", dt.date(2015, 5, 1))
    facts = [note.fact("medication", "naproxen", drug="naproxen", generic="naproxen"),
             note.fact("medication", "lisinopril", drug="lisinopril", generic="lisinopril")]
    aged = _decide("Omeprazole 20mg #60", [note], facts, age=45)
    assert {c.id: c.status for c in aged.criteria}["ppi.gi_risk"] is not_met
    unaged = _decide("Omeprazole 20mg #60", [note], facts)
    assert {c.id: c.status for c in unaged.criteria}["ppi.gi_risk"] is unknown


def test_a_cures_check_is_the_monitoring_when_no_drug_test_is_documented() -> None:
    """mtus-facts §3.5: IMR upholds when the record lacks "a UDS/CURES check"."""
    note = Note("CURES reviewed today, single prescriber.", dt.date(2015, 5, 1))
    cures = note.fact("opioid_monitoring", "CURES reviewed", item="cures_check")
    context = _context("Norco 10/325mg #60", [note], [cures], topic="opioids")
    criterion = next(c for c in load_knowledge_base().topics["opioids"].criteria
                     if c.id == "op.continuation.drug_testing")
    assert _status(context, criterion.predicate, **criterion.args) is met
    test = Note("UDS 04/2015 inconsistent (no hydrocodone).", dt.date(2015, 5, 1), "e")
    inconsistent = test.fact("urine_drug_test", "UDS 04/2015 inconsistent", result="inconsistent")
    context = _context("Norco 10/325mg #60", [note, test], [cures, inconsistent], topic="opioids")
    assert _status(context, criterion.predicate, **criterion.args) is not_met


def test_therapy_past_the_visit_number_needs_gains_and_a_reason_for_supervision() -> None:
    """mtus-facts §3.1: past the number, IMR overturns on documented gains plus a deficit a home
    program cannot carry, and upholds without them."""
    note = Note("PT visits completed: 8. Lifting improved 10 to 25 lb, back to modified duty. "
                "Not yet independent with HEP.", dt.date(2015, 5, 1))
    done = note.fact("therapy_sessions", "PT visits completed: 8", modality="physical_therapy",
                     count=8, status="completed")
    gains = note.fact("functional_improvement", "Lifting improved", present=True)
    instructed = note.fact("home_exercise_program", "HEP", status="instructed")
    args = {"modalities": ["physical_therapy"], "limit_parameter": "visit_limits",
            "beyond_with_gains": True}
    context = _context("Physical therapy 2x3 lumbar", [note], [done, gains, instructed],
                       topic="physical_medicine")
    assert _status(context, "course_within_visit_limit", **args) is met
    context = _context("Physical therapy 2x3 lumbar", [note], [done, gains],
                       topic="physical_medicine")
    assert _status(context, "course_within_visit_limit", **args) is not_met
    # A request that alone exceeds the number is upheld whatever the gains (step 4).
    context = _context("Physical therapy 3x4 lumbar", [note], [done, gains, instructed],
                       topic="physical_medicine")
    assert _status(context, "course_within_visit_limit", **args) is not_met


def test_work_conditioning_needs_a_job_to_return_to_within_two_years() -> None:
    """CPMTG pp. 125-126 (guideline knowledge, verified: false)."""
    note = Note("Completed 12 PT visits, plateaued. The employer has his job available and will "
                "return him to full duty. Plan: work conditioning 10 sessions.", dt.date(2015, 5, 1))
    done = note.fact("therapy_sessions", "Completed 12 PT visits", modality="physical_therapy",
                     count=12, status="completed")
    drafted = _decide("Work conditioning 10 sessions", [note], [done], injury="2014-09-01")
    assert drafted.topic == "work_conditioning" and drafted.decision is Decision.overturned
    late = _decide("Work conditioning 10 sessions", [note], [done], injury="2012-09-01")
    statuses = {c.id: c.status for c in late.criteria}
    assert statuses["wc.within_two_years_of_injury"] is not_met
    retired = Note("Completed 12 PT visits. His position was terminated; he has applied for "
                   "early retirement.", dt.date(2015, 5, 1))
    facts = [retired.fact("therapy_sessions", "Completed 12 PT visits",
                          modality="physical_therapy", count=12, status="completed")]
    upheld = _decide("Work hardening 10 visits", [retired], facts, injury="2014-09-01")
    assert {c.id: c.status for c in upheld.criteria}["wc.return_to_work_goal"] is not_met


def test_a_bulge_or_a_report_that_frees_the_roots_does_not_corroborate_radiculopathy() -> None:
    report = Note("MRI: 1-2 mm diffuse bulges. No nerve root impingement.", dt.date(2015, 3, 1),
                  "mri")
    bulge = report.fact("imaging_finding", "2 mm diffuse bulges", modality="mri",
                        finding="2 mm diffuse bulges", category="disc_herniation")
    free = report.fact("imaging_finding", "nerve root impingement", negated=True, modality="mri",
                       finding="nerve root impingement", category="nerve_root_compression")
    args = {"imaging_categories": ["disc_herniation", "nerve_root_compression", "stenosis"],
            "description": "radiculopathy"}
    context = _context("Lumbar ESI L4-5", [report], [bulge, free])
    assert _status(context, "corroborated_by_testing", **args) is unknown
    herniation = Note("MRI: L5-S1 right paracentral protrusion contacting the S1 root.",
                      dt.date(2015, 3, 1), "mri2")
    focal = herniation.fact("imaging_finding", "L5-S1 right paracentral protrusion",
                            modality="mri", finding="right paracentral protrusion",
                            category="disc_herniation")
    assert _status(_context("Lumbar ESI L5-S1", [herniation], [focal]),
                   "corroborated_by_testing", **args) is met


def test_the_guidance_of_an_epidural_injection_is_weighed_not_decisive() -> None:
    """mtus-facts §3.13: IMR upholds ESIs on the exam, the corroboration and a repeat's
    response; the guidance is how the injection is done."""
    criterion = next(c for c in load_knowledge_base().topics["epidural_steroid_injections"].criteria
                     if c.id == "esi.fluoroscopy")
    assert criterion.role.value == "consideration"


def test_notes_that_disagree_on_a_criterion_need_a_physician() -> None:
    """A met and a not-met reading of the same criterion from different notes: the later note
    decides, and the draft says a physician must look at the other."""
    earlier = Note("His position was terminated.", dt.date(2015, 3, 1))
    later = Note("Completed 12 PT visits. The employer has his job available again.",
                 dt.date(2015, 5, 1), "e")
    facts = [later.fact("therapy_sessions", "Completed 12 PT visits",
                        modality="physical_therapy", count=12, status="completed")]
    drafted = _decide("Work conditioning 10 sessions", [earlier, later], facts,
                      injury="2014-09-01")
    assert drafted.decision is Decision.overturned
    assert drafted.needs_physician_attention
    assert any("wc.return_to_work_goal: the records conflict" in r and "terminated" in r
               for r in drafted.attention_reasons)
    agreed = _decide("Work conditioning 10 sessions", [later], facts, injury="2014-09-01")
    assert not agreed.needs_physician_attention


def test_the_dose_ceiling_bounds_the_opioids_taken_together() -> None:
    # Each alone is within the 120 MME of the 2009 CPMTG (Norco 10 mg four a day 40; oxycodone
    # 20 mg four a day 120), together they are above it.
    note = Note("Medications: Norco 10/325 mg 1 po q6h; oxycodone 20 mg 1 po qid.",
                dt.date(2015, 5, 1))
    facts = [note.fact("medication", "Norco", drug="Norco", generic="hydrocodone/acetaminophen",
                       strength="10/325 mg", frequency="1 po q6h"),
             note.fact("medication", "oxycodone", drug="oxycodone", generic="oxycodone",
                       strength="20 mg", frequency="1 po qid")]
    context = _context("Norco 10/325mg #120", [note], facts, topic="opioids")
    outcome = evaluate("daily_mme_within", context, {"limit_parameter": "mme_ceiling"})
    assert outcome.status is not_met and "oxycodone taken with it" in outcome.explanation
    # An opioid the note has stopped does not add to the dose.
    stopped = facts[:1] + [facts[1].model_copy(update={"value": {**facts[1].value,
                                                                  "action": "stop"}})]
    context = _context("Norco 10/325mg #120", [note], stopped, topic="opioids")
    assert _status(context, "daily_mme_within", limit_parameter="mme_ceiling") is met


def test_a_drug_test_written_as_analytes_is_read_against_the_prescribed_drugs() -> None:
    note = Note("Norco 10/325 1 po q6h. UDS 04/20: hydrocodone POS, hydromorphone POS.",
                dt.date(2015, 5, 1))
    norco = note.fact("medication", "Norco", drug="Norco", generic="hydrocodone/acetaminophen")
    test = note.fact("urine_drug_test", "UDS 04/20: hydrocodone POS, hydromorphone POS",
                     result="performed", substances=["hydrocodone", "hydromorphone"])
    # hydromorphone is a metabolite of the prescribed hydrocodone
    outcome = evaluate("drug_test_consistent", _context("Norco 10/325mg #120", [note],
                                                        [norco, test]), {})
    assert outcome.status is met and "as prescribed" in outcome.explanation
    # the same result with only oxycodone prescribed is inconsistent
    other = Note("Oxycodone 10 mg 1 po q6h. UDS 04/20: hydrocodone POS, hydromorphone POS.",
                 dt.date(2015, 5, 1))
    oxy = other.fact("medication", "Oxycodone", drug="oxycodone", generic="oxycodone",
                     strength="10 mg", frequency="1 po q6h")
    test = other.fact("urine_drug_test", "UDS 04/20: hydrocodone POS, hydromorphone POS",
                      result="performed", substances=["hydrocodone", "hydromorphone"])
    outcome = evaluate("drug_test_consistent", _context("Oxycodone 10mg #120", [other],
                                                        [oxy, test]), {})
    assert outcome.status is not_met and "not prescribed" in outcome.explanation
    # a prescribed drug reported absent is inconsistent too
    test = test.model_copy(update={"value": {"result": "performed", "not_detected": ["oxycodone"]}})
    assert _status(_context("Oxycodone 10mg #120", [other], [oxy, test]),
                   "drug_test_consistent") is not_met
    # ... but not one named in passing, without strength or directions
    passing = oxy.model_copy(update={"value": {"drug": "oxycodone", "generic": "oxycodone"}})
    assert _status(_context("Oxycodone 10mg #120", [other], [passing, test]),
                   "drug_test_consistent") is unknown
    # with no drug documented as taken, the list cannot be read
    assert _status(_context("Oxycodone 10mg #120", [other], [test]),
                   "drug_test_consistent") is unknown


def test_a_request_form_repeating_the_plan_is_not_earlier_use() -> None:
    """The consult's plan and the request for authorization that asks for it are one
    request: a drug named in both has not been taken before."""
    from dataclasses import replace

    consult = Note("New patient. Plan: Tramadol 50 mg 1 po tid #90.", dt.date(2016, 2, 1))
    form = Note("Request for authorization: Tramadol 50mg #90.", dt.date(2016, 2, 9), "rfa")
    facts = [consult.fact("medication", "Tramadol 50 mg", drug="tramadol", generic="tramadol",
                          strength="50"),
             form.fact("medication", "Tramadol 50mg", drug="tramadol", generic="tramadol")]
    args = {"classes": ["opioid"], "description": "an opioid", "prior_use": True}
    context = _context("Tramadol 50mg #90", [consult, form], facts)
    # two records of different dates: read as earlier use unless the second is the request
    assert _status(context, "on_medication", **args) is met
    assert _status(replace(context, forms=frozenset({"rfa"})), "on_medication",
                   **args) is not_met
    # a medication list among the forms does list what is taken
    listed = Note("Medication list\nTramadol 50mg", dt.date(2016, 2, 9), "rfa")
    facts[1] = listed.fact("medication", "Tramadol 50mg", drug="tramadol", generic="tramadol")
    context = _context("Tramadol 50mg #90", [consult, listed], facts)
    assert _status(replace(context, forms=frozenset({"rfa"})), "on_medication", **args) is met


def test_the_activity_a_drug_makes_possible_is_function_with_it() -> None:
    """A note that credits the drug with taking part in therapy, or tells an activity among
    the drug's results beside the relief it gives, documents function with the drug."""
    therapy = Note("Meloxicam lets her get through her therapy sessions.", AS_OF)
    facts = [therapy.fact("medication", "Meloxicam", drug="meloxicam", generic="meloxicam")]
    context = _context("Meloxicam 15mg #30", [therapy], facts)
    assert _status(context, "functional_improvement_documented") is met
    results = Note("Duloxetine 60 daily for 10 wk: arm pain 8 to 5, drives 45 min to her "
                   "sister's.", AS_OF)
    facts = [results.fact("medication", "Duloxetine 60", drug="duloxetine", generic="duloxetine")]
    assert _status(_context("Duloxetine 60mg #30", [results], facts),
                   "functional_improvement_documented") is met
    # an activity with no relief told beside it, or one the drug does not help, is not
    for text in ("Duloxetine 60 daily for 10 wk. Drives 45 min to work, pain unchanged.",
                 "Meloxicam does not help her get through therapy."):
        note = Note(text, AS_OF)
        name = text.split()[0]
        facts = [note.fact("medication", name, drug=name.lower(), generic=name.lower())]
        assert _status(_context(f"{name} 15mg #30", [note], facts),
                       "functional_improvement_documented") is not met


def test_function_a_drug_gave_is_kept_by_a_later_same_function() -> None:
    """For a drug taken for a while, "function stable" in a later note says the gain holds;
    without a gain documented it is still no improvement."""
    earlier = Note("Diclofenac 75 bid. With it she can garden for an hour.", dt.date(2015, 3, 2))
    later = Note("No change. Function stable. Refill.", dt.date(2015, 5, 4), "e")
    gain = earlier.fact("functional_improvement", "can garden for an hour", present=True)
    kept = later.fact("functional_improvement", "Function stable", present=False)
    context = _context("Diclofenac 75mg #60", [earlier, later], [gain, kept])
    assert _status(context, "functional_improvement_documented", maintained=True) is met
    # a course of care is judged on its gains so far: the later plateau decides
    assert _status(context, "functional_improvement_documented") is not_met
    # with no gain before it, "stable" is no improvement either way
    alone = _context("Diclofenac 75mg #60", [later], [kept])
    assert _status(alone, "functional_improvement_documented", maintained=True) is not_met


def test_an_antidepressant_added_beside_another_is_a_new_trial_of_it() -> None:
    earlier = Note("Mood low; on escitalopram 10 mg daily since 2019.", dt.date(2021, 1, 5))
    note = Note("Escitalopram continued. Add nortriptyline 10 mg qhs for sleep.",
                dt.date(2021, 3, 2), "e")
    facts = [earlier.fact("medication", "escitalopram 10 mg", drug="escitalopram",
                          generic="escitalopram"),
             note.fact("medication", "Escitalopram", drug="escitalopram", generic="escitalopram"),
             note.fact("medication", "nortriptyline 10 mg", drug="nortriptyline",
                       generic="nortriptyline", action="start")]
    context = _context("Nortriptyline 10mg #30", [earlier, note], facts)
    args = {"classes": ["antidepressant"], "description": "an antidepressant", "prior_use": True}
    assert _status(context, "on_medication", **args) is met
    assert _status(context, "on_medication", same_drug=True, **args) is not met
    # the same drug taken before is a continuation
    context = _context("Escitalopram 10mg #30", [earlier, note], facts)
    assert _status(context, "on_medication", same_drug=True, **args) is met


def test_what_the_worker_does_with_the_drug_and_not_without_it() -> None:
    """Function told by the drug's absence, in either order, and the relief that follows it
    in a sentence of its own or set side by side with "vs"."""
    for text in ('Etodolac 400 bid: "without it I cannot get through the shift; with it I '
                 'work all day."', "Etodolac 400 bid, and with it she can do her stairs; "
                 "without it she can't."):
        note = Note(text, AS_OF)
        facts = [note.fact("medication", "Etodolac 400", drug="etodolac", generic="etodolac")]
        context = _context("Etodolac 400mg #60", [note], facts)
        assert _status(context, "functional_improvement_documented") is met
    # told only one way, it is not the drug's function
    note = Note("Etodolac 400 bid. With it she can do her stairs.", AS_OF)
    facts = [note.fact("medication", "Etodolac 400", drug="etodolac", generic="etodolac")]
    assert _status(_context("Etodolac 400mg #60", [note], facts),
                   "functional_improvement_documented") is not met
    # the relief in the next sentence, bare, is the drug's
    note = Note('Etodolac 400 bid: "it takes the edge off." Back pain 8->4.', AS_OF)
    facts = [note.fact("medication", "Etodolac 400", drug="etodolac", generic="etodolac")]
    assert _status(_context("Etodolac 400mg #60", [note], facts), "pain_relief_documented",
                   min_percent=30) is met
    # ... but not a change the sentence gives another cause
    note = Note("Etodolac 400 bid. Back pain 8->4 since the epidural.", AS_OF)
    facts = [note.fact("medication", "Etodolac 400", drug="etodolac", generic="etodolac")]
    assert _status(_context("Etodolac 400mg #60", [note], facts), "pain_relief_documented",
                   min_percent=30) is not met
    # scores set side by side: on the drug vs on the days it is missed
    note = Note("Etodolac 400 bid for two years. Hip pain 2/10 on the regimen vs 6/10 when "
                "she skips it.", AS_OF)
    facts = [note.fact("medication", "Etodolac 400", drug="etodolac", generic="etodolac"),
             note.fact("pain_score", "2/10", value=2, scale=10, context="current"),
             note.fact("pain_score", "6/10", value=6, scale=10, context="current")]
    assert _status(_context("Etodolac 400mg #60", [note], facts), "pain_relief_documented",
                   min_percent=30) is met


def test_an_opioid_stepped_down_from_an_earlier_dose_is_a_taper() -> None:
    earlier = Note("Oxycodone 10 mg 1 po q6h for back pain.", dt.date(2017, 1, 10))
    later = Note("Down to oxycodone 5 mg 1 po q8h by agreement. Pain 6/10.", dt.date(2017, 4, 4),
                 "e")
    facts = [earlier.fact("medication", "Oxycodone 10 mg", drug="oxycodone", generic="oxycodone",
                          strength="10 mg", frequency="q6h", doses_per_day=4),
             later.fact("medication", "oxycodone 5 mg", drug="oxycodone", generic="oxycodone",
                        strength="5 mg", frequency="q8h", doses_per_day=3)]
    context = _context("Oxycodone 5mg #90", [earlier, later], facts)
    assert _status(context, "opioid_dose_lowered") is met  # 22.5 mg MME a day, down from 60
    # the same dose again is no taper
    same = [facts[0], later.fact("pain_score", "6/10", value=6)]
    same.append(facts[0].model_copy(update={"date": later.date}))
    assert _status(_context("Oxycodone 10mg #120", [earlier, later], same),
                   "opioid_dose_lowered") is not_met
    # a long-acting opioid started beside it: the opioids together are not lower
    added = Note("Down to oxycodone 5 mg 1 po q8h for breakthrough; MS Contin 30 mg q12h added.",
                 dt.date(2017, 4, 4), "f")
    together = [facts[0],
                added.fact("medication", "oxycodone 5 mg", drug="oxycodone", generic="oxycodone",
                           strength="5 mg", frequency="q8h", doses_per_day=3),
                added.fact("medication", "MS Contin 30 mg", drug="MS Contin", generic="morphine",
                           strength="30 mg", frequency="q12h", doses_per_day=2)]
    assert _status(_context("Oxycodone 5mg #90", [earlier, added], together),
                   "opioid_dose_lowered") is not_met  # 22.5 + 60 against 60
    # decided as weaning: the continuation criteria do not apply
    decision = _decide("Oxycodone 5mg #90", [earlier, later], facts)
    ids = {c.id for c in decision.criteria}
    assert "op.weaning" in ids and not any(i.startswith("op.continuation.") for i in ids)


def test_a_ppi_for_a_diagnosed_acid_disorder_is_not_judged_as_nsaid_protection() -> None:
    note = Note("Erosive esophagitis on EGD 2020; omeprazole 20 mg daily keeps the heartburn "
                "away. No NSAIDs. Plan: omeprazole 20 mg #30.", dt.date(2021, 6, 1))
    facts = [note.fact("medication", "omeprazole 20 mg", drug="omeprazole",
                       generic="omeprazole")]
    decision = _decide("Omeprazole 20mg #30", [note], facts)
    statuses = {c.id: c.status for c in decision.criteria}
    # (the NSAID-protection criteria give way; the acid disorder's PPI is judged on its own,
    # and one PPI taken alone is no second drug of its kind)
    assert statuses == {"ppi.on_nsaid": met, "ppi.second_of_kind": met}
    assert decision.decision is Decision.overturned
    # without one, the PPI is GI protection, and no NSAID is taken
    plain = Note("No NSAIDs. Plan: omeprazole 20 mg #30.", dt.date(2021, 6, 1))
    facts = [plain.fact("medication", "omeprazole 20 mg", drug="omeprazole", generic="omeprazole")]
    decision = _decide("Omeprazole 20mg #30", [plain], facts)
    assert {c.id for c in decision.criteria} == {"ppi.on_nsaid", "ppi.gi_risk", "ppi.agent",
                                                 "ppi.second_of_kind"}
    assert decision.decision is Decision.upheld
