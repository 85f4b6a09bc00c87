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
