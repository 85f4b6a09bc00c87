"""The rationale answers the reason UR gave for its denial (letter review 13, finding 4)."""

from __future__ import annotations

from openimr.model import (
    CriterionResult,
    CriterionRole,
    CriterionStatus,
    Decision,
    Document,
    ItemDetermination,
    Page,
)
from openimr.review.urreason import answer, ur_reasons

UR = """PACIFIC CLAIMS -- UTILIZATION REVIEW DETERMINATION 03/02/2018
Requests: 1) Acupuncture 6 sessions neck  2) Tizanidine 4mg #60
Decision: Acupuncture NON-CERTIFIED: no documentation of functional gains after the prior
acupuncture course. Tizanidine NON-CERTIFIED: sedating; not advised for long-term use.
Reviewer: Board Certified Family Medicine. IMR rights enclosed."""


def _ur(text: str) -> Document:
    return Document(id="record-2", type="utilization review determination",
                    pages=[Page(number=1, text=text)])


def test_each_items_reason_is_read_from_its_own_decision_not_the_list_of_requests() -> None:
    reasons = ur_reasons(["Acupuncture 6 sessions neck", "Tizanidine 4mg #60"], [_ur(UR)])
    assert reasons == {
        0: "no documentation of functional gains after the prior acupuncture course.",
        1: "sedating; not advised for long-term use."}


def test_an_item_the_letter_names_only_in_passing_has_no_reason() -> None:
    # near miss: the drug is named in the summary, never with a denial of its own
    text = "UR NOTICE\nSummary: on meloxicam since 2016.\nGabapentin: non-certify, no neuropathic pain.\n"
    assert ur_reasons(["Meloxicam 15mg #30"], [_ur(text)]) == {}


def test_a_treating_note_is_never_read_as_ur() -> None:
    note = Document(id="record-1", type="PR-2 progress report", pages=[Page(number=1, text=UR)])
    assert ur_reasons(["Acupuncture 6 sessions neck"], [note]) == {}


def _item(decision: Decision, status: CriterionStatus) -> ItemDetermination:
    criterion = CriterionResult(
        id="ac.gains", text="Acupuncture continues only with documented functional gains.",
        status=status, role=CriterionRole.requirement,
        explanation="The records document functional gains after the acupuncture course.")
    return ItemDetermination(item="Acupuncture 6 sessions neck", decision=decision,
                             rationale="x", criteria=[criterion])


def test_the_reason_holds_when_the_requirement_it_rests_on_is_not_met() -> None:
    reason = "no documentation of functional gains after the prior acupuncture course."
    sentence = answer(_item(Decision.upheld, CriterionStatus.not_met), reason, " of 03/02/2018")
    assert sentence.startswith('The utilization review of 03/02/2018 denied the request, '
                               'stating: "no documentation of functional gains')
    assert sentence.endswith("That reason holds, as set out above.")


def test_an_overturn_says_the_reason_does_not_hold_and_names_the_requirement() -> None:
    reason = "no documentation of functional gains after the prior acupuncture course."
    sentence = answer(_item(Decision.overturned, CriterionStatus.met), reason, "")
    assert "That reason does not hold: the requirement it rests on (Acupuncture continues " \
           "only with documented functional gains) is met" in sentence


def test_an_upheld_item_does_not_endorse_a_reason_the_review_did_not_find() -> None:
    # near miss: UR's reason shares no requirement of the review; the denial stands on its own
    sentence = answer(_item(Decision.upheld, CriterionStatus.not_met), "not medical treatment.", "")
    assert "holds" not in sentence and "upheld on the grounds set out above" in sentence
