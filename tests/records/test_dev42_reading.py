"""Reading fix of session "decide-dev42": a therapy count after an inline plan label ("Tx:",
"Plan:") is the course ordered, not one done; wordings written for this test."""

from __future__ import annotations

from .conftest import facts_of


def _statuses(text: str) -> list[str]:
    return [f.value["status"] for f in facts_of(text, "therapy_sessions")
            if f.value.get("count")]


def test_a_bare_count_after_an_inline_plan_label_is_ordered() -> None:
    for text in ("Impression: lumbar sprain. Tx: naproxen 500 bid, chiro 8, light duty.",
                 "Assessment - right knee strain; Plan: OT 6, ice, return in 2 weeks."):
        assert _statuses(text) == ["requested"], text


def test_a_history_label_or_a_done_word_keeps_the_course_done() -> None:
    for text in ("Prior tx: chiro 8, naproxen, light duty.",
                 "Tx: chiro 8 visits completed, naproxen.",
                 "Tx: has had 8 chiro visits, naproxen."):
        assert _statuses(text) == ["completed"], text
