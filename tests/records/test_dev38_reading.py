"""Reading fix of session "decide-dev38": "ASSESS:" heads a diagnoses section as "Assessment:"
does; wordings written for this test."""

from __future__ import annotations

from .conftest import facts_of


def _groups(text: str) -> set[str]:
    return {f.value.get("group") for f in facts_of(text, "diagnosis")}


def test_an_assess_header_opens_a_diagnoses_section() -> None:
    for text in ("Spine f/u.\nEXAM: SLR + R 50 deg.\nASSESS: R S1 radiculitis, unchanged.\nPLAN: PT.",
                 "Neck recheck.\nAssess/Plan: C6 radiculopathy right; continue gabapentin."):
        assert "radiculopathy" in _groups(text), text


def test_the_word_assess_in_prose_opens_no_section() -> None:
    # a radiculopathy the worker has read about, and a plan to assess: no diagnosis context
    text = ("HPI: read online that his leg pain could be sciatica.\n"
            "PLAN: will assess reflexes and sensation next visit.")
    assert "radiculopathy" not in _groups(text)
