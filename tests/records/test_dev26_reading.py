"""Reading fixes of session "decide-dev26": a daily cap after a schedule, supplies used up
early or borrowed, the with/without shorthand alone before a score, and a course asked for
again; wordings written for these tests."""

from __future__ import annotations

from openimr.records.regimen import doses_per_day, units_per_dose

from .conftest import facts_of


def _units_a_day(directions: str) -> float:
    return (doses_per_day(directions) or 0) * units_per_dose(directions)


def test_a_cap_a_day_bounds_the_tablets_not_the_doses() -> None:
    """A pharmacist reads "1-2 q4h, no more than 6 a day" as six tablets, not twelve."""
    assert _units_a_day("1-2 tabs every 4 hours prn, not to exceed 6 tablets per day") == 6
    assert _units_a_day("two tablets q6h as needed; max 4/day") == 4
    assert _units_a_day("take 1 capsule every 8 hours, at most 2 capsules daily") == 2
    # a cap that counts doses keeps the units of each dose
    assert _units_a_day("2 tabs up to three times a day") == 6
    assert _units_a_day("1 po q12h") == 2


def test_the_cap_after_a_comma_is_part_of_the_directions() -> None:
    found = facts_of("Medications: Percocet 5/325 one or two tablets every 6 hours as needed, "
                     "max 3 per day; ibuprofen.", "medication")
    percocet = next(f for f in found if f.value["generic"].startswith("oxycodone"))
    assert "max 3 per day" in percocet.value["frequency"]
    assert percocet.value["doses_per_day"] * percocet.value["units_per_dose"] == 3


def test_a_supply_used_up_early_or_borrowed_is_aberrant() -> None:
    for text in ("She runs out of her oxycodone ten days early most months.",
                 "Patient is out a week early again.",
                 "He has been borrowing his brother's hydrocodone when short.",
                 "Admits she borrowed pills from a neighbor last month."):
        found = facts_of(text, "aberrant_behavior")
        assert found and found[0].value["present"] is True, text


def test_a_negation_of_the_clause_before_does_not_reach_the_behaviour() -> None:
    found = facts_of("The patch doesn't stay on and she runs out of patches a week early.",
                     "aberrant_behavior")
    assert found and found[0].value["present"] is True
    # a denial in the behaviour's own clause still states its absence
    found = facts_of("Pain is better and he does not run out of medication early.",
                     "aberrant_behavior")
    assert all(f.value["present"] is False for f in found)


def test_the_shorthand_alone_right_before_a_score_names_its_context() -> None:
    found = facts_of("Pain 6/10 today; w/ medication 3/10; w/o 9/10.", "pain_score")
    contexts = {float(f.value["value"]): f.value["context"] for f in found}
    assert contexts[3.0] == "with_medication"
    assert contexts[9.0] == "without_medication"


def test_a_course_asked_for_again_is_a_request_not_visits_had() -> None:
    found = facts_of("Acupuncture 6 sessions re-requested after the denial.", "therapy_sessions")
    assert [f.value["status"] for f in found] == ["requested"]
    found = facts_of("Chiropractic 8 visits resubmitted today.", "therapy_sessions")
    assert [f.value["status"] for f in found] == ["requested"]
