"""Mechanism of injury, aberrant drug behaviour, side effects and GI risk factors in the
families of wordings notes use for them (invented sentences, none from a corpus set)."""

from __future__ import annotations

import pytest

from .conftest import facts_of


@pytest.mark.parametrize("text", [
    # events told without the word injury or a date
    "She slipped on a greasy kitchen floor and landed on her left hip.",
    "A stack of pallets toppled onto him in the freezer aisle.",
    "He was kicked by a horse while shoeing it.",
    "A forklift rolled over her right foot in the receiving dock.",
    "His sleeve was caught into the conveyor drive and the belt yanked his arm.",
    # exertions tied to the onset or told with their load
    "Low back pain since tossing a 60-lb sack of flour onto a cart.",
    "He was hauling a 70 lb water heater up the stairs and felt a pull.",
    # the injury named and placed, cumulative work, Spanish
    "The claimant injured the right elbow on 04/04/2021.",
    "Wrist pain from sorting mail 9 hours a day for 14 years.",
    "Dice que se cayó de la escalera en el almacén.",
])
def test_how_an_injury_happened_is_read(text: str) -> None:
    assert [f for f in facts_of(text, "mechanism_of_injury") if not f.negated], text


@pytest.mark.parametrize("text", [
    "No lifting over 20 lb, no repetitive bending.",
    "Modified duty without prolonged standing.",
    "Since the fall she is afraid to use the stairs.",
    "Patient states the patches keep falling off in the shower.",
    "FCE: he lifted 45 lbs floor to waist occasionally.",
    "Her knee gave way once on the stairs at home.",
    "Patient: J. Doe   DOI 3/3/21 (fall from a ladder)",
])
def test_what_is_not_an_account_of_the_injury(text: str) -> None:
    assert not [f for f in facts_of(text, "mechanism_of_injury") if not f.negated], text
