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
    # the injury told in the claim header's aside (any injury event the note describes)
    "Patient: J. Doe   DOI 3/3/21 (fall from a ladder)",
    "Mech: pushing a loaded cart up a ramp 5/5/2022",
    "He twisted his right ankle on 2/2/2020 stepping off a pallet.",
    # cumulative work by repetitive use, hours a day or years
    "Trigger finger from repetitive use of a riveting gun on the line.",
    "Elbow pain from leaning on the counter 10 hrs/day for 8 yrs.",
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
    "CC: \"fell off a ladder at work\"",
    # restrictions, near misses and retellings
    "Modified duty: no repetitive gripping with the right hand.",
    "She almost fell getting out of the tub on Sunday.",
    "She cried when describing the accident.",
])
def test_what_is_not_an_account_of_the_injury(text: str) -> None:
    assert not [f for f in facts_of(text, "mechanism_of_injury") if not f.negated], text


@pytest.mark.parametrize(("text", "present"), [
    ("Pill count today: 8 remaining of 60 filled 3/1 (expected 14).", True),
    ("States he has been using extra hydrocodone on work days.", True),
    ("He admits he took a pill from his cousin for back spasm.", True),
    ("Gets lorazepam from her psychiatrist as well.", True),
    ("Fill history shows 3 prescribers and 2 pharmacies in 60 days.", True),
    ("Saw an urgent care for a tooth and never told us about the Percocet.", True),
    ("UDT 4/2: positive for oxycodone, not prescribed.", True),
    ("Denies selling or sharing his pills.", False),
    ("CURES: no overlapping fills.", False),
    ("CURES 3/3 shows a second prescriber of alprazolam.", True),
])
def test_aberrant_behaviour_families(text: str, present: bool) -> None:
    values = [f.value for f in facts_of(text, "aberrant_behavior") if not f.hypothetical]
    assert values and values[0]["present"] is present, values


def test_a_stated_absence_is_not_a_request() -> None:
    # "requests" must not make the absence of early refills hypothetical
    [fact] = facts_of("No early refill requests, no lost scripts.", "aberrant_behavior")[:1]
    assert not fact.hypothetical and fact.value["present"] is False


def test_behaviours_an_assessment_names_are_read_but_not_its_diagnosis() -> None:
    facts = facts_of("Assessment:\n1. Opioid use with aberrant behaviors (early refill "
                     "request, undisclosed second prescriber).", "aberrant_behavior")
    assert facts and all(f.value["behavior"] != "aberrant behaviors" for f in facts)


@pytest.mark.parametrize("text", [
    "CURES reviewed today, no discrepancies.",  # the monitoring, not a behaviour
    "Do not take more than prescribed.",  # what the worker is told
    "No history of cancer, IV drug use or steroid use.",  # a red-flag history
    # a gap in supply the note puts down to an outside cause is not early depletion
    "She ran out before the visit since her insurance denied the refill for a week.",
    "Ran out of tramadol before Monday as the mail-order pharmacy delayed the order.",
])
def test_what_is_not_an_aberrant_behaviour(text: str) -> None:
    assert not facts_of(text, "aberrant_behavior"), text


def test_behaviour_left_open_is_hypothetical() -> None:
    facts = facts_of("Diversion not excluded.", "aberrant_behavior")
    assert facts and all(f.hypothetical for f in facts)


@pytest.mark.parametrize("text", [
    "His wife says he nods off at the table since the oxycodone was raised.",
    "Took the methocarbamol twice and woke up hungover.",
    "Duloxetine 30 mg daily - mild sweating.",
])
def test_side_effects_as_workers_tell_them(text: str) -> None:
    assert [f for f in facts_of(text, "side_effect") if f.value.get("present")], text


def test_effects_listed_together_are_one_statement() -> None:
    facts = facts_of("Nortriptyline 25 mg caused dry mouth and constipation.", "side_effect")
    assert len(facts) == 1
    facts = facts_of("Tramadol made her dizzy and nauseated.", "side_effect")
    assert len(facts) == 1
    # a denial names each effect it denies (the gold set's convention)
    facts = facts_of("Denies nausea, drowsiness on hydrocodone.", "side_effect")
    assert len(facts) == 2 and all(f.value["present"] is False for f in facts)


@pytest.mark.parametrize("text", [
    "Tremor of the right hand noted at rest.",
    "Estimated blood loss 50 mL. Complications: none.",
    "Epworth Sleepiness Scale 14/24.",
    "Less daytime sleepiness since the oxycodone was tapered.",
])
def test_what_is_not_a_drug_effect(text: str) -> None:
    assert not facts_of(text, "side_effect"), text


@pytest.mark.parametrize(("text", "factor"), [
    ("Meloxicam with warfarin in a patient over 65.", "age_over_65"),
    ("Ibuprofen upsets stomach, so she takes it once a day.", "dyspepsia"),
    ("Naproxen was stopped last month for stomach pain.", "dyspepsia"),
    ("Diclofenac 75 mg bid; pantoprazole for her stomach.", "dyspepsia"),
    ("Admitted 2019 for vomiting blood on ibuprofen.", "gi_bleed"),
    ("Medrol Dosepak 4 mg as directed.", "corticosteroid"),
])
def test_gi_risk_families(text: str, factor: str) -> None:
    facts = [f for f in facts_of(text, "gi_risk_factor") if not f.negated]
    assert factor in {f.value["factor"] for f in facts}, facts


def test_stopping_for_dyspepsia_is_no_denial() -> None:
    facts = facts_of("Naproxen stopped 02/2024 for dyspepsia.", "gi_risk_factor")
    assert facts and not facts[0].negated


def test_return_precautions_are_hypothetical() -> None:
    facts = facts_of("Go to the ED for vomiting blood or black stools.", "gi_risk_factor")
    assert facts and all(f.hypothetical for f in facts)

