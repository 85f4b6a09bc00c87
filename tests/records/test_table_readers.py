"""The reader's tables by visit and lines of analgesia, a drug's start date told on its line,
and trials told by their span with the complaint outlasting them (`column_tables`,
`persisting`): what the decision engine consumes, each with its span and quote."""

from __future__ import annotations

import datetime as dt

from openimr.model import Document, Page
from openimr.records.column_tables import page_tables, use_began
from openimr.records.extract import extract_facts
from openimr.records.persisting import course_span_and_persisting, worn_and_persisting
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


SHEET = """Opioid follow-up
DOS  Off meds  On meds  Activity
01/12/2022  9  5  walks 10 min
02/09/2022  8  4  walks 20 min

Plan: continue."""


def test_a_flowsheet_gives_its_latest_row_of_pain_with_and_without_the_drug() -> None:
    [reading] = page_tables(SHEET).analgesia
    assert (reading.with_drug, reading.without_drug, reading.rows) == (4.0, 8.0, 2)
    assert reading.quote == SHEET[reading.start:reading.end].strip()
    assert reading.quote.startswith("02/09/2022")
    assert page_tables(SHEET).in_heading(SHEET.index("Off meds"))
    assert not page_tables(SHEET).in_heading(SHEET.index("walks"))


def test_a_line_of_analgesia_gives_the_score_now_and_without_the_drug() -> None:
    text = "VAS now 3 | off medication 8 | best 2\n"
    [reading] = page_tables(text).analgesia
    assert (reading.with_drug, reading.without_drug, reading.rows) == (3.0, 8.0, 0)


VISITS = """Visit  Pregabalin  Foot pain  Steps/day
2/03/2023  75 bid  7  2000
3/10/2023  150 bid  4-5  3500
4/14/2023  150 bid  n/a  4000
"""


def test_a_table_by_visit_keeps_the_rows_with_one_bare_score() -> None:
    [table] = page_tables(VISITS).visits
    assert "Pregabalin" in table.heading
    assert [(row.when, row.score) for row in table.rows] == [("2/03/2023", 7.0),
                                                              ("3/10/2023", 5.0)]
    assert table.rows[1].quote == VISITS.splitlines()[2]


def test_a_monthly_column_gives_the_quantities_row_by_row() -> None:
    text = ("Month  Tramadol per month  Pain\n"
            "05/2022  120  6\n06/2022  90  6\n07/2022  60  5\n\nNext visit in 4 weeks.")
    [monthly] = page_tables(text).monthly
    assert monthly.quantities == (120, 90, 60)
    assert monthly.quote == text[:text.index("\n\n")]
    assert not page_tables(VISITS).monthly  # no column of a month's quantity


def test_a_device_worn_for_a_while_with_the_complaint_going_on() -> None:
    text = ("She has used a thumb spica at night for ten weeks. The aching at the base of "
            "the thumb is unchanged.")
    [worn, still] = worn_and_persisting("n", 1, text)
    assert worn.quote.startswith("She has used a thumb spica")
    assert still.quote.startswith("The aching")
    assert not worn_and_persisting("n", 1, "Will order a wrist brace for nightly use. "
                                           "Numbness persists.")
    assert not worn_and_persisting("n", 1, "Knee sleeve worn daily, which helps; pain "
                                           "persists on stairs.")


def test_a_course_told_by_its_span_then_a_complaint_that_goes_on() -> None:
    text = ("He finished six weeks of hand therapy in May. Grip remains weak and the "
            "finger still catches. Plan: injection.")
    [course, still] = course_span_and_persisting("n", 1, text)
    assert course.quote == "He finished six weeks of hand therapy in May."
    assert "still catches" in still.quote
    assert not course_span_and_persisting("n", 1, "Recommend six weeks of therapy. The "
                                                  "finger still catches.")


def test_an_interval_in_any_word_number_gives_its_doses_a_day() -> None:
    assert doses_per_day("every five hours as needed") == 4.8
    assert doses_per_day("one tablet every twelve hours") == 2
    assert doses_per_day("una cápsula cada doce horas") == 2
