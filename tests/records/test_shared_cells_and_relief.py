"""The shared table-cell splitter (`column_tables.cell_spans`) and the one reading of a relief
(`records.relief`), with what the readers that use them now get alike."""

from __future__ import annotations

import pytest

from openimr.records.column_tables import cell_spans, cells
from openimr.records.injection_relief import reliefs_lasted, reliefs_told, weeks_beside
from openimr.records.relief import percent_told, share_told, weeks_told


# -- cells
def test_cells_between_bars_are_trimmed():
    assert cells("Gabapentin 300 mg |  1 cap tid | #90 ") == ["Gabapentin 300 mg", "1 cap tid",
                                                             "#90"]


def test_an_opening_bar_gives_an_empty_first_cell_so_columns_count_bars():
    row = cells("| 4/8 | 02/03 | ther-ex |")
    assert row == ["", "4/8", "02/03", "ther-ex", ""]
    assert row.index("4/8") == 1  # one bar before it


def test_a_blank_cell_is_an_empty_span_at_its_place():
    text = "Week | Avg pain |   | Notes"
    spans = cell_spans(text)
    assert [text[a:b] for a, b in spans] == ["Week", "Avg pain", "", "Notes"]
    assert all(a <= b for a, b in spans)


def test_tabs_part_cells_only_when_asked():
    assert cells("Date\tRx | pain") == ["Date\tRx", "pain"]
    assert cells("Date\tRx | pain", tabs=True) == ["Date", "Rx", "pain"]


def test_spans_are_offsets_into_the_page():
    page = "heading line\nMon | 6 -> 3 | walked"
    start = page.index("Mon")
    spans = cell_spans(page, start, len(page))
    assert [page[a:b] for a, b in spans] == ["Mon", "6 -> 3", "walked"]


def test_a_line_without_borders_is_one_cell():
    assert cells("  just prose here ") == ["just prose here"]


# -- relief values
@pytest.mark.parametrize(("low", "high", "percent"), [
    ("40", None, 40), ("40", "50", 45), ("55", "60", 57), ("6O", None, 60),
    ("sixty", None, 60), ("seventy-five", None, 75), ("thirty", "forty", 35),
])
def test_percent_reads_a_range_at_its_middle_rounded_down(low, high, percent):
    assert percent_told(low, high) == percent


@pytest.mark.parametrize(("word", "percent"), [
    ("half", 50), ("a third", 33), ("two-thirds", 67), ("three quarters", 75)])
def test_shares_in_words(word, percent):
    assert share_told(word) == percent


@pytest.mark.parametrize(("number", "unit", "high", "weeks"), [
    ("5", "wks", None, 5), ("two", "weeks", None, 2), ("3", "months", None, 13),
    ("one", "month", None, 4.33), ("14", "days", None, 2), ("10", "days", None, 1.43),
    ("4", "weeks", "6", 5), ("an", "month", None, 4.33), ("2", "mos", "4", 13),
])
def test_weeks_of_a_span(number, unit, high, weeks):
    assert weeks_told(number, unit, high) == weeks


def test_a_count_that_is_no_number_gives_no_weeks():
    assert weeks_told("several", "weeks") is None


# -- the readers of later notes, by that convention
def test_a_relief_range_in_a_later_note_reads_at_its_middle():
    told = reliefs_told("n", 1, "The block helped, roughly 40 to 60 percent relief so far.")
    assert [r.percent for r in told] == [50]


def test_a_doctors_title_does_not_end_the_sentence_a_relief_is_judged_in():
    text = "Reports 70% relief after the block by Dr. Ames, and it is ongoing."
    (told,) = reliefs_told("n", 1, text)
    assert told.lasting


def test_a_paragraph_break_ends_the_sentence_of_a_relief():
    text = "Reports 70% relief after the block\n\nOngoing neck stiffness."
    (told,) = reliefs_told("n", 1, text)
    assert not told.lasting


def test_weeks_beside_a_procedure_read_a_range_at_its_middle():
    assert weeks_beside("two medial branch blocks, relief 3-5 wks each") == 4
    assert weeks_beside("SI joint shot (relief x7 wks)") == 7


def test_a_bracketed_range_of_lasting_relief_reads_at_its_middle():
    (lasted,) = reliefs_lasted("n", 1, "Relief held up well for him (about 8-10 weeks).")
    assert lasted.weeks == 9
