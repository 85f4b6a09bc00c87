"""Small reading fixes: a course's status words are whole words ("should" in "shoulder" never
asks for care); a gait examined with or without an aid is a finding."""

from __future__ import annotations

import pytest

from openimr.model import Document, Page
from openimr.records.extract import document_facts
from openimr.records.kinds.therapy import _counts


@pytest.mark.parametrize("sentence", [
    "She had PT for the shoulder in 2019 (10 visits).",
    "He completed OT for both shoulders last year (6 visits).",
])
def test_a_course_had_is_not_read_as_requested(sentence: str) -> None:
    (count,) = _counts(sentence)
    assert count[2] in (10, 6) and count[3] == "completed"


def test_a_course_asked_for_is_still_requested() -> None:
    (count,) = _counts("The worker should have PT for the elbow (8 visits).")
    assert count[3] == "requested"


def test_a_gait_tested_without_an_aid_is_an_examination_finding() -> None:
    text = "PT re-evaluation\nGait without a cane: antalgic, two losses of balance.\n"
    facts = document_facts(Document(id="n", pages=[Page(number=1, text=text)]))
    assert any(f.value.get("finding") == "gait" and f.value.get("positive") for f in facts)


def test_a_bare_count_with_a_frequency_in_words_is_the_plans_request() -> None:
    # a course written with its frequency in words is what is asked for, not what was done
    from .conftest import facts_of

    planned = facts_of("Next steps - 2. Aquatic therapy, eight visits, three times per week, "
                       "then land-based exercise.", "therapy_sessions")
    assert [(f.value["count"], f.value["status"]) for f in planned] == [(8, "requested")]
    done = facts_of("She completed eight aquatic therapy visits, three times per week.",
                    "therapy_sessions")
    assert [(f.value["count"], f.value["status"]) for f in done] == [(8, "completed")]
