"""Home exercise programs said without "home exercise program": the exercises named with
their dose or place, OCR's "horne", the bilingual notes, and the status words by strength."""

from __future__ import annotations

import pytest

from .conftest import facts_of


@pytest.mark.parametrize(("text", "status"), [
    # the exercises with what makes them a home program: a daily dose, home, independence
    ("Plan: Wrist stretches twice a day, independent.", "independent"),
    ("Ankle pumps at home hourly while awake.", "independent"),
    ("Neck isometrics 3x/day.", "independent"),
    ("Walking program, add 5 minutes per day.", "independent"),
    ("Shoulder exercise program (wand, pulleys) instructed today.", "instructed"),
    ("Finger glides 6x/day, issued today with a handout.", "instructed"),
    ("Client independent with self-management program, biking 3x/week.", "independent"),
    # OCR's "horne"
    ("Continue horne exercises.", "independent"),
    # the bilingual notes
    ("Hace sus ejercicios en casa todos los dias.", "independent"),
    # done only when remembered is a lapse
    ("He does the band exercises at home \"when I remember\".", "not_performing"),
    # taught and done: the doing decides; a dose alone does not outweigh the teaching
    ("HEP reviewed, pt compliant.", "independent"),
    ("HEP: bike at gym 3x/wk on his own - issued.", "instructed"),
])
def test_home_program_wordings(text: str, status: str) -> None:
    assert [f.value["status"] for f in facts_of(text, "home_exercise_program")] == [status]


@pytest.mark.parametrize("text", [
    "With meds he does light carpentry at home on weekends.",
    "He does not wear the brace at home.",
])
def test_what_is_done_at_home_must_be_exercise(text: str) -> None:
    assert facts_of(text, "home_exercise_program") == []


def test_a_home_program_is_never_denied_by_a_negation_before_it() -> None:
    [fact] = facts_of("No more pain lifting, and he continues the home program weekly.",
                      "home_exercise_program")
    assert not fact.negated and fact.value["status"] == "independent"


def test_not_yet_independent_is_still_being_taught_and_a_heading_states_nothing() -> None:
    text = ("HOME EXERCISE PROGRAM: He is being taught wall slides and is not yet independent "
            "with them.")
    assert [f.value["status"] for f in facts_of(text, "home_exercise_program")] == [
        "instructed"]


@pytest.mark.parametrize("text", [
    "Flowsheet reviewed; no home exercise program on file. Plan: continue traction.",
    "Seen for the neck. Without a formal HEP at this point.",
])
def test_no_program_said_just_before_it_is_none_done(text: str) -> None:
    """"No HEP documented" is a worker without a program, not one doing it (session
    "decide-dev34")."""
    assert [f.value["status"] for f in facts_of(text, "home_exercise_program")] == [
        "not_performing"]
