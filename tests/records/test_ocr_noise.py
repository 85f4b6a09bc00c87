"""OCR-noise repair (`records.ocrnoise`): a scanned or faxed page is read in its repaired
text, its facts quoted from the page as received; a clean page is read as it is."""

from __future__ import annotations

import pytest

from openimr.model import Document, Page
from openimr.records import ocrnoise
from openimr.records.extract import document_facts

SCANNED = (
    "CERVlCAL SPINE RE-EVALUATlON\n"
    "She has cornpleted 8 sess1ons of aquatic therapy and rates her neck pain 8/lO, 5/lO after "
    "rnedication.\n"
    "Current rneds: Cyclobenza prine 7.5 mg at bedtirne #3O.\n"
    "She reports rnuscle spasrn and cannot turn her head to drive. Sensation decreased in the "
    "left C6 derm-\n"
    "11/03/2020 09:12 FROM: NORTHGATE SPINE 9095551234 P. 3/5\n"
    "atome.\n")


def _facts(text: str) -> list:
    return document_facts(Document(id="n", pages=[Page(number=1, text=text)]))


@pytest.mark.parametrize(("misread", "meant"), [
    ("walked 3O min", "walked 30 min"),
    ("Meloxicam l5 mg", "Meloxicam 15 mg"),
    ("dated O9/l2/2Ol9", "dated 09/12/2019"),
    ("pain 6/lO", "pain 6/10"),
    ("reduced to 1S0 mg", "reduced to 150 mg"),
    ("O.5 mg", "0.5 mg"),
])
def test_letters_read_for_digits_are_digits_in_a_number(misread: str, meant: str) -> None:
    assert ocrnoise.repair(misread).text == meant


@pytest.mark.parametrize("clean", ["L5-S1 disc", "vitamin B12 level", "I/O charted",
                                   "Dr. Ollie Lund", "type Il acromion"])
def test_letters_outside_a_number_stay(clean: str) -> None:
    assert ocrnoise.repair(clean).text == clean


@pytest.mark.parametrize(("misread", "meant"), [
    ("rnuscle spasrn", "muscle spasm"),
    ("CERVlCAL", "CERVICAL"),
    ("sess1ons", "sessions"),
    ("tizanidlne", "tizanidine"),
    ("lnjection", "injection"),
    ("point tendemess", "point tenderness"),
])
def test_a_vocabulary_word_misread_is_the_word(misread: str, meant: str) -> None:
    assert ocrnoise.repair(misread).text == meant


def test_a_word_outside_the_vocabulary_is_left_as_written() -> None:
    # a surname that a confusion would turn into no word the readers know
    assert ocrnoise.repair("Mr. Ornstein").text == "Mr. Ornstein"


@pytest.mark.parametrize(("split", "joined"), [
    ("Cyclobenza prine", "Cyclobenzaprine"),
    ("radio-\nfrequency", "radiofrequency"),
])
def test_a_vocabulary_word_split_in_two_is_joined(split: str, joined: str) -> None:
    assert ocrnoise.repair(split).text == joined


def test_two_words_side_by_side_stay_two() -> None:
    assert ocrnoise.repair("knee pain").text == "knee pain"


def test_fax_furniture_in_a_sentence_is_left_out_and_the_sentence_runs_on() -> None:
    repaired = ocrnoise.repair(SCANNED).text
    assert "NORTHGATE" not in repaired
    assert "left C6 dermatome." in repaired


def test_spans_of_the_repaired_text_map_back_to_the_original() -> None:
    repaired = ocrnoise.repair(SCANNED)
    start = repaired.text.index("muscle spasm")
    begin, end = repaired.span(start, start + len("muscle spasm"))
    assert SCANNED[begin:end] == "rnuscle spasrn"


def test_a_scanned_page_is_read_in_its_repaired_text_and_quoted_as_received() -> None:
    facts = _facts(SCANNED)
    for fact in facts:
        assert SCANNED[fact.evidence.start:fact.evidence.end] == fact.evidence.quote
    by_kind = {fact.kind.value: fact for fact in facts}
    assert by_kind["therapy_sessions"].value["count"] == 8
    assert by_kind["therapy_sessions"].evidence.quote == "8 sess1ons of aquatic therapy"
    assert {f.value["value"] for f in facts if f.kind.value == "pain_score"} == {8, 5}
    medication = by_kind["medication"]
    assert medication.value["generic"] == "cyclobenzaprine"
    assert medication.value["quantity"] == 30
    assert medication.evidence.quote.startswith("Cyclobenza prine")
    findings = {f.value["finding"]: f.evidence.quote for f in facts
                if f.kind.value == "exam_finding"}
    assert findings["spasm"] == "rnuscle spasrn"
    assert findings["sensory_deficit"].endswith("P. 3/5\natome")  # across the furniture


CLEAN = ("Follow-up visit. He can turn his head further than last month and returns to "
         "modern warehouse work on 03/02/2021. O2 saturation 98% on room air. Pain 4/10. "
         "Ibuprofen 600 mg TID. Page 2 of 3")


def test_a_clean_page_is_not_repaired() -> None:
    assert ocrnoise.ocr_score(CLEAN) < ocrnoise.threshold(CLEAN)
    assert ocrnoise.repair_page(CLEAN) is None


@pytest.mark.parametrize("abbreviation", ["history of MI", "seen at 3 PM"])
def test_an_abbreviation_is_no_misread_word(abbreviation: str) -> None:
    assert ocrnoise.repair(abbreviation).text == abbreviation


@pytest.mark.parametrize(("misread", "meant"), [
    ("No NSAlDs since June", "No NSAIDs since June"),
    ("walks >l hr", "walks >1 hr"),
    ("flexion lO° short", "flexion 10° short"),
])
def test_case_and_lone_digits(misread: str, meant: str) -> None:
    assert ocrnoise.repair(misread).text == meant


@pytest.mark.parametrize(("misread", "meant"), [
    ("ELB0W PAIN", "ELBOW PAIN"), ("her c0uch", "her couch"), ("G0lfer", "Golfer"),
    ("went back t0 the gym", "went back to the gym"), ("als0 0ften", "also often")])
def test_a_zero_among_letters_is_an_o(misread: str, meant: str) -> None:
    assert ocrnoise.repair(misread).text == meant


def test_a_code_keeps_its_zero() -> None:
    assert ocrnoise.repair("S63.501A and C0-C1").text == "S63.501A and C0-C1"


def test_a_page_of_a_scanned_document_with_one_misreading_is_repaired_too() -> None:
    light = "Plan: continue tizanidlne at night."
    repaired = ocrnoise.repair_pages([SCANNED, light])
    assert repaired[1] is not None and "tizanidine" in repaired[1].text
    assert ocrnoise.repair_pages([CLEAN, light]) == [None, None]


@pytest.mark.parametrize(("misread", "meant"), [
    ("CT SCAN OF THE PELVlS", "CT SCAN OF THE PELVIS"), ("EMPLOYER: ACME lNC", "EMPLOYER: ACME INC")])
def test_a_small_l_in_a_word_of_capitals_is_a_capital_i(misread: str, meant: str) -> None:
    assert ocrnoise.repair(misread).text == meant
