"""The reader's tables by visit and lines of analgesia, a drug's start date told on its line,
and trials told by their span with the complaint outlasting them (`column_tables`,
`persisting`): what the decision engine consumes, each with its span and quote."""

from __future__ import annotations

from openimr.records.regimen import doses_per_day


def test_an_interval_in_any_word_number_gives_its_doses_a_day() -> None:
    assert doses_per_day("every five hours as needed") == 4.8
    assert doses_per_day("one tablet every twelve hours") == 2
    assert doses_per_day("una cápsula cada doce horas") == 2
