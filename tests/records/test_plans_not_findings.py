"""A plan to look for side effects, and a drug said not to have been started, are read for what
they say (session "decide-dev21"); wordings written for these tests."""

from __future__ import annotations

from .conftest import facts_of


def _outcomes(text: str) -> set[tuple[str, str]]:
    return {(f.value["treatment"], f.value["outcome"])
            for f in facts_of(text, "treatment_trial") if not f.hypothetical}


def test_side_effects_listed_for_the_next_visit_to_check_are_no_intolerance() -> None:
    text = ("Return in three weeks to review how the nortriptyline trial goes (sleep, mood, "
            "side effects, pill count).")
    assert ("antidepressant", "not_tolerated") not in _outcomes(text)
    # side effects the worker reports are still an intolerance
    told = "Stopped the nortriptyline after a week because of side effects."
    assert ("antidepressant", "not_tolerated") in _outcomes(told)


def test_a_drug_said_not_yet_started_is_an_order_not_use() -> None:
    text = "Pregabalin 75 mg not yet started; the pharmacy is waiting for authorization."
    actions = {f.value["action"] for f in facts_of(text, "medication")
               if f.value.get("generic") == "pregabalin"}
    assert actions == {"start"}
    taking = "Continue pregabalin 75 mg twice a day."
    assert {f.value["action"] for f in facts_of(taking, "medication")} == {"current"}
