"""Reading found on decision set dev-39 (session "decide-dev39"): intra-articular by its
abbreviation beside the joint, and a prior injection's relief told as "N% less pain" for a
span that has a half in it. The notes are written for the tests."""

from __future__ import annotations

import pytest

from openimr.records.injection_relief import reliefs_lasted, reliefs_told

from .conftest import facts_of


@pytest.mark.parametrize(("text", "quote"), [
    ("R shoulder IA injection 03/2020, Depo-Medrol 40 mg.", "R shoulder IA injection"),
    ("IA knee steroid injection given today without complication.", "IA knee steroid injection"),
    ("Left ankle IA inj performed with 1 mL Kenalog.", "Left ankle IA inj"),
])
def test_intra_articular_by_its_abbreviation_names_a_joint_injection(text: str,
                                                                     quote: str) -> None:
    found = [(f.evidence.quote, f.value["type"]) for f in facts_of(text, "injection_history")]
    assert (quote, "joint") in found


@pytest.mark.parametrize("text", [
    # a title or a state's abbreviation is no joint injection
    "IA knee pain since the fall; no injection discussed.",
    "Moved from IA to CA in 2019; knee pain persists.",
])
def test_the_abbreviation_without_an_injection_is_none(text: str) -> None:
    assert not [f for f in facts_of(text, "injection_history") if f.value["type"] == "joint"]


def test_a_share_of_pain_gone_for_a_span_is_relief_that_lasted() -> None:
    text = "After the shot he had roughly 60% less shoulder pain for about two and a half months."
    (told,) = reliefs_told("n", 1, text)
    assert told.percent == 60
    (lasted,) = reliefs_lasted("n", 1, text)
    assert lasted.weeks >= 8  # the half left out: a lower bound


def test_less_of_a_drug_is_no_relief() -> None:
    assert not reliefs_told("n", 1, "She now takes 50% less ibuprofen than before.")


def test_a_score_told_after_a_dose_is_on_the_drug() -> None:
    from openimr.records.pain_changes import told_off_drug

    text = "Neck pain 8/10 without meds, 3/10 an hour after taking a dose."
    assert not told_off_drug(text, text.index("3/10"), text.index("3/10") + 4)
    # near miss: a score told after a missed dose stays off the drug
    missed = "Neck pain 3/10 on meds, 8/10 after he missed a dose."
    assert told_off_drug(missed, missed.index("8/10"), missed.index("8/10") + 4)


def test_a_course_told_complete_in_a_plan_is_no_request() -> None:
    found = {(f.value["count"], f.value["status"])
             for f in facts_of("PT progress note. Plan: 12 of 12 authorized visits complete, "
                               "discharge to home program.", "therapy_sessions")}
    assert (12, "completed") in found
    # near miss: visits still to come in a plan stay a request
    ahead = {f.value["status"] for f in facts_of(
        "PT progress note. Plan: 6 more visits to complete the strengthening.", "therapy_sessions")}
    assert ahead == {"requested"}
