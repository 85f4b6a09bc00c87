"""An item is routed by the service it requests, not by a procedure it names as its occasion;
a surgery asked for together with its hospital stay is the surgery's item; postoperative
bracing is judged by the body part braced."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.guidelines.items import parse_item
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note
from tests.guidelines.test_no_false_overturns import _criterion, _decide


@pytest.mark.parametrize(("text", "category"), [
    ("Eight sessions of physiotherapy for the hip after the cortisone shot", "physical_therapy"),
    ("Acupuncture x6 status post trigger point injections", "acupuncture"),
    ("Chiropractic care 2x4, following epidural steroid injection", "chiropractic"),
    ("Lumbar MRI without contrast after the facet injection", "imaging"),
])
def test_a_procedure_named_as_the_occasion_does_not_route_the_item(text: str,
                                                                   category: str) -> None:
    assert parse_item(text).category == category


def test_an_injection_requested_after_failed_therapy_stays_an_injection() -> None:
    assert parse_item("Subacromial cortisone injection after physiotherapy failed").category \
        == "joint_injection"


@pytest.mark.parametrize(("text", "surgery"), [
    ("Right hip replacement, three nights of hospitalization", "total_hip_arthroplasty"),
    ("Cervical discectomy and fusion C5-6 with one-day hospital stay", None),
])
def test_a_surgery_with_its_stay_is_the_surgerys_item(text: str, surgery: str | None) -> None:
    request = parse_item(text)
    assert request.category == "surgery"
    if surgery:
        assert request.subcategory == surgery


def test_a_stay_named_before_its_surgery_is_the_stays_item() -> None:
    assert parse_item("Two-day inpatient admission for lumbar laminectomy").category \
        == "inpatient_stay"


def test_a_knee_brace_after_surgery_is_judged_by_the_knees_bracing_rule() -> None:
    """ACOEM ch. 13 p. 340 names a brace for a cruciate ligament tear; the shoulder's abduction
    sling rule does not decide a knee."""
    note = Note("Torn ACL, reconstruction booked. Knee buckles pivoting on ladders.",
                dt.date(2019, 4, 2), "ortho")
    facts = [note.fact("diagnosis", "Torn ACL", text="anterior cruciate ligament tear")]
    drafted = _decide("Hinged knee brace for use after the ligament surgery", [note], facts,
                      as_of=dt.date(2019, 5, 1))
    assert drafted.request["postoperative"] is True
    assert "bo.postoperative" not in {c.id for c in drafted.criteria}
    assert _criterion(drafted, "bo.knee_instability").status is CriterionStatus.met


def test_a_knee_brace_after_surgery_protects_the_repair_for_a_set_time_or_is_routine() -> None:
    """ODG Knee brace: a brace that protects a reconstruction early on is not routine bracing."""
    for words, status in (
            ("Torn ACL, reconstruction booked. Knee buckles. Brace for the first 4 weeks, "
             "walking in the brace with crutches.", CriterionStatus.met),
            ("Torn ACL, reconstruction booked. Knee buckles. Brace afterwards.",
             CriterionStatus.not_met)):
        note = Note(words, dt.date(2019, 4, 2), "ortho")
        facts = [note.fact("diagnosis", "Torn ACL", text="anterior cruciate ligament tear")]
        drafted = _decide("Knee brace, postoperative", [note], facts, as_of=dt.date(2019, 5, 1))
        assert _criterion(drafted, "bo.knee_postoperative_protection").status is status, words


def test_a_collar_after_neck_fusion_is_still_not_routine() -> None:
    note = Note("Neck pain after C5-6 fusion last week.", dt.date(2019, 4, 2), "ortho")
    facts = [note.fact("diagnosis", "Neck pain", text="cervicalgia")]
    drafted = _decide("Post-op cervical collar", [note], facts, as_of=dt.date(2019, 5, 1))
    assert _criterion(drafted, "bo.postoperative").status is CriterionStatus.not_met
