"""Work status in the wordings of other writers: the duty named by its kind, the employer
placing the worker, a work label, permanent restrictions; and what is no status: a duty the
employer has not got, a duty wished for, another person's work."""

from __future__ import annotations

import pytest

from .conftest import facts_of


def _statuses(text: str) -> list[tuple[str, bool]]:
    return [(f.value["status"], f.hypothetical) for f in facts_of(text, "work_status")]


@pytest.mark.parametrize(("text", "status"), [
    ("Currently on transitional duty in the mailroom.", "modified_duty"),
    ("Work: desk duty per Dr. Lum until cleared.", "modified_duty"),
    ("Work: modified, no climbing above 4 feet.", "modified_duty"),
    ("Trabajo: modificado - no cargar cajas.", "modified_duty"),
    ("The bakery is not involved; the warehouse has her on label printing.", "modified_duty"),
    ("He was reassigned to gate security in March.", "modified_duty"),
    ("Restrictions (permanent): no overhead lifting.", "modified_duty"),
    ("She is back at work on a modified basis.", "modified_duty"),
    ("Working 16 hours/week at the front desk.", "modified_duty"),
    # an order to return is today's status, dated or not; a permission is one too
    ("Return to modified duty: no kneeling.", "modified_duty"),
    ("He may return to regular duty.", "full_duty"),
])
def test_duty_wordings(text: str, status: str) -> None:
    assert _statuses(text) == [(status, False)]


@pytest.mark.parametrize("text", [
    "If modified work is not available, keep him home.",
    "She wants to return to regular duty soon.",
    "Wife, Rosa, works part-time at a school.",
    "Prior PTP: Dr. K. Obi (retired).",
    "Is patient able to perform usual work?",
])
def test_no_status_of_the_worker(text: str) -> None:
    assert _statuses(text) == []


@pytest.mark.parametrize(("text", "status"), [
    ("TTD as the employer has no light duty.", "temporarily_totally_disabled"),
    ("Retired in 2020 rather than return to modified duty.", "retired"),
])
def test_only_the_status_the_worker_has(text: str, status: str) -> None:
    assert _statuses(text) == [(status, False)]


def test_an_employer_accommodating_a_stated_duty_is_no_second_status() -> None:
    assert _statuses("Modified duty: no ladders. Employer accommodating.") == [
        ("modified_duty", False)]
    assert _statuses("Employer accommodating on the assembly line.") == [
        ("modified_duty", False)]


def test_a_condition_opening_the_sentence_makes_the_status_hypothetical() -> None:
    assert _statuses("If the employer cannot accommodate, remain off work.") == [
        ("temporarily_totally_disabled", True)]


def test_route_planning_is_no_plan() -> None:
    assert _statuses("He is on modified duty and his employer has him doing route planning.") \
        == [("modified_duty", False), ("modified_duty", False)]


def test_a_status_heading_is_read_in_the_sentence_under_it() -> None:
    # "Permanent and stationary: he reached MMI ..." is one status, the one stated after it
    [fact] = facts_of("Permanent and stationary: She reached MMI on 03/02/2021.", "work_status")
    assert fact.value["status"] == "permanent_and_stationary" and "MMI" in fact.evidence.quote


@pytest.mark.parametrize(("text", "status", "negated"), [
    ("He is not yet permanent and stationary.", "permanent_and_stationary", True),
    ("She stopped working in June.", "not_working", False),
    ("He has been unable to work since the flare.", "not_working", False),
])
def test_statuses_said_as_events_or_denied(text: str, status: str, negated: bool) -> None:
    assert [(f.value["status"], f.negated) for f in facts_of(text, "work_status")] == [
        (status, negated)]


def test_approaching_mmi_is_no_status() -> None:
    assert _statuses("I believe she is approaching maximal medical improvement.") == []
