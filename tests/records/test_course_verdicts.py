"""A course and its verdict in short words (ninth session, read-trials): the verdict after a
semicolon or a dash that names no treatment of its own, a symptom left "the same" or
"the same" after the course, the same symptom beside a gain (partial), help that held "for
a while", stronger in the worker's words; a drug stopped for the effect just told is quoted
with the stop. Function measured against an earlier number in a flowsheet's short forms."""

from __future__ import annotations

from openimr.records import linkrank
from openimr.records.trained import rules_only

from .conftest import facts_of


def _trials(text: str) -> dict[str, tuple[str, str]]:
    with rules_only(), linkrank.rules_only():
        facts = facts_of(text, "treatment_trial")
    return {f.value["treatment"]: (f.value["outcome"], f.evidence.quote) for f in facts}


def _gains(text: str) -> list[tuple[bool, str]]:
    with rules_only(), linkrank.rules_only():
        facts = facts_of(text, "functional_improvement")
    return [(f.value["present"], f.evidence.quote) for f in facts]


def test_a_verdict_after_a_semicolon_judges_the_course_before_it() -> None:
    read = _trials('Eleven massage visits finished in March; "my hip is exactly the same."')
    assert read["massage"][0] == "failed"
    read = _trials("Attended 5 of 6 acupuncture sessions; reports she is getting stronger.")
    assert read["acupuncture"][0] == "helped"


def test_a_running_account_after_a_semicolon_is_not_a_verdict_on_the_course() -> None:
    read = _trials("Attended 5 of 6 acupuncture sessions; the hip is the same width on x-ray.")
    assert "acupuncture" not in read


def test_a_semicolon_does_not_carry_a_verdict_to_a_drug_of_a_list_or_into_a_plan() -> None:
    assert "antidepressant" not in _trials("Takes duloxetine 30 mg daily; some nausea mornings.")
    read = _trials("Another 6 visits of chiropractic are reasonable; if he is the same after "
                   "them, refer.")
    assert read.get("chiropractic", ("none",))[0] != "failed"


def test_a_symptom_left_the_same_fails_the_course_named_before_it() -> None:
    read = _trials('Completed 10 OT visits - "the burning is the same."')
    assert read["physical_therapy"][0] == "failed"


def test_a_symptom_left_the_same_is_no_verdict_on_a_drug_or_an_earlier_sentence() -> None:
    assert "anticonvulsant" not in _trials("Gabapentin 300 mg TID, the same pain.")
    assert "nsaid" not in _trials("Continue naproxen 500 mg BID. Same pain.")


def test_the_same_symptom_beside_a_gain_is_a_partial_result() -> None:
    read = _trials('Finished 8 chiropractic adjustments: "neck looser, same ache by evening."')
    assert read["chiropractic"][0] == "partial"


def test_help_that_held_for_a_while_is_partial() -> None:
    read = _trials("The acupuncture helped her for a while last spring.")
    assert read["acupuncture"][0] == "partial"


def test_a_stop_after_the_effect_is_quoted_with_it() -> None:
    read = _trials("Meloxicam gave her stomach upset, so she quit it after four days.")
    outcome, quote = read["nsaid"]
    assert outcome == "not_tolerated" and quote.endswith("quit it after four days")


def test_any_activitys_tolerance_against_its_earlier_amount_is_a_gain() -> None:
    assert (True, "Stair tolerance 1 -> 4") in [
        (present, quote.rstrip()) for present, quote in _gains("Stair tolerance 1 -> 4 flights.")]
    assert [present for present, _q in _gains("IKDC 51 -> 70 at discharge.")] == [True]
