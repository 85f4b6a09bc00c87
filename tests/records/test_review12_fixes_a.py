"""Review 12's reading findings fixed by session "fix-review-a" (R3-R5, R13-R16, R34, R37,
R41, R42): each misread in other words than the review's repro, and the reading kept where
it is right."""

from __future__ import annotations

from pathlib import Path

import pytest

from openimr.model import Case
from openimr.records import documents_for_case
from openimr.records.extract import extract_facts
from openimr.records.kinds.base import checklist_denied, side_letter, sides_named
from openimr.records.kinds.exam import force_alone
from openimr.records.pain_changes import pain_changes
from openimr.records.pain_words import governs_the_drug, label_context
from openimr.records.relief import pre_post_counts


def _facts(kind: str, text: str, note_type: str = "progress note") -> list[dict]:
    case = Case.model_validate({
        "ur_decision": {"date": "2020-01-10"}, "disputed_items": ["x"],
        "records": [{"date": "2020-01-02", "type": note_type, "text": text}]})
    return [{**f.value, "_negated": not f.asserted if hasattr(f, "asserted") else False}
            for f in extract_facts(documents_for_case(case, Path(".")))
            if f.kind.value == kind]


def _pairs(text: str) -> list[tuple[float, float]]:
    return [(before, after) for _match, before, after in pain_changes(text)]


# -- R3: an exception after a denial is told


@pytest.mark.parametrize("text", [
    "Aberrancy: none, apart from an early refill request in May.",
    "Aberrant drug behavior: no, aside from one lost prescription.",
])
def test_an_exception_after_the_field_s_denial_is_a_behaviour_told(text: str) -> None:
    found = _facts("aberrant_behavior", text, "pain management note")
    assert any(f["present"] for f in found), found
    assert not any(f["behavior"] == "aberrant behaviors" and not f["present"] for f in found)


def test_a_plain_denial_is_still_an_absence() -> None:
    found = _facts("aberrant_behavior", "Aberrant behaviors: none noted.", "pain management note")
    assert found and not any(f["present"] for f in found)
    found = _facts("aberrant_behavior", "UDS consistent, but no early refill requests.",
                   "pain management note")
    assert found and not any(f["present"] for f in found)


def test_a_denied_list_ends_at_an_exception() -> None:
    assert not checklist_denied("No fever, chills other than ", " night sweats")
    assert checklist_denied("No fever, chills or ", " night sweats")


# -- R4: "and she has ..." goes on with the worker's account


@pytest.mark.parametrize("text", [
    "He says his left knee buckles, and he feels tingling in the left shin by evening.",
    "She reports the arm gets heavy, and she notices weakness of her grip when driving.",
])
def test_the_account_going_on_after_and_he_or_she_is_no_examination(text: str) -> None:
    assert not any(f.get("positive") for f in _facts("exam_finding", text)
                   if f["finding"] in ("sensory_deficit", "motor_deficit"))


def test_an_examiner_s_clause_after_the_account_is_still_a_finding() -> None:
    text = ("She reports numbness of the right foot, and there is decreased sensation to "
            "pinprick over the right L5 dermatome.")
    assert any(f.get("positive") for f in _facts("exam_finding", text)
               if f["finding"] == "sensory_deficit")


# -- R5, R42: "with" and "without" of the drug only; one set of qualifier words


@pytest.mark.parametrize("text", [
    "Pain 7 without, 3 with the TENS unit.",
    "Pain 6/10 with ice, 9/10 without ice.",
    "Pain: current 4, average 6, least 2 w/o meds.",
])
def test_another_treatment_s_with_and_without_is_no_drug_pair(text: str) -> None:
    assert _pairs(text) == []


@pytest.mark.parametrize(("text", "pair"), [
    ("Pain 9 w/o, 5 w/ meds.", (9.0, 5.0)),
    ("NRS 8 without, 3 with.", (8.0, 3.0)),
    ("Pain: current 4, least 2, average 7 w/o meds.", (7.0, 4.0)),
])
def test_the_drug_s_with_and_without_is_still_a_pair(text: str, pair: tuple) -> None:
    assert _pairs(text) == [pair]


def test_the_qualifier_words_are_one_list() -> None:
    assert label_context("usual") == label_context("avg") == "average"
    assert label_context("w/ meds") == label_context("after dose") == "with_medication"
    assert label_context("now") == "current"


def test_what_a_with_governs_decides_whether_it_is_the_drug() -> None:
    import re

    medicine = re.compile(r"\bmeds?\b|\bnorco\b", re.IGNORECASE)
    assert governs_the_drug("", medicine) and governs_the_drug(" Norco, 8 without", medicine)
    assert governs_the_drug(" it", medicine) and governs_the_drug(" the combination", medicine)
    assert not governs_the_drug(" the walker", medicine)
    assert not governs_the_drug(" heat and rest", medicine)


# -- R14: a score with another treatment is no score on the drug


@pytest.mark.parametrize("text", [
    "Usual pain 8/10; 4/10 with the knee sleeve on.", "Pain 6/10, 2/10 with heat.",
])
def test_a_score_with_another_treatment_is_not_with_medication(text: str) -> None:
    assert not any(f.get("context") == "with_medication" for f in _facts("pain_score", text))


def test_a_score_with_the_drug_is_still_with_medication() -> None:
    found = _facts("pain_score", "Pain 8/10 without, 3/10 with.")
    assert {f.get("context") for f in found} == {"without_medication", "with_medication"}
    found = _facts("pain_score", "Pain 2/10 with Percocet.")
    assert [f.get("context") for f in found] == ["with_medication"]


# -- R15: letters with their own results are one-sided


@pytest.mark.parametrize("text", [
    "Patellar reflex 1+ L and R 2+", "Heel walk weak L & R normal", "Sensation diminished L / R intact",
])
def test_two_letters_with_their_own_results_are_not_both_sides(text: str) -> None:
    # the finding's own words end after its first letter; the other letter is joined after
    assert side_letter(text, 0, text.index("L") + 1) == "left"


@pytest.mark.parametrize("text", ["Reflexes 2+ L and R equal", "Ankle jerk L=R", "Ankle jerk absent L & R"])
def test_two_letters_sharing_one_result_are_both_sides(text: str) -> None:
    assert side_letter(text, 0, text.index("L") + 1) == "bilateral"


# -- R16: the therapy's paperwork is not the therapy


@pytest.mark.parametrize("text", [
    "Plan:\nChiropractic 2x4; no prior chiropractic notes on file.",
    "No previous PT documentation was provided for review.",
])
def test_missing_therapy_records_are_no_course_of_none(text: str) -> None:
    assert not any(f.get("count") == 0 for f in _facts("therapy_sessions", text))


def test_no_therapy_had_is_still_a_course_of_none() -> None:
    assert any(f.get("count") == 0 for f in _facts("therapy_sessions",
                                                     "He has never had physical therapy."))


# -- R34: a therapeutic facet injection's recovery-room score is no relief


def test_a_therapeutic_facet_injection_s_immediate_score_is_no_relief() -> None:
    assert not pre_post_counts("Bilateral L5-S1 facet joint injections with Depo-Medrol", "")
    assert not pre_post_counts("Therapeutic C5-6 facet injection", ". Follow up in 2 weeks")


def test_a_diagnostic_block_s_immediate_score_is_still_its_result() -> None:
    assert pre_post_counts("Left L3-4, L4-5 medial branch blocks", "")
    assert pre_post_counts("Comparative facet block with bupivacaine and steroid", "")
    assert pre_post_counts("Therapeutic facet injection", ", relief lasting 6 weeks")


# -- R37: a short-lived help over a few words


@pytest.mark.parametrize("text", [
    "Massage helped, though really only briefly.",
    "TENS helped him, yet just temporarily.",
])
def test_a_help_told_short_lived_after_a_few_words_is_partial(text: str) -> None:
    assert [f["outcome"] for f in _facts("treatment_trial", text)] == ["partial"]


def test_a_help_with_no_brevity_is_still_full() -> None:
    assert [f["outcome"] for f in _facts("treatment_trial", "Acupuncture helped a lot.")] == \
        ["helped"]


# -- R41: force_alone reads both sides through the shared reader


def test_force_alone_reads_sides_as_the_shared_reader_does() -> None:
    assert sides_named("Pinch 9 lb R; seen by Dr. L Jones") == {"right"}
    assert force_alone("Pinch 9 lb R; seen by Dr. L Jones")
    assert sides_named("grip rt 30 kg, lt 18 kg") == {"left", "right"}
    assert not force_alone("Grip rt 30 kg, lt 18 kg")
