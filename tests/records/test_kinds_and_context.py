"""Each fact kind on typical phrasing; ConText flags; evidence always quotes its span."""

from __future__ import annotations

import pytest

from .conftest import facts_of


@pytest.mark.parametrize(("text", "kind", "key", "value"), [
    ("Pain is 7/10 without medication.", "pain_score", "value", 7),
    ("Norco 10/325 mg every 6 hours as needed #120.", "medication", "generic",
     "hydrocodone/acetaminophen"),
    ("Total MED is 40 mg/day.", "daily_mme", "value", 40.0),
    ("Urine drug screen dated 02/03/2014 was consistent with prescribed medications.",
     "urine_drug_test", "result", "consistent"),
    ("Urine drug screen was positive for THC, which is not prescribed.", "urine_drug_test",
     "result", "inconsistent"),
    ("Straight leg raise positive on the left at 45 degrees.", "exam_finding", "finding",
     "straight_leg_raise"),
    ("MRI of the lumbar spine showed a 6 mm disc extrusion at L4-5.", "imaging_finding",
     "category", "disc_herniation"),
    ("EMG/NCV: electrodiagnostic evidence of a chronic left S1 radiculopathy.",
     "electrodiagnostic_finding", "radiculopathy", True),
    ("He had a left L5-S1 transforaminal ESI on 09/29/2014 with 70% relief for 5 weeks.",
     "injection_history", "relief_percent", 70),
    ("Status post right L4-5 microdiscectomy in 2012.", "surgery", "category",
     "lumbar_discectomy"),
    ("Work status: temporarily totally disabled.", "work_status", "status",
     "temporarily_totally_disabled"),
    ("He reports difficulty putting on shoes and socks.", "adl_limitation", "activity",
     "dressing"),
    ("She reports persistent depressed mood.", "psych_symptom", "symptom", "depression"),
    ("Cyclobenzaprine was stopped because of morning grogginess.", "treatment_trial",
     "treatment", "muscle_relaxant"),
    ("History of peptic ulcer disease in 2010.", "gi_risk_factor", "factor", "peptic_ulcer"),
    ("CURES report reviewed today.", "opioid_monitoring", "item", "cures_check"),
    ("He reports mild constipation from Norco.", "side_effect", "effect", "constipation"),
])
def test_kind(text: str, kind: str, key: str, value: object) -> None:
    facts = facts_of(text, kind)
    assert facts, f"no {kind} in {text!r}"
    assert value in [f.value.get(key) for f in facts]
    for fact in facts:
        assert text[fact.evidence.start:fact.evidence.end] == fact.evidence.quote


@pytest.mark.parametrize(("text", "kind", "flag"), [
    ("He denies bowel or bladder incontinence.", "red_flag", "negated"),
    ("No spondylolisthesis on the MRI of the lumbar spine.", "imaging_finding", "negated"),
    ("Mother with depression.", "psych_symptom", "family"),
    ("If progress continues, will request 8 more sessions of physical therapy.",
     "therapy_sessions", "hypothetical"),
    ("History of peptic ulcer disease.", "gi_risk_factor", "historical"),
    # a target set for the treatment is not a result
    ("Dx: M54.16.  Goal: able to carry 30 lb at work by May.", "functional_improvement",
     "hypothetical"),
])
def test_context_flags(text: str, kind: str, flag: str) -> None:
    [fact] = facts_of(text, kind)
    assert getattr(fact, flag) is True
    if flag != "historical":
        assert not fact.asserted


@pytest.mark.parametrize(("text", "kind", "key"), [
    ("Straight leg raise is negative bilaterally.", "exam_finding", "positive"),
    ("No paraspinal spasm.", "exam_finding", "positive"),
    ("He denies sedation.", "side_effect", "present"),
    ("No electrodiagnostic evidence of cervical radiculopathy on EMG.",
     "electrodiagnostic_finding", "radiculopathy"),
])
def test_negative_mentions_never_give_a_present_finding(text: str, kind: str, key: str) -> None:
    facts = facts_of(text, kind)
    assert facts
    assert all(f.value[key] is False for f in facts)


def test_a_plain_request_is_carried_by_the_status_not_the_flag() -> None:
    [fact] = facts_of("Request 8 additional sessions of physical therapy.", "therapy_sessions")
    assert fact.value["status"] == "requested" and fact.hypothetical is False


def test_dates_resolve_against_the_note_date() -> None:
    import datetime as dt

    from openimr.model import Document, Page
    from openimr.records import extract_facts

    document = Document(id="n", date=dt.date(2014, 3, 4), pages=[Page(
        number=1, text="He completed 9 sessions of physical therapy 3 weeks ago. "
                       "MRI of the lumbar spine dated 01/10/2014 showed a disc protrusion.")])
    facts = {f.kind.value: f for f in extract_facts([document])}
    assert facts["therapy_sessions"].date == dt.date(2014, 2, 11)
    assert facts["imaging_finding"].date == dt.date(2014, 1, 10)


@pytest.mark.parametrize(("text", "modality"), [
    ("She has not had any physical therapy for this injury.", "physical_therapy"),
    ("No prior PT for this injury.", "physical_therapy"),
    ("He has had no physical therapy to date.", "physical_therapy"),
    ("He has never had chiropractic care.", "chiropractic"),
    ("The patient has not yet tried acupuncture.", "acupuncture"),
])
def test_a_course_never_had_is_a_count_of_zero(text: str, modality: str) -> None:
    (fact,) = [f for f in facts_of(text) if f.kind.value == "therapy_sessions"]
    assert fact.value["modality"] == modality
    assert (fact.value["count"], fact.value["status"]) == (0, "completed")
    assert not fact.negated and not fact.hypothetical


def test_a_planned_course_is_not_read_as_none_had() -> None:
    text = "PLAN: No physical therapy at this time; continue home exercise."
    sessions = [f for f in facts_of(text) if f.kind.value == "therapy_sessions"]
    assert all(f.value.get("count") != 0 for f in sessions)


@pytest.mark.parametrize(("text", "kind"), [
    ("ROS: [x] negative fever [x] negative weight loss [ ] night pain [x] negative saddle\n"
     "anesthesia.", "red_flag"),
    ("ROS: [ ] arm pain [ ] numbness [ ] weakness [ ] bowel/bladder [ ] fever\n"
     "[ ] weight loss [ ] cancer history - all negative.", "red_flag"),
    ("No trauma/fall. No fever, weight loss,\ncancer history, IV drug use, steroid use.",
     "red_flag"),
    ("PSYCH ROS: [ ] depression [ ] anxiety [ ] sleep disturbance - patient denies.",
     "psych_symptom"),
    # a GI review of systems left unticked is no GI risk for a PPI (task decide-fo)
    ("ROS: GI: [ ] heartburn [ ] melena [ ] dyspepsia  -- negative", "gi_risk_factor"),
    # the review of systems' shorthand "neg for" denies its whole list
    ("ROS neg for fever, wt loss, bowel/bladder.", "red_flag"),
])
def test_a_checklist_or_a_denied_list_marks_every_symptom_absent(text: str, kind: str) -> None:
    facts = facts_of(text, kind)
    assert facts
    assert not [f for f in facts if f.asserted], [f.evidence.quote for f in facts if f.asserted]


@pytest.mark.parametrize(("text", "kind"), [
    ("ROS: [x] fever [ ] weight loss. Reports night sweats.", "red_flag"),
    ("She reports fever and chills since the surgery.", "red_flag"),
    ("Mood: depressed, anxious; PHQ-9 18.", "psych_symptom"),
    ("GI: [x] heartburn on naproxen since March.", "gi_risk_factor"),
])
def test_a_ticked_or_reported_symptom_stays_present(text: str, kind: str) -> None:
    assert [f for f in facts_of(text, kind) if f.asserted]


@pytest.mark.parametrize("text, finding", [
    ("NCS 3/2019 (Dr. Ames): left median sensory latency prolonged at 4.1 ms. Impression: mild "
     "L CTS.", "CTS"),
    ("Electrodiagnostic study of the arms done last spring showed bilateral CuTS, worse on the "
     "right.", "CuTS"),
])
def test_a_study_impression_in_its_abbreviation_is_a_finding(text: str, finding: str) -> None:
    assert any(finding in f.value["finding"] for f in facts_of(text, "electrodiagnostic_finding"))


def test_cts_outside_a_study_is_no_electrodiagnostic_finding() -> None:
    assert not facts_of("Assessment: R CTS, clinically. Night splints.", "electrodiagnostic_finding")
    assert not facts_of("Order EMG/NCS to rule out CTS.", "electrodiagnostic_finding")


def test_a_spinal_level_names_the_region_of_a_study_finding() -> None:
    facts = facts_of("Numbness into the right foot at night.\nMRI 3/2021: L5-S1 right paracentral "
                     "extrusion displacing the exiting/descending S1 root.", "imaging_finding")
    assert {f.value["body_part"] for f in facts} == {"lumbar spine"}
    assert "nerve_root_compression" in {f.value["category"] for f in facts}
    [knee] = facts_of("MRI of the right knee 4/2020 reviewed.\nT2 hyperintense signal and a tear "
                      "of the posterior horn of the medial meniscus.", "imaging_finding")[:1]
    assert knee.value["body_part"] != "thoracic spine"
