"""Homebound status in the rules' own reading: leaving home only for care or with help, a
status line answered, and outings on one's own (present: false)."""

from __future__ import annotations

import pytest

from openimr.records import trained

from .conftest import facts_of


def _homebound(text: str) -> list[bool]:
    with trained.rules_only():  # the classifier reads this kind in the shipped weights
        return [f.value["present"] for f in facts_of(text, "homebound")]


@pytest.mark.parametrize(("text", "present"), [
    ("She has left home only for her dialysis.", True),
    ("Leaves the house for MD visits only.", True),
    ("Pt leaves only by wheelchair van.", True),
    ("HOMEBOUND: Yes. Needs assist of 2 on steps.", True),
    ("Drove herself to the bank on Friday.", False),
    ("He drives his own truck to all appointments.", False),
    ("Went to the grocery store with his son.", False),
    ("She goes to church weekly.", False),
])
def test_homebound_wordings(text: str, present: bool) -> None:
    assert _homebound(text) == [present]


def test_an_outing_denied_is_none() -> None:
    assert _homebound("He cannot drive to appointments.") == []
