"""The bundled drug table: its content is well-formed and lookups forgive case and spelling."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.guidelines.drugs import drug_table, lookup_drug

CLASSES = {"opioid", "opioid_antagonist", "nsaid", "ppi", "h2_blocker", "gi_protectant",
           "muscle_relaxant", "topical", "antidepressant", "anticonvulsant", "sleep_aid",
           "benzodiazepine", "analgesic", "barbiturate_combination", "triptan", "antiemetic",
           "laxative", "antihistamine", "anxiolytic", "antipsychotic", "stimulant",
           "corticosteroid", "hormone", "pde5_inhibitor", "botulinum_toxin", "viscosupplement",
           "supplement", "medical_food", "anorectic", "anticoagulant"}


def test_table_is_large_and_well_formed() -> None:
    table = drug_table()
    assert len(table.drugs) >= 120
    generics = [d.generic for d in table.drugs]
    assert len(generics) == len(set(generics))
    for drug in table.drugs:
        assert drug.drug_class in CLASSES, drug.generic
        assert drug.formulary in {"exempt", "non_exempt", "not_listed"}, drug.generic
        if drug.mme_factor is not None or drug.methadone_tiers:
            assert drug.is_opioid, drug.generic


def test_no_name_points_at_two_drugs() -> None:
    seen: dict[str, str] = {}
    for drug in drug_table().drugs:
        for name in (drug.generic, *drug.brands):
            key = name.lower()
            assert seen.setdefault(key, drug.generic) == drug.generic, (name, seen[key])


def test_every_compound_ingredient_is_in_the_table() -> None:
    table = drug_table()
    for product in table.compounds:
        assert product.ingredients, product.name
        for ingredient in product.ingredients:
            assert table.lookup(ingredient.generic) is not None, (product.name, ingredient)


@pytest.mark.parametrize(("name", "generic"), [
    ("Norco", "hydrocodone/acetaminophen"), ("NORCO", "hydrocodone/acetaminophen"),
    ("hydrocodone-apap", "hydrocodone/acetaminophen"), ("Soma", "carisoprodol"),
    ("Lidoderm", "lidocaine"), ("Voltaren Gel", "diclofenac topical"), ("Ambien CR", "zolpidem"),
    ("Neurontin", "gabapentin"), ("duloxetine", "duloxetine"), ("Prilosec", "omeprazole"),
])
def test_exact_lookup_by_brand_or_generic(name: str, generic: str) -> None:
    drug = drug_table().lookup(name)
    assert drug is not None and drug.generic == generic


@pytest.mark.parametrize(("misspelt", "generic"), [
    ("Cyclobenzaprin", "cyclobenzaprine"), ("Gabapentine", "gabapentin"),
    ("Omeprazol", "omeprazole"), ("Tramadoll", "tramadol"), ("Hydrocodon", "hydrocodone/acetaminophen"),
])
def test_fuzzy_lookup_forgives_misspellings(misspelt: str, generic: str) -> None:
    assert drug_table().lookup(misspelt) is None
    drug = lookup_drug(misspelt)
    assert drug is not None and drug.generic == generic


@pytest.mark.parametrize("word", ["cream", "therapy", "patch", "lumbar", "Xyzzyplex"])
def test_fuzzy_lookup_does_not_invent_drugs(word: str) -> None:
    assert lookup_drug(word) is None


@pytest.mark.parametrize(("generic", "factor"), [
    ("hydrocodone/acetaminophen", 1), ("oxycodone", 1.5), ("morphine", 1), ("hydromorphone", 4),
    ("oxymorphone", 3), ("tapentadol", 0.4), ("tramadol", 0.1), ("codeine", 0.15),
    ("fentanyl transdermal", 2.4),
])
def test_cdc_2016_mme_factors(generic: str, factor: float) -> None:
    drug = drug_table().lookup(generic)
    assert drug is not None and drug.mme_per_unit(dt.date(2016, 1, 1)) == factor


def test_cdc_2022_update_changes_tramadol_and_hydromorphone() -> None:
    table = drug_table()
    after = dt.date(2023, 1, 1)
    assert table.lookup("tramadol").mme_per_unit(after) == 0.2
    assert table.lookup("hydromorphone").mme_per_unit(after) == 5
    assert table.lookup("oxycodone").mme_per_unit(after) == 1.5


def test_methadone_factor_depends_on_daily_dose_before_2022() -> None:
    methadone = drug_table().lookup("Dolophine")
    day = dt.date(2015, 1, 1)
    assert methadone.mme_per_unit(day) is None
    assert methadone.mme_per_unit(day, daily_dose=15) == 4
    assert methadone.mme_per_unit(day, daily_dose=30) == 8
    assert methadone.mme_per_unit(day, daily_dose=50) == 10
    assert methadone.mme_per_unit(day, daily_dose=90) == 12
    assert methadone.mme_per_unit(dt.date(2023, 1, 1), daily_dose=90) == 4.7


def test_buprenorphine_has_no_factor() -> None:
    assert drug_table().lookup("Butrans").mme_per_unit() is None
