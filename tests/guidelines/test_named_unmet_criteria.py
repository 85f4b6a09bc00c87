"""An item a physician upholds is upheld on the criterion not met: "no red flags or neurologic
deficit", "no trial of conservative care". A full search of complete, readable records that
finds no red flag, no sign, no trial of the care asked for makes such a criterion `not_met`
(`documented_when_true` with the concepts `red_flag`, `objective_sign`, `failed_treatment`,
`failed_therapy`), never while a record tells of one in words the reader did not take."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openimr.guidelines.context import Context, Outcome
from openimr.guidelines.documentation import Documented, current_record_needed
from openimr.guidelines.items import parse_item
from openimr.guidelines.knowledge import load_knowledge_base
from openimr.model import Case
from openimr.model.determination import CriterionStatus, DecisionBasis
from openimr.records import documents_for_case
from openimr.review.drafting import review_case

AS_OF = dt.date(2021, 9, 1)
not_met, unknown = CriterionStatus.not_met, CriterionStatus.unknown
IMAGING = [Documented.red_flag, Documented.objective_sign, Documented.failed_therapy]


def _context(item: str, text: str) -> Context:
    case = Case.model_validate({"disputed_items": [item], "records": [{"text": "x"}]})
    return Context(request=parse_item(item, as_of=AS_OF), case=case, facts=[],
                   documents=["r1"], as_of=AS_OF, page_texts={("r1", 1): text})


def _decided(text: str, concepts: list[Documented], item: str = "MRI lumbar spine") -> Outcome:
    context = _context(item, text)
    outcome = Outcome.unknown(context.none_documents("documents a red flag"), "a red flag")
    return context.absent_after_search(outcome, concepts)


def test_denied_red_flags_and_a_normal_examination_leave_nothing_unread() -> None:
    text = ("Low back ache after raking leaves, 3 weeks. Denies fever, chills or weight loss; "
            "no saddle numbness and no bladder change. ROS: [ ] night pain [ ] cancer. "
            "Exam: motor 5/5 in both legs, sensation intact to light touch, reflexes 2+ "
            "and symmetric, SLR negative. Plan: walking program, acetaminophen.")
    decided = _decided(text, IMAGING)
    assert decided.status is not_met
    assert "read without a word of it" in decided.explanation


def test_a_sign_written_beside_normal_findings_is_read_as_a_sign() -> None:
    # each clause of an examination speaks for itself: the weak muscle is a sign found
    text = "Exam: hip flexors 5/5, ankle dorsiflexion 4/5 on the left, sensation intact."
    decided = _decided(text, IMAGING)
    assert decided.status is unknown
    assert "4/5" in decided.evidence[-1].quote


def test_a_red_flag_told_as_history_keeps_it_for_the_physician() -> None:
    decided = _decided("Back pain. Past history: prostate carcinoma metastatic, 2019.", IMAGING)
    assert decided.status is unknown


def test_a_course_given_with_pain_still_there_is_a_failure_the_reader_may_have_missed() -> None:
    # "completed 8 sessions of PT" and pain still 6/10: not "no trial documented"
    text = "Completed 8 sessions of PT in the spring. Today pain 6/10 in the low back."
    assert _decided(text, IMAGING).status is unknown
    # the same course, a planned one only: nothing was tried
    planned = "Pain 6/10 in the low back. Will request 8 sessions of PT."
    assert _decided(planned, IMAGING).status is not_met
    # a trial denied, or a course only referred for, is no trial either
    for sentence in ("No formal therapy so far.", "Referred to a chiropractor."):
        assert _decided(f"Pain 6/10 in the low back. {sentence}", IMAGING).status is not_met


def test_a_drug_stopped_is_a_failed_treatment_but_not_a_failed_therapy_course() -> None:
    text = "Neck ache 5/10. Celecoxib stopped after two weeks for heartburn."
    assert _decided(text, [Documented.failed_treatment]).status is unknown
    assert _decided(text, [Documented.failed_therapy]).status is not_met


def test_a_red_flag_told_as_history_still_meets_an_imaging_indication() -> None:
    # the "current record" rule of gains does not apply where history is the evidence
    assert not current_record_needed(IMAGING)
    assert current_record_needed(Documented.function)
    knowledge = load_knowledge_base()
    marked = {c.id: c.documented_when_true for t in knowledge.topics.values()
              for c in t.criteria_at(AS_OF)}
    assert Documented.red_flag in marked["iml.indication"]
    assert marked["cji.conservative_first"] is Documented.failed_treatment


def test_a_lumbar_mri_with_no_flag_sign_or_course_is_upheld_on_the_criterion() -> None:
    notes = [("2021-07-06", "Initial visit 07/06/2021. Warehouse picker, low back ache since "
                            "lifting a carton 06/28/2021, 4/10. Exam: lumbar spasm, tender "
                            "paraspinals. Plan: naproxen 500 bid, home stretches handout, "
                            "modified duty."),
             ("2021-08-10", "Follow-up 08/10/2021. Back ache 4/10 at end of shift. Exam "
                            "as before. Plan: request MRI lumbar spine.")]
    case = Case.model_validate({
        "ur_decision": {"date": "2021-08-20"}, "disputed_items": ["MRI lumbar spine"],
        "records": [{"date": day, "type": "progress report", "text": text}
                    for day, text in notes]})
    review = review_case(case, documents_for_case(case, Path(".")))
    drafted = review.determination.determinations[0]
    criteria = {c.id: c for c in drafted.criteria}
    assert drafted.decision.value == "upheld"
    assert criteria["iml.indication"].status is not_met
    assert drafted.basis is DecisionBasis.criteria_not_met
    assert "read without a word of it" in criteria["iml.indication"].explanation
    # upheld on absences alone: no quote, so a physician confirms nothing was missed
    assert drafted.needs_physician_attention
