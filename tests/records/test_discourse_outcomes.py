"""Outcomes stated without naming their treatment judge the treatment under discussion, and
a later note's report of a procedure's result is about the procedure an earlier note states."""

from __future__ import annotations

import pytest

from openimr.model import Document, Page
from openimr.records import linkrank
from openimr.records.discourse import collective, topic
from openimr.records.extract import extract_facts
from openimr.records.trained import rules_only

from .conftest import facts_of


def _doc(doc_id: str, text: str) -> Document:
    return Document(id=doc_id, pages=[Page(number=1, text=text)])


def _outcomes(text: str) -> set[tuple[str, str]]:
    with rules_only():
        facts = facts_of(text, "treatment_trial", "d1")
    return {(f.value["treatment"], f.value["outcome"]) for f in facts}


@pytest.mark.parametrize(("before", "sentence", "expected"), [
    # the previous sentence of the paragraph names the treatment
    ("He finished eight acupuncture sessions in June. ", "No real change.", ["acupuncture"]),
    # the sentence before that, when the one between names none
    ("A back brace was issued in May. He wears it daily. ", "Minimal relief.", ["bracing"]),
    # a blank line opens a new topic
    ("Tried a TENS unit at home for a month.\n\n", "No lasting benefit.", []),
    # a new item of a list is about its own treatment
    ("1. Continue meloxicam 7.5 mg daily.\n", "2. Little change in sleep.", []),
    # inside an item, only the item's own words count
    ("Plan: ibuprofen as needed.\n3. Knee sleeve for work. ", "Without benefit so far.",
     ["bracing"]),
])
def test_the_topic_is_the_nearest_treatment_of_the_paragraph(
        before: str, sentence: str, expected: list[str]) -> None:
    assert [name for _s, _e, name in topic(before, sentence)] == expected


def test_a_topic_is_not_carried_more_than_two_sentences() -> None:
    before = ("Chiropractic twice weekly since March. Works as a roofer. Lives with his "
              "brother. Drives a truck. ")
    assert topic(before, "No lasting benefit.") == []


@pytest.mark.parametrize(("sentence", "together"), [
    ("Neither made a difference.", True),
    ("None of these changed the pain.", True),
    ("No lasting benefit.", False),
])
def test_a_sentence_that_speaks_of_all_treatments_at_once(sentence: str, together: bool) -> None:
    assert collective(sentence) is together


@pytest.mark.parametrize(("text", "expected"), [
    # an outcome sentence that names nothing judges the previous sentence's treatment
    ("She wore a wrist splint nightly for six weeks. No lasting benefit.\n",
     {("bracing", "failed")}),
    # several treatments spoken of together each get the outcome
    ("Over the winter he tried a TENS unit and acupuncture. No relief from any of it.\n",
     {("tens", "failed"), ("acupuncture", "failed")}),
    # otherwise only the last one named ("the TENS unit" is judged, not the earlier drug)
    ("Takes ibuprofen at night; a TENS unit was added in May. Good response so far.\n",
     {("tens", "helped")}),
])
def test_an_outcome_that_names_no_treatment_judges_the_topic(
        text: str, expected: set[tuple[str, str]]) -> None:
    assert _outcomes(text) == expected


def test_a_sentence_that_refers_to_a_kind_of_treatment_judges_that_kind() -> None:
    text = ("He takes naproxen daily and finished a course of acupuncture in April. "
            "Frankly, the sessions did not change much.\n")
    assert _outcomes(text) == {("acupuncture", "failed")}


def test_an_injection_named_by_its_approach_is_a_treatment() -> None:
    assert _outcomes("Assessment: excellent response to the right L4 TFESI.\n") == {
        ("injection", "helped")}


@pytest.mark.parametrize("text", [
    # a sentence whose own subject is something the vocabulary does not know is about that,
    # not about the treatment before it
    "Takes ibuprofen 400 mg at night. Valerian root does nothing.\n",
    # someone helping the worker judges no treatment
    "Uses a cane outdoors since the fall. His daughter helps him bathe.\n",
    # a new paragraph does not carry the treatment
    "Home exercises reviewed with the patient.\n\nNo lasting benefit from rest alone.\n",
    # a plan's condition is no outcome
    "Continue the lumbar brace. If no improvement, refer to spine surgery.\n",
])
def test_an_unnamed_outcome_is_not_read_without_a_topic(text: str) -> None:
    assert _outcomes(text) == set()


PROCEDURE_NOTE = """PROCEDURE NOTE 03/02/2022
Procedure: Left L5-S1 transforaminal epidural steroid injection under fluoroscopy.
Tolerated well.
"""
FOLLOW_UP = """FOLLOW-UP 04/27/2022
She reports about 70% relief of the leg pain for 7 weeks. Walking 30 minutes daily.
Plan: would consider a repeat epidural if the leg pain returns.
"""


def test_a_later_note_s_injection_response_links_to_the_earlier_procedure() -> None:
    # The discourse rule's own link, with the link ranker off as well: the ranker retrained in
    # the eighth session leaves this short two-note example unlinked (see docs/records.md).
    with rules_only(), linkrank.rules_only():
        facts = extract_facts([_doc("d1", PROCEDURE_NOTE), _doc("d2", FOLLOW_UP)])
    procedures = [f for f in facts if f.kind.value == "injection_history"
                  and f.evidence.document == "d1"]
    responses = [f for f in facts if f.kind.value == "injection_history"
                 and f.evidence.document == "d2" and f.value.get("relief_percent")]
    assert procedures and responses
    assert {f.about for f in responses} == {procedures[-1].key}


def test_a_response_keeps_the_procedure_its_own_note_states() -> None:
    follow_up = FOLLOW_UP.replace("She reports", "The lumbar ESI of March 2 gave her")
    with rules_only():
        facts = extract_facts([_doc("d1", PROCEDURE_NOTE), _doc("d2", follow_up)])
    by_key = {f.key: f for f in facts}
    responses = [f for f in facts if f.kind.value == "injection_history"
                 and f.value.get("relief_percent")]
    assert responses and all(by_key[f.about].evidence.document == "d2" for f in responses)
