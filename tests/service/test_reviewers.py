"""Conflict screening, qualifications, specialty matching and workload-balanced choice."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.model import Case
from openimr.workflow.conflicts import same_party
from openimr.workflow.reviewers import Reviewer, choose, screen
from tests.service.factories import reviewer, seed_case


@pytest.mark.parametrize(("a", "b"), [
    ("Kaiser Permanente", "KAISER FOUNDATION HOSPITALS"),
    ("Southern California Permanente Medical Group", "Kaiser Permanente"),
    ("Sedgwick CMS", "Sedgwick Claims Management Services, Inc."),
    ("State Compensation Insurance Fund", "SCIF"),
    ("Acme Logistics, Inc.", "ACME LOGISTICS"),
    ("Acme Logistics", "Acme Logistics West Region"),
    ("Dr. John Smith, MD", "Smith, John"),
    ("J. Smith", "John A. Smith"),
])
def test_the_same_party_under_different_names(a: str, b: str) -> None:
    assert same_party(a, b) is not None
    assert same_party(b, a) is not None


@pytest.mark.parametrize(("a", "b"), [
    ("Kaiser Permanente", "Sutter Health"),
    ("Example Distribution Co.", "Example Claims Services"),
    ("Zenith Insurance Company", "State Compensation Insurance Fund"),
    ("John Smith", "Jane Doe"),
    ("John Smith", "Mary Smith"),
])
def test_different_parties_are_told_apart(a: str, b: str) -> None:
    assert same_party(a, b) is None


def _case(**changes: object) -> Case:
    return Case.model_validate(seed_case(**changes))


def _roster(*entries: dict, loads: tuple[int, ...] = ()) -> list[Reviewer]:
    return [Reviewer(id=i, open_cases=loads[i - 1] if loads else 0, **entry)
            for i, entry in enumerate(entries, start=1)]


def _screen(case: Case, roster: list[Reviewer], **options: object):  # type: ignore[no-untyped-def]
    return screen(case, roster, expedited=options.get("expedited", False),
                  due=options.get("due"), today=dt.date(2026, 11, 26))


def test_every_exclusion_is_explained() -> None:
    roster = _roster(
        reviewer("Junior", years_in_practice=2),
        reviewer("Part-time", hours=10),
        reviewer("Unboarded", boards=[]),
        reviewer("Disciplined", disciplinary_history=True),
        reviewer("Psychiatrist", boards=["Psychiatry"]),
        reviewer("Kaiser doctor", affiliations=[{"kind": "insurer", "name": "Kaiser Permanente"}]),
        reviewer("Full", capacity=2),
        reviewer("Away", unavailable_until="2026-12-31"),
    )
    loads = (0, 0, 0, 0, 0, 0, 2, 0)
    roster = _roster(*[r.model_dump(exclude={"id", "open_cases"}) for r in roster], loads=loads)
    case = _case(claim__claims_administrator="KAISER FOUNDATION HOSPITALS")
    due = dt.datetime(2026, 12, 20)
    candidates = {c.name: c for c in _screen(case, roster, due=due)}
    expected = {
        "Junior": "fewer than 5", "Part-time": "fewer than 24", "Unboarded": "board",
        "Disciplined": "disciplinary", "Psychiatrist": "physical therapy",
        "Kaiser doctor": "Kaiser Permanente", "Full": "at capacity",
        "Away": "misses the deadline"}
    for name, fragment in expected.items():
        assert not candidates[name].eligible, name
        assert any(fragment in reason for reason in candidates[name].reasons), \
            (name, candidates[name].reasons)
    assert choose(list(candidates.values())) is None


def test_specialty_aliases_match_and_condition_fit_is_noted() -> None:
    roster = _roster(reviewer("Physiatrist", boards=["PM&R"]),
                     reviewer("Family doctor", boards=["Family Practice"]))
    candidates = _screen(_case(), roster)
    assert all(c.eligible for c in candidates)
    physiatrist, family = candidates
    assert physiatrist.condition_match and not family.condition_match


def test_the_lightest_workload_wins_then_specialty_fit() -> None:
    roster = _roster(reviewer("Busy", capacity=10), reviewer("Idle", capacity=10),
                     reviewer("Idle family doctor", boards=["Family Medicine"], capacity=10),
                     loads=(6, 1, 1))
    chosen = choose(_screen(_case(), roster))
    assert chosen is not None and chosen.name == "Idle"


def test_expedited_cases_skip_reviewers_who_do_not_take_them() -> None:
    roster = _roster(reviewer("Standard only", accepts_expedited=False), reviewer("Anyone"),
                     loads=(0, 5))
    candidates = _screen(_case(), roster, expedited=True)
    assert [c.name for c in candidates if c.eligible] == ["Anyone"]


def test_opioid_items_need_a_pain_or_similar_specialty() -> None:
    case = _case(disputed_items=["Norco 10/325 mg #60"])
    roster = _roster(reviewer("Chiropractor", boards=["Chiropractic"]),
                     reviewer("Pain doctor", boards=["Pain Management"]))
    candidates = {c.name: c for c in _screen(case, roster)}
    assert not candidates["Chiropractor"].eligible
    assert candidates["Pain doctor"].eligible


def test_a_maker_of_the_disputed_treatment_is_a_conflict() -> None:
    case = _case(disputed_items=["Medtronic spinal cord stimulator trial"])
    roster = _roster(reviewer("Consultant", boards=["Pain Medicine"], affiliations=[
        {"kind": "manufacturer", "name": "Medtronic, Inc."}]),
        reviewer("Other", boards=["Pain Medicine"], affiliations=[
            {"kind": "manufacturer", "name": "The Stryker Corporation"}]))
    candidates = {c.name: c for c in _screen(case, roster)}
    assert not candidates["Consultant"].eligible
    assert "manufacturer" in candidates["Consultant"].reasons[0]
    assert candidates["Other"].eligible
