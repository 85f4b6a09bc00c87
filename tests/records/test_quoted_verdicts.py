"""The worker's quoted words as a verdict on a treatment (issue 11, thirteenth session,
read-outcomes7): a sentence that opens with a quotation right after a treatment is that
treatment's verdict, whatever noun it starts with; and a sentence naming a treatment with a
quotation is read by the outcome reader even when no learnt keyword is in it."""

from __future__ import annotations

import pytest

from openimr.records import outcomes
from openimr.records.discourse import quoted_verdict

from .conftest import facts_of


def _outcomes(text: str) -> list[tuple[str, str]]:
    return [(f.value["treatment"], f.value["outcome"])
            for f in facts_of(text, "treatment_trial")]


@pytest.mark.parametrize(("sentence", "at", "expected"), [
    ('"Shoulder moves easier but the ache is the same."', 10, True),
    ('Pt: "honestly no real change."', 15, True),
    ('S: "can\'t tell any difference" since the start', 8, True),
    ('"I tried," she says, and the ache is the same.', 30, False),  # past the quotation
    ("The ache is the same.", 5, False),  # no quotation
    ('She said "no change".', 10, False),  # the quotation does not open the sentence
])
def test_a_sentence_opening_with_the_workers_words(sentence: str, at: int,
                                                   expected: bool) -> None:
    assert quoted_verdict(sentence, at) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ('Finished 10 OT visits in May. "Wrist bends better but the grip is the same."',
     ("physical_therapy", "partial")),
    ('Did the home exercise program every day this month. "Frankly no real change."',
     ("home_exercise", "failed")),
])
def test_a_quoted_verdict_after_a_treatment_judges_it(text: str,
                                                      expected: tuple[str, str]) -> None:
    assert expected in _outcomes(text)


@pytest.mark.parametrize("text", [
    # a quotation about something else, after no treatment
    'Seen for follow-up. "My knee is the same as last month."',
    # the quotation is not the sentence's opening
    'Finished 10 OT visits. The therapist wrote "grip the same" on the form.',
])
def test_no_quoted_verdict_without_the_treatment_or_the_opening(text: str) -> None:
    assert not [o for t, o in _outcomes(text) if t == "physical_therapy"]


def test_a_quoted_sentence_naming_a_treatment_passes_the_prefilter() -> None:
    reader = outcomes.reader()
    if reader is None:
        pytest.skip("no outcome reader shipped")
    sentence = 'Duloxetine "smoothed out the rough days," per the worker.'
    assert not reader.keywords & set(sentence.lower().split())  # no learnt word here
    assert reader.passes(sentence)
    assert not reader.passes("Duloxetine 60 mg daily, per the worker.")
