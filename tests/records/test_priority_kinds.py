"""The four kinds the review engine needs first, on the seed letter and on variants."""

from __future__ import annotations

import pytest

from openimr.model import Document, Page
from openimr.records import extract_facts

from .conftest import facts_of


def test_seed_summary_gives_the_engine_its_facts(seed_summary: str) -> None:
    document = Document(id="seed", pages=[Page(number=1, text=seed_summary)])
    facts = extract_facts([document])
    by_kind: dict[str, list] = {}
    for fact in facts:
        by_kind.setdefault(fact.kind.value, []).append(fact)
        # every fact points at exactly the text it was read from
        assert seed_summary[fact.evidence.start:fact.evidence.end] == fact.evidence.quote

    diagnoses = {f.value["text"] for f in by_kind["diagnosis"]}
    assert diagnoses == {"sprain/strain of the lumbar region", "difficulty in walking",
                         "muscle weakness"}
    [sessions] = by_kind["therapy_sessions"]
    assert sessions.value == {"modality": "physical_therapy", "count": 9,
                              "status": "completed", "at_least": False}
    [hep] = by_kind["home_exercise_program"]
    assert hep.value == {"status": "independent"} and hep.asserted
    improvements = by_kind["functional_improvement"]
    assert all(f.value["present"] for f in improvements)
    assert "objective_measure" in {f.value["domain"] for f in improvements}


@pytest.mark.parametrize(("text", "expected"), [
    ("He has completed 9 plus sessions of physical therapy.",
     [("physical_therapy", 9, "completed", True)]),
    ("She has had twelve sessions of chiropractic care.",
     [("chiropractic", 12, "completed", False)]),
    ("The patient completed 6 of 8 authorized physical therapy visits.",
     [("physical_therapy", 6, "completed", False), ("physical_therapy", 8, "authorized", False)]),
    ("Request for 8 additional sessions of acupuncture.",
     [("acupuncture", 8, "requested", False)]),
    ("She completed 12 sessions of PT and 6 sessions of acupuncture.",
     [("physical_therapy", 12, "completed", False), ("acupuncture", 6, "completed", False)]),
    ("Pt reports 3 sessions of pain.", []),
])
def test_therapy_sessions(text: str, expected: list[tuple]) -> None:
    found = [(f.value["modality"], f.value["count"], f.value["status"], f.value["at_least"])
             for f in facts_of(text, "therapy_sessions")]
    assert sorted(found) == sorted(expected)


@pytest.mark.parametrize(("text", "status"), [
    ("The patient is independent with home exercise program.", "independent"),
    ("Patient was instructed in a home exercise program.", "instructed"),
    ("He admits he is not performing his home exercises.", "not_performing"),
    ("Independent with HEP.", "independent"),
])
def test_home_exercise_program(text: str, status: str) -> None:
    [fact] = facts_of(text, "home_exercise_program")
    assert fact.value["status"] == status
    assert not fact.negated


@pytest.mark.parametrize(("text", "present", "domain"), [
    ("She reports improved ability to perform ADLs.", True, "adl"),
    ("He returned to modified duty last week.", True, "work_restrictions"),
    ("She has reduced her use of pain medications.", True, "reduced_treatment"),
    ("There has been no functional improvement with the last course of therapy.", False,
     "general"),
    ("Her function has plateaued.", False, "general"),
])
def test_functional_improvement(text: str, present: bool, domain: str) -> None:
    facts = facts_of(text, "functional_improvement")
    assert facts, text
    assert {f.value["present"] for f in facts} == {present}
    assert domain in {f.value["domain"] for f in facts}
    assert not any(f.negated for f in facts)
