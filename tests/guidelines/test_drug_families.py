"""Drug items a careful reviewer decides (issue 12, session "decide-drugs2"): families of the
fresh development sets' drug errors, each tested in wording of its own."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.engine import decide_item
from openimr.guidelines.items import parse_item
from openimr.guidelines.knowledge import load_knowledge_base
from openimr.model import Case, Decision
from openimr.model.determination import CriterionStatus
from openimr.records.kinds.history import parse_pain_score
from openimr.records.pain_changes import pain_changes
from tests.guidelines.test_evidence_reading import AS_OF, Note, _context, _status
from tests.guidelines.test_generalizing_decisions import _decide

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


def _criterion(determination, criterion_id: str) -> CriterionStatus | None:
    return next((c.status for c in determination.criteria if c.id == criterion_id), None)


# -- relief with and without the drug, in the forms flowsheets and dictation use


def test_a_score_told_before_a_dose_and_the_one_it_falls_to_are_without_and_with_it() -> None:
    text = ("He says his back is about a 7 out of 10 before he takes his oxycodone and eases to "
            "roughly a 3 within the hour.")
    changes = [(before, after) for _m, before, after in pain_changes(text)]
    assert changes == [(7.0, 3.0)]


def test_shorthand_before_a_score_says_with_or_without_the_medication() -> None:
    from openimr.records.kinds.base import Mention

    sentence = "Back pain w/o meds 8/10, w/ meds 4/10."
    without = Mention(sentence=sentence, start=sentence.index("8/10"), end=0, meta={})
    with_ = Mention(sentence=sentence, start=sentence.index("4/10"), end=0, meta={})
    assert parse_pain_score(without)[0].value["context"] == "without_medication"
    assert parse_pain_score(with_)[0].value["context"] == "with_medication"


def test_a_monitoring_flowsheet_gives_the_latest_row_of_pain_off_and_on_the_drug() -> None:
    note = Note("MONITORING\nDate  Pain w/o  Pain w/  Activity  AE\n01/2015  9  6  light duty  none\n"
                "04/2015  8  3  regular duty  none\nPlan: Percocet 5/325 tid.", AS_OF)
    facts = [note.fact("medication", "Percocet 5/325", drug="Percocet",
                       generic="oxycodone/acetaminophen", action="refill")]
    context = _context("Percocet 5/325mg #90", [note], facts, topic="opioids")
    outcome = _status(context, "pain_relief_documented", min_percent=30)
    assert outcome is met
    # The columns in the other order read the other way round.
    swapped = Note("Date  Pain w/  Pain w/o\n04/2015  3  8\nPercocet 5/325 tid.", AS_OF)
    facts = [swapped.fact("medication", "Percocet 5/325", drug="Percocet",
                          generic="oxycodone/acetaminophen", action="refill")]
    assert _status(_context("Percocet 5/325mg #90", [swapped], facts, topic="opioids"),
                   "pain_relief_documented", min_percent=30) is met


def test_a_line_of_analgesia_gives_the_score_now_and_without_the_drug() -> None:
    note = Note("Morphine ER 15 mg bid since 2013.\nANALGESIA  now 4 | best 2 | off med 8\n", AS_OF)
    facts = [note.fact("medication", "Morphine ER 15 mg", drug="morphine ER",
                       generic="morphine er", action="refill")]
    context = _context("Morphine sulfate ER 15mg #60", [note], facts, topic="opioids")
    assert _status(context, "pain_relief_documented", min_percent=30) is met


def test_a_flowsheet_heading_is_no_aberrant_behaviour() -> None:
    from openimr.records.kinds.base import Mention
    from openimr.records.kinds.medication import parse_aberrant

    heading = "Date Pain w/o Pain w/ MED Aberrancy 03/2015 7 3 30 none"
    mention = Mention(sentence=heading, start=heading.index("Aberrancy"),
                      end=heading.index("Aberrancy") + 9, meta={"behavior": "aberrant behaviors"})
    assert parse_aberrant(mention) == []
    narrative = "To date no aberrancy noted."
    said = Mention(sentence=narrative, start=narrative.index("aberrancy"),
                   end=narrative.index("aberrancy") + 9, meta={"behavior": "aberrant behaviors"},
                   negated=True)
    assert parse_aberrant(said)[0].value["present"] is False


# -- what the drug lets the worker do


def test_an_activity_the_drug_is_the_condition_of_is_function_with_it() -> None:
    note = Note('Celecoxib 200 daily - "if I take it I can get through my whole shift".', AS_OF)
    facts = [note.fact("medication", "Celecoxib 200", drug="celecoxib", generic="celecoxib",
                       action="refill")]
    context = _context("Celecoxib 200mg #30", [note], facts)
    assert _status(context, "functional_improvement_documented") is met


def test_more_of_an_activity_with_the_drug_than_without_is_function_with_it() -> None:
    note = Note("Without meloxicam she stands 20 minutes; with meloxicam 45 minutes at the "
                "register.", AS_OF)
    facts = [note.fact("medication", "meloxicam", drug="meloxicam", generic="meloxicam",
                       action="current")]
    context = _context("Meloxicam 15mg #30", [note], facts)
    assert _status(context, "functional_improvement_documented") is met
    less = Note("Without meloxicam she stands 45 minutes; with meloxicam 20 minutes.", AS_OF)
    facts = [less.fact("medication", "meloxicam", drug="meloxicam", generic="meloxicam",
                       action="current")]
    assert _status(_context("Meloxicam 15mg #30", [less], facts),
                   "functional_improvement_documented") is not met


# -- first-line drugs not tolerated, switches within a class


def test_a_drug_stopped_for_what_it_did_to_the_worker_is_a_failed_trial() -> None:
    note = Note("Duloxetine 30 daily 2014 - nausea and dizziness, discontinued after 10 days.",
                AS_OF)
    facts = [note.fact("medication", "Duloxetine 30", drug="duloxetine", generic="duloxetine")]
    context = _context("Lidoderm 5% patch #30", [note], facts)
    args = {"treatments": ["first_line_neuropathic"], "description": "first-line medication"}
    assert _status(context, "treatment_failed", **args) is met
    # Stopped because the pain settled is no failure.
    settled = Note("Duloxetine 30 daily 2014 - pain resolved, discontinued.", AS_OF)
    facts = [settled.fact("medication", "Duloxetine 30", drug="duloxetine", generic="duloxetine")]
    assert _status(_context("Lidoderm 5% patch #30", [settled], facts), "treatment_failed",
                   **args) is not met


def test_a_second_anticonvulsant_after_the_first_was_not_tolerated_is_a_first_trial() -> None:
    first = Note("Gabapentin 300 tid caused dizziness and was stopped.", dt.date(2015, 2, 1))
    later = Note("Off gabapentin. Burning and allodynia over the scar. Start pregabalin 75 bid.",
                 dt.date(2015, 5, 1), "e")
    facts = [first.fact("medication", "Gabapentin 300", drug="gabapentin", generic="gabapentin"),
             later.fact("medication", "gabapentin", drug="gabapentin", generic="gabapentin",
                        action="stop"),
             later.fact("medication", "pregabalin 75", drug="pregabalin", generic="pregabalin",
                        action="start")]
    drafted = _decide("Pregabalin 75mg #60", [first, later], facts)
    assert "aed.continued_benefit" in drafted.not_applicable


# -- NSAIDs in the first months, and the GI protection that goes with them


def test_an_nsaid_in_the_first_months_after_the_injury_is_not_held_to_chronic_benefit() -> None:
    first = Note("Lumbar strain lifting a crate. Naproxen 500 bid.", dt.date(2015, 4, 20))
    later = Note("Improving. Continue naproxen 500 bid.", dt.date(2015, 5, 20), "e")
    facts = [first.fact("diagnosis", "Lumbar strain", text="lumbar strain",
                        group="sprain_strain"),
             first.fact("medication", "Naproxen 500", drug="naproxen", generic="naproxen"),
             later.fact("medication", "naproxen 500", drug="naproxen", generic="naproxen")]
    recent = _decide("Naproxen 500mg #60", [first, later], facts, injury="2015-04-18")
    assert "ns.continued_benefit" in recent.not_applicable
    chronic = _decide("Naproxen 500mg #60", [first, later], facts, injury="2013-04-18")
    assert "ns.continued_benefit" not in chronic.not_applicable


def test_an_nsaid_stopped_in_a_later_note_is_no_nsaid_to_protect_against() -> None:
    first = Note("Ibuprofen 800 tid. Black stools. STOP ibuprofen; omeprazole 20 bid.",
                 dt.date(2015, 3, 1))
    later = Note("Off ibuprofen, stomach settled. Refill omeprazole.", dt.date(2015, 4, 1), "e")
    facts = [first.fact("medication", "Ibuprofen 800", drug="ibuprofen", generic="ibuprofen"),
             first.fact("medication", "ibuprofen", drug="ibuprofen", generic="ibuprofen",
                        action="stop"),
             later.fact("medication", "ibuprofen", drug="ibuprofen", generic="ibuprofen",
                        action="stop")]
    context = _context("Omeprazole 20mg #60", [first, later], facts)
    assert _status(context, "on_medication", classes=["nsaid"], description="an NSAID") is not_met
    # Started again later, it is taken.
    again = Note("Back on ibuprofen 600 tid with food.", dt.date(2015, 5, 1), "f")
    facts += [again.fact("medication", "ibuprofen 600", drug="ibuprofen", generic="ibuprofen")]
    context = _context("Omeprazole 20mg #60", [first, later, again], facts)
    assert _status(context, "on_medication", classes=["nsaid"], description="an NSAID") is met


def test_a_ppi_beside_a_cox2_selective_nsaid_needs_high_risk() -> None:
    note = Note("Celecoxib 200 daily for hand arthritis. No ulcer, no aspirin, no blood "
                "thinners. Add esomeprazole.", AS_OF)
    facts = [note.fact("medication", "Celecoxib 200", drug="celecoxib", generic="celecoxib")]
    items = ["Celecoxib 200mg #30", "Esomeprazole 40mg #30"]
    intermediate = _decide("Esomeprazole 40mg #30", [note], facts, items=items, age=70)
    assert _criterion(intermediate, "ppi.cox2_high_risk") is not_met
    assert intermediate.decision is Decision.upheld
    ulcer = Note("Celecoxib 200 daily. Bleeding gastric ulcer in 2012. Add esomeprazole.", AS_OF)
    facts = [ulcer.fact("medication", "Celecoxib 200", drug="celecoxib", generic="celecoxib"),
             ulcer.fact("gi_risk_factor", "Bleeding gastric ulcer", factor="gi_bleed")]
    high = _decide("Esomeprazole 40mg #30", [ulcer], facts, items=items, age=70)
    assert _criterion(high, "ppi.cox2_high_risk") is met


def test_sucralfate_is_not_nsaid_gi_protection() -> None:
    note = Note("Meloxicam 15 daily. Ulcer in 2018, healed on repeat endoscopy. Sucralfate qid.",
                AS_OF)
    facts = [note.fact("medication", "Meloxicam 15", drug="meloxicam", generic="meloxicam")]
    drafted = _decide("Sucralfate 1g #120", [note], facts, age=67)
    assert _criterion(drafted, "ppi.agent") is not_met
    assert drafted.decision is Decision.upheld


# -- opioids: rotation to buprenorphine, a baseline screen


def test_buprenorphine_started_to_carry_a_taper_is_weaning() -> None:
    first = Note("Oxycodone 10 mg qid for years. Start Butrans 5 mcg/h to help taper.",
                 dt.date(2015, 3, 1))
    later = Note("On Butrans. Oxycodone down to 10 mg bid, tapering.", dt.date(2015, 5, 1), "e")
    facts = [first.fact("medication", "Butrans 5 mcg/h", drug="Butrans", generic="buprenorphine",
                        action="start"),
             later.fact("medication", "Butrans", drug="Butrans", generic="buprenorphine"),
             later.fact("medication", "Oxycodone", drug="oxycodone", generic="oxycodone",
                        action="taper")]
    context = _context("Butrans 5mcg/hr patch #4", [first, later], facts, topic="opioids")
    assert _status(context, "opioid_dose_lowered") is met
    # Buprenorphine beside an opioid taken as before is no taper.
    context = _context("Butrans 5mcg/hr patch #4", [first, later], facts[:2], topic="opioids")
    assert _status(context, "opioid_dose_lowered") is not_met


def test_a_baseline_screen_negative_for_everything_is_consistent() -> None:
    note = Note("First opioid trial: tramadol 50 tid prn. Baseline urine drug screen negative "
                "for all.", AS_OF)
    facts = [note.fact("urine_drug_test", "urine drug screen", result="performed")]
    context = _context("Tramadol 50mg #90", [note], facts, topic="opioids")
    assert _status(context, "drug_test_consistent") is met


# -- oral steroids, lidocaine


def test_an_oral_steroid_needs_radiculopathy_that_is_clear_cut() -> None:
    note = Note("Neck pain, vague hand tingling. Reflexes symmetric, strength and sensation "
                "normal. EMG/NCS normal, no radiculopathy.", AS_OF)
    facts = [note.fact("exam_finding", "Reflexes symmetric", finding="reflex", positive=False),
             note.fact("electrodiagnostic_finding", "no radiculopathy", test="emg_ncv",
                       finding="no radiculopathy", radiculopathy=False)]
    context = _context("Medrol dose pack #1", [note], facts)
    assert _status(context, "electrodiagnostic_shows", diagnoses=["radiculopath"],
                   description="a radiculopathy") is not_met


def test_a_lidocaine_patch_is_not_for_pain_over_a_whole_limb() -> None:
    note = Note("CRPS right arm: burning and allodynia over the entire right arm. Failed "
                "amitriptyline.", AS_OF)
    facts = [note.fact("treatment_trial", "Failed amitriptyline", treatment="antidepressant",
                       outcome="failed")]
    case = {"diagnoses": [{"code": "G90.511", "description": "CRPS I of right upper limb"}]}
    drafted = decide_item("Lidoderm 5% patch #30", parse_item("Lidoderm 5% patch #30"),
                          Case.model_validate({**case, "disputed_items": ["Lidoderm 5% patch #30"],
                                               "records": [{"text": "x"}]}),
                          facts, load_knowledge_base(), documents=["d"], as_of=AS_OF,
                          page_texts={("d", 1): note.text})
    assert _criterion(drafted, "ta.lidocaine_localized") is not_met


def test_a_short_opioid_course_for_a_new_fracture_after_acetaminophen_did_not_do() -> None:
    note = Note("Fractured two ribs last week. Tylenol 1 g tid doesn't touch it; on warfarin, "
                "no NSAIDs. Oxycodone 5 mg q6h prn #20.", dt.date(2015, 5, 25))
    facts = [note.fact("medication", "Tylenol 1 g", drug="Tylenol", generic="acetaminophen")]
    drafted = _decide("Oxycodone 5mg #20", [note], facts, injury="2015-05-18")
    assert _criterion(drafted, "op.initiation.non_opioid_tried") is met
    assert "op.initiation.risk_assessed" in drafted.not_applicable
    # Months after the injury the same request is a trial of chronic opioid therapy.
    later = _decide("Oxycodone 5mg #20", [note], facts, injury="2014-05-18")
    assert "op.initiation.risk_assessed" not in later.not_applicable


def test_the_release_written_after_the_name_keeps_er_and_ir_apart() -> None:
    # The ER tablet taken since before is another drug than the IR requested: no step down.
    first = Note("Meds: morphine ER 30 mg q8h; morphine IR 15 mg q6h prn.", dt.date(2015, 3, 1))
    later = Note("Meds: morphine ER 30 mg q8h; morphine IR 15 mg q6h prn.", dt.date(2015, 5, 1),
                 "e")
    facts = [note.fact("medication", quote, drug="morphine", generic="morphine",
                       strength=quote.split()[-2] + " mg", doses_per_day=per_day)
             for note in (first, later)
             for quote, per_day in (("morphine ER 30", 3), ("morphine IR 15", 4))]
    context = _context("Morphine IR 15mg #120", [first, later], facts, topic="opioids")
    assert _status(context, "opioid_dose_lowered") is not_met


def test_a_tens_purchase_after_a_documented_successful_trial_has_passed_the_gate() -> None:
    log = Note("TENS home trial 30 days, used daily. Now able to cook and garden.",
               dt.date(2021, 5, 1))
    facts = [log.fact("device_trial", "TENS", device="tens", outcome="ongoing", duration_days=30),
             log.fact("functional_improvement", "able to cook and garden", present=True)]
    context = _context("TENS unit purchase", [log], facts, topic="tens")
    criterion = next(c for c in context.topic.criteria if c.id == "te.other_modalities_failed")
    assert _status(context, criterion.predicate, **criterion.args) is met
