"""Small reading fixes made for the decisions (session "decide", issue 12): a checklist's answer
written after the symptom, a drug test result named only as the plan's contingency, and a date
given as a month and year."""

from __future__ import annotations

import datetime as dt

from openimr.records.dates import parse_date

from .conftest import facts_of


def test_a_checklist_answer_after_the_symptom_denies_it() -> None:
    text = "ROS: Fever [N]  Night pain [N]  Saddle numbness [N]  Hx cancer (-)"
    flags = facts_of(text, "red_flag")
    assert flags and all(f.negated for f in flags)
    ticked = facts_of("ROS: Fever [Y]  Saddle numbness [Y]", "red_flag")
    assert ticked and not any(f.negated for f in ticked)


def test_a_result_the_plan_is_conditioned_on_is_not_a_result() -> None:
    planned = facts_of("Plan: UDT today (point-of-care + confirm if unexpected).",
                       "urine_drug_test")
    assert all(f.value["result"] != "inconsistent" for f in planned)
    stated = facts_of("UDS 04/2015 unexpected: positive for oxycodone.", "urine_drug_test")
    assert [f.value["result"] for f in stated] == ["inconsistent"]
    fine = facts_of("Her last urine drug test was in November 2018 and was fine.",
                    "urine_drug_test")
    assert [f.value["result"] for f in fine] == ["consistent"]


def test_a_month_and_year_is_a_date() -> None:
    assert parse_date("last tested in November 2018") == dt.date(2018, 11, 1)
    assert parse_date("seen Sept. 2019 for a flare") == dt.date(2019, 9, 1)
    assert parse_date("she may 12 times a day") is None
