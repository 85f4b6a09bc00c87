"""A therapy course's count in the wordings that leave its unit out: a running total ("for
a total of 18", "24 total"), a counter closing its clause ("completed 6 of 6", "now 10 of
12"), the visits left ("3 visits remain") or used ("5/18 visits used"); and the near misses
that count no visits had (a score's total, a pain scale, a plan, an authorization)."""

from __future__ import annotations

import pytest

from .conftest import facts_of


def _courses(text: str) -> set[tuple[str, int, str]]:
    return {(f.value["modality"], f.value["count"], f.value["status"])
            for f in facts_of(text, "therapy_sessions")}


@pytest.mark.parametrize(("text", "expected"), [
    ("Acupuncture: she has had 4 more acupuncture treatments for a total of 10.",
     ("acupuncture", 10, "completed")),
    ("He attended 3 more physical therapy visits, a total of 15.",
     ("physical_therapy", 15, "attended")),
    ("Chiropractic care: 4 of 6 additional, 16 total.", ("chiropractic", 16, "completed")),
    ("Occupational therapy has been authorized for a total of 12.",
     ("occupational_therapy", 12, "authorized")),
])
def test_a_total_without_its_unit_is_the_course_sum(text: str,
                                                    expected: tuple[str, int, str]) -> None:
    assert expected in _courses(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("Chiropractic: completed 8 of 8.", {("chiropractic", 8, "completed"),
                                         ("chiropractic", 8, "authorized")}),
    ("Aquatic therapy now 9 of 12.", {("aquatic_therapy", 9, "attended"),
                                      ("aquatic_therapy", 12, "authorized")}),
    ("OT 3 of 8 additional, hand still stiff.", {("occupational_therapy", 3, "attended"),
                                                 ("occupational_therapy", 8, "authorized")}),
])
def test_a_counter_closing_its_clause_counts_the_visits(
        text: str, expected: set[tuple[str, int, str]]) -> None:
    assert expected <= _courses(text)


def test_the_visits_left_and_used_are_authorized_and_attended() -> None:
    assert ("acupuncture", 2, "authorized") in _courses("Acupuncture: 2 sessions remaining.")
    assert ("physical_therapy", 4, "authorized") in _courses(
        "Physical therapy: 4 visits remain on the authorization.")
    used = _courses("Chiropractic: 7/12 visits used.")
    assert {("chiropractic", 7, "attended"), ("chiropractic", 12, "authorized")} <= used
    assert ("massage", 10, "completed") in _courses("Massage therapy: 10/10 sessions used.")


@pytest.mark.parametrize("text", [
    "Psychotherapy continues; PHQ-9 today 17 total.",
    "CBT weekly; BDI score total of 22.",
    "Counseling helps. PCL-5 total 44 (initial 61).",
    "Physical therapy helped; her pain now rated 4 of 10.",
    "OT: 3 of 5 goals met, grip improving.",
    "Physical therapy: strength 4 of 5 at the deltoid.",
])
def test_a_score_a_scale_or_goals_are_no_visits(text: str) -> None:
    counts = {count for _modality, count, _status in _courses(text)}
    assert not counts & {17, 22, 4, 3, 10, 5, 44}


def test_a_plan_or_an_authorization_is_not_a_course_had() -> None:
    assert ("physical_therapy", 12, "requested") in _courses("Plan: PT 2x6 for the knee.")
    assert not any(status == "completed" for *_rest, status in _courses(
        "Plan: PT 2x6 for the knee."))
    authorized = _courses("Chiropractic: 12 visits authorized.")
    assert ("chiropractic", 12, "authorized") in authorized
    assert ("chiropractic", 12, "completed") not in authorized
    # a side named after the count is no visits left
    assert ("physical_therapy", 12, "authorized") not in _courses(
        "She had 12 sessions of physical therapy, left knee.")



@pytest.mark.parametrize("text", [
    "Plan: physical therapy x 4 weeks, 3x/week.",
    "She completed chiropractic x 6 wks, 2x/wk in 2022.",
])
def test_a_frequency_with_its_weeks_first_is_no_count(text: str) -> None:
    # frequencies and weeks are not counts (corpus README, "Counts")
    assert not _courses(text)
