"""How an outcome's own grammar says what it judges (eleventh session, read-outcomes5): a help
graded by the words after its verb is that grade, never also a plain help; a relative
clause judges the treatment before it; a drug's strength and directions belong to its name;
an outcome in a condition judges only what the condition names; a limit told as a
condition is no fact of the worker's."""

from __future__ import annotations

from openimr.records import linkrank
from openimr.records.trained import rules_only

from .conftest import facts_of


def _trials(text: str) -> list[tuple[str, str]]:
    with rules_only(), linkrank.rules_only():
        facts = facts_of(text, "treatment_trial")
    return sorted((f.value["treatment"], f.value["outcome"]) for f in facts)


def _states(text: str, kind: str) -> list[str]:
    with rules_only(), linkrank.rules_only():
        return [f.evidence.quote for f in facts_of(text, kind)]


def test_a_help_graded_after_its_verb_is_that_grade_alone() -> None:
    assert _trials("Celecoxib 200 mg once a day, helps somewhat with the ache.") == [
        ("nsaid", "partial")
    ]
    assert _trials("Tizanidine at bedtime, which helped very little.") == [
        ("muscle_relaxant", "failed")
    ]


def test_a_relative_clause_judges_the_treatment_before_it() -> None:
    read = _trials(
        "He uses diclofenac 75 mg twice daily, which helps a bit, and "
        "oxycodone 5 mg at night for flares."
    )
    assert read == [("nsaid", "partial")]


def test_a_drugs_directions_are_part_of_its_name() -> None:
    read = _trials(
        "She tried pregabalin 75 mg twice a day with partial benefit and "
        "sertraline, which was stopped for nausea."
    )
    assert ("anticonvulsant", "partial") in read
    assert ("antidepressant", "partial") not in read


def test_a_limit_told_as_a_condition_is_no_fact() -> None:
    text = (
        "Should she be unable to climb stairs, home health will be requested. "
        "If he cannot lift his grandson by May, we will refer him for an FCE. "
        "She cannot kneel to garden."
    )
    limits = _states(text, "adl_limitation")
    assert any("kneel" in q for q in limits)
    assert all("Should" not in q and "stairs" not in q and "grandson" not in q for q in limits)


def test_an_outcome_in_a_condition_judges_only_what_the_condition_names() -> None:
    read = _trials("If the home program and celecoxib fail, we will consider a facet block.")
    assert ("injection", "failed") not in read
    assert ("nsaid", "failed") in read
    assert _trials("We could try a trigger point injection if there is no change in a month.") == []
