"""The reader's tables by visit and lines of analgesia, a drug's start date told on its line,
and trials told by their span with the complaint outlasting them (`column_tables`,
`persisting`): what the decision engine consumes, each with its span and quote."""

from __future__ import annotations

import datetime as dt

from openimr.model import Document, Page
from openimr.records.column_tables import use_began
from openimr.records.extract import extract_facts
from openimr.records.regimen import doses_per_day


def test_a_drug_line_or_a_start_column_gives_the_date_the_drug_was_begun() -> None:
    line = "Tizanidine 4 mg at bedtime (since 2017) for spasm"
    assert use_began(line, 0, len("Tizanidine")) == dt.date(2017, 12, 31)
    table = ("Med name        Strength   Last fill    Start date   Comment\n"
             "Meloxicam       15 mg      03/01/2021   11/15/2019   with food\n")
    at = table.index("Meloxicam")
    # the start column is the second date column: the row's second date, not its first
    assert use_began(table, at, at + len("Meloxicam")) == dt.date(2019, 11, 15)
    assert use_began("Meloxicam 15 mg daily, refilled 03/01/2021", 0, 9) is None


def test_the_reader_gives_a_medication_fact_the_date_it_was_begun() -> None:
    text = ("Date of service: 04/02/2021\nCurrent medications:\n"
            "Cyclobenzaprine 10 mg twice a day, started 06/10/2020.\n")
    document = Document(id="n", pages=[Page(number=1, text=text)])
    [drug] = [f for f in extract_facts([document]) if f.kind.value == "medication"]
    assert drug.value["began"] == "2020-06-10"


def test_an_interval_in_any_word_number_gives_its_doses_a_day() -> None:
    assert doses_per_day("every five hours as needed") == 4.8
    assert doses_per_day("one tablet every twelve hours") == 2
    assert doses_per_day("una cápsula cada doce horas") == 2
