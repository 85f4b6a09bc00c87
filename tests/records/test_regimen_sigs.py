"""The grammar of sigs and the regimens read from medication lines, tables and refills;
pain scores, drug-test results, monitoring items and stated daily MME (issue 11 §4, issue
12 §1). All texts are invented for these tests."""

from __future__ import annotations

import pytest

from openimr.model import Document, Page
from openimr.records.extract import document_facts
from openimr.records.regimen import computed_values, doses_per_day, drug_regimens, units_per_dose

from .conftest import facts_of


@pytest.mark.parametrize(("sig", "per_day", "units"), [
    ("1 po q4-6h prn", 6, 1),             # an interval range: its shorter interval
    ("every 4 to 6 hours as needed", 6, 1),
    ("one tab BID", 2, 1),
    ("TID PRN", 3, 1),
    ("take 2 at bedtime", 1, 2),
    ("up to 4/day", 4, 1),                # a cap a day
    # the cap outranks the interval, and counts tablets: "max 4/day" after "q6h" would say
    # nothing as a count of doses (session "decide-dev26")
    ("1-2 tabs q6h prn, max 4/day", 4, 1),
    ("up to four daily", 4, 1),
    ("one or two tablets up to three times a day", 3, 2),  # a range: its higher end
    ("2-3 times a day", 3, 1),
    ("2x/d", 2, 1),
    ("2 tabs daily", 1, 2),               # two units once a day, not two doses
    ("1 cap q AM", 1, 1),
    ("at night", 1, 1),
    ("q72h", 1 / 3, 1),
    ("every other day", 0.5, 1),
    ("1 patch 12 h on/12 h off", 1, 1),   # a patch worn for hours a day
    ("una tableta cada 8 horas", 3, 1),   # Spanish sigs
    ("dos veces al día", 2, 1),
    ("half tab bid", 2, 0.5),
])
def test_a_sig_gives_its_most_doses_a_day_and_units_a_dose(sig: str, per_day: float,
                                                           units: float) -> None:
    assert doses_per_day(sig) == pytest.approx(per_day, abs=1e-6)
    assert units_per_dose(sig) == units


@pytest.mark.parametrize("sig", ["prn", "as directed", "x 7 days", "fills every 30 days"])
def test_words_that_give_no_schedule_give_no_doses(sig: str) -> None:
    assert doses_per_day(sig) is None


def test_a_strength_without_its_unit_and_in_micrograms_computes() -> None:
    # "Norco 10/325 three times a day": 10 mg of hydrocodone a tablet
    norco = computed_values({"generic": "hydrocodone/acetaminophen", "strength": "10/325",
                             "frequency": "three times a day"})
    assert norco["daily_mme"] == 30
    # a patch's rate is its daily exposure; one every 72 hours
    patch = computed_values({"generic": "fentanyl", "strength": "25 mcg/hr",
                             "frequency": "1 patch q72h", "quantity": 10})
    assert patch["daily_mme"] == 60 and patch["days_supply"] == 30


def _regimens(text: str) -> dict[str, dict]:
    facts = document_facts(Document(id="n", pages=[Page(number=1, text=text)]))
    return {r["drug"]: r for r in drug_regimens(facts)}


def test_a_bordered_table_is_read_by_its_columns() -> None:
    table = ("| Drug / strength | Directions | Qty/30d | Status |\n"
             "|---|---|---|---|\n"
             "| Percocet 5/325 mg | 1 tab po q8h prn | #90 | active |\n"
             "| baclofen 10 mg | 1 tab po bid | #60 | active |\n")
    regimens = _regimens(table)
    assert regimens["oxycodone/acetaminophen"]["days_supply"] == 30
    assert regimens["oxycodone/acetaminophen"]["daily_mme"] == 22.5
    assert regimens["baclofen"]["days_supply"] == 30


def test_the_prescribed_directions_outrank_the_workers_account_of_use() -> None:
    text = ("Plan: Hydromorphone 2 mg 1 tab q6h prn #40.\n\n"
            "He says he takes hydromorphone 1 at night only.\n")
    assert _regimens(text)["hydromorphone"]["doses_per_day"] == 4


def test_a_stop_said_as_a_label_or_later_in_the_clause_stops_the_drug() -> None:
    text = ("Discontinued: Ketorolac 10 mg q6h (2019) - gastritis\n\n"
            "Nabumetone 500 mg twice a day was tried last spring but upset her stomach and was "
            "stopped after two weeks.\n\n"
            "Meloxicam 7.5 mg stopped 02/03 for heartburn.\n")
    assert _regimens(text) == {}


def test_a_patch_is_counted_and_a_gel_is_not() -> None:
    text = ("Lidoderm 5% patch, 1 patch 12 hours on, 12 hours off, #30.\n\n"
            "Voltaren 1% gel 2 g to the wrist four times a day.\n")
    regimens = _regimens(text)
    assert regimens["lidocaine"]["days_supply"] == 30
    assert "diclofenac" not in regimens


def test_a_pain_score_with_and_without_medication_is_never_negated() -> None:
    facts = facts_of("Pain 8/10 without medication and 5/10 with it. Rates it six out of ten "
                     "today. Next visit 04/10.", "pain_score")
    values = sorted((f.value["value"], f.value["context"], f.negated) for f in facts)
    assert values == [(5, "with_medication", False), (6, "current", False),
                      (8, "without_medication", False)]


def test_monitoring_reads_one_source_of_fills_and_more_than_one_prescriber() -> None:
    found = facts_of("CURES reviewed: gabapentin and tizanidine from this office only. "
                     "Pain agreement reviewed and re-signed.", "opioid_monitoring")
    items = {(f.value["item"], f.value["done"]) for f in found}
    assert {("single_prescriber", True), ("pain_agreement", True)} <= items
    found = facts_of("CURES 02/2024 shows three prescribers of controlled substances.",
                     "opioid_monitoring")
    assert ("single_prescriber", False) in {(f.value["item"], f.value["done"]) for f in found}


def test_a_prescribed_opioid_absent_from_the_test_is_inconsistent() -> None:
    found = facts_of("Urine drug screen 01/2024 showed no oxycodone.", "urine_drug_test")
    assert [f.value["result"] for f in found] == ["inconsistent"]


def test_a_stated_daily_mme_takes_the_result_of_its_sum() -> None:
    found = facts_of("Daily MME (oxycodone 20 mg/day x 1.5) = 30.", "daily_mme")
    assert [f.value["value"] for f in found] == [30]


def test_a_space_aligned_table_gives_its_count_column() -> None:
    table = ("Medication        Strength   Directions            Qty    Prescriber\n"
             "Hydrocodone/APAP  7.5/325    1 tab PO q6h prn      112    Dr. Ames\n"
             "Tizanidine        4 mg       1 tab PO qhs          30     Dr. Ames\n")
    regimens = _regimens(table)
    assert regimens["hydrocodone/acetaminophen"]["days_supply"] == 28
    assert regimens["tizanidine"]["days_supply"] == 30


def test_a_bilingual_note_names_its_drugs_in_spanish() -> None:
    regimens = _regimens("Plan: ibuprofeno 400 mg 1 tab VO cada 8 horas con comida #90.\n")
    assert regimens["ibuprofen"]["doses_per_day"] == 3
    assert regimens["ibuprofen"]["days_supply"] == 30


@pytest.mark.parametrize(("line", "drug", "per_day"), [
    ("Rx: cyclobenzaprine 5 mg daily to tid as needed, #45.", "cyclobenzaprine", 3),
    ("Continue baclofen 10 mg nightly-bid for cramps #60.", "baclofen", 2),
    ("Gabapentin 300 mg bid or tid #90 dispensed.", "gabapentin", 3),
    ("| methocarbamol 500 mg | qhs to bid | #40 |", "methocarbamol", 2),
])
def test_a_range_of_schedules_is_read_whole_at_its_higher_end(line: str, drug: str,
                                                               per_day: float) -> None:
    # "at bedtime to twice a day": the count lasts by the most the directions allow
    assert _regimens(line)[drug]["doses_per_day"] == per_day
