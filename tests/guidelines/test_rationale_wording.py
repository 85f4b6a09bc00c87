"""The drafted rationale: the deciding fact leads, each record's words are quoted once, a
sentence is not said twice, a brand keeps its capital, an amount reads as English (letter
review 13, findings 4, 8 and 9)."""

from __future__ import annotations

from openimr.guidelines.engine import _lower_first, _with_evidence, compose_rationale
from openimr.guidelines.knowledge import load_knowledge_base
from openimr.guidelines.predicates.request import _amount_asked
from openimr.model import CriterionResult, CriterionRole, CriterionStatus, Decision, Evidence


def _result(id_: str, status: CriterionStatus, explanation: str, *quotes: str) -> CriterionResult:
    return CriterionResult(
        id=id_, text="t", status=status, role=CriterionRole.requirement, explanation=explanation,
        evidence=[Evidence(document="record-1", page=1, quote=q, start=0, end=len(q))
                  for q in quotes])


def _version():  # type: ignore[no-untyped-def]
    topic = load_knowledge_base().topic_for("physical_therapy")
    return topic.versions[-1]


def test_the_deciding_fact_leads_an_upheld_rationale_and_repeats_are_dropped() -> None:
    results = [
        _result("a", CriterionStatus.not_met, "The worker already had 20 visits.", "20 PT visits"),
        _result("b", CriterionStatus.unknown, "The dose cannot be computed."),
        _result("c", CriterionStatus.unknown, "The dose cannot be computed."),
    ]
    text = compose_rationale("Physical therapy 8 visits", Decision.upheld, _version(), results)
    first, second = text.split(". ", 2)[:2]
    assert first == "The request for physical therapy 8 visits is not supported"
    assert second.startswith("The worker already had 20 visits")
    assert text.count("The dose cannot be computed.") == 1


def test_words_the_sentence_already_prints_are_not_quoted_again() -> None:
    said = _result("a", CriterionStatus.met, 'The plan says "surgery is not planned at this time".',
                   "surgery is not planned at this time")
    assert _with_evidence(said) == ('The plan says "surgery is not planned at this time" '
                                    "(record-1, page 1).")


def test_a_quote_cited_earlier_is_named_by_place_only() -> None:
    cited: set[str] = set()
    _with_evidence(_result("a", CriterionStatus.met, "Gait is slow.", "walks 40 ft with walker"),
                   cited=cited)
    again = _with_evidence(_result("b", CriterionStatus.met, "A device is needed.",
                                   "walks 40 ft with walker"), cited=cited)
    assert again == "A device is needed (record-1, page 1)."


def test_a_short_word_in_the_sentence_is_still_quoted_with_its_place() -> None:
    # near miss: "TENS" in the sentence is not the record's words quoted
    result = _result("a", CriterionStatus.met, "A TENS trial is documented.", "TENS")
    assert _with_evidence(result) == 'A TENS trial is documented (record-1, page 1: "TENS").'


def test_a_brand_name_keeps_its_capital_and_a_generic_or_word_does_not() -> None:
    assert _lower_first("Vicodin 5/300 #60") == "Vicodin 5/300 #60"
    assert _lower_first("Gabapentin 300 mg") == "gabapentin 300 mg"
    assert _lower_first("Aquatic therapy 2x4") == "aquatic therapy 2x4"


def test_an_amount_reads_as_english_without_a_bracketed_label() -> None:
    assert _amount_asked("the sessions requested", "10 sessions") == \
        "The request asks for 10 sessions"
    assert _amount_asked("the tablets requested", "40") == "The request asks for 40 tablets"
    assert _amount_asked("the number of visits of the trial", "12 visits") == \
        "The number of visits of the trial comes to 12 visits"
    assert _amount_asked("the levels injected", "3 levels") == "The levels injected come to 3 levels"
