"""Readings a review of the ninth session's reader changes showed to misfire on ordinary
sentences (each written for these tests): a thing or an act avoided is no place avoided,
idioms and borrowed objects are no aberrant drug
use, "without <drug>" that sets a condition denies no drug, a disc level is no dermatome, the
job before the injury is no duty now, "subject to" a flare is no condition on a result, and
what a provider's entry says the worker feels is a symptom, not a diagnosis."""

from __future__ import annotations

import pytest

from openimr.records.gi_risk import in_denied_list
from openimr.records.linking import _CUT_BEFORE_RE

from .conftest import facts_of


@pytest.mark.parametrize(("text", "read"), [
    ("Since the fall she avoids the stairs at home.", False),
    ("He now avoids the use of ibuprofen for his stomach.", False),
    ("He has not gone into work since the surgery.", False),
    ("She still avoids the freight elevator where it happened.", True),
    ("Will not drive past the intersection of the crash.", True),
])
def test_a_place_avoided_is_a_trauma_symptom_and_nothing_else_is(text: str, read: bool) -> None:
    symptoms = {f.value["symptom"] for f in facts_of(text, "psych_symptom") if not f.negated}
    assert ("ptsd" in symptoms) is read


@pytest.mark.parametrize(("text", "read"), [
    ("By noon he runs out of energy early and sits.", False),
    ("She borrowed a walker from her aunt after the fall.", False),
    ("He used his brother's knee brace for a week.", False),
    ("Borrowed three tramadol from a coworker when his ran out.", True),
    ("Ran out of the oxycodone nine days early this month.", True),
])
def test_an_aberrant_behaviour_names_a_drug(text: str, read: bool) -> None:
    present = [f for f in facts_of(text, "aberrant_behavior") if f.value.get("present", True)]
    assert bool(present) is read


@pytest.mark.parametrize(("sentence", "drug", "denied"), [
    ("Without tramadol she cannot stand at the register.", "tramadol", False),
    ("Without her meds, pain goes to 9/10.", "meds", False),
    ("Denies aspirin, clopidogrel or prednisone use.", "clopidogrel", True),
])
def test_without_a_drug_sets_a_condition_and_denies_nothing(sentence: str, drug: str,
                                                             denied: bool) -> None:
    at = sentence.find(drug)
    assert in_denied_list(sentence, at, at + len(drug), drug) is denied


@pytest.mark.parametrize(("before", "cut"), [
    ("Without ", False),
    ("She says without ", False),
    ("She is managing without the ", True),
    ("Now off ", True),
])
def test_a_drug_is_cut_only_when_the_worker_does_without_it(before: str, cut: bool) -> None:
    assert bool(_CUT_BEFORE_RE.search(before)) is cut


def test_a_disc_level_on_imaging_is_no_sensory_deficit() -> None:
    facts = facts_of("Light touch intact both legs. CT: reduced C5-6 disc space.",
                     "exam_finding")
    assert not [f for f in facts if f.value["finding"] == "sensory_deficit"
                and f.value.get("positive")]
    (deficit,) = [f for f in facts_of("Pinprick diminished, dec L5 R.", "exam_finding")
                  if f.value["finding"] == "sensory_deficit" and f.value.get("positive")]
    assert deficit.value["level"] == "L5"


def test_the_job_before_the_injury_is_no_duty_now() -> None:
    assert not facts_of("Was a cook, worked full time 45 hours weekly prior to the injury.",
                        "work_status")


def test_subject_to_a_flare_sets_no_condition_on_a_gain() -> None:
    facts = facts_of("He is subject to flares, but his function improved with therapy: he now "
                     "walks 2 miles.", "functional_improvement")
    assert [f for f in facts if not f.negated and not f.hypothetical]


def test_what_a_provider_entry_says_the_worker_feels_is_a_symptom() -> None:
    felt = facts_of("Dr. Okafor: the patient reports feeling depressed most days.",
                    "psych_symptom")
    assert [f for f in felt if f.value["symptom"] == "depression" and not f.negated]
    made = facts_of("03/02/2021, Dr. Okafor (psychiatry): depression.", "psych_symptom")
    assert not [f for f in made if f.value["symptom"] == "depression"]


def test_a_plateau_after_visits_counts_the_visits_had() -> None:
    facts = facts_of("PT note: he will need a home program, as he plateaued after 12 visits.",
                     "therapy_sessions")
    assert 12 in {f.value["count"] for f in facts if not f.negated}
    planned = facts_of("PT note: re-assess grip after 6 sessions.", "therapy_sessions")
    assert not [f for f in planned if f.value.get("status") == "completed"]
