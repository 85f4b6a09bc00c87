"""The one categories table: every classification of an item derives from it."""

from __future__ import annotations

import pytest

from openimr.corpus.category import categorize
from openimr.guidelines.drugs import drug_table
from openimr.guidelines.itemparse.vocabulary import vocabulary
from openimr.guidelines.items import CATEGORIES, parse_item
from openimr.workflow import specialties

TABLE = vocabulary()


def test_each_category_is_listed_once_and_is_what_the_parser_may_give() -> None:
    assert len(TABLE.names) == len(set(TABLE.names))
    assert CATEGORIES == TABLE.names


def test_every_drug_class_with_a_category_maps_through_the_table() -> None:
    classes = {drug.drug_class for drug in drug_table().drugs}
    claimed = [c for rule in TABLE.categories for c in rule.drug_classes]
    assert len(claimed) == len(set(claimed)), "a drug class belongs to one category"
    assert set(claimed) <= classes
    assert TABLE.class_category("opioid") == "opioid"
    assert TABLE.class_category("viscosupplement") == "joint_injection"
    assert TABLE.class_category("laxative") == "other_drug"


@pytest.mark.parametrize(("item", "category", "group"), [
    ("Norco 10/325 mg #90", "opioid", "opioid"),
    ("Naproxen 550 mg #60", "nsaid", "medication"),
    ("Synvisc-One injection left knee", "joint_injection", "injection"),
    ("Anterior cervical discectomy and fusion C5-6", "surgery", "spine_surgery"),
    ("Right carpal tunnel release", "surgery", "surgery"),
    ("Spinal cord stimulator trial", "surgery", "spinal_cord_stimulator"),
    ("Botox 100 units", "botulinum_toxin", "botulinum_toxin"),
    ("Physical therapy 2x4 for the low back", "physical_therapy", "physical_therapy"),
    ("Post-op physical therapy x 12 after rotator cuff repair", "postsurgical_physical_therapy",
     "physical_therapy"),
    ("Labs: CBC, CMP", "laboratory_test", "laboratory"),
    ("Transportation to medical appointments", "transportation", None),
])
def test_parser_reviewer_assignment_and_corpus_agree(item: str, category: str,
                                                     group: str | None) -> None:
    assert parse_item(item).category == category
    assert categorize(item)[0] == category
    assert specialties.item_category(item) == group
    accepted = specialties.accepted_for_item(group)
    assert (accepted is None) == (group is None)


def test_every_reviewer_group_the_table_names_is_defined() -> None:
    named = {r.reviewer for r in TABLE.categories if r.reviewer}
    named |= {s.reviewer for s in TABLE.surgeries if s.reviewer}
    assert named <= set(specialties.table().groups)


def test_default_units_and_corpus_aliases_come_from_the_table() -> None:
    assert parse_item("Acupuncture x 6").unit == "visits"
    assert parse_item("Home health aide x 20").unit == "hours"
    assert parse_item("Orthovisc x3 right knee").unit == "injections"
    assert TABLE.canonical_category("lab_testing") == "laboratory_test"
    assert TABLE.canonical_category("physical_therapy") == "physical_therapy"
    assert TABLE.canonical_category("no_such_thing") is None


def test_subcategories_of_surgery_are_the_surgery_keys() -> None:
    assert "carpal_tunnel_release" in TABLE.subcategories_of("surgery")
    assert "ulnar_nerve_decompression" in TABLE.subcategories_of("postsurgical_physical_therapy")
    assert "viscosupplementation" in TABLE.subcategories_of("joint_injection")
