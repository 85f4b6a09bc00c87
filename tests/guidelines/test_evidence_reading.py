"""Predicates that use all the evidence (issue 12 §1): each reads what a careful reviewer reads,
and stays unknown when the records do not say."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.context import Context
from openimr.guidelines.drugs import lookup_drug
from openimr.guidelines.items import parse_item
from openimr.guidelines.knowledge import load_knowledge_base
from openimr.guidelines.predicates import evaluate
from openimr.model import Case, Evidence, Fact
from openimr.model.determination import CriterionStatus

AS_OF = dt.date(2015, 6, 1)
met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


class Note:
    """One page of a record; facts are read from quotes of it, in order."""

    def __init__(self, text: str, date: dt.date, document: str = "d") -> None:
        self.text, self.date, self.document, self._from = text, date, document, 0

    def fact(self, kind: str, quote: str, *, negated: bool = False, historical: bool = False,
             **value) -> Fact:
        start = self.text.index(quote, self._from)
        self._from = start + len(quote)
        return Fact(kind=kind, value=value, date=self.date, negated=negated, historical=historical,
                    evidence=Evidence(document=self.document, page=1, start=start,
                                      end=start + len(quote), quote=quote))


def _context(item: str, notes: list[Note], facts: list[Fact], *, topic: str | None = None,
             procedure_reports: tuple[str, ...] = ()) -> Context:
    case = Case.model_validate({"disputed_items": [item], "records": [{"text": "x"}]})
    return Context(request=parse_item(item, as_of=AS_OF), case=case, facts=facts,
                   documents=[n.document for n in notes], as_of=AS_OF,
                   topic=load_knowledge_base().topics[topic] if topic else None,
                   procedure_reports=frozenset(procedure_reports),
                   page_texts={(n.document, 1): n.text for n in notes})


def _status(context: Context, name: str, **args) -> CriterionStatus:
    return evaluate(name, context, args).status


def test_a_drug_taken_with_pain_that_persists_is_relief_that_is_not_enough() -> None:
    first = Note("Naproxen 550 mg twice a day. Pain 5/10.", dt.date(2015, 3, 1))
    later = Note("Knee pain 7/10 with effusion.", dt.date(2015, 5, 1), "e")
    facts = [first.fact("medication", "Naproxen 550 mg", drug="naproxen", generic="naproxen"),
             first.fact("pain_score", "5/10", value=5), later.fact("pain_score", "7/10", value=7)]
    context = _context("Right knee corticosteroid injection", [first, later], facts)
    args = {"treatments": ["nsaid"], "description": "an NSAID"}
    assert _status(context, "treatment_failed", **args) is met
    # Pain that settles on the drug is not a failure, and with no score nothing is known.
    settled = Note("Knee pain 2/10.", dt.date(2015, 5, 1), "e")
    facts = facts[:2] + [settled.fact("pain_score", "2/10", value=2)]
    assert _status(_context("Knee injection", [first, settled], facts), "treatment_failed",
                   **args) is not met
    assert _status(_context("Knee injection", [first], facts[:1]), "treatment_failed",
                   **args) is unknown


def test_a_score_after_an_in_office_test_is_not_where_the_worker_is() -> None:
    note = Note("PT completed 8 visits. Pain 6/10. Lidocaine test: 6 -> 1/10.", AS_OF)
    facts = [note.fact("therapy_sessions", "PT completed 8 visits", modality="physical_therapy",
                       count=8, status="completed"),
             note.fact("pain_score", "6/10", value=6),
             note.fact("pain_score", "1/10", historical=True, value=1)]
    context = _context("Subacromial corticosteroid injection", [note], facts)
    assert _status(context, "treatment_failed", treatments=["physical_therapy"],
                   description="therapy") is met


def test_a_plan_that_calls_the_request_a_trial_is_a_first_course() -> None:
    note = Note("Plan: trial of spinal manipulation 6 visits with functional goals.", AS_OF)
    facts = [note.fact("therapy_sessions", "spinal manipulation 6 visits", modality="chiropractic",
                       count=6, status="requested")]
    context = _context("Chiropractic manipulation 6 visits lumbar spine", [note], facts,
                       topic="chiropractic")
    assert _status(context, "prior_visits_fewer_than", modalities=["chiropractic"]) is met
    assert _status(context, "within_statutory_visit_cap", modalities=["chiropractic"],
                   limit_parameter="statutory_cap") is met
    more = Note("Plan: 6 more visits of spinal manipulation to continue the trial of care.", AS_OF)
    facts = [more.fact("therapy_sessions", "spinal manipulation", modality="chiropractic",
                       count=6, status="requested")]
    assert _status(_context("Chiropractic 6 visits", [more], facts),
                   "prior_visits_fewer_than", modalities=["chiropractic"]) is unknown


def test_the_sentence_says_how_long_a_drug_has_been_taken() -> None:
    note = Note("Neck pain 7/10. On hydrocodone/APAP 10/325 qid since 2021. Not working.", AS_OF)
    facts = [note.fact("medication", "hydrocodone/APAP", drug="hydrocodone/APAP",
                       generic="hydrocodone/acetaminophen")]
    args = {"classes": ["opioid"], "description": "an opioid", "prior_use": True}
    assert _status(_context("Norco 10/325mg #120", [note], facts), "on_medication", **args) is met
    plan = Note("Plan: hydrocodone/APAP 10/325 one every 6 hours as needed.", AS_OF)
    facts = [plan.fact("medication", "hydrocodone/APAP", drug="hydrocodone/APAP",
                       generic="hydrocodone/acetaminophen")]
    assert _status(_context("Norco 10/325mg #120", [plan], facts), "on_medication",
                   **args) is not met


def test_pain_before_and_after_the_medication_in_one_sentence_is_quantified_relief() -> None:
    note = Note("He reports pain of 8/10 before and 4/10 after the medication.", AS_OF)
    facts = [note.fact("pain_score", "8/10", value=8), note.fact("pain_score", "4/10", value=4)]
    context = _context("Tramadol ER 150mg #30", [note], facts)
    assert _status(context, "pain_relief_documented") is met


def test_severe_pain_that_stays_on_a_long_used_drug_is_no_analgesia() -> None:
    first = Note("Tramadol 50 qid since 2020. Pain 7/10.", dt.date(2015, 3, 1))
    later = Note("Same. Pain 8/10. Refill tramadol.", dt.date(2015, 5, 1), "e")
    facts = [first.fact("medication", "Tramadol", drug="tramadol", generic="tramadol"),
             first.fact("pain_score", "7/10", value=7), later.fact("pain_score", "8/10", value=8),
             later.fact("medication", "tramadol", drug="tramadol", generic="tramadol")]
    outcome = evaluate("pain_relief_documented", _context("Tramadol 50mg #120", [first, later],
                                                          facts), {})
    assert outcome.status is not_met and outcome.evidence
    # Moderate pain with no pair of scores is not an answer either way.
    moderate = Note("Same. Pain 5/10. Refill tramadol.", later.date, "e")
    facts[2:] = [moderate.fact("pain_score", "5/10", value=5),
                 moderate.fact("medication", "tramadol", drug="tramadol", generic="tramadol")]
    assert _status(_context("Tramadol 50mg #120", [first, moderate], facts),
                   "pain_relief_documented") is unknown


def test_an_operative_report_dates_the_surgery() -> None:
    report = Note("Left shoulder arthroscopic rotator cuff repair.", dt.date(2015, 3, 2), "op")
    facts = [report.fact("surgery", "Left shoulder arthroscopic rotator cuff repair",
                         procedure="left shoulder arthroscopic rotator cuff repair",
                         category="rotator_cuff_repair")]
    args = {"schedule_parameter": "schedule"}
    item = "Post-operative physical therapy 2x4 left shoulder after rotator cuff repair"
    dated = _context(item, [report], facts, topic="postsurgical_physical_medicine",
                     procedure_reports=("op",))
    assert _status(dated, "within_postsurgical_period", **args) is met
    undated = _context(item, [report], facts, topic="postsurgical_physical_medicine")
    assert _status(undated, "within_postsurgical_period", **args) is unknown


def test_a_baseline_drug_test_needs_no_earlier_one() -> None:
    note = Note("Starting tramadol. Baseline UDS today.", AS_OF)
    context = _context("Urine drug screen baseline", [note], [], topic="urine_drug_testing")
    assert _status(context, "drug_tests_within_year", limit_parameter="tests_per_year") is met
    plain = _context("Urine drug screen", [Note("Continues tramadol.", AS_OF)], [],
                     topic="urine_drug_testing")
    assert _status(plain, "drug_tests_within_year", limit_parameter="tests_per_year") is unknown


def test_a_risk_screen_documented_as_not_done_fails_an_opioid_trial() -> None:
    note = Note("No opioid risk tool completed; CURES check not done.", AS_OF)
    facts = [note.fact("opioid_monitoring", "risk tool", item="risk_assessment", done=False)]
    args = {"items": ["risk_assessment", "cures_check"], "description": "a risk assessment"}
    assert _status(_context("Percocet 10/325mg #120", [note], facts), "monitoring_done",
                   **args) is not_met
    assert _status(_context("Percocet 10/325mg #120", [note], []), "monitoring_done",
                   **args) is unknown


def test_a_medication_list_without_the_class_is_documented_not_taking() -> None:
    note = Note("Medications: Norco 5/325, Menthoderm, omeprazole.", AS_OF)
    facts = [note.fact("medication", "Norco 5/325", drug="Norco", generic="hydrocodone/acetaminophen"),
             note.fact("medication", "omeprazole", drug="omeprazole", generic="omeprazole")]
    context = _context("Omeprazole 20mg #30", [note], facts)
    assert _status(context, "on_medication", classes=["nsaid"], description="an NSAID") is not_met
    # The requested drug alone is no list of the worker's other medications.
    assert _status(_context("Omeprazole 20mg #30", [note], facts[1:]), "on_medication",
                   classes=["nsaid"], description="an NSAID") is unknown


def test_the_labelled_maximum_counts_whole_tablets() -> None:
    norco = lookup_drug("Norco")
    assert norco is not None and norco.max_units_per_day("10/325 mg") == 12


def test_a_limitation_of_getting_about_makes_the_worker_homebound() -> None:
    kept = Note("Ambulates 40 feet with a walker; needs assistance for stairs.", AS_OF)
    facts = [kept.fact("adl_limitation", "needs assistance for stairs", activity="stairs")]
    assert _status(_context("Home health nursing 2x/week x 3 weeks", [kept], facts),
                   "homebound") is met
    out = Note("He drives to appointments; difficulty vacuuming.", AS_OF)
    facts = [out.fact("adl_limitation", "difficulty vacuuming", activity="cleaning")]
    assert _status(_context("Home health aide 4 hours/day", [out], facts), "homebound") is not_met
    chores = Note("Difficulty with overhead cleaning.", AS_OF)
    facts = [chores.fact("adl_limitation", "Difficulty with overhead cleaning", activity="cleaning")]
    assert _status(_context("Home health aide 4 hours/day", [chores], facts),
                   "homebound") is unknown


def test_an_item_without_its_body_part_is_for_the_claims_parts_when_they_agree() -> None:
    args = {"field": "body_part", "one_of": ["knee", "wrist"], "claim_body_parts": True,
            "description": "the gel is for a joint amenable to topical treatment"}

    def status(parts: list[str], item: str = "Diclofenac 1% gel 100g") -> CriterionStatus:
        context = _context(item, [], [])
        context.case.claim.body_parts = parts
        return evaluate("request_is", context, args).status

    assert status(["right knee", "left knee"]) is met
    assert status(["lumbar spine"]) is not_met
    assert status(["right knee", "lumbar spine"]) is unknown  # which one the gel is for is open
    assert status([]) is unknown
    assert status(["lumbar spine"], "Diclofenac 1% gel 100g, right knee") is met  # the item says


def test_a_drug_in_use_and_the_pain_its_note_reports_now_is_relief_that_is_not_enough() -> None:
    note = Note("He takes meloxicam 15 mg daily. The right knee flared three weeks ago: "
                "effusion, pain 7/10.", dt.date(2014, 7, 22))
    facts = [note.fact("medication", "meloxicam 15 mg", drug="meloxicam", generic="meloxicam"),
             # the sentence dates the flare, not the note
             note.fact("pain_score", "7/10", value=7).model_copy(
                 update={"date": dt.date(2014, 7, 1)})]
    context = _context("Right knee corticosteroid injection", [note], facts)
    assert _status(context, "treatment_failed", treatments=["nsaid"],
                   description="an NSAID") is met


def test_a_trial_and_goals_on_a_request_form_are_not_a_trial_done() -> None:
    note = Note("Radicular pain; gabapentin partial benefit. Plan: home TENS trial.",
                dt.date(2015, 4, 1), "note")
    form = Note("RFA. Requested: TENS 30-day home trial; TENS purchase with supplies. "
                "Goal: walking tolerance 40 min. Work: modified duty.", dt.date(2015, 4, 20), "rfa")
    facts = [form.fact("device_trial", "TENS 30-day home trial", device="tens", outcome="ongoing",
                       duration_days=30),
             form.fact("functional_improvement", "walking tolerance 40 min", present=True),
             form.fact("work_status", "modified duty", status="modified_duty")]
    context = _context("TENS unit purchase", [note, form], facts)
    args = {"devices": ["tens"], "min_days": 30}
    assert _status(context, "device_trial_succeeded", **args) is met  # read as a treating note
    context.forms = frozenset({"rfa"})
    assert _status(context, "device_trial_succeeded", **args) is unknown
    # the same trial in a treating note, with a gain documented after it, is its result
    later = Note("Completed 30-day TENS trial; now walks 40 minutes.", dt.date(2015, 5, 25), "later")
    facts += [later.fact("device_trial", "30-day TENS trial", device="tens", outcome="ongoing",
                         duration_days=30),
              later.fact("functional_improvement", "walks 40 minutes", present=True)]
    context = _context("TENS unit purchase", [note, form, later], facts)
    context.forms = frozenset({"rfa"})
    assert _status(context, "device_trial_succeeded", **args) is met
