"""Treatment outcomes and injection responses in the forms held-out notes write them (issue
11 §4): relief in words and ranges, failure written as persistence, brief or limited relief,
side effects beside the drug, and outcomes that refer to a treatment without naming it."""

from __future__ import annotations

import pytest

from openimr.records.trained import rules_only

from .conftest import facts_of


def _outcomes(text: str) -> set[tuple[str, str]]:
    with rules_only():
        facts = facts_of(text, "treatment_trial")
    return {(f.value["treatment"], f.value["outcome"]) for f in facts if f.asserted}


def _reliefs(text: str) -> list[int]:
    return [f.value["relief_percent"] for f in facts_of(text, "injection_history")
            if f.value.get("relief_percent") is not None and f.asserted]


@pytest.mark.parametrize(("text", "expected"), [
    # a range is read at its midpoint (corpus convention 12)
    ("Left L5-S1 TFESI on 03/01/2020 gave 50-60% relief for 4 weeks.", [55]),
    # percent in words, OCR's letter O for a zero
    ("Subacromial injection 2/2021: maybe seventy percent better for three weeks.", [70]),
    ("Synvisc series helped about 6O% for 3 weeks.", [60]),
    # "better" after the percentage, in a later sentence ("in May" is a month, no plan)
    ("He had an L4-5 ESI in May. He is still about 60% better at 4 weeks.", [60]),
    # none, beside the procedure it judges
    ("The cortisone injection in the right shoulder (no relief).", [0]),
    ("One epidural in 2019 cut the leg pain in half for about two months.", [50]),
    # a plan's condition states no result
    ("If no relief after the ESI, consider surgery.", []),
])
def test_an_injection_relief_as_written(text: str, expected: list[int]) -> None:
    assert _reliefs(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Completed 6 OT visits w/o lasting change.", {("physical_therapy", "failed")}),
    ("Completed 8 sessions of occupational therapy: no better.",
     {("physical_therapy", "failed")}),
    ("Pain still 7/10 after 12 PT visits.", {("physical_therapy", "failed")}),
    ("Completed 10 PT visits with minimal improvement.", {("physical_therapy", "failed")}),
    ("She completed 18 PT visits with improved strength but persistent pain with stairs.",
     {("physical_therapy", "partial")}),
    ("Chiropractic gave a couple good days and then right back.", {("chiropractic", "partial")}),
    ("Gabapentin 300 mg TID since Nov, dizzy, cut to 300 qhs.",
     {("anticonvulsant", "not_tolerated")}),
    ("Gabapentin STOPPED 02/2024 - dizzy, fell in bathroom.",
     {("anticonvulsant", "not_tolerated")}),
    ("She tried muscle relaxers, which made her dizzy.", {("muscle_relaxant", "not_tolerated")}),
    # a plan's condition is no judged trial
    ("If the ESI fails, will consider surgical consult.", set()),
    # the same dose is no outcome
    ("Naproxen continued at the same dose.", set()),
])
def test_an_outcome_as_held_out_notes_write_it(text: str, expected: set[tuple[str, str]]) -> None:
    assert _outcomes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a round or series of visits, referred to with "that last"
    ("He completed 12 PT visits in the spring. That last round helped for a few weeks.",
     {("physical_therapy", "partial")}),
    ("She had two cortisone injections in the knee. The shots didn't do much.",
     {("injection", "failed")}),
])
def test_an_outcome_that_refers_to_the_treatment_before(
        text: str, expected: set[tuple[str, str]]) -> None:
    assert _outcomes(text) >= expected
