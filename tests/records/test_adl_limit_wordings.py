"""ADL limits in the wordings of flowsheets, home-health tables and narratives: tolerances
abbreviated, the help an activity takes, activities given up, another person doing the
worker's task, aids, resting places; and what is no limit."""

from __future__ import annotations

import pytest

from openimr.records import trained

from .conftest import facts_of


def _limits(text: str) -> list[str]:
    with trained.rules_only():  # the rules alone (the classifier reads these kinds too)
        return [f.evidence.quote for f in facts_of(text, "adl_limitation")
                if not f.negated and not f.hypothetical]


@pytest.mark.parametrize(("text", "part"), [
    ("Stand tol 15 min, limited by LBP.", "Stand tol 15 min"),
    ("Pt tol 20' sitting before shifting.", "tol 20' sitting"),
    ("Toileting: mod assist for clothing management.", "Toileting: mod assist"),
    ("Laundry: unable.", "Laundry: unable"),
    ("She needs SBA for shower transfers.", "needs SBA for shower transfers"),
    ("Dependent for lower-body dressing.", "Dependent for lower-body dressing"),
    ("He has stopped fishing with his brother.", "stopped fishing"),
    ("She no longer visits her mother on weekends.", "no longer visits"),
    ("Her partner does the vacuuming now.", "does the vacuuming"),
    ("Needs his son to help him tie his boots.", "son to help him tie"),
    ("Uses a rolling walker in the community.", "Uses a rolling walker"),
    ("He sleeps in a recliner most nights.", "sleeps in a recliner"),
    ("Climbs stairs one step at a time.", "stairs one step at a time"),
    ("Not driving yet.", "Not driving yet"),
    # walking and rising as activities stay limits (near misses of the exam manoeuvres)
    ("Unable to walk on uneven ground.", "Unable to walk on uneven ground"),
    ("She cannot rise from a low chair without pushing off.", "cannot rise from a low chair"),
])
def test_limit_wordings(text: str, part: str) -> None:
    assert any(part in quote for quote in _limits(text)), _limits(text)


@pytest.mark.parametrize("text", [
    "He stopped taking the naproxen in May.",
    "He no longer meets homebound criteria.",
    "She stopped using the cane at home.",
    "Without the tramadol she stays in bed.",
    "At start of care he required assist to leave home.",
    # no activity named
    "He does not smoke.",
    "Trouble starting his urine stream this morning.",
    "Sitting tolerance: see chart.",
    # examination manoeuvres, not activities of the day
    "Unable to heel-walk on the right.",
    "She cannot rise onto her right toes.",
    "Unable to do a straight leg raise without an extensor lag.",
])
def test_no_limit(text: str) -> None:
    assert _limits(text) == []


def test_two_limits_joined_by_and_has_given_up_are_two() -> None:
    assert len(_limits("She cannot carry groceries up the stairs and has given up tennis.")) == 2


def test_a_tolerance_is_a_limit_with_its_amount_or_its_cut() -> None:
    assert _limits("Sitting tolerance is 20 minutes.") and _limits(
        "Decreased walking tolerance.")


def test_the_trained_reader_reads_no_limit_in_an_exam_manoeuvre() -> None:
    assert trained.values_for("adl_limitation", None, "Unable to heel-walk on the right.") == []
    assert trained.values_for("adl_limitation", None, "Unable to walk on uneven ground.")
