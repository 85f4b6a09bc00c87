"""Decisions of session "decide-dev21": facts spread over several notes, a stale or old fact
taken as current, an amount or a plan read as a finding. Each note is written for the rule."""

from __future__ import annotations

import datetime as dt

from openimr.model import Decision
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note, _context, _status
from tests.guidelines.test_no_false_overturns import _criterion, _decide

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


def test_an_antiemetic_is_not_for_an_operation_years_ago() -> None:
    note = Note("Neck pain, s/p C5-6 discectomy 2009, nauseated by the morphine. Promethazine "
                "25 mg daily.", dt.date(2015, 4, 2))
    facts = [note.fact("surgery", "C5-6 discectomy 2009", procedure="C5-6 discectomy",
                       category="cervical_discectomy")]
    drafted = _decide("Promethazine 25mg #30", [note], facts, as_of=dt.date(2015, 5, 1))
    assert _criterion(drafted, "om.antiemetic_postoperative").status is not_met
    assert drafted.decision is Decision.upheld
    # an operation set for next week is the one whose nausea it treats
    ahead = Note("Shoulder arthroscopy scheduled 05/08/2015. Promethazine for after.",
                 dt.date(2015, 4, 20))
    planned = [ahead.fact("surgery", "Shoulder arthroscopy", procedure="shoulder arthroscopy",
                          category="rotator_cuff_repair")]
    assert _criterion(_decide("Promethazine 25mg #10", [ahead], planned,
                              as_of=dt.date(2015, 5, 1)),
                      "om.antiemetic_postoperative").status is met


def test_a_spine_surgeons_opinion_needs_a_lesion_the_records_do_not_rule_out() -> None:
    """ACOEM ch. 12 pp. 305-306: surgical referral for red flags or a clear lesion."""
    mri = Note("MRI L-spine: mild facet arthropathy, no disc herniation, no stenosis.",
               dt.date(2015, 2, 1), "mri")
    visit = Note("Back pain without leg symptoms. Reflexes symmetric and normal. Wants to see a "
                 "surgeon.", dt.date(2015, 4, 1), "v")
    facts = [mri.fact("imaging_finding", "mild facet arthropathy", modality="mri",
                      body_part="lumbar spine", finding="facet arthropathy", category="degenerative"),
             mri.fact("imaging_finding", "disc herniation", negated=True, modality="mri",
                      body_part="lumbar spine", finding="disc herniation",
                      category="disc_herniation"),
             visit.fact("exam_finding", "Reflexes symmetric and normal", finding="reflex",
                        positive=False)]
    context = _context("Neurosurgery consultation lumbar spine", [mri, visit], facts)
    args = {"regions": ["lumbar", "spine"], "findings": ["motor_deficit", "reflex",
                                                         "sensory_deficit"],
            "imaging_categories": ["disc_herniation", "stenosis"], "description": "a lesion"}
    assert _status(context, "surgical_lesion_not_excluded", **args) is not_met
    # no imaging at hand: nothing rules a lesion out
    bare = _context("Neurosurgery consultation lumbar spine", [visit], facts[2:])
    assert _status(bare, "surgical_lesion_not_excluded", **args) is met


def test_outpatient_therapy_planned_after_surgery_is_no_homebound_worker() -> None:
    note = Note("Hip replacement next month. Daughter will stay with her; outpatient therapy "
                "afterwards at the clinic.", dt.date(2019, 3, 1))
    drafted = _decide("Home health aide 3 hours/day x 2 weeks", [note], [],
                      as_of=dt.date(2019, 3, 10))
    assert _criterion(drafted, "hh.homebound").status is not_met


def test_a_drugs_relief_is_not_undone_by_another_treatments_scores_in_its_own_note() -> None:
    """A note telling the drug's relief as of an earlier month also gives an injection's
    before-and-after scores: those are no later note on the drug."""
    note = Note("After the block her arm pain went from 8/10 to 6/10 for a week. Pregabalin since "
                "01/2016: nerve pain 8/10 before, 4/10 now on pregabalin 75 mg bid.",
                dt.date(2016, 6, 1))
    facts = [note.fact("pain_score", "8/10", value=8, scale=10, context="current"),
             note.fact("pain_score", "6/10", value=6, scale=10, context="current"),
             note.fact("pain_score", "8/10", value=8, scale=10, context="without_medication"),
             note.fact("pain_score", "4/10", value=4, scale=10, context="with_medication"),
             note.fact("medication", "pregabalin 75 mg", drug="pregabalin", generic="pregabalin")]
    facts = [f.model_copy(update={"date": dt.date(2016, 1, 1)}) if i in (2, 3) else f
             for i, f in enumerate(facts)]
    context = _context("Pregabalin 75mg #60", [note], facts)
    assert _status(context, "pain_relief_documented", min_percent=30) is met


def test_work_the_worker_could_not_do_without_the_drug_is_function_with_it() -> None:
    note = Note("Still 4/10 on duloxetine; he says without it he could not work his shifts.",
                dt.date(2015, 5, 1))
    facts = [note.fact("medication", "duloxetine", drug="duloxetine", generic="duloxetine")]
    context = _context("Duloxetine 60mg #30", [note], facts)
    assert _status(context, "functional_improvement_documented", maintained=True) is met


def test_a_drug_not_yet_started_is_no_earlier_use_and_a_switch_keeps_the_class() -> None:
    first = Note("Plan: start nortriptyline 10 mg at night.", dt.date(2015, 2, 1), "a")
    later = Note("Nortriptyline not yet started, denied at the pharmacy. Request nortriptyline "
                 "10 mg again.", dt.date(2015, 4, 1), "b")
    facts = [first.fact("medication", "nortriptyline 10 mg", drug="nortriptyline",
                        generic="nortriptyline", action="start"),
             later.fact("medication", "Nortriptyline", drug="Nortriptyline",
                        generic="nortriptyline", action="start"),
             later.fact("medication", "nortriptyline", drug="nortriptyline",
                        generic="nortriptyline", action="current")]
    context = _context("Nortriptyline 10mg #30", [first, later], facts)
    assert _status(context, "on_medication", classes=["antidepressant"], prior_use=True,
                   same_drug=True, description="it") is not_met
    switch = Note("Stop tramadol. Start tapentadol 50 mg q6h prn.", dt.date(2015, 5, 1))
    swapped = [switch.fact("medication", "tramadol", drug="tramadol", generic="tramadol",
                           action="stop"),
               switch.fact("medication", "tapentadol 50 mg", drug="tapentadol",
                           generic="tapentadol", action="start")]
    context = _context("Urine drug screen", [switch], swapped)
    assert _status(context, "on_medication", classes=["opioid"],
                   description="an opioid") is met


def test_a_screen_with_its_confirmation_is_no_confirmatory_test_alone() -> None:
    note = Note("On tapentadol 50 mg bid for two years; last drug test 14 months ago, "
                "consistent.", dt.date(2015, 5, 1))
    facts = [note.fact("medication", "tapentadol 50 mg", drug="tapentadol", generic="tapentadol"),
             note.fact("urine_drug_test", "consistent", result="consistent")]
    drafted = _decide("UDS, point of care, with confirmation", [note], facts)
    assert all(c.id != "udt.confirmatory_after_inconsistent" or c.status is CriterionStatus.not_applicable
               for c in drafted.criteria)
    # a quantitative test named as such is the confirmation, after a consistent screen: upheld
    quantitative = _decide("UDS with quantitative confirmation (LC/MS)", [note], facts)
    assert _criterion(quantitative, "udt.confirmatory_after_inconsistent").status is not_met


def test_measured_gains_after_an_operation_are_the_therapys_improvement() -> None:
    note = Note("Week 9 after rotator cuff repair: abduction 150 degrees (from 70 at week 3), "
                "external rotation from 10 to 45 degrees.", dt.date(2015, 5, 1))
    context = _context("Post-op physical therapy right shoulder x 12", [note], [])
    from openimr.guidelines.predicates.course import measured_gains

    assert len(measured_gains(context)) == 2
    worse = Note("Flexion 90 degrees (from 120 before the fall).", dt.date(2015, 5, 1))
    assert measured_gains(_context("Post-op physical therapy x 6", [worse], [])) == []


def test_no_dyspepsia_on_the_cox2_drug_keeps_the_risk_it_spares() -> None:
    first = Note("Ibuprofen stopped for dyspepsia.", dt.date(2015, 1, 5), "a")
    later = Note("On celecoxib, no dyspepsia.", dt.date(2015, 4, 5), "b")
    facts = [first.fact("gi_risk_factor", "dyspepsia", factor="dyspepsia"),
             later.fact("medication", "celecoxib", drug="celecoxib", generic="celecoxib"),
             later.fact("gi_risk_factor", "dyspepsia", negated=True, factor="dyspepsia")]
    assert _status(_context("Celecoxib 200mg #30", [first, later], facts),
                   "gi_risk_documented") is met
    # the complaint gone with no protective drug named is the risk gone
    plain = Note("No dyspepsia lately.", dt.date(2015, 4, 5), "b")
    facts = [facts[0], plain.fact("gi_risk_factor", "dyspepsia", negated=True, factor="dyspepsia")]
    assert _status(_context("Celecoxib 200mg #30", [first, plain], facts),
                   "gi_risk_documented") is not met
