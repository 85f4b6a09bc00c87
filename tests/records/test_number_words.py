"""Count words are declared once (model.numbers) and every reader knows all of them."""

from __future__ import annotations

import datetime as dt

from openimr.model.numbers import NUMBER_WORDS, number_words
from openimr.records.dates import sentence_date
from openimr.records.kinds.base import SCORE_WORDS, to_number

VISIT = dt.date(2025, 10, 15)


def test_the_table_runs_upward_and_its_cuts_keep_the_smaller_words() -> None:
    values = list(NUMBER_WORDS.values())
    assert values == sorted(values)
    assert number_words(up_to=3) == {"one": 1, "two": 2, "three": 3}
    assert SCORE_WORDS == {"zero": 0} | number_words(up_to=10)
    assert to_number("Thirty-six") == 36 and to_number("several") is None


def test_a_relative_phrase_counts_with_any_word_of_the_table() -> None:
    assert sentence_date("She slipped on the ramp seventeen days ago.", 0, VISIT) == \
        dt.date(2025, 9, 28)
    assert sentence_date("Symptoms began eleven months ago.", 0, VISIT) == dt.date(2024, 11, 15)
    # the vague counts keep their own values
    assert sentence_date("Pain flared a couple of weeks ago.", 0, VISIT) == dt.date(2025, 10, 1)
    assert sentence_date("Seen several days ago.", 0, VISIT) == dt.date(2025, 10, 12)
