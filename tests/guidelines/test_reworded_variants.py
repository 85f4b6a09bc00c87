"""Decisions that must not turn on the wording of a note (session "decide-variants"): the same
facts told in other words reach the same criterion status."""

from __future__ import annotations

import datetime as dt

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note, _context, _status

met, not_met = CriterionStatus.met, CriterionStatus.not_met
_PRIOR_OPIOID = {"classes": ["opioid"], "description": "an opioid", "prior_use": True}


def _oxycodone_plan(text: str, names: list[str]):
    note = Note(text, dt.date(2017, 4, 3))
    facts = [note.fact("medication", name, drug=name, generic="oxycodone/acetaminophen")
             for name in names]
    return _context("Percocet 5/325mg #40", [note], facts)


def test_a_generic_and_its_bracketed_brand_are_one_mention_not_earlier_use() -> None:
    """CPMTG pp. 76-77: a first opioid is a trial; the plan that names the drug twice in one
    phrase has not shown it taken before."""
    for text, names in [
            ("Plan: oxycodone/acetaminophen 5/325 (Percocet) one q6h prn.",
             ["oxycodone/acetaminophen", "Percocet"]),
            ("Plan: Percocet (oxycodone/acetaminophen) 5/325, one q6h prn.",
             ["Percocet", "oxycodone/acetaminophen"])]:
        assert _status(_oxycodone_plan(text, names), "on_medication", **_PRIOR_OPIOID) is not_met


def test_the_drug_named_in_two_sentences_of_a_note_is_still_earlier_use() -> None:
    text = "Takes Percocet for the flares. Plan: refill oxycodone/acetaminophen 5/325 q6h prn."
    context = _oxycodone_plan(text, ["Percocet", "oxycodone/acetaminophen"])
    assert _status(context, "on_medication", **_PRIOR_OPIOID) is met


def test_headaches_described_by_migraine_features_are_migraine_for_a_triptan() -> None:
    """ODG Head, Triptans: a triptan treats migraine; attacks told by their features
    (one-sided or throbbing, with light sensitivity or nausea) are migraine described."""
    from tests.guidelines.test_generalizing_decisions import _decide

    def triptan_migraine(text: str) -> CriterionStatus:
        note = Note(text, dt.date(2019, 2, 4))
        drafted = _decide("Rizatriptan 10mg #6", [note], [])
        return {c.id: c.status for c in drafted.criteria}["om.triptan_migraine"]

    assert triptan_migraine("Headaches since the fall: throbbing, right-sided,\n"
                            "made worse by light, with nausea on bad days.") is met
    assert triptan_migraine("Episodes are nauseating at times and unilateral.") is met
    assert triptan_migraine("Daily dull band-like headache, no nausea, no light "
                            "sensitivity.") is not met


def test_a_scan_s_zero_for_the_letter_o_does_not_hide_a_statement() -> None:
    from openimr.guidelines.predicates.statements import ocr_letters

    assert ocr_letters("still w0rried ab0ut an 0ccult fracture") == \
        "still worried about an occult fracture"
    # numbers and level codes keep their zeros, and the text keeps its length
    for text in ("L5-S1, C0 and 10mg", "0.5 mg", "pain 6/10", "T10"):
        assert ocr_letters(text) == text
    note = Note("Films negative tw1ce. Concern f0r an 0ccult hamate fracture.", dt.date(2021, 6, 1))
    context = _context("MRI left wrist", [note], [])
    assert _status(context, "records_state", description="an occult fracture",
                   met_patterns=[r"occult (?:\w+ )?fracture"]) is met


def test_an_instrument_told_as_baseline_then_today_is_an_improvement() -> None:
    """8 CCR 9792.20(e): an instrument improved by its clinically important difference."""
    from openimr.guidelines.predicates.trends import instrument_improvement

    note = Note("Oswestry Disability Index: 46% initially, 30% now.", dt.date(2021, 3, 1))
    assert instrument_improvement(_context("Chiropractic 6 visits", [note], []))
    small = Note("ODI = 46 at the start of care, 42 today.", dt.date(2021, 3, 1))
    assert not instrument_improvement(_context("Chiropractic 6 visits", [small], []))


def test_a_daily_dose_now_taken_now_and_then_is_medication_reduced() -> None:
    """mtus-facts §3.4: acupuncture when pain medication is reduced."""
    from tests.guidelines.test_generalizing_decisions import _decide

    def conditions(text: str) -> CriterionStatus:
        drafted = _decide("Acupuncture 6 sessions", [Note(text, dt.date(2021, 8, 2))], [])
        return {c.id: c.status for c in drafted.criteria}["ac.conditions_of_use"]

    assert conditions("Tramadol: was two tablets a day, now just one every other day.") is met
    assert conditions("Tramadol two tablets a day.") is not met


def test_a_note_telling_the_requested_opioid_as_tapered_is_a_taper() -> None:
    """CPMTG pp. 79-80, 124: weaning, told in words where no directions give the doses."""
    def lowered(action: str) -> CriterionStatus:
        note = Note("We keep stepping down his Percocet, two fewer each month.", dt.date(2018, 3, 5))
        fact = note.fact("medication", "Percocet", drug="Percocet",
                         generic="oxycodone/acetaminophen", action=action)
        return _status(_context("Percocet 5/325mg #45", [note], [fact]), "opioid_dose_lowered")

    assert lowered("taper") is met
    assert lowered("current") is not met


def test_a_drug_response_table_written_as_a_bulleted_list_is_still_a_table() -> None:
    """An EHR export opens every line of a section with a bullet; the table of the drug and
    the pain by visit is the same table (CPMTG p. 16: a response to an antiepilepsy drug is
    a reduction of pain)."""
    rows = ("Date        Pregabalin    Leg pain (0-10)   Walking\n"
            "01/2020     75 twice a day   7               one block\n"
            "03/2020     75 twice a day   4               six blocks\n")
    for mark in ("", "- ", "• "):
        text = "".join(f"  {mark}{line}\n" for line in rows.splitlines())
        context = _context("Pregabalin 75mg #60", [Note(text, dt.date(2020, 3, 9))], [])
        assert _status(context, "pain_relief_documented") is met, mark


def test_an_outcome_said_once_for_what_a_sentence_lists_is_each_ones() -> None:
    """A trial that did not settle the complaint failed (issue 12 §1), whether the outcome
    is beside the drug or closes the sentence that lists it."""
    text = "She used a wrist brace at night for a month and took naproxen, to no avail."
    note = Note(text, dt.date(2019, 3, 1))
    facts = [note.fact("medication", "naproxen", drug="naproxen", generic="naproxen")]
    context = _context("Right wrist corticosteroid injection", [note], facts)
    args = {"treatments": ["nsaid"], "description": "an NSAID"}
    assert _status(context, "treatment_failed", **args) is met


def test_a_pain_change_in_words_is_a_pain_change() -> None:
    from openimr.guidelines.predicates.medication import pain_changes

    changes = [(b, a) for _, b, a in pain_changes("Back pain three out of ten, down from "
                                                   "eight before the block.")]
    assert changes == [(8.0, 3.0)]
    # a count in words is no score
    assert not list(pain_changes("Pain walks went from two to one miles a day."))


def test_the_most_recent_test_dated_in_words_is_the_last_test() -> None:
    from openimr.guidelines.predicates.medication import last_test_stated

    note = Note("The most recent urine drug screen on file is from March 2014.",
                dt.date(2015, 5, 1))
    stated = last_test_stated(_context("Urine drug screen", [note], []))
    assert [day.year for day, _ in stated] == [2014]


def test_a_pain_change_with_its_verb_left_out() -> None:
    from openimr.guidelines.predicates.medication import pain_changes

    assert (7.0, 3.0) in [(b, a) for _, b, a in pain_changes(
        "Neck pain down from 7 to 3 out of 10 on it.")]
