"""Review 15, findings 11 and 14: one reader of a UR letter by item, for its stated reason
and for the guidelines it cites, and a reason said to hold only on its distinctive words."""

from __future__ import annotations

from openimr.letters.rendering import guidelines_cited_by_ur
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


def _ur(text: str) -> Document:
    return Document(id="record-5", type="utilization review determination",
                    pages=[Page(number=1, text=text)])


def test_a_colon_in_the_history_heads_no_reason_the_decision_does() -> None:
    letter = _ur("UR DETERMINATION 04/11/2020\nPrior testing: EMG/NCS: mild ulnar slowing at the "
                 "elbow, 2018.\nDetermination: EMG/NCS bilateral upper extremities NON-CERTIFIED: "
                 "the exam is unchanged since the 2018 study.\nReviewer: Board Certified PM&R.")
    assert ur_reasons(["EMG/NCS bilateral upper extremities"], [letter]) == {
        0: "the exam is unchanged since the 2018 study."}
    # near miss: a colon head at the start of a numbered entry still gives the reason
    entry = _ur("UR DETERMINATION\n2) EMG/NCS: no new deficit and no progression of symptoms.\n")
    assert ur_reasons(["EMG/NCS bilateral upper extremities"], [entry]) == {
        0: "no new deficit and no progression of symptoms."}


def test_an_earlier_reviews_denial_and_a_modification_are_no_reason() -> None:
    letter = _ur("UR DETERMINATION\nBackground: tramadol was non-certified in a previous review "
                 "in 2020 and tapered.\nTramadol 50 mg #60: modified to #30 to continue the taper.")
    assert ur_reasons(["Tramadol 50mg #60"], [letter]) == {}
    # near miss: this letter's own denial in the past tense is read
    own = _ur("UR DETERMINATION\nTramadol 50 mg #60 was non-certified; no urine drug screen or "
              "opioid agreement is on file.")
    assert ur_reasons(["Tramadol 50mg #60"], [own]) == {
        0: "no urine drug screen or opioid agreement is on file."}


def test_one_decision_for_two_items_and_the_next_label_ends_a_reason() -> None:
    letter = _ur("UR DETERMINATION\nGym and pool memberships: non-certified. Exercise equipment "
                 "and facility access are not medical treatment per ODG.\nDetermination: "
                 "Chiropractic 6 visits is certified.")
    items = ["Gym membership x 6 months", "Pool membership x 3 months"]
    reasons = ur_reasons(items, [letter])
    assert reasons[0] == reasons[1] == ("Exercise equipment and facility access are not medical "
                                        "treatment per ODG.")


def test_the_reason_and_the_guideline_line_read_the_same_part_of_the_letter() -> None:
    letter = _ur("UR DETERMINATION\nRequests: 1) MRI cervical spine 2) MRI lumbar spine\n"
                 "Cervical MRI: non-certified per ACOEM, no red flags or progressive deficit. "
                 "Lumbar MRI: non-certified per ODG, no new radicular findings since 2017.\n")
    items = ["MRI cervical spine", "MRI lumbar spine"]
    assert ur_reasons(items, [letter]) == {
        0: "per ACOEM, no red flags or progressive deficit.",
        1: "per ODG, no new radicular findings since 2017."}
    assert guidelines_cited_by_ur([letter], items[0], items).startswith("ACOEM")
    assert guidelines_cited_by_ur([letter], items[1], items).startswith("Official Disability")


def _criterion(id: str, text: str, status: CriterionStatus) -> CriterionResult:
    return CriterionResult(id=id, text=text, status=status, role=CriterionRole.requirement,
                           explanation=text)


def test_a_reason_holds_on_its_distinctive_words_not_on_shared_ones() -> None:
    criteria = [
        _criterion("op.uds", "A urine drug screen consistent with the prescribed opioids is on "
                   "file.", CriterionStatus.not_met),
        _criterion("op.function", "Pain relief and functional improvement with the opioid "
                   "are documented.", CriterionStatus.not_met)]
    upheld = ItemDetermination(item="Norco 10/325 #90", decision=Decision.upheld, rationale="x",
                               criteria=criteria)
    # UR speaks of another treatment's relief: the words it shares are everyone's
    generic = answer(upheld, "the epidural injection gave no pain relief or functional "
                     "improvement.", "")
    assert "holds" not in generic and "upheld on the grounds set out above" in generic
    # near miss: a reason naming the screen the review found missing holds
    told = answer(upheld, "no urine drug screen consistent with the prescription is on file.", "")
    assert told.endswith("That reason holds, as set out above.")
