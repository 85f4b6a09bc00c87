"""Common ways notes state each fact, beyond the gold set: the value read from each."""

from __future__ import annotations

import pytest

from .conftest import facts_of

CASES = [
    ("He reports 50% improvement in pain and function with the current regimen.",
     "functional_improvement", {"present": True}),
    ("She is now able to vacuum and do laundry.", "functional_improvement", {"present": True}),
    ("Function is unchanged compared with last visit.", "functional_improvement",
     {"present": False}),
    ("He is doing his exercises at home twice a day.", "home_exercise_program",
     {"status": "independent"}),
    ("Home exercise program was reviewed and updated.", "home_exercise_program",
     {"status": "instructed"}),
    ("He has attended 10 of 12 approved chiropractic visits.", "therapy_sessions",
     {"modality": "chiropractic", "count": 10, "status": "attended"}),
    ("Requesting 6 more sessions of PT.", "therapy_sessions",
     {"modality": "physical_therapy", "count": 6, "status": "requested"}),
    ("Patient has had 24 visits of physical therapy to date.", "therapy_sessions",
     {"count": 24, "status": "completed"}),
    ("He denies any side effects from the medication.", "side_effect", {"present": False}),
    ("Released to regular duty as of 03/01/2014.", "work_status", {"status": "full_duty"}),
    ("Positive Spurling's test on the right.", "exam_finding",
     {"finding": "other", "positive": True, "side": "right"}),
    ("Reflexes are 2+ and symmetric.", "exam_finding", {"finding": "reflex", "positive": False}),
    ("X-rays of the knee were unremarkable.", "imaging_finding",
     {"modality": "xray", "category": "normal"}),
    ("EMG showed no evidence of lumbar radiculopathy.", "electrodiagnostic_finding",
     {"radiculopathy": False}),
    ("Lumbar ESI on 01/15/2014 provided 70% relief for 8 weeks.", "injection_history",
     {"type": "epidural_steroid", "relief_percent": 70, "duration_weeks": 8}),
    ("Current medications: tramadol 50 mg BID, meloxicam 15 mg daily.", "medication",
     {"generic": "meloxicam", "strength": "15 mg"}),
    ("He rates his pain 6/10 with medications and 9/10 without.", "pain_score",
     {"value": 9, "context": "without_medication"}),
    ("Tramadol 50 mg 1 po q8h prn. Pain 8/10 w/o, 5/10 w/ (lasts ~4 h).", "pain_score",
     {"value": 8, "context": "without_medication"}),
    ("Tramadol 50 mg 1 po q8h prn. Pain 8/10 w/o, 5/10 w/ (lasts ~4 h).", "pain_score",
     {"value": 5, "context": "with_medication"}),
    ("He takes naproxen twice a day. Knee pain 7/10 off, 4/10 on.", "pain_score",
     {"value": 7, "context": "without_medication"}),
    ("He takes naproxen twice a day. Knee pain 7/10 off, 4/10 on.", "pain_score",
     {"value": 4, "context": "with_medication"}),
    # a strength without its unit, directions right after it
    ("Meds: Oxycodone 30 qid, gabapentin 600 mg tid.", "medication",
     {"generic": "oxycodone", "strength": "30", "frequency": "qid"}),
    ("Norco 10/325 1 po q6h prn pain.", "medication",
     {"strength": "10/325", "frequency": "1 po q6h prn"}),
    # a result listed as analytes, with no verdict
    ("UDS 05/01: hydrocodone POS, hydromorphone POS, oxycodone NEG.", "urine_drug_test",
     {"result": "performed", "substances": ["hydrocodone", "hydromorphone"],
      "not_detected": ["oxycodone"]}),
    # the laboratory's short names, and analytes joined by a slash sharing one result
    ("UDT 3/2: bupe/norbupe positive, fent NEG.", "urine_drug_test",
     {"result": "performed", "substances": ["buprenorphine", "norbuprenorphine"],
      "not_detected": ["fentanyl"]}),
    ("Morphine equivalent dose is 60 mg per day.", "daily_mme", {"value": 60.0}),
    ("UDS from last month was appropriate.", "urine_drug_test", {"result": "consistent"}),
    ("He reports trouble sleeping due to pain.", "psych_symptom", {"symptom": "insomnia"}),
    ("He has failed NSAIDs and physical therapy.", "treatment_trial",
     {"treatment": "physical_therapy", "outcome": "failed"}),
    ("He has difficulty climbing stairs.", "adl_limitation", {"activity": "stairs"}),
    ("Medications allow her to continue working full duty.", "functional_improvement",
     {"present": True}),
    ("Pain and function are about the same.", "functional_improvement", {"present": False}),
    ("He cannot sleep more than 3 hours at a time.", "psych_symptom", {"symptom": "insomnia"}),
    ("Slipped and fell on a wet floor at work.", "mechanism_of_injury", {}),
    ("She did not tolerate Lyrica due to weight gain.", "treatment_trial",
     {"treatment": "anticonvulsant", "outcome": "not_tolerated"}),
    ("He denies fevers, chills, night sweats or unexplained weight loss.", "red_flag",
     {"flag": "tumor"}),
    ("He has a history of hypertension and type 2 diabetes.", "diagnosis",
     {"text": "type 2 diabetes"}),
]


@pytest.mark.parametrize(("text", "kind", "expected"), CASES)
def test_phrasing(text: str, kind: str, expected: dict) -> None:
    facts = facts_of(text, kind)
    values = [f.value for f in facts]
    assert any(all(v.get(k) == want for k, want in expected.items()) for v in values), values


@pytest.mark.parametrize("text", [
    "She can sit about 20 minutes.",
    "He can walk two blocks and stand for an hour.",
])
def test_a_stated_activity_limit_is_not_a_functional_gain(text: str) -> None:
    assert not [f for f in facts_of(text, "functional_improvement") if f.value["present"]]


def test_an_activity_amount_against_before_is_a_gain() -> None:
    facts = facts_of("She can now sit 40 minutes, up from 15 at intake.",
                     "functional_improvement")
    assert any(f.value["present"] for f in facts)


@pytest.mark.parametrize(("text", "kind", "expected"), [
    # aberrant behaviour as notes describe it, not only by its name
    ("Pt returns 8 days early for hydrocodone, stating the bottle was stolen from his car.",
     "aberrant_behavior", {"present": True}),
    ("He admits taking an extra tablet on bad days.", "aberrant_behavior", {"present": True}),
    ("CURES shows prior fills 28-31 days apart.", "aberrant_behavior", {"present": False}),
    # a negation earlier in the sentence ("no extra doses") must not break the stated absence
    ("Using about 2 a day, no extra doses, pill count correct.", "aberrant_behavior",
     {"behavior": "early fills", "present": False}),
    # homebound said without the word; "has not left home" states it, denies nothing
    ("Leaving the home requires considerable and taxing effort.", "homebound",
     {"present": True}),
    ("She has not left the house since discharge from rehab.", "homebound", {"present": True}),
    ("He was injured in a slip and fall on 03/02/2014.", "mechanism_of_injury", {}),
    ("She rolled her right ankle stepping off a curb at work on 05/02/2023.",
     "mechanism_of_injury", {}),
])
def test_narrative_phrasing(text: str, kind: str, expected: dict) -> None:
    values = [f.value for f in facts_of(text, kind) if not f.negated]
    assert any(all(v.get(k) == want for k, want in expected.items()) for v in values), values


def test_a_heading_is_not_a_homebound_statement() -> None:
    assert not facts_of("HOMEBOUND STATUS:\n[X] Leaves home only with assistance.", "homebound")[1:]


def test_a_later_clause_does_not_negate_the_injury() -> None:
    [fact] = facts_of("He injured his low back lifting a 90 lb pallet of water jugs on "
                      "02/27/2020 and did not improve with 24 PT visits.", "mechanism_of_injury")
    assert not fact.negated and "did not improve" not in fact.evidence.quote


@pytest.mark.parametrize(("text", "negated"), [
    ("She sleeps 6 hours most nights.", True), ("Sleeping 4-5 hours a night.", False)])
def test_hours_of_sleep_state_or_deny_insomnia(text: str, negated: bool) -> None:
    [fact] = facts_of(text, "psych_symptom")
    assert fact.value["symptom"] == "insomnia" and fact.negated is negated


def test_a_count_of_tablets_after_the_drug_is_not_its_strength() -> None:
    facts = facts_of("Flexeril 1 tid prn spasm.", "medication")
    assert facts and all(f.value.get("strength") is None for f in facts)


def test_the_earlier_injections_dated_after_a_second_one_are_priors() -> None:
    import datetime as dt

    facts = facts_of("Plan: Second R SA injection (first 03/2018).", "injection_history")
    prior = [f for f in facts if f.historical]
    assert [(f.value["type"], f.date) for f in prior] == [("joint", dt.date(2018, 3, 1))]
    facts = facts_of("Third left knee cortisone injection (first 01/2017, second 06/2017).",
                     "injection_history")
    assert sorted(f.date for f in facts if f.historical) == [dt.date(2017, 1, 1),
                                                              dt.date(2017, 6, 1)]
    # a parenthesis that dates nothing earlier adds no prior
    facts = facts_of("Right knee cortisone injection (ultrasound guided).", "injection_history")
    assert facts and not [f for f in facts if f.historical]


@pytest.mark.parametrize("text", [
    "Knee ache runs 7/10 without tramadol and roughly 4/10 when he uses it as directed.",
    "Her low back is eight out of ten without the patches and maybe 5/10 after two of them.",
])
def test_the_without_of_one_score_does_not_tell_the_next(text: str) -> None:
    scores = facts_of(text, "pain_score")
    assert [f.value["context"] for f in scores][:1] == ["without_medication"]
    assert all(f.value["context"] != "without_medication" for f in scores[1:]), \
        [f.value for f in scores]


def test_a_bare_number_the_pain_climbs_to_off_the_drug_is_a_score_without_it() -> None:
    text = ("On the tramadol her wrist sits near 3/10, but in weeks she runs out early it climbs "
            "back up to seven.")
    scores = {f.value["value"]: f.value for f in facts_of(text, "pain_score")}
    assert scores[3].get("off_drug") is not True, scores
    assert scores[7].get("off_drug") is True, scores


@pytest.mark.parametrize("text", [
    "Shoulder 4/10 today and he got up to 6 hours of sleep.",
    "Neck rated 2/10; she went up to 3 sessions a week.",
    "Hip pain went to 5 with no score given.",
])
def test_a_number_reached_is_no_score_when_it_counts_or_stands_alone(text: str) -> None:
    assert len(facts_of(text, "pain_score")) == text.count("/10")
