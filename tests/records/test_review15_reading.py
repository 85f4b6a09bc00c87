"""Review 15's reading faults, each written for its wording class in words of its own, with a
near miss that must still read."""

from __future__ import annotations

import pytest

from openimr.records.injection_relief import reliefs_lasted, reliefs_told

from .conftest import facts_of

# -- finding 1: a share of pain medication less is no relief; a goal or a condition is none


@pytest.mark.parametrize("text", [
    "Since the block he takes 50% less pain meds.",
    "She now uses about 40% less pain-killers than in the spring.",
    "Reports a 60% reduction in her pain medicine since the shot.",
    "A 50% reduction in his Norco use after the ESI.",
    "Needs roughly half less pain pills since the procedure.",
])
def test_less_pain_medication_is_no_relief(text: str) -> None:
    assert not reliefs_told("n", 1, text)


@pytest.mark.parametrize("text", [
    "Goal of treatment is 50% less pain for at least 2 months.",
    "She hopes for 70% relief lasting three months.",
    "Target: 60% improvement for 8 weeks.",
    "If this block gives 50% relief for 6 weeks we will offer RFA.",
])
def test_a_relief_hoped_for_is_none_told(text: str) -> None:
    assert not reliefs_told("n", 1, text)
    assert not reliefs_lasted("n", 1, text)


@pytest.mark.parametrize("text, percent", [
    # near misses: the pain itself less, a plan that tells the last relief, a worker's estimate
    ("After the shot he has about 70% less shoulder pain for 3 months now.", 70),
    ("Plan: repeat the block, as the last one gave 70% relief for 3 months.", 70),
    ("Asked to put a figure on it, she would say about 60% better.", 60),
    ("If asked, she says, the shot gave 80% relief.", 80),
])
def test_a_relief_had_still_reads(text: str, percent: int) -> None:
    assert [r.percent for r in reliefs_told("n", 1, text)] == [percent]


def test_the_history_reader_takes_no_relief_from_less_medication() -> None:
    told = [f.value for f in facts_of("After the epidural she uses 50% less pain medicine.",
                                      "injection_history")]
    assert told and not any("relief_percent" in v for v in told)
    # near miss: less of the pain itself is the epidural's relief
    told = [f.value for f in facts_of("After the epidural she has 50% less leg pain.",
                                      "injection_history")]
    assert any(v.get("relief_percent") == 50 for v in told)


# -- finding 3: a weekly table is the procedure's outcome only when it follows the procedure

_ROWS = "Low back pain (0-10)   7   3   3   2\nPain pills/day   4   1   1   0\n"


@pytest.mark.parametrize("lead", [
    "Duloxetine titration   Baseline   Wk 2   Wk 4   Wk 6\n",
    "The epidural gave nothing.\nAquatic therapy log   Before   Wk 2   Wk 4   Wk 6\n",
    "Weekly check-ins   Baseline   Wk 2   Wk 4   Wk 6\n",  # nothing names the procedure
])
def test_a_table_of_something_else_is_no_procedure_outcome(lead: str) -> None:
    from openimr.records.injection_relief import responses_tabled

    assert responses_tabled("n", 1, lead + _ROWS) == []


@pytest.mark.parametrize("lead", [
    "Response to the 03/02 TFESI:\nScore   Baseline   Wk 2   Wk 4   Wk 6\n",
    "Outcome since the epidural   Before   Wk 2   Wk 4   Wk 6\n",
    "Pain diary   Pre-injection   Wk 2   Wk 4   Wk 6\n",
])
def test_a_table_that_follows_the_procedure_reads(lead: str) -> None:
    from openimr.records.injection_relief import responses_tabled

    (tabled,) = responses_tabled("n", 1, lead + _ROWS)
    assert tabled.relief_percent == 57 and tabled.duration_weeks == 6
    assert tabled.medication_reduced
