"""Psychological symptoms: a list of one symptom is one fact, and questionnaire scores in
the forms notes write them (issue 11 §2)."""

from __future__ import annotations

import pytest

from openimr.model import Document, Fact, Page
from openimr.records.extract import document_facts


def _psych(text: str) -> list[Fact]:
    document = Document(id="note", pages=[Page(number=1, text=text)])
    return [fact for fact in document_facts(document) if fact.kind.value == "psych_symptom"]


def test_a_list_of_one_symptom_is_one_fact_spanning_the_list() -> None:
    [ptsd] = _psych("Since the holdup she has flashbacks, nightmares and hypervigilance "
                    "at the register.")
    assert ptsd.value["symptom"] == "ptsd"
    assert ptsd.evidence.quote.startswith("flashbacks") and "hypervigilance" in ptsd.evidence.quote


def test_listed_symptoms_of_different_values_stay_apart() -> None:
    found = _psych("He describes nightmares and panic attacks in traffic.")
    assert sorted(f.value["symptom"] for f in found) == ["anxiety", "ptsd"]


def test_a_denied_list_stays_denied_as_one_fact() -> None:
    [denied] = _psych("She denies suicidal ideation, intent or plan today.")
    assert denied.negated and denied.value["symptom"] == "suicidal_ideation"


@pytest.mark.parametrize(("text", "symptom", "instrument", "score"), [
    ("Screen: PHQ-2 score 4 (positive).", "depression", "PHQ-2", 4),
    ("AUDIT-C 7 today.", "other", "AUDIT", 7),
    ("Beck Depression Inventory dropped from 29 to 16.", "depression", "BDI-II", 16),
    ("PCL-5 61 -> 40 over the course.", "ptsd", "PCL-5", 40),
])
def test_a_questionnaire_score_is_read_with_its_latest_value(
        text: str, symptom: str, instrument: str, score: int) -> None:
    [fact] = _psych(text)
    assert fact.value == {"symptom": symptom, "instrument": instrument, "score": score}


@pytest.mark.parametrize(("text", "symptom", "negated"), [
    ("Mental status: affect dysphoric, speech slow.", "depression", False),
    ("He has been feeling keyed up at work.", "anxiety", False),
    ("Mood fair. No SI.", "suicidal_ideation", True),
])
def test_symptoms_said_in_clinic_shorthand(text: str, symptom: str, negated: bool) -> None:
    assert any(f.value["symptom"] == symptom and f.negated is negated for f in _psych(text))
