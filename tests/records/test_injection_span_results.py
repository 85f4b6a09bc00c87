"""An injection's result told by its span alone (issue 11 §4, branch read-inj): "the block
bought her two solid weeks", "the shot held for about eight days", read with the shared relief
reader (`records.relief.RESULT_SPAN`) whether the procedure is named in the sentence or before."""

from __future__ import annotations

import pytest

from openimr.records.relief import result_span, result_span_weeks

from .conftest import facts_of


@pytest.mark.parametrize(("text", "weeks"), [
    ("the block bought her two solid weeks", 2),
    ("it held for maybe eight days", round(8 / 7, 2)),
    ("the shot worked \"roughly a month\"", round(52 / 12, 2)),
    ("the injection was great for just 4 days", round(4 / 7, 2)),
    ("helped a little for about five weeks", 5),
])
def test_a_span_alone_reads_in_weeks(text: str, weeks: float) -> None:
    match = result_span(text)
    assert match is not None and result_span_weeks(match) == weeks


@pytest.mark.parametrize("text", [
    "gave about five weeks of relief",  # a time of relief: the relief readers' own
    "the soreness lasted 6 hours",  # hours are no result span
    "gave her a few days",  # no count
])
def test_what_is_no_span_alone(text: str) -> None:
    match = result_span(text)
    assert match is None or result_span_weeks(match) is None


def _durations(text: str) -> list[tuple[str, str, float | None]]:
    return [(f.evidence.quote, f.value["type"], f.value.get("duration_weeks"))
            for f in facts_of(text, "injection_history") if not f.hypothetical]


def test_a_span_after_the_injection_named_before_is_its_result() -> None:
    found = _durations("She had a right L4-5 TFESI on 03/02/2022. Home exercise did little and "
                       "the injection bought her two solid weeks before the leg pain returned.")
    assert ("the injection bought her two solid weeks", "epidural_steroid", 2) in found


def test_a_span_beside_the_named_procedure_is_its_result() -> None:
    found = _durations("A left knee cortisone injection in May held for about eight weeks.")
    assert any(t == "joint" and w == 8 for _q, t, w in found)


def _cuts(text: str) -> list[tuple[str, str]]:
    return [(f.evidence.quote, f.value["type"]) for f in facts_of(text, "injection_history")
            if f.value.get("medication_reduced") and not f.hypothetical]


def test_a_medication_cut_told_after_the_injection_is_its_result() -> None:
    found = _cuts("Follow-up after the right C6-7 CESI. The arm pain is much calmer and she "
                  "lowered her oxycodone from four tablets a day to two.")
    assert any(kind == "epidural_steroid" and quote.startswith("lowered her oxycodone")
               for quote, kind in found)


def test_a_planned_cut_is_no_result() -> None:
    assert _cuts("Knee injection last month. We will try to reduce the Norco to two a day.") == []
