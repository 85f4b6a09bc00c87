"""Drug-test results, GI risk factors and drug mentions read from the vocabularies in
`rules/drug_tests.yaml` and `kinds/medication.py`, in phrasings of their own."""

from __future__ import annotations

import pytest

from .conftest import facts_of


@pytest.mark.parametrize(("text", "result"), [
    # a test named and done at the visit, its result to come
    ("PLAN: Refill tramadol. Urine drug screen collected this visit.", "performed"),
    ("Opioid monitoring: UDS (POC) obtained today; CURES reviewed.", "performed"),
    # an analyte list runs on to its verdict over a semicolon
    ("UDS 03/02 (LC-MS): tapentadol POS, pregabalin POS; no other substances detected.",
     "consistent"),
    ("UDT 7/7: positive hydromorphone, negative for all others.", "consistent"),
    ("Urine tox 9/12: oxycodone POS, THC POS, benzodiazepines NEG.", "inconsistent"),
    # "not consistent" outweighs a "consistent" before it in the same clause
    ("UDS 4/18: hydrocodone consistent with Rx, but cannabinoids not consistent.", "inconsistent"),
    ("DRUG SCREEN REPORT\nOverall: NOT CONSISTENT with reported medications", "inconsistent"),
    # a laboratory's verdict line that does not name the test
    ("SPECIMEN: urine, immunoassay with confirmation.\nINTERPRETATION: INCONSISTENT", "inconsistent"),
    ("Analytes detected: buprenorphine, norbuprenorphine.\nConsistent with prescribed "
     "buprenorphine.", "consistent"),
])
def test_a_drug_test_result_is_read(text: str, result: str) -> None:
    found = facts_of(text, "urine_drug_test")
    assert [f.value["result"] for f in found if not f.hypothetical] == [result], found


def test_a_named_test_without_result_or_plan_states_nothing() -> None:
    assert not facts_of("She asked whether the UDS checks for alcohol.", "urine_drug_test")


def test_a_verdict_outside_drug_testing_is_no_drug_test() -> None:
    text = "The MRI shows findings consistent with prescribed activity restrictions."
    assert not facts_of(text, "urine_drug_test")


def test_a_drug_named_with_its_test_result_is_not_a_medication() -> None:
    text = "Confirmatory results: methadone present as expected; hydrocodone not detected."
    assert not facts_of(text, "medication")


def test_the_drug_a_long_test_sentence_expects_is_not_a_new_prescription() -> None:
    # the result set against the drug right before it, far from the test's name
    text = ("Oral fluid specimen sent to the outside laboratory last Thursday, results "
            "compatible with her prescribed tapentadol.")
    assert not [f for f in facts_of(text, "medication") if f.value.get("action") == "start"]


@pytest.mark.parametrize(("text", "factor"), [
    ("PMH: bleeding duodenal ulcer 2014.", "gi_bleed"),
    ("He had black tarry stools in March and was transfused.", "gi_bleed"),
    ("Findings: 2. Duplicate NSAID therapy from two clinics.", "high_dose_nsaid"),
    ("Risks: chronic corticosteroid for asthma.", "corticosteroid"),
])
def test_a_gi_risk_factor_is_read(text: str, factor: str) -> None:
    assert factor in [f.value["factor"] for f in facts_of(text, "gi_risk_factor")]


@pytest.mark.parametrize("text", [
    "Diclofenac 75 mg bid helps; no GI upset.",  # the drug's tolerance: a side effect
    "Takes meloxicam 7.5 mg daily without stomach upset.",
    "Offered a corticosteroid injection to the shoulder.",  # an injectate, not a drug taken
    # a prescription's strength is the drug, not a high-dose risk factor
    "Continue ibuprofen 800 mg tid #90.",
    "She currently takes naproxen 550 mg twice daily.",
    "He is taking ibuprofen 800 mg three times daily and says it helps a little.",
])
def test_what_is_not_a_gi_risk_factor(text: str) -> None:
    assert not facts_of(text, "gi_risk_factor")


@pytest.mark.parametrize(("text", "flag", "negated"), [
    ("ROS: No bladder/bowel changes.", "cauda_equina", True),
    ("ROS: Denies B/B changes.", "cauda_equina", True),
    ("Reports new numbness over the dorsum of the left foot.",
     "progressive_neurologic_deficit", False),
    ("She reports tingling in the saddle area since Tuesday.", "cauda_equina", False),
    ("He notes urinary hesitancy for two days.", "cauda_equina", False),
    ("Post-op day 3: voiding spontaneously, tolerating diet.", "cauda_equina", True),
    ("Vitals: afebrile, BP 128/76.", "infection", True),
    ("Vitals: Temp 101.2 F, HR 96.", "infection", False),
    ("Dressing removed; purulent drainage from the distal pole.", "infection", False),
    ("She has lost 15 lbs over two months without trying.", "tumor", False),
    ("Over six weeks there has been increasing clumsiness of the right hand.",
     "progressive_neurologic_deficit", False),
    ("His daughter says he is dragging his left foot on the stairs.",
     "progressive_neurologic_deficit", False),
])
def test_a_red_flag_is_read_from_the_vocabulary(text: str, flag: str, negated: bool) -> None:
    found = [(f.value["flag"], f.negated) for f in facts_of(text, "red_flag")]
    assert (flag, negated) in found, found


@pytest.mark.parametrize("text", [
    "Fusion at T 12 is solid.",  # a vertebra, not a temperature
    "APPORTIONMENT: 100% to the industrial injury.",  # a word ending in T, not a temperature
    "Incision clean, no erythema.",  # the examiner's wound finding, not a red flag
    "Goal: weight loss of 10 lbs with the diet program.",  # a goal, not a sign
    # a normal temperature is a vital sign, not a denied fever (train: the annotators
    # leave "T 98.4" among the vitals unmarked)
    "Vitals: T 36.8 C, HR 70.",
    "VITALS: Temp 98.4, BP 118/72.",
    "Wound clean. T 98.9. No calf tenderness.",
    # night pain of a shoulder or a knee, mechanical, is no tumour sign
    "Night pain wakes him 2-3 times.",
    "The therapy got her motion back some but the night pain never let up.",
    "Worse over 3 weeks with night pain.",
    "ROM down slightly; night pain waking pt 3x/night.",
])
def test_what_is_not_a_red_flag(text: str) -> None:
    assert not facts_of(text, "red_flag")


@pytest.mark.parametrize("text", [
    "Fill history: hydrocodone filled 6 days early in May.",
    "She admits taking 2 extra tablets on bad weekends.",
    "He says a co-worker gave him two of his Percocet after the move.",
    "He acknowledges cannabis use most evenings.",
    "Pharmacy report shows a hydrocodone fill from an urgent care in June.",
    "This is his second lost-prescription report this year.",
])
def test_an_aberrant_behaviour_is_read_from_the_vocabulary(text: str) -> None:
    assert facts_of(text, "aberrant_behavior")


def test_a_counted_supply_that_matches_is_the_behaviour_absent() -> None:
    found = facts_of("Pill count today 28 tabs oxycodone, matches the fill date.",
                     "aberrant_behavior")
    assert [f.value["present"] for f in found] == [False]


def test_a_prescriber_refusing_an_early_refill_is_no_behaviour() -> None:
    text = "PLAN: Oxycodone 5 mg 1 tab q8h prn #60, no early refills."
    assert not facts_of(text, "aberrant_behavior")


@pytest.mark.parametrize("text", [
    # how the injury happened, not a drug's effect
    "Taking tramadol. HPI: a 50-year-old framer who fell 12 feet from a scaffold.",
    "On naproxen. She was hurt when a shelf fell on her at the warehouse.",
    # what a drug is given for, not what it did
    "Ondansetron 4 mg prn for nausea; hydroxyzine 25 mg qhs for itching.",
])
def test_what_is_not_a_side_effect(text: str) -> None:
    assert not facts_of(text, "side_effect")


def test_what_a_drug_was_stopped_for_is_its_side_effect() -> None:
    found = facts_of("Cyclobenzaprine was stopped in May for drowsiness.", "side_effect")
    assert [f.value["effect"] for f in found] == ["drowsiness"]


@pytest.mark.parametrize(("text", "flag", "negated"), [
    # night pain that rest does not ease is a tumour's; denied night pain is denied
    ("Constant mid-back pain that wakes him at night and is not relieved by lying down.",
     "tumor", False),
    ("She describes unremitting night pain in the thoracic spine.", "tumor", False),
    ("Rest pain not relieved by position, worse over two months.", "tumor", False),
    ("He denies rest or night pain.", "tumor", True),
    ("No night pain.", "tumor", True),
])
def test_night_pain_is_a_tumour_sign_only_unrelieved_or_denied(text: str, flag: str,
                                                               negated: bool) -> None:
    found = [(f.value["flag"], f.negated) for f in facts_of(text, "red_flag")]
    assert found == [(flag, negated)], found


@pytest.mark.parametrize(("text", "flag", "count"), [
    # one flag's signs in a list are one fact, slashed or comma-separated
    ("ROS: [x] denies fever/chills [x] denies new leg weakness", "infection", 1),
    ("No fever/chills. Incisions healed.", "infection", 1),
    ("No fevers, chills, or wound drainage since discharge.", "infection", 1),
    ("GU: [x] denies urinary retention/incontinence", "cauda_equina", 1),
    # cauda equina signs joined by a conjunction are denied one by one
    ("She denies saddle anesthesia and bowel or bladder dysfunction.", "cauda_equina", 2),
    ("Denies saddle numbness or urinary retention.", "cauda_equina", 2),
    ("He denies any numbness in the groin or bowel and bladder issues.", "cauda_equina", 2),
])
def test_a_list_of_one_flags_signs(text: str, flag: str, count: int) -> None:
    found = [f for f in facts_of(text, "red_flag") if f.value["flag"] == flag]
    assert len(found) == count, [(f.evidence.quote, f.negated) for f in found]
    assert all(f.negated for f in found)
