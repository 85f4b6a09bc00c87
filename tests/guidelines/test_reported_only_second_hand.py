"""A criterion a treating provider documents when it is so is not met on the records' silence
(`Context.absent_after_search`). When a second-hand record (a UR letter's clinical summary, a
nurse case manager's summary of the provider's record) reports it, the records are not silent:
the criterion is unknown, the draft names the report, and the treating provider's own record
is what is missing (8 CCR 9792.10.6(b)(2): a report alone settles nothing)."""

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_notmet_and_overturns3 import _draft

CONSULT = ("Pain management consultation 06/10/2021. Neck and low back pain since a fall in "
           "2018. Exam: diffuse paraspinal tenderness, strength 5/5, reflexes symmetric. Not a "
           "surgical candidate per spine surgeon. Off work; sits 15 minutes at most, needs help "
           "with putting on socks.")
UR_SUMMARY = ("UTILIZATION REVIEW DETERMINATION. Request: functional restoration program. "
              "Non-certified.\nClinical summary: Per the submitted records the claimant has "
              "completed 24 sessions of physical therapy and a course of chiropractic care "
              "without lasting benefit; naproxen did not help.\nRationale: "
              "Chronic pain programs require that previous methods of treating the pain have "
              "been unsuccessful.")


def _previous_treatment(notes: list[tuple[str, str, str]]):
    drafted = next(iter(_draft(["Functional restoration program 10 days"], notes).values()))
    criterion = next(c for c in drafted.criteria if c.id == "frp.previous_treatment_failed")
    return drafted, criterion


def test_a_failure_reported_only_in_a_ur_summary_is_unknown_not_absent() -> None:
    drafted, criterion = _previous_treatment([
        ("2021-06-10", "pain management consultation", CONSULT),
        ("2021-07-01", "UR notice of determination", UR_SUMMARY)])
    assert criterion.status is CriterionStatus.unknown
    assert "second-hand" in criterion.explanation and "record-2" in criterion.explanation
    assert "No record submitted" not in criterion.explanation
    assert any(e.document == "record-2" for e in criterion.evidence)
    # still upheld, and said to be for want of documentation, not on a failed criterion
    assert drafted.decision.value == "upheld"
    assert drafted.basis.value == "insufficient_documentation"


def test_the_silence_of_every_record_is_still_not_met() -> None:
    """The guideline quote in the UR letter's rationale is not a report of the worker: with no
    report of a failed treatment anywhere, the criterion is not met on the search."""
    rationale_only = UR_SUMMARY.split("Clinical summary:")[0] + "Rationale: " + \
        UR_SUMMARY.split("Rationale: ")[1]
    drafted, criterion = _previous_treatment([
        ("2021-06-10", "pain management consultation", CONSULT),
        ("2021-07-01", "UR notice of determination", rationale_only)])
    assert criterion.status is CriterionStatus.not_met
    assert drafted.basis.value == "criteria_not_met"
