"""Prescribers' shorthand for drug names, and a urine test told by what it showed (session
"decide-fold"); wordings written for these tests."""

from __future__ import annotations

from .conftest import facts_of


def _drugs(text: str) -> list[tuple[str, str]]:
    return [(f.value["generic"], f.value.get("action", "current"))
            for f in facts_of(text, "medication")]


def test_shorthand_with_a_strength_is_the_drug() -> None:
    assert ("oxycodone", "refill") in _drugs("Will refill oxy 15 #90 today.")
    assert ("gabapentin", "current") in _drugs("Continues gaba 600 at night for the burning.")
    assert ("cyclobenzaprine", "current") in _drugs("Uses cyclo 5 mg hs for spasm.")
    assert ("oxycodone/acetaminophen", "current") in _drugs("Takes oxy/APAP 5/325 twice daily.")


def test_shorthand_without_a_strength_or_inside_a_word_is_no_drug() -> None:
    assert _drugs("Hydrotherapy in the pool helped; no oxygen needed.") == []
    assert _drugs("Gaba levels were not measured.") == []


def test_a_urine_test_told_by_the_drug_it_showed() -> None:
    found = facts_of("Urine specimen from March showed hydrocodone only.", "urine_drug_test")
    assert [f.value for f in found] == [{"result": "performed", "substances": ["hydrocodone"]}]
    # a urinalysis finding is no drug test
    assert facts_of("Urine showed trace protein and no blood.", "urine_drug_test") == []
