"""An outcome said once of the treatments the previous sentence lists (issue 11 §4): the
symptoms outlasted all of them, nothing touched them. Each listed treatment gets the
outcome, except one the sentence goes on to give a result of its own."""

from __future__ import annotations

from openimr.records import linkrank
from openimr.records.trained import rules_only

from .conftest import facts_of


def _trials(text: str) -> dict[str, tuple[str, str]]:
    with rules_only(), linkrank.rules_only():
        facts = facts_of(text, "treatment_trial")
    return {f.value["treatment"]: (f.value["outcome"], f.evidence.quote) for f in facts}


def test_symptoms_that_outlasted_the_whole_list_fail_each_item() -> None:
    read = _trials("Over the winter he finished 10 acupuncture sessions and 6 visits of "
                   "massage. His shoulder ache has outlasted both of them.")
    assert read == {"acupuncture": ("failed", "outlasted both of them"),
                    "massage": ("failed", "outlasted both of them")}


def test_an_item_given_its_own_result_later_in_the_sentence_is_left_to_it() -> None:
    read = _trials("She went through 8 PT visits, chiropractic care and a lumbar ESI last "
                   "year. The back pain outlasted all of it; the ESI helped for about 4 days.")
    assert read["physical_therapy"][0] == "failed"
    assert read["chiropractic"][0] == "failed"
    assert read.get("injection", ("partial",))[0] != "failed"


def test_nothing_having_touched_it_judges_every_treatment_under_discussion() -> None:
    read = _trials("He has taken tramadol and seen a chiropractor since spring. "
                   "Nothing has touched the pain.")
    assert {name for name, (outcome, _q) in read.items() if outcome == "failed"} == {
        "opioid", "chiropractic"}


def test_outlasting_without_a_collective_object_is_not_carried() -> None:
    # the symptom outlasted a time, not the treatments
    read = _trials("He did 12 sessions of physical therapy. The stiffness outlasted the "
                   "winter.")
    assert "physical_therapy" not in read or read["physical_therapy"][0] != "failed"


def test_an_outcome_said_once_after_a_list_is_in_each_items_quote() -> None:
    read = _trials("In 2022 he tried meloxicam, tizanidine and nortriptyline without relief.")
    assert {name for name, (outcome, _q) in read.items() if outcome == "failed"} == {
        "nsaid", "muscle_relaxant", "antidepressant"}
    assert all("without relief" in quote for _outcome, quote in read.values())


def test_an_earlier_items_own_result_is_no_part_of_the_next_ones_list() -> None:
    read = _trials("She has tried naproxen without relief and acupuncture with a brief "
                   "benefit.")
    assert read["nsaid"][0] == "failed"
    assert read["acupuncture"][0] == "partial"
