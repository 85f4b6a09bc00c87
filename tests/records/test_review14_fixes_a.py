"""Review 14, findings 4 to 9 (fix-review-a), the reader's part: an amount read in its units,
a shot that is no procedure, a denial inside a behaviour, a home program not yet taught, a
procedure's date. Each sentence is written for the rule, not copied from the review's
probes."""

from __future__ import annotations

from .conftest import facts_of


def _function(text: str) -> list[bool | None]:
    return [f.value.get("present") for f in facts_of(text, "functional_improvement")]


def test_a_walk_shorter_in_its_units_than_before_is_no_gain() -> None:
    # finding 4: the walked amount against the earlier one, compared in its units
    for text in ("Walks 20 minutes at most (was 2 hours).", "Walking 3 blocks (was a mile)."):
        assert True not in _function(text), text
    # near misses: farther or longer than before is a gain
    for text in ("Walks 2 hours (was 20 minutes).", "Walking 1 mile (was 3 blocks)."):
        assert True in _function(text), text


def _injections(text: str) -> list[str]:
    return [f.value["type"] for f in facts_of(text, "injection_history")]


def test_a_shot_of_a_drug_or_vaccine_is_no_procedure_of_the_region() -> None:
    # finding 6: a bare shot guessed from the region must not be a drug's or a vaccine's
    for text in ("Low back pain 6/10, lumbar radiculopathy. The Toradol injection helped for "
                 "about six weeks.",
                 "Neck pain 6/10, cervical radiculopathy. The tetanus shot helped a lot for "
                 "about two months."):
        assert "epidural_steroid" not in _injections(text), text
    # near miss: the procedure given at an earlier visit, named only as "the injection"
    text = ("Neck pain 6/10, cervical radiculopathy. The last injection gave about 60% "
            "relief for three months.")
    assert "epidural_steroid" in _injections(text)


def _behaviours(text: str) -> dict[str, bool]:
    return {f.value["behavior"]: f.value["present"] for f in facts_of(text, "aberrant_behavior")}


def test_a_denied_shortfall_inside_the_count_s_words_is_no_discrepancy() -> None:
    # finding 7: the "not" denies the gap it stands before
    for text in ("Pill counts were not low at either visit.", "Pill count today is not short."):
        assert _behaviours(text).get("pill count discrepancy") is False, text
    # a count whose adequacy is denied is a discrepancy, not a count found in order
    found = _behaviours("Pill count was not accurate at this visit.")
    assert found.get("pill count discrepancy") is True and "early fills" not in found
    # near misses: words that hold their own "not", and a count in order
    assert _behaviours("The pill count does not match the last fill date.").get(
        "pill count discrepancy") is True
    assert _behaviours("Pill count accurate today.").get("early fills") is False
