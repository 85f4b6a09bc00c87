"""False upholds of dev-23 and dev-25 (session "decide-fu23"), each written for the rule, not
copied from the sets: a short clinic trial that helped does not set aside the home trial that
followed it; supplies for a unit bought after a successful trial stand on that trial; approved
visits that lapsed unused are no course had; pain back after years is a new episode; a
radiculopathy weighed against a polyneuropathy is not obvious; a topical named by generic and
brand is one drug; a serum level is a laboratory test; gait trouble told by what happens
without the aid."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.items import parse_item
from openimr.guidelines.predicates import evaluate
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note, _context
from tests.guidelines.test_generalizing_decisions import _decide

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


def _status(drafted, criterion_id: str) -> CriterionStatus | None:
    return next((c.status for c in drafted.criteria if c.id == criterion_id), None)


TRIAL = {"devices": ["tens"], "min_days": 30}


def test_a_clinic_trial_that_helped_does_not_hide_the_home_trial_after_it() -> None:
    clinic = Note("Neck pain. TENS in therapy eased the spasm for an hour. Plan: one-month "
                  "home rental.", dt.date(2016, 2, 1), "a")
    log = Note("Home rental log 02/03-03/04: TENS used 27 of 30 days.", dt.date(2016, 3, 5), "b")
    after = Note("Back to her full shifts at the bakery; fewer muscle relaxants.",
                 dt.date(2016, 3, 12), "c")
    facts = [clinic.fact("device_trial", "TENS", device="tens", outcome="helped"),
             log.fact("device_trial", "TENS", device="tens", outcome="ongoing",
                      duration_days=30),
             after.fact("functional_improvement", "Back to her full shifts at the bakery",
                        present=True, domain="work_restrictions")]
    context = _context("TENS unit purchase", [clinic, log, after], facts)
    assert evaluate("device_trial_succeeded", context, TRIAL).status is met
    # without a result after the home trial, the clinic's relief alone says nothing of it
    context = _context("TENS unit purchase", [clinic, log], facts[:2])
    assert evaluate("device_trial_succeeded", context, TRIAL).status is unknown


def test_supplies_for_a_unit_bought_after_a_successful_trial_stand_on_the_trial() -> None:
    log = Note("Home TENS 30-day trial log: used daily, pain 7 to 4 after use.",
               dt.date(2016, 1, 10), "a")
    note = Note("Owns the TENS unit since the purchase in March. Uses it after work. "
                "Back at full duty.", dt.date(2016, 6, 2), "b")
    facts = [log.fact("device_trial", "TENS 30-day trial", device="tens", outcome="helped",
                      duration_days=30),
             note.fact("work_status", "full duty", status="full_duty")]
    drafted = _decide("TENS electrodes and batteries x 2 months", [log, note], facts,
                      as_of=dt.date(2016, 6, 20), injury="2014-05-01")
    assert _status(drafted, "te.condition") is None  # not applied to supplies after a trial
    assert _status(drafted, "te.other_modalities_failed") is met
    # a purchase before any trial is still judged on the condition
    fresh = _decide("TENS unit purchase", [note], facts[1:], as_of=dt.date(2016, 6, 20),
                    injury="2014-05-01")
    assert _status(fresh, "te.condition") is not None


def test_approved_visits_that_lapsed_unused_are_no_course_had() -> None:
    note = Note("Therapy re-check. Approved: 20 visits; attended 8; the rest expired unused "
                "in May.", dt.date(2019, 6, 1))
    facts = [note.fact("therapy_sessions", "20 visits", modality="physical_therapy", count=20,
                       status="authorized"),
             note.fact("therapy_sessions", "attended 8", modality="physical_therapy", count=8,
                       status="attended")]
    context = _context("Physical therapy 6 visits lumbar spine", [note], facts)
    assert evaluate("prior_visits_at_least", context,
                    {"modalities": ["physical_therapy"], "count": 20}).status is not_met
    # without a word that they lapsed, the approved visits stand for the course
    plain = Note("Therapy re-check. Approved: 20 visits; attended 8 so far.", dt.date(2019, 6, 1))
    facts = [plain.fact("therapy_sessions", "20 visits", modality="physical_therapy", count=20,
                        status="authorized"),
             plain.fact("therapy_sessions", "attended 8", modality="physical_therapy", count=8,
                        status="attended")]
    context = _context("Physical therapy 6 visits lumbar spine", [plain], facts)
    assert evaluate("prior_visits_at_least", context,
                    {"modalities": ["physical_therapy"], "count": 20}).status is met


def test_pain_back_years_after_a_short_course_begins_a_new_episode() -> None:
    note = Note("Neck pain recurred in the winter after two years at work without care. Had 6 "
                "PT visits in 2012. Rotation 45 deg.", dt.date(2015, 2, 10))
    facts = [note.fact("therapy_sessions", "6 PT visits", modality="physical_therapy", count=6,
                       status="completed")]
    drafted = _decide("Physical therapy 8 visits cervical spine", [note], facts,
                      as_of=dt.date(2015, 3, 1))
    assert _status(drafted, "pm.visits_within_guideline") is met


def test_a_radiculopathy_weighed_against_a_polyneuropathy_is_not_obvious() -> None:
    note = Note("MRI: L5-S1 herniation compressing the right S1 root. Exam: right ankle jerk "
                "absent, numb sole. Assessment: S1 radiculopathy versus peripheral neuropathy "
                "from his diabetes.", dt.date(2017, 4, 2))
    facts = [note.fact("imaging_finding", "L5-S1 herniation compressing the right S1 root",
                       category="nerve_root_compression"),
             note.fact("exam_finding", "right ankle jerk absent", finding="reflex",
                       positive=True)]
    drafted = _decide("EMG/NCS bilateral lower extremities", [note], facts,
                      as_of=dt.date(2017, 5, 1), injury="2016-09-01")
    assert _status(drafted, "edl.radiculopathy_not_already_obvious") is None
    # the same findings with no other cause weighed: the radiculopathy is obvious
    plain = Note("MRI: L5-S1 herniation compressing the right S1 root. Exam: right ankle jerk "
                 "absent, numb sole. Assessment: S1 radiculopathy.", dt.date(2017, 4, 2))
    facts = [plain.fact("imaging_finding", "L5-S1 herniation compressing the right S1 root",
                        category="nerve_root_compression"),
             plain.fact("exam_finding", "right ankle jerk absent", finding="reflex",
                        positive=True)]
    drafted = _decide("EMG/NCS bilateral lower extremities", [plain], facts,
                      as_of=dt.date(2017, 5, 1), injury="2016-09-01")
    assert _status(drafted, "edl.radiculopathy_not_already_obvious") is not_met


def test_a_topical_named_by_generic_and_brand_is_one_drug_not_a_compound() -> None:
    request = parse_item("Diclofenac 1% gel (Voltaren gel) 2 tubes")
    assert request.drug is not None and not request.drug.compound
    assert request.subcategory == "topical_nsaid"
    assert parse_item("Ketoprofen/lidocaine cream 10%/5%").drug.compound


def test_a_serum_level_is_a_laboratory_test_not_a_drug() -> None:
    assert parse_item("Free testosterone, serum").category == "laboratory_test"
    assert parse_item("Serum ferritin").category == "laboratory_test"
    assert parse_item("Testosterone cypionate 200 mg/ml").category != "laboratory_test"


def test_gait_trouble_told_by_what_happens_without_the_aid() -> None:
    args = {"description": "a gait impairment or instability"}
    for text in ("Walks with a cane; off the cane he stumbles on uneven ground.",
                 "She loses her balance turning in the kitchen.",
                 "Timed Up and Go 18 seconds with the walker."):
        context = _context("Front-wheeled walker", [Note(text, dt.date(2016, 5, 1))], [])
        assert evaluate("gait_impairment_documented", context, args).status is met, text
    steady = Note("Timed Up and Go 9 seconds without an aid. Gait normal.", dt.date(2016, 5, 1))
    context = _context("Front-wheeled walker", [steady], [])
    assert evaluate("gait_impairment_documented", context, args).status is not met
