"""Reading fixes of session "decide-dev33": a laboratory's analyte name cut short by a period,
a table row of a pain's kind and of a range, and the time since an operation after "visit";
wordings written for these tests."""

from __future__ import annotations

import datetime as dt

from openimr.records.column_tables import find_tables
from openimr.records.pipeline import sentence_starts

from .conftest import facts_of


def test_a_period_before_a_laboratory_result_ends_no_sentence() -> None:
    text = "Analyte  Result\nNoroxycod.  POSITIVE  210\nBenzoylecg.  NEG  50\nSee note. Pain 4/10."
    starts = sentence_starts(text)
    assert text.index("POSITIVE") not in starts and text.index("Benzoylecg") not in starts
    assert text.index("Pain") in starts  # a sentence's period still ends it


def test_a_screen_read_past_a_shortened_name() -> None:
    text = (
        "URINE DRUG SCREEN  collected 05/02/2021\nAnalyte       Result\n"
        "Hydrocodone   NEGATIVE\nHydromorph.   NEGATIVE\nCocaine metabolite   POSITIVE\n"
    )
    tests = facts_of(text, "urine_drug_test")
    assert [f.value.get("result") for f in tests] == ["inconsistent"]


def test_a_row_of_a_pain_kind_and_a_row_of_ranges_are_read() -> None:
    text = (
        "Response to duloxetine:\n          03/01/22   05/10/22\naching (0-10)   7   4\n"
        "naps (h)   2-3   1\nwalking (min)   5   20\n"
    )
    tables = find_tables(text, dt.date(2022, 5, 10))
    labels = {cell.label for table in tables for cell in table.cells}
    assert labels == {"aching (0-10)", "naps (h)", "walking (min)"}
    scores = sorted(f.value["value"] for f in facts_of(text, "pain_score"))
    assert scores == [4, 7]


def test_a_time_after_the_operation_is_no_visit_number() -> None:
    for text in ("Post-op visit 6 weeks, incision healed.", "Follow-up visit 3 months post-op."):
        assert not [
            f for f in facts_of(text, "therapy_sessions") if f.value.get("status") == "attended"
        ], text
    attended = [
        f.value["count"]
        for f in facts_of("PT visit 6 of 12 today, tolerating well.", "therapy_sessions")
    ]
    assert 6 in attended
