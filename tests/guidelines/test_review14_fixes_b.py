"""Review 14, findings 11 to 18 (session "fix-review-b"): the rules' part."""

from __future__ import annotations

import re

import pytest

from openimr.guidelines.predicates.statements import BMI_STATED, _bmi_now


def _bmi_read_as_now(text: str) -> bool:
    match = re.search(BMI_STATED, text, re.IGNORECASE)
    assert match is not None
    return _bmi_now(text, match.start())


@pytest.mark.parametrize("text", [
    "Her weight was 262 pounds at today's visit (BMI 43.5).",
    "Working on losing weight - BMI 42 today.",
    "He was weighed at 240 lbs, BMI 40.8.",
])
def test_a_weight_or_a_weight_loss_beside_the_figure_leaves_it_today_s(text: str) -> None:
    assert _bmi_read_as_now(text)


@pytest.mark.parametrize("text", [
    "Initially BMI 46 at intake.",
    "Her previous BMI of 45 has come down with diet.",
    "Preoperative BMI 41 per the anesthesia record.",
    "He was BMI 44 a year ago.",
    "Advised losing weight to a BMI of 35.",
])
def test_a_past_or_goal_figure_is_not_today_s(text: str) -> None:
    assert not _bmi_read_as_now(text)
