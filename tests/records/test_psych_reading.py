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


# -- read-psych (2026-12-06): the forms the train cases write symptoms in

@pytest.mark.parametrize(("text", "negated"), [
    ("She sleeps about four hours a night.", False),
    ("Sleeps 4-5 h due to pain.", False),
    ("Sleep: 4 hrs.", False),
    ("He sleeps six to seven hours.", True),
    ("Sleeping 6-7 h, dry mouth tolerable.", True),
    ("Can't sit through a meal; sleeps 3-4 h.", False),
    ("Duerme 4 horas; se despierta con dolor.", False),
])
def test_a_nights_sleep_is_read_by_its_length_in_any_unit(text: str, negated: bool) -> None:
    assert any(f.value["symptom"] == "insomnia" and f.negated is negated for f in _psych(text))


@pytest.mark.parametrize("text", [
    "She is waking two or three times a night.",
    "Night pain wakes him 2-3 times.",
    "Up 3-4 times a night to reposition.",
    "She lies awake until 3 a.m.",
    "Face flushed last night and he couldn't sleep.",
    "She is sleeping poorly from the pain.",
    "Sleep broken by pain.",
])
def test_a_broken_night_is_insomnia(text: str) -> None:
    assert any(f.value["symptom"] == "insomnia" and not f.negated for f in _psych(text))


@pytest.mark.parametrize("text", [
    "Sleeping OK.", "He sleeps well.", "Sleeping through the night.",
    "Slept better this week.", "Night waking has resolved on both sides.",
])
def test_a_good_night_is_insomnia_denied(text: str) -> None:
    assert any(f.value["symptom"] == "insomnia" and f.negated for f in _psych(text))


def test_a_limited_sleeping_position_is_no_insomnia() -> None:
    assert not [f for f in _psych("She cannot sleep on the right side.")
                if f.value["symptom"] == "insomnia"]


def test_a_good_night_no_longer_had_is_the_symptom() -> None:
    assert any(f.value["symptom"] == "insomnia" and not f.negated
               for f in _psych("She says she is no longer sleeping well."))


@pytest.mark.parametrize(("text", "symptom", "instrument", "score"), [
    ("PHQ-9 = 13. Denies SI.", "depression", "PHQ-9", 13),
    ("GAD-7 = 16 today.", "anxiety", "GAD-7", 16),
    ("PCS 41, TSK 48.", "fear_avoidance", "TSK", 48),
    ("Tampa Scale of Kinesiophobia 34.", "fear_avoidance", "TSK", 34),
    ("ISI 21. ESS 9.", "other", "ESS", 9),
])
def test_more_questionnaires_and_an_equals_sign(text: str, symptom: str, instrument: str,
                                                score: int) -> None:
    assert {"symptom": symptom, "instrument": instrument, "score": score} in [
        f.value for f in _psych(text)]


def test_a_word_ending_in_capitals_is_no_questionnaire() -> None:
    assert not [f for f in _psych("HISTORY OF PRESENT ILLNESS: 57-year-old roofer.")
                if f.value.get("instrument")]


@pytest.mark.parametrize("text", [
    "Diagnoses (DSM-5): Major depressive disorder, single episode, moderate (F32.1).",
    "The records do not change my diagnosis of posttraumatic stress disorder.",
])
def test_a_disorder_named_is_a_diagnosis_not_a_symptom(text: str) -> None:
    assert not _psych(text)


@pytest.mark.parametrize(("text", "symptom"), [
    ("She startles when someone approaches from her left.", "ptsd"),
    ("Startled visibly when a door closed in the hallway.", "ptsd"),
    ("She describes intrusive images of the man's face several times a day.", "ptsd"),
    ("She has nightmares about the supervisor about twice a month.", "ptsd"),
    ("She avoids driving past the hospital.", "ptsd"),
    ("Sleeps 3-4 hours, waking with pain and replaying the accident.", "ptsd"),
    ("He is afraid of falling in the shower.", "fear_avoidance"),
    ("Patient is \"scared to bend.\"", "fear_avoidance"),
    ("Worried about \"tearing it again\" once she is back on patrol.", "fear_avoidance"),
    ("She has lost interest in her church choir.", "depression"),
    ("She cries easily and feels \"useless\".", "depression"),
    ("Her mood is low.", "depression"),
    ("She reports passive death wishes but no plan.", "suicidal_ideation"),
])
def test_symptoms_in_the_workers_words(text: str, symptom: str) -> None:
    assert any(f.value["symptom"] == symptom and not f.negated for f in _psych(text))


@pytest.mark.parametrize("text", [
    "SI: denies. Plan: FRP start.",
    "Denies thoughts of hurting himself.",
    "She denies current suicidal intent.",
])
def test_suicidal_ideation_denied_in_several_forms(text: str) -> None:
    assert any(f.value["symptom"] == "suicidal_ideation" and f.negated for f in _psych(text))


def test_short_sentences_of_assessment_prose_are_read_but_its_list_items_are_not() -> None:
    prose = _psych("Assessment: Knee pain, improving. Sleep poor. GAD-7 12. Denies suicidal "
                   "ideation.\n")
    assert {(f.value["symptom"], f.value.get("score"), f.negated) for f in prose} >= {
        ("anxiety", 12, False), ("suicidal_ideation", None, True)}
    listed = _psych("Assessment:\n1. Lumbar strain.\n2. Depression.\n")
    assert not listed
    inline = _psych("Assessment: 1. Lumbar strain. 2. Anxiety.\n")
    assert not inline


def test_frustration_as_a_mood_and_self_harm_written_apart_are_read() -> None:
    found = {(f.value["symptom"], f.negated)
             for f in _psych("Mood: frustrated, short with his wife. Denies thoughts of self harm.")}
    assert {("other", False), ("suicidal_ideation", True)} <= found
