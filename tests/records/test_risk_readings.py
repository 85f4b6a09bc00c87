"""Red flags and drug tests in wordings the first rounds missed: Spanish denials, return
precautions told as "call back for", and drug-test verdicts that name a drug found but not
prescribed, or agree only with the worker's own account (invented sentences, none from a
corpus set)."""

from __future__ import annotations

import pytest

from .conftest import facts_of


@pytest.mark.parametrize(("text", "flag"), [
    ("Revisión de sistemas: niega fiebre.", "infection"),
    ("La paciente niega escalofríos.", "infection"),
    ("Niegan pérdida de peso en los últimos meses.", "tumor"),
    ("Niega pérdida del control de la vejiga o intestinos.", "cauda_equina"),
    ("Sin incontinencia urinaria.", "cauda_equina"),
])
def test_spanish_denials_of_red_flags(text: str, flag: str) -> None:
    facts = facts_of(text, "red_flag")
    assert [f.value["flag"] for f in facts] == [flag], text
    assert all(f.negated for f in facts), text


def test_a_spanish_red_flag_reported_is_present() -> None:
    facts = facts_of("Refiere fiebre desde el lunes e incontinencia fecal.", "red_flag")
    assert {f.value["flag"] for f in facts} == {"infection", "cauda_equina"}
    assert not any(f.negated for f in facts)


@pytest.mark.parametrize("text", [
    "Phone advice: ice and rest; call back for fevers or new weakness.",
    "Told to go to ED for any loss of bladder control.",
    "She will go to ER now for saddle numbness per triage.",
])
def test_return_precautions_told_otherwise_are_hypothetical(text: str) -> None:
    facts = facts_of(text, "red_flag")
    assert facts and all(f.hypothetical and not f.negated for f in facts), text


def test_a_call_about_a_red_flag_is_not_a_precaution() -> None:
    facts = facts_of("Wife called back: he has a fever of 101.8 since noon.", "red_flag")
    assert facts and not any(f.hypothetical for f in facts)

