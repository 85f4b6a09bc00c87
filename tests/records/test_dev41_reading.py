"""Reading found on decision set dev-41 (session "decide-dev41"): a score told beside another
number that the words of a lapse follow, and a score the pain rose to in the sentence after a
lapse. The notes are written for the tests."""

from __future__ import annotations

import pytest

from openimr.records.pain_changes import told_off_drug


def _off(text: str, score: str) -> bool:
    start = text.index(score)
    return told_off_drug(text, start, start + len(score))


@pytest.mark.parametrize(("text", "on", "off"), [
    # the other number between the score and the lapse's words is the one off the drug
    ("Hip pain 4/10 with meloxicam, up to 7/10 if she misses doses.", "4/10", "7/10"),
    ("Back pain 5/10 on tramadol, 8 when he runs out.", "5/10", None),
])
def test_the_number_nearest_the_lapse_is_the_one_off_the_drug(text: str, on: str,
                                                             off: str | None) -> None:
    assert not _off(text, on)
    if off:
        assert _off(text, off)


def test_a_score_alone_before_the_lapse_words_is_still_off_the_drug() -> None:
    # near miss: no other number follows, so the lapse is the score's own
    text = "Shoulder pain 8/10 when she ran out of celecoxib last month."
    assert _off(text, "8/10")


@pytest.mark.parametrize("text", [
    "Was off her medications for a week while traveling. Wrist pain climbed to 7/10 by day 3.",
    "The pharmacy did not fill the meloxicam in May. His pain rose to 8/10 and he left work "
    "early twice.",
])
def test_a_score_the_pain_rose_to_after_a_lapse_is_off_the_drug(text: str) -> None:
    score = next(s for s in ("7/10", "8/10") if s in text)
    assert _off(text, score)


@pytest.mark.parametrize(("text", "score"), [
    # near misses: the drug taken again in the score's sentence, a rise with no lapse before
    # it, and a lapse two sentences back
    ("Ran out of naproxen in June. Back on it since July 2, pain went to 4/10.", "4/10"),
    ("Overdid the yard work on Sunday. Back pain went to 8/10.", "8/10"),
    ("Ran out of ibuprofen in March. Refilled in April. Pain went to 3/10.", "3/10"),
])
def test_a_rise_without_a_lapse_right_before_it_is_not_off_the_drug(text: str,
                                                                    score: str) -> None:
    assert not _off(text, score)


# -- a span after "completed" is no count of visits; a drug's start is told in its sentence


def test_a_span_after_completed_is_no_count_of_visits() -> None:
    from .conftest import facts_of

    for text in ("Finished PT x 10 in 2017. H-wave: completed 30-day home trial; keeps it.",
                 "Had PT x 4 in 2016. Pool program: attended 6 weeks, then stopped."):
        counts = [f.value.get("count") for f in facts_of(text, "therapy_sessions")]
        assert 30 not in counts and 6 not in counts, (text, counts)
    # near miss: a count of visits after "completed" is still one
    counts = [f.value.get("count") for f in facts_of("PT: completed 10, 2 remaining.",
                                                      "therapy_sessions")]
    assert 10 in counts


def test_a_start_date_in_the_next_sentence_is_not_the_drugs() -> None:
    from .conftest import facts_of

    meds = facts_of("Refill meloxicam. Duty: modified, same since 2015.", "medication")
    assert meds and all("began" not in f.value for f in meds)
    # near miss: the start told in the drug's own sentence
    meds = facts_of("Meloxicam 15 mg daily since 2015. Duty: modified.", "medication")
    assert any(f.value.get("began", "").startswith("2015") for f in meds)
